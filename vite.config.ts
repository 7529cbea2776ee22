/**
 * The renderer's build: React + TypeScript from src-renderer into dist/renderer, with
 * relative asset paths so the same files load from `maclog serve` and, later, from the
 * desktop app's own protocol.
 */
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: resolve(import.meta.dirname, 'src-renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    // No inline scripts or styles: the Content-Security-Policy allows only files.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
