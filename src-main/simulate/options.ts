/**
 * Options of `simulate()`, checked at the boundary so that a wrong value is reported by the
 * name of the option rather than as a strange file.
 */
import { z } from 'zod';

export const SIM_FORMAT_IDS = ['srsran-gnb', 'srslte-log', 'amarisoft', 'vendor-gnb'] as const;
export type SimFormatId = (typeof SIM_FORMAT_IDS)[number];

export interface SimulateOptions {
  format: SimFormatId;
  /** File to write; a name ending in ".gz" is gzip-compressed. */
  out: string;
  /**
   * srsran-gnb only: 'debug' writes the scheduler's decisions as multi-line blocks (with MCS
   * and retransmission counts). The other formats have one level.
   */
  level?: 'info' | 'debug';
  /** Number of simulated devices (UEs), spread over the cells. Default 4. */
  ues?: number;
  /** Number of cells. Default 1. */
  cells?: number;
  /** Simulated seconds, used when `targetBytes` is not given. Default 10. */
  durationSec?: number;
  /**
   * Keep simulating until the file has this many bytes (compressed bytes for a .gz file);
   * takes precedence over `durationSec`.
   */
  targetBytes?: number;
  /** Same seed, same bytes. Default 1. */
  seed?: number;
  /** Time of the first line. Default 2024-03-01T12:00:00Z (fixed, so output is repeatable). */
  start?: Date;
  /** Target BLER of first transmissions for UEs with good radio. Default 0.1. */
  blerTarget?: number;
  /** How many of the UEs have poor radio: high BLER, low MCS, low power headroom. Default 0. */
  badUes?: number;
  /** Mean length of a UE's session before it detaches and attaches again. Default 90 s. */
  sessionMeanSec?: number;
}

export type ResolvedOptions = Required<Omit<SimulateOptions, 'targetBytes'>> & {
  targetBytes: number | null;
};

const DEFAULT_START = new Date('2024-03-01T12:00:00Z');

const schema = z
  .object({
    format: z.enum(SIM_FORMAT_IDS),
    out: z.string().min(1),
    level: z.enum(['info', 'debug']).default('info'),
    ues: z.number().int().min(1).max(1000).default(4),
    cells: z.number().int().min(1).max(64).default(1),
    durationSec: z.number().positive().max(1e7).default(10),
    targetBytes: z.number().positive().optional(),
    seed: z.number().int().default(1),
    start: z.date().default(DEFAULT_START),
    blerTarget: z.number().min(0).max(0.9).default(0.1),
    badUes: z.number().int().min(0).default(0),
    sessionMeanSec: z.number().positive().default(90),
  })
  .refine((o) => o.badUes <= o.ues, { message: 'must not exceed ues', path: ['badUes'] })
  .refine((o) => !Number.isNaN(o.start.getTime()), { message: 'invalid date', path: ['start'] });

/** Checks options and fills defaults; the error names every option that is wrong. */
export function resolveOptions(options: SimulateOptions): ResolvedOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || 'options'}: ${i.message}`,
    );
    throw new Error(`simulate: invalid options: ${problems.join('; ')}`);
  }
  return { ...parsed.data, targetBytes: parsed.data.targetBytes ?? null };
}
