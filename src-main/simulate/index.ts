/**
 * `simulate()`: writes a realistic log in one of the built-in formats and returns the ground
 * truth of what it wrote, for demos, tests and the benchmark.
 *
 * Output is deterministic for a seed, written in chunks with backpressure (memory stays flat
 * whatever the size), and gzip-compressed when the file name ends in ".gz".
 */
import { AMARISOFT_CONFIG, AmarisoftWriter } from './amarisoft.js';
import { DRAIN_SLOTS, MacModel, type ModelParams, type ModelRun } from './model.js';
import { resolveOptions, type ResolvedOptions, type SimulateOptions } from './options.js';
import { Prng } from './prng.js';
import { TextSink } from './sink.js';
import { SRSLTE_CONFIG, SrslteWriter } from './srslte.js';
import { SRSRAN_GNB_CONFIG, SrsranGnbWriter } from './srsran-gnb.js';
import { sumByCell, type SimulationTruth } from './truth.js';
import { VENDOR_GNB_CONFIG, VendorGnbWriter } from './vendor-gnb.js';

export type { SimulateOptions, SimFormatId } from './options.js';
export { SIM_FORMAT_IDS } from './options.js';
export type { DirectionTruth, SimulationTruth, SubjectTruth } from './truth.js';

function modelParams(opts: ResolvedOptions): ModelParams {
  return {
    ues: opts.ues,
    cells: opts.cells,
    badUes: opts.badUes,
    blerTarget: opts.blerTarget,
    sessionMeanSec: opts.sessionMeanSec,
  };
}

/** Builds the model and writer of a format. */
function createRun(sink: TextSink, opts: ResolvedOptions): ModelRun {
  // The writer and the model draw from separate streams, so that a change in how a writer
  // words its lines does not change the traffic it describes.
  const rng = new Prng(opts.seed);
  const writerRng = rng.fork(1);
  const modelRng = rng.fork(2);
  const startUs = opts.start.getTime() * 1000;

  switch (opts.format) {
    case 'srsran-gnb': {
      const writer = new SrsranGnbWriter(sink, writerRng, { level: opts.level, startUs });
      return new MacModel(SRSRAN_GNB_CONFIG, modelParams(opts), writer, modelRng);
    }
    case 'amarisoft': {
      const writer = new AmarisoftWriter(sink, writerRng, startUs);
      return new MacModel(AMARISOFT_CONFIG, modelParams(opts), writer, modelRng);
    }
    case 'srslte-log': {
      const writer = new SrslteWriter(sink, writerRng, startUs);
      return new MacModel(SRSLTE_CONFIG, modelParams(opts), writer, modelRng);
    }
    case 'vendor-gnb': {
      const writer = new VendorGnbWriter(sink, writerRng, startUs);
      return new MacModel(VENDOR_GNB_CONFIG, modelParams(opts), writer, modelRng);
    }
  }
}

/** Steps the model until the size or duration is reached, then lets pending results out. */
async function drive(run: ModelRun, sink: TextSink, opts: ResolvedOptions): Promise<void> {
  const target = opts.targetBytes;
  const lastSlot = Math.ceil((opts.durationSec * 1e6) / run.slotUs);
  const more = () => (target !== null ? sink.size() < target : run.slot < lastSlot);

  run.begin();
  while (more()) {
    run.step();
    await sink.maybeFlush();
  }
  run.stopGenerating();
  for (let i = 0; i < DRAIN_SLOTS; i++) {
    run.step();
    await sink.maybeFlush();
  }
  run.end();
}

export async function simulate(options: SimulateOptions): Promise<SimulationTruth> {
  const opts = resolveOptions(options);
  const sink = new TextSink(opts.out, opts.targetBytes ?? undefined);

  let run: ModelRun;
  try {
    run = createRun(sink, opts);
    await drive(run, sink, opts);
  } catch (err) {
    await sink.close().catch(() => undefined);
    throw err;
  }
  await sink.close();

  return {
    format: opts.format,
    seed: opts.seed,
    level: opts.level,
    start: opts.start.toISOString(),
    simulatedSec: (run.slot * run.slotUs) / 1e6,
    linesWritten: sink.lines,
    bytesWritten: sink.fileBytes,
    textBytes: sink.textBytes,
    ues: run.truth,
    cells: sumByCell(
      run.truth,
      run.cells.map((c) => c.name),
    ),
  };
}
