/** How numbers look in the UI. */

export function mbps(bps: number | null): string {
  return bps === null ? '–' : (bps / 1e6).toFixed(2);
}

export function fixed(value: number | null, digits = 1): string {
  return value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

export function percent(ratio: number | null): string {
  return ratio === null ? '–' : `${(ratio * 100).toFixed(1)}%`;
}

export function rnti(value: number): string {
  return `0x${value.toString(16).padStart(4, '0')}`;
}

export function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
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
