// Bundles the server (and the PDF worker) with esbuild: one file to load instead of hundreds of TypeScript and
// package modules, so the laptop serves its first PDF in about a second. `npm start` runs this, then
// .build/app/main.mjs. The bundle is written to a fresh folder and moved into place, so a server starting at the
// same moment never loads a half-written file.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds into .build/<name>/ (default "app"); resolves with the time it took in ms. */
export async function buildServer(name = 'app') {
  const started = performance.now();
  const target = path.join(root, '.build', name);
  const fresh = `${target}.tmp-${process.pid}`;
  fs.rmSync(fresh, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'server/main.ts',
      // The pool loads ./render-worker-entry.mjs next to itself: under tsx the .mjs shim, here the bundle.
      'render-worker-entry': 'server/render/render-worker.ts',
    },
    outdir: fresh,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    sourcemap: 'linked',
    // Native addon, and piscina which starts its own worker file from its package folder.
    external: ['better-sqlite3', 'piscina'],
    // CommonJS packages inside an ES module bundle still call require() for Node built-ins.
    banner: { js: "import { createRequire as __volyaRequire } from 'node:module'; const require = __volyaRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(fresh, target);
  return Math.round(performance.now() - started);
}

/** Newest modification time among the files a bundle is made of. */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['server', 'migrations', 'package-lock.json', 'scripts/build.mjs']) visit(path.join(root, p));
  return newest;
}

/** True when .build/app is missing or older than any source file. */
export function bundleIsStale() {
  const main = path.join(root, '.build', 'app', 'main.mjs');
  return !fs.existsSync(main) || fs.statSync(main).mtimeMs < newestSource();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `--if-stale` (npm start): rebuild only when a source changed since the last build.
  if (!process.argv.includes('--if-stale') || bundleIsStale()) {
    const ms = await buildServer();
    if (process.argv.includes('--verbose')) console.log(`volya: built .build/app in ${ms} ms`);
  }
}
