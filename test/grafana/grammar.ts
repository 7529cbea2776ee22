/**
 * Queries read with the published grammars: Grafana's LogQL (@grafana/lezer-logql) and
 * Prometheus' PromQL (@prometheus-io/lezer-promql). Lezer recovers from errors by putting
 * error nodes in the tree, so a query is valid only if its tree has none.
 */
import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';
import type { LRParser } from '@lezer/lr';

export type Language = 'logql' | 'promql';

const PARSERS: Record<Language, LRParser> = { logql: logqlParser, promql: promqlParser };

/** Where the tree has error nodes, with the text around each, or [] if it has none. */
export function parseErrors(language: Language, query: string): string[] {
  const errors: string[] = [];
  PARSERS[language].parse(query).iterate({
    enter(node) {
      if (node.type.isError)
        errors.push(`at ${node.from}: "${query.slice(node.from, node.from + 20)}"`);
    },
  });
  return errors;
}

function parse(language: Language, query: string): Tree {
  return PARSERS[language].parse(query);
}

function text(query: string, node: SyntaxNode | null): string {
  return node ? query.slice(node.from, node.to) : '';
}

function each(tree: Tree, name: string, visit: (node: SyntaxNode) => void): void {
  tree.iterate({
    enter(ref) {
      if (ref.name === name) visit(ref.node);
    },
  });
}

export interface StreamMatcher {
  label: string;
  op: string;
  value: string;
}

/** What a LogQL query selects and which fields it reads after a parser. */
export interface LogqlUse {
  matchers: StreamMatcher[];
  /** Label filters, unwrap, `logfmt a, b`, keep and drop: line fields (or labels). */
  fields: string[];
  /** Labels of `by (...)`: stream labels or extracted fields. */
  grouping: string[];
  /** `| logfmt` stages; `extracting` when they name their fields. */
  logfmt: { extracting: boolean }[];
  metric: boolean;
}

function unquote(s: string): string {
  return s.startsWith('`') ? s.slice(1, -1) : (JSON.parse(s) as string);
}

export function logqlUse(query: string): LogqlUse {
  const tree = parse('logql', query);
  const use: LogqlUse = { matchers: [], fields: [], grouping: [], logfmt: [], metric: false };
  each(tree, 'Matcher', (node) => {
    const name = text(query, node.getChild('Identifier'));
    if (node.parent?.name === 'Matchers') {
      const op = text(query, node.getChild('Identifier')?.nextSibling ?? null);
      use.matchers.push({ label: name, op, value: unquote(text(query, node.getChild('String'))) });
    } else use.fields.push(name);
  });
  for (const container of ['UnwrapExpr', 'LabelExtractionExpression', 'KeepLabel', 'DropLabel']) {
    each(tree, container, (node) => {
      const id = node.getChild('Identifier');
      if (id) use.fields.push(text(query, id));
    });
  }
  each(tree, 'Grouping', (node) => {
    for (const id of node.getChild('Labels')?.getChildren('Identifier') ?? []) {
      use.grouping.push(text(query, id));
    }
  });
  each(tree, 'LogfmtParser', () => use.logfmt.push({ extracting: false }));
  each(tree, 'LogfmtExpressionParser', () => use.logfmt.push({ extracting: true }));
  each(tree, 'MetricExpr', () => (use.metric = true));
  return use;
}

/** Metric names a PromQL query selects. */
export function promqlMetricNames(query: string): string[] {
  const names: string[] = [];
  each(parse('promql', query), 'VectorSelector', (node) => {
    names.push(text(query, node.getChild('Identifier')));
  });
  return names;
}
