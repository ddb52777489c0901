/**
 * Writes a relay bundle's files (relay-bundle.ts) as a ZIP stream with fflate's streaming Zip: the reply starts
 * while later files are still being compressed, nothing is written to disk, and the whole archive is never held in
 * one buffer. The per-file work here is small (texts deflate in microseconds; drawings are PNG already and stored as
 * they are), so this may run on the web thread; the texts and greyscale images are made in the batch thread.
 */
import { Readable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { RelayFile } from './relay-bundle.js';

/** The files as a ZIP, streamed: each file is added when the reader asks for more. */
export function relayZipStream(files: RelayFile[], date: Date): Readable {
  let next = 0;
  let zip: Zip | undefined;
  const out = new Readable({
    read() {
      if (!zip) {
        zip = new Zip((err, chunk, final) => {
          if (err) {
            out.destroy(err);
            return;
          }
          out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if (final) out.push(null);
        });
      }
      if (next < files.length) {
        const f = files[next++]!;
        const entry = f.compress ? new ZipDeflate(f.name, { level: 6 }) : new ZipPassThrough(f.name);
        entry.mtime = date;
        zip.add(entry);
        entry.push(f.bytes, true);
        if (next === files.length) zip.end();
      }
    },
  });
  return out;
}

/** The whole ZIP in memory (tests and the CLI). */
export async function relayZipBytes(files: RelayFile[], date: Date): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of relayZipStream(files, date)) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
