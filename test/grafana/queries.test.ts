import { describe, expect, it } from 'vitest';
import { GRAFANA_DATASOURCES } from '../../src-shared/grafana.js';
import { APP_LABEL_VALUE, LOKI_LABELS } from '../../src-shared/loki.js';
import { createMetrics } from '../../src-main/metrics/metrics.js';
import { allPanels, allQueries, loadDashboards, type FoundQuery } from './collect.js';
import { fieldsByKind } from './contract-fields.js';
import { logqlUse, parseErrors, promqlMetricNames, type Language } from './grammar.js';
import { referencedVariables, substitute } from './substitute.js';

const QUERIES = allQueries();
const DATASOURCE_UIDS = new Set<string>(Object.values(GRAFANA_DATASOURCES).map((d) => d.uid));
const LABELS = new Set<string>(Object.values(LOKI_LABELS));
const FIELDS = fieldsByKind();
/** Labels Loki itself adds to lines that a pipeline stage could not process. */
const LOKI_BUILTINS = new Set(['__error__', '__error_details__']);
/** Grafana's own variables, always defined. */
const GRAFANA_VARIABLES = new Set(['__interval', '__interval_ms', '__range', '__rate_interval']);

const LABEL_VALUES = /^label_values\((\{.*\}), (\w+)\)$/;

function language(query: FoundQuery): Language {
  return query.datasource?.type === 'prometheus' ? 'promql' : 'logql';
}

/** The LogQL text to parse: a variable's `label_values(selector, label)` gives its selector. */
function logqlText(query: FoundQuery): string {
  if (!query.variable) return substitute(query.expr);
  const match = LABEL_VALUES.exec(query.expr);
  if (!match?.[1]) throw new Error(`${query.where}: not label_values(selector, label)`);
  return substitute(match[1]);
}

/** The kinds a query's `kind` matcher selects; every kind when it has none. */
function kindsOf(matchers: { label: string; op: string; value: string }[]): string[] {
  let kinds = [...FIELDS.keys()];
  for (const m of matchers.filter((m) => m.label === LOKI_LABELS.kind)) {
    const values = m.value.split('|');
    if (m.op === '=') kinds = kinds.filter((k) => k === m.value);
    if (m.op === '=~') kinds = kinds.filter((k) => values.includes(k));
    if (m.op === '!~' || m.op === '!=') kinds = kinds.filter((k) => !values.includes(k));
  }
  return kinds;
}

function fieldProblems(expr: string): string[] {
  const use = logqlUse(expr);
  const problems: string[] = [];
  for (const m of use.matchers) {
    if (!LABELS.has(m.label)) problems.push(`stream label ${m.label} is not in LOKI_LABELS`);
    if (m.label === LOKI_LABELS.app && m.value !== APP_LABEL_VALUE) problems.push(`app=${m.value}`);
  }
  if (!use.matchers.some((m) => m.label === LOKI_LABELS.app)) problems.push('no app matcher');

  const kinds = kindsOf(use.matchers);
  if (kinds.length === 0) problems.push('selects no kind that exists');
  const known = (f: string) =>
    LOKI_BUILTINS.has(f) || kinds.some((k) => FIELDS.get(k)?.has(f) ?? false);
  for (const field of use.fields) {
    if (!known(field)) problems.push(`field ${field} is not a field of ${kinds.join('|')}`);
  }
  for (const g of use.grouping) {
    if (!LABELS.has(g) && !known(g)) problems.push(`grouping by unknown ${g}`);
  }
  return problems;
}

