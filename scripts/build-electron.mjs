// The desktop preload as one CommonJS file (dist/electron/preload.cjs). A sandboxed
// preload can require only `electron` and a few Node built-ins, never another file, so
// the shared schemas (src-shared/api.ts, zod) are bundled into it. tsc type-checks the
// source; this only bundles it.
import { build } from 'esbuild';

await build({
  entryPoints: ['src-main/electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  target: 'es2022',
  external: ['electron'],
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
