/**
 * Relay bundle benchmark: the batch thread's work for one relay's share of a big run (texts cleaned and checked,
 * each drawing flattened, turned grey, checked for black-and-white legibility and encoded), then the ZIP streamed
 * with fflate as the web thread writes it. Pure: no server, so it measures the bundle alone. The ZIP is opened again
 * and its file count checked, so a broken build cannot look fast. Prints medians and, as the last line, one JSON object.
 *   npm run bench:relay [-- --reps 5 --letters 200 --postcards 100]
 */
import { unzipSync } from 'fflate';
import { buildRelayBundle, type RelayEntry } from '../server/pdf/relay-bundle.js';
import { relayZipBytes } from '../server/pdf/relay-zip.js';
import { arg, percentile } from './http-bench.js';
import { letter } from './queue-items.js';
import { sketchPng } from './sketch.js';

const reps = arg('--reps', 5);
const letters = arg('--letters', 200);
const postcards = arg('--postcards', 100);

const person = (id: number) => ({
  id, nameNominative: 'Пчелинцев Дмитрий Дмитриевич', nameDative: 'Пчелинцеву Дмитрию Дмитриевичу', birthYear: 1992,
  facilityName: 'ФКУ СИЗО-1 УФСИН России по Пензенской области', addressLines: ['ул. Каракозова, 30', 'г. Пенза', 'Пензенская область', '440039'],
});
const entries: RelayEntry[] = [];
for (let i = 0; i < letters; i++) entries.push({ itemId: i + 1, itemNumber: i + 1, kind: 'letter', text: letter(i, 1).text ?? '', replyForm: i % 4 === 0, person: person(i) });
for (let i = 0; i < postcards; i++) {
  entries.push({ itemId: letters + i + 1, itemNumber: 1, kind: 'postcard', text: 'С праздником! Держись.', image: `data:image/png;base64,${sketchPng(i).toString('base64')}`, replyForm: false, person: person(i) });
}
const relay = { name: 'Bench relay', accepts: 'text-images' as const, charLimit: null, pageLimit: null, prices: { perLetter: 60, perPage: 30, perImage: 25, perReplyForm: 40, currency: 'RUB' }, canReply: true };

const build: number[] = [];
const zip: number[] = [];
let carried = 0;
let refused = 0;
let zipMB = 0;
for (let r = 0; r < reps; r++) {
  let t = performance.now();
  const bundle = buildRelayBundle(entries, { runId: 1, relay, date: new Date('2026-11-26T12:00:00Z') });
  build.push(performance.now() - t);
  t = performance.now();
  const bytes = await relayZipBytes(bundle.files, new Date('2026-11-26T12:00:00Z'));
  zip.push(performance.now() - t);
  const files = Object.keys(unzipSync(bytes)).length;
  if (files !== bundle.files.length) throw new Error(`the ZIP holds ${files} files, the bundle ${bundle.files.length}`);
  carried = bundle.rows.length;
  refused = bundle.refused.length;
  zipMB = Math.round((bytes.length / 1024 / 1024) * 10) / 10;
}
const median = (xs: number[]) => Math.round(percentile(xs, 50));
console.log(`${letters} letters, ${postcards} drawn postcards: ${carried} carried, ${refused} refused, ZIP ${zipMB} MB`);
console.log(`build (batch thread) median ${median(build)} ms, ZIP stream (web thread) median ${median(zip)} ms, of ${reps}`);
console.log(JSON.stringify({ bench: 'relay', letters, postcards, reps, carried, refused, zipMB, buildMs: median(build), zipMs: median(zip) }));
