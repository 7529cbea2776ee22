/**
 * A coarse radio link model: each simulated device has a slowly drifting SINR, and MCS, CQI,
 * BLER and power headroom follow from it. It only has to look plausible in a log; it is not a
 * channel model.
 */
import type { Prng } from './prng.js';

/**
 * Bits per resource element of MCS 0..28 (TS 38.214 Table 5.1.3.1-1, the 64QAM table): the
 * modulation order times the code rate.
 */
const SPECTRAL_EFFICIENCY: readonly number[] = [
  0.2344, 0.3066, 0.377, 0.4902, 0.6016, 0.7402, 0.877, 1.0273, 1.1758, 1.3262, 1.3281, 1.4766,
  1.6953, 1.9141, 2.1602, 2.4063, 2.5703, 2.5664, 2.7305, 3.0293, 3.3223, 3.6094, 3.9023, 4.2129,
  4.5234, 4.8164, 5.1152, 5.332, 5.5547,
];

export const MAX_MCS = 28;

/** Data resource elements in one PRB of one slot: 12 subcarriers by 12 symbols (2 for DMRS). */
const RE_PER_PRB = 144;

/** Transport block size in bytes for an MCS over `prbs` PRBs (roughly; no TBS quantisation). */
export function tbsBytes(mcs: number, prbs: number): number {
  const bits = prbs * RE_PER_PRB * SPECTRAL_EFFICIENCY[mcs];
  return Math.max(5, Math.floor(bits / 8) - 3);
}

/** Modulation of an MCS of the 64QAM table, as the srsRAN PHY names it. */
export function modulationName(mcs: number): string {
  if (mcs <= 9) return 'QPSK';
  return mcs <= 16 ? '16QAM' : '64QAM';
}

/** Modulation order (bits per symbol) of an MCS of the 64QAM table. */
export function modulationOrder(mcs: number): number {
  if (mcs <= 9) return 2;
  return mcs <= 16 ? 4 : 6;
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/**
 * The power headroom range a UE reports for a headroom of `db` (TS 38.133 Table 10.1.17.1-1):
 * 1 dB steps up to 22 dB, then 2 dB steps; logged as "[low..high)".
 */
export function phrRange(db: number): { low: number; high: number } {
  const ph = clamp(Math.floor(db), -32, 37);
  if (ph < 22) return { low: ph, high: ph + 1 };
  const low = 22 + 2 * Math.floor((ph - 22) / 2);
  return { low, high: low + 2 };
}

export interface LinkOptions {
  /** Poor radio: high BLER, low MCS, low power headroom. */
  bad: boolean;
  /** Target BLER of first transmissions for a device with good radio. */
  blerTarget: number;
}

/** The radio state of one simulated device. */
export class Link {
  readonly bad: boolean;
  /** SINR in dB, drifting slowly around `baseSinr`. */
  sinr: number;
  /** Probability that a first transmission fails, and that a retransmission fails. */
  readonly firstBler: number;
  readonly retxBler: number;
  /** Probability that a Msg3 transmission fails (a bad link often fails random access). */
  readonly msg3Bler: number;
  /** Share of DL negative feedback that is DTX (nothing received) rather than NACK. */
  readonly dtxShare: number;
  /** Probability per slot that the device has DL data / UL data to send. */
  readonly dlLoad: number;
  readonly ulLoad: number;
  private readonly baseSinr: number;
  private readonly basePhr: number;

  constructor(rng: Prng, options: LinkOptions) {
    this.bad = options.bad;
    this.baseSinr = this.bad ? rng.range(-4, 3) : rng.range(8, 24);
    this.sinr = this.baseSinr;
    this.basePhr = this.bad ? rng.range(-9, 3) : rng.range(8, 30);
    this.firstBler = this.bad
      ? clamp(options.blerTarget * 3, 0.3, 0.6)
      : clamp(options.blerTarget, 0, 1);
    this.retxBler = this.bad ? 0.55 : Math.min(0.15, this.firstBler);
    this.msg3Bler = this.bad ? 0.7 : 0.05;
    this.dtxShare = this.bad ? 0.5 : 0.1;
    this.dlLoad = rng.range(0.25, 0.8);
    this.ulLoad = rng.range(0.15, 0.5);
  }

  /** Moves the SINR a little, pulled back towards its base value. */
  drift(rng: Prng): void {
    this.sinr += (this.baseSinr - this.sinr) * 0.05 + rng.range(-0.6, 0.6);
  }

  dlMcs(): number {
    const mcs = Math.round((this.sinr + 4) * 1.15);
    return clamp(mcs, 0, this.bad ? 6 : 27);
  }

  ulMcs(): number {
    const mcs = Math.round(this.sinr + 2);
    return clamp(mcs, 0, this.bad ? 5 : 26);
  }

  /** Wideband CQI 1..15 for the current SINR. */
  cqi(): number {
    return clamp(Math.round(this.sinr * 0.55 + 4.5), 1, 15);
  }

  /** PUSCH SINR as the PHY would measure it, to one decimal. */
  measuredSinr(rng: Prng, ok: boolean): number {
    const sinr = this.sinr + rng.range(-1.5, 1.5) - (ok ? 0 : 2);
    return Math.round(sinr * 10) / 10;
  }

  /** Power headroom in dB the device reports now. */
  phr(rng: Prng): number {
    return this.basePhr + rng.range(-2, 2);
  }
}

/** Buffer size levels of TS 36.321 Table 6.1.3.1-1 (upper bounds, bytes), as LTE eNBs log them. */
const LTE_BSR_BYTES: readonly number[] = [
  0, 10, 12, 14, 17, 19, 22, 26, 31, 36, 42, 49, 57, 67, 78, 91, 107, 125, 146, 171, 200, 234, 274,
  321, 376, 440, 515, 603, 706, 826, 967, 1132, 1326, 1552, 1817, 2127, 2490, 2915, 3413, 3995,
  4677, 5476, 6411, 7505, 8787, 10287, 12043, 14099, 16507, 19325, 22624, 26487, 31009, 36304,
  42502, 49759, 58255, 68201, 79846, 93479, 109439, 128125, 150000,
];

/** Bytes an LTE BSR index stands for (the upper bound of its level). */
export function lteBsrBytes(index: number): number {
  return LTE_BSR_BYTES[Math.min(Math.max(0, index), LTE_BSR_BYTES.length - 1)];
}
