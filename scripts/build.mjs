// Bundles the server (and the PDF worker) with esbuild: one file to load instead of hundreds of TypeScript and
// package modules, so the laptop serves its first PDF in about a second. `npm start` (scripts/start.mjs) rebuilds
// through this when a source changed, then runs .build/app/main.mjs; `npm run build` always rebuilds. The bundle is
// written to a fresh folder and moved into place, so a server starting at the same moment never loads a
// half-written file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds into .build/<name>/ (default "app"); resolves with the time it took in ms. */
export async function buildServer(name = 'app') {
  const started = performance.now();
  // Loaded here, not at the top: `npm start` imports this file only to check whether a build is needed.
  const { build } = await import('esbuild');
  const target = path.join(root, '.build', name);
  const fresh = `${target}.tmp-${process.pid}`;
  fs.rmSync(fresh, { recursive: true, force: true });
  const common = {
    absWorkingDir: root,
    outdir: fresh,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Whitespace and syntax only: names stay readable in stack traces. Without comments the output is ASCII, and
    // V8 keeps an ASCII source in one byte per character instead of two — about 10 MB less heap in every thread.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    sourcemap: 'linked',
    // Native addon, and piscina which starts its own worker file from its package folder.
    external: ['better-sqlite3', 'piscina'],
    // fontkit imports a pure-JS Brotli decoder for WOFF2 fonts, and loading it builds a 120 KB dictionary from a
    // 750 KB array literal in every thread. The bundled fonts are TrueType files, so it is left out.
    alias: { 'brotli/decompress.js': './scripts/no-woff2.mjs' },
    // CommonJS packages inside an ES module bundle still call require() for Node built-ins.
    banner: { js: "import { createRequire as __volyaRequire } from 'node:module'; const require = __volyaRequire(import.meta.url);" },
    logLevel: 'warning',
  };
  // Two separate bundles, no chunk shared between them: a render thread loads only the PDF code, not the web server.
  // The pools start ./render-worker-entry.mjs and ./batch-worker-entry.mjs from next to themselves: under tsx the
  // .mjs shims, here the bundles.
  await Promise.all([
    // Split: what main.mjs imports dynamically (the PDF engine for hints, queue checks and print runs; qrcode)
    // goes into chunks loaded on first use, so a start parses and runs about half the code.
    build({ ...common, entryPoints: { main: 'server/main.ts' }, splitting: true, chunkNames: 'chunk-[hash]' }),
    build({ ...common, entryPoints: { 'render-worker-entry': 'server/render/render-worker.ts' } }),
    // The batch thread (print runs, imports) has a bundle of its own too: it needs the database and the services.
    build({ ...common, entryPoints: { 'batch-worker-entry': 'server/render/batch-worker.ts' } }),
  ]);
  moveIntoPlace(fresh, target);
  return Math.round(performance.now() - started);
}

/** The files of the build before the current one, kept for servers still running it. */
const BUILD_LIST = '.files.json';

/**
 * Moves a fresh build into the bundle folder. A running server loads its chunks on first use, so a rebuild (after a
 * `git pull`, say) must not take them away: chunk names carry a hash of their content, the chunks are moved in
 * first, the entry files last (each rename is atomic), and files of the build before are kept; older ones go.
 */
function moveIntoPlace(fresh, target) {
  fs.mkdirSync(target, { recursive: true });
  const files = fs.readdirSync(fresh);
  const entries = new Set(['main.mjs', 'main.mjs.map', 'render-worker-entry.mjs', 'render-worker-entry.mjs.map', 'batch-worker-entry.mjs', 'batch-worker-entry.mjs.map']);
  for (const file of [...files.filter((f) => !entries.has(f)), ...files.filter((f) => entries.has(f))]) {
    fs.renameSync(path.join(fresh, file), path.join(target, file));
  }
  fs.rmSync(fresh, { recursive: true, force: true });
  let previous = [];
  try {
    previous = JSON.parse(fs.readFileSync(path.join(target, BUILD_LIST), 'utf8')).current ?? [];
  } catch {
    // No list yet (a first build, or a bundle folder from before this scheme): keep only the new files.
  }
  const keep = new Set([...files, ...previous, BUILD_LIST]);
  for (const file of fs.readdirSync(target)) if (!keep.has(file)) fs.rmSync(path.join(target, file), { force: true });
  fs.writeFileSync(path.join(target, BUILD_LIST), JSON.stringify({ current: files, previous }));
}

/** Newest modification time among the files a bundle is made of. */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['server', 'migrations', 'package-lock.json', 'scripts/build.mjs', 'scripts/start.mjs', 'scripts/no-woff2.mjs']) visit(path.join(root, p));
  return newest;
}

/** True when .build/app is missing or older than any source file. */
export function bundleIsStale() {
  const main = path.join(root, '.build', 'app', 'main.mjs');
  return !fs.existsSync(main) || fs.statSync(main).mtimeMs < newestSource();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ms = await buildServer();
  if (process.argv.includes('--verbose')) console.log(`volya: built .build/app in ${ms} ms`);
}
