/** How numbers look in the UI: as the CLI's tables show them (src-main/cli/render.ts). */
import { siScaled } from '../../src-shared/numbers.js';

/** What the log tells nothing of: unknown, not 0. */
export const DASH = '-';

/** A bit rate with the SI prefix that fits: bit/s, kbit/s, Mbit/s, Gbit/s. */
export function bitRate(bps: number | null): string {
  if (bps === null) return DASH;
  const { text, prefix } = siScaled(bps);
  return `${text} ${prefix}bit/s`;
}

export function fixed(value: number | null, digits = 1): string {
  return value === null || !Number.isFinite(value) ? DASH : value.toFixed(digits);
}

export function percent(ratio: number | null): string {
  return ratio === null ? DASH : `${(ratio * 100).toFixed(1)}%`;
}

export function count(n: number | null): string {
  return n === null ? DASH : String(n);
}

export function rnti(value: number): string {
  return `0x${value.toString(16)}`;
}

/** A size in decimal units (kB = 1000 bytes), as `maclog files` gives it in MB. */
export function bytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

export function duration(fromIso: string | null, toIso: string | null, now = Date.now()): string {
  if (!fromIso) return '';
  const end = toIso ? Date.parse(toIso) : now;
  const seconds = Math.max(0, (end - Date.parse(fromIso)) / 1000);
  return seconds < 60
    ? `${seconds.toFixed(1)} s`
    : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
