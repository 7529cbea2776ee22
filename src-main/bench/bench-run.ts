/**
 * One measured ingest for `npm run bench`, run in a process of its own so that its peak
 * memory is its own: `node dist/src-main/bench/bench-run.js FILE WORKERS DATA_DIR`.
 * Prints one JSON line of figures.
 */
import { ParseEngine } from '../engine/engine.js';
import { IngestService } from '../ingest/service.js';
import { openStore } from '../store/store.js';

const [path, workers, dataDir] = process.argv.slice(2);
if (!path || !workers || !dataDir) {
  process.stderr.write('usage: bench-run FILE WORKERS DATA_DIR\n');
  process.exit(2);
}

const store = openStore({ dataDir });
const engine = new ParseEngine({ workers: Number(workers) });
const service = new IngestService({ store, engine });

const started = performance.now();
const outcome = await service.ingest({ path, force: true });
const ms = performance.now() - started;
await engine.close();
store.close();

if (!outcome.result) {
  process.stderr.write(`ingest failed: ${outcome.error}\n`);
  process.exit(1);
}
const records = Object.values(outcome.result.recordsByKind).reduce((a, b) => a + (b ?? 0), 0);
process.stdout.write(
  JSON.stringify({
    ms,
    lines: outcome.result.lines.lines,
    records,
    ues: outcome.result.ues.length,
    // resourceUsage().maxRSS is in kilobytes and covers every thread of the process.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
