/** How numbers read in the CLI's tables and the UI alike. */

/**
 * A value scaled to the SI prefix that fits (k, M, G): three significant digits at most,
 * and below 10 a decimal, since a trickle of bytes per second is not 0.
 */
export function siScaled(value: number): { text: string; prefix: '' | 'k' | 'M' | 'G' } {
  const abs = Math.abs(value);
  const [div, prefix] =
    abs >= 1e9
      ? ([1e9, 'G'] as const)
      : abs >= 1e6
        ? ([1e6, 'M'] as const)
        : abs >= 1e3
          ? ([1e3, 'k'] as const)
          : ([1, ''] as const);
  const scaled = value / div;
  const digits = scaled >= 100 || (div === 1 && (abs >= 10 || abs === 0)) ? 0 : 1;
  return { text: scaled.toFixed(digits), prefix };
}