describe('dashboard queries', () => {
  it('are found in every dashboard', () => {
    expect(loadDashboards().map((d) => d.file)).toEqual([
      'maclog-cell.json',
      'maclog-logs.json',
      'maclog-overview.json',
      'maclog-ra.json',
      'maclog-ue.json',
    ]);
    expect(QUERIES.length).toBeGreaterThan(40);
  });

  it('parse with the LogQL and PromQL grammars once variables are substituted', () => {
    const failures = QUERIES.flatMap((q) => {
      const lang = language(q);
      const textToParse = lang === 'logql' ? logqlText(q) : substitute(q.expr);
      if (textToParse.includes('$')) return [`${q.where}: unsubstituted "${textToParse}"`];
      return parseErrors(lang, textToParse).map((e) => `${q.where} (${lang}): ${e}`);
    });
    expect(failures).toEqual([]);
  });

  it('use only stream labels and line fields of the Loki contract', () => {
    const failures = QUERIES.filter((q) => language(q) === 'logql').flatMap((q) =>
      fieldProblems(logqlText(q)).map((p) => `${q.where}: ${p}`),
    );
    expect(failures).toEqual([]);
  });

  it('list label values of contract labels only', () => {
    const bad = QUERIES.filter((q) => q.variable)
      .map((q) => ({ q, label: LABEL_VALUES.exec(q.expr)?.[2] ?? '' }))
      .filter(({ label }) => !LABELS.has(label))
      .map(({ q, label }) => `${q.where}: ${label}`);
    expect(bad).toEqual([]);
  });

  it('extract only the fields they use in metric queries (bounded series)', () => {
    const bad = QUERIES.filter((q) => language(q) === 'logql' && !q.variable)
      .filter((q) => {
        const use = logqlUse(substitute(q.expr));
        return use.metric && use.logfmt.some((stage) => !stage.extracting);
      })
      .map((q) => q.where);
    expect(bad).toEqual([]);
  });

  it('select only metrics the app registers', async () => {
    const registered = await createMetrics().registry.getMetricsAsJSON();
    const names = new Set(
      registered.flatMap((m) => [m.name, `${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`]),
    );
    const used = QUERIES.filter((q) => language(q) === 'promql').flatMap((q) =>
      promqlMetricNames(substitute(q.expr)).map((name) => ({ q, name })),
    );
    expect(used.length).toBeGreaterThan(5);
    expect(
      used.filter(({ name }) => !names.has(name)).map((u) => `${u.q.where}: ${u.name}`),
    ).toEqual([]);
  });

  it('refer only to variables their dashboard defines', () => {
    const bad = QUERIES.flatMap((q) => {
      const defined = new Set(q.dashboard.templating.list.map((v) => v.name));
      return referencedVariables(q.expr)
        .filter((name) => !defined.has(name) && !GRAFANA_VARIABLES.has(name))
        .map((name) => `${q.where}: $${name}`);
    });
    expect(bad).toEqual([]);
  });
});

describe('dashboard datasources', () => {
  it('every panel, target and query variable names a provisioned datasource uid', () => {
    const bad: string[] = [];
    for (const { file, dashboard } of loadDashboards()) {
      for (const panel of allPanels(dashboard).filter((p) => p.type !== 'row')) {
        const where = `${file}, panel ${panel.id} "${panel.title}"`;
        if (!DATASOURCE_UIDS.has(panel.datasource?.uid ?? '')) bad.push(`${where}: panel`);
        for (const t of panel.targets ?? []) {
          if (!DATASOURCE_UIDS.has(t.datasource?.uid ?? '')) bad.push(`${where}: ${t.refId}`);
          if (t.datasource?.uid !== panel.datasource?.uid) bad.push(`${where}: mixed ${t.refId}`);
        }
      }
      for (const v of dashboard.templating.list.filter((v) => v.type === 'query')) {
        if (!DATASOURCE_UIDS.has(v.datasource?.uid ?? '')) bad.push(`${file}, variable ${v.name}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('types and uids pair as provisioned', () => {
    const pairs = new Set(
      QUERIES.map((q) => `${q.datasource?.type ?? '?'}=${q.datasource?.uid ?? '?'}`),
    );
    expect([...pairs].sort()).toEqual(['loki=maclog-loki', 'prometheus=maclog-prometheus']);
  });
});

describe('the checks themselves', () => {
  it('substitute every variable syntax with its sample value', () => {
    const expr = 'x{a="$import", b="${cell}", c=`${search:regex}`, d="[[ue]]"} [$__interval]';
    expect(substitute(expr)).toBe('x{a="12", b="1", c=`CRC KO`, d="4601"} [30s]');
    expect(() => substitute('{a="$nope"}')).toThrow('no sample value for $nope');
  });

  it('find syntax errors in broken queries', () => {
    expect(parseErrors('logql', '{app="maclog"} | logfmt | unwrap dl_bps [1m]')).not.toEqual([]);
    expect(parseErrors('logql', 'sum(count_over_time({app="maclog"} [1m])')).not.toEqual([]);
    expect(parseErrors('promql', 'sum by (kind) (rate(x[5m])')).not.toEqual([]);
    expect(parseErrors('logql', 'sum(count_over_time({app="maclog"} [1m]))')).toEqual([]);
  });

  it('flag labels and fields the contract does not have', () => {
    expect(fieldProblems('{app="maclog", ue="1"}')).toEqual([
      'stream label ue is not in LOKI_LABELS',
    ]);
    expect(fieldProblems('{app="maclog", kind="ra"} | logfmt | dl_bps="1"')).toEqual([
      'field dl_bps is not a field of ra',
    ]);
    expect(fieldProblems('{app="maclog", kind="ra"} | logfmt | cause="x" | step="msg3"')).toEqual(
      [],
    );
    expect(fieldProblems('{app="maclog", kind="kpi"} | logfmt | unwrap harq_id [1m]')).toEqual([
      'field harq_id is not a field of kpi',
    ]);
  });
});
