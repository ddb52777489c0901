// `npm start`: bundles the server when a source changed since the last build (scripts/build.mjs), then runs the
// bundle in this same process — one Node start instead of two, which the first PDF after switching the laptop
// on would otherwise wait for.
//
// The V8 settings for the server are on the `start` line in package.json, the one place they are written (the
// test and benchmark harness reads them from there):
//   --max-semi-space-size=2   the web thread's young generation stays at 4 MB instead of growing to 32 MB;
//   --heap-growing-percent=30 its old generation is collected when it reaches 1.3 × the live data rather than
//                             up to 4 ×, so garbage from bursts of requests does not sit in memory.
// Measured under the load benchmark (docs/reliability.md): peak memory 270–300 MB → about 180–200 MB, with no change
// in preview throughput beyond the machine's noise.
//
// The same line sets glibc's allocator for the process (read before any JavaScript runs, so it cannot be set here):
//   MALLOC_ARENA_MAX=2              two malloc arenas instead of eight per core for the web, render and batch threads;
//   MALLOC_MMAP_THRESHOLD_=131072   buffers over 128 KB (decoded pictures, PDF parts) are mapped and given back to the
//                                   system when freed, instead of fragmenting the arenas.
// Under bench:run (a run of 500 letters, 200 drawn postcards, 500 envelopes) peak RSS went from about 480 to 370 MB.
// Other systems ignore them.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { buildServer, bundleIsStale, root } from './build.mjs';

if (bundleIsStale()) await buildServer();
await import(pathToFileURL(path.join(root, '.build', 'app', 'main.mjs')).href);
