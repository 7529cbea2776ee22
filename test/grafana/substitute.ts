/**
 * Template variables replaced by sample values, as Grafana would before sending a query:
 * the grammars know nothing of `$ue` or `[$__interval]`.
 */

/** One sample value per variable the dashboards may use; an unknown one is an error. */
export const SAMPLE_VALUES: Record<string, string> = {
  file: 'gnb.log',
  import: '12',
  cell: '1',
  ue: '4601',
  kind: 'grant',
  search: 'CRC KO',
  __interval: '30s',
  __interval_ms: '30000',
  __range: '1h',
  __rate_interval: '1m',
};

/** `$name`, `${name}`, `${name:format}` and `[[name]]`. */
const REFERENCE = /\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g;

/** The variable names a query refers to. */
export function referencedVariables(expr: string): string[] {
  return [...expr.matchAll(REFERENCE)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

export function substitute(expr: string, values = SAMPLE_VALUES): string {
  return expr.replace(REFERENCE, (whole: string, a?: string, b?: string, c?: string) => {
    const name = a ?? b ?? c ?? '';
    const value = values[name];
    if (value === undefined) throw new Error(`no sample value for ${whole}`);
    return value;
  });
}
