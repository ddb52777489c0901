/** Reads one uploaded file (and a few text fields) from a multipart request, with a size limit that says what it is. */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { HttpError } from '../plugins/errors.js';

export interface Upload<T> {
  file: T;
  filename: string;
  fields: Record<string, string>;
}

const megabytes = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/** Walks the parts, handing the one file to `take`; multipart limits become clear 413s naming the file. */
async function readParts<T>(request: FastifyRequest, maxBytes: number, what: string, take: (part: MultipartFile) => Promise<T>): Promise<Upload<T>> {
  if (!request.isMultipart()) throw new HttpError(415, 'file: send the file as multipart/form-data', 'file');
  let file: { value: T } | null = null;
  let filename = '';
  const fields: Record<string, string> = {};
  const tooLarge = () => new HttpError(413, `file: ${what} is larger than ${megabytes(maxBytes)}, the limit`, 'file');
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024 } })) {
      if (part.type === 'file') {
        file = { value: await take(part) };
        filename = part.filename;
        if (part.file.truncated) throw tooLarge();
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new HttpError(413, 'file: send one file per request', 'file');
    }
    throw e;
  }
  if (file === null) throw new HttpError(400, 'file: no file was attached', 'file');
  return { file: file.value, filename, fields };
}

/** The upload in memory (CSV files, a few MB). */
export function readUpload(request: FastifyRequest, maxBytes: number, what: string): Promise<Upload<Buffer>> {
  return readParts(request, maxBytes, what, (part) => part.toBuffer());
}

/** The upload streamed to `target` (database snapshots, possibly large); the file is removed when refused. */
export async function saveUpload(request: FastifyRequest, maxBytes: number, what: string, target: string): Promise<Upload<string>> {
  try {
    return await readParts(request, maxBytes, what, async (part) => {
      await pipeline(part.file, fs.createWriteStream(target));
      return target;
    });
  } catch (e) {
    fs.rmSync(target, { force: true });
    throw e;
  }
}
