// Bundles the server (and the PDF worker) into .build/ with esbuild: one file to load instead of hundreds of
// TypeScript and package modules, so the laptop serves its first PDF in about a second. `npm start` runs this.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildServer() {
  const started = performance.now();
  await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'server/main.ts',
      // The pool loads ./render-worker-entry.mjs next to itself: under tsx the .mjs shim, here the bundle.
      'render-worker-entry': 'server/render/render-worker.ts',
    },
    outdir: '.build',
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
  return Math.round(performance.now() - started);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ms = await buildServer();
  if (process.argv.includes('--verbose')) console.log(`volya: built .build/ in ${ms} ms`);
}
