#!/usr/bin/env node
// Runs the built CLI (npm install builds it; `npm run build` after a change).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src-main/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error(
    'maclog: not built yet. Run `npm install` (or `npm run build`) in the project first.',
  );
  process.exit(2);
}
const { main } = await import(entry.href);
await main(process.argv);
