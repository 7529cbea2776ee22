/**
 * Reads the committed dashboard files the way Grafana does (plain JSON) and lists every
 * query in them with where it is: dashboard, panel, target or variable, and datasource.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const DASHBOARDS_DIR = path.resolve(import.meta.dirname, '../../stack/grafana/dashboards');

export interface DatasourceRef {
  type?: string;
  uid?: string;
}

export interface JsonPanel {
  id?: number;
  type: string;
  title?: string;
  datasource?: DatasourceRef;
  targets?: { refId?: string; expr?: string; datasource?: DatasourceRef }[];
  panels?: JsonPanel[];
  fieldConfig?: { overrides?: { properties: { id: string; value: unknown }[] }[] };
}

export interface JsonVariable {
  name: string;
  type: string;
  query?: unknown;
  datasource?: DatasourceRef;
}

export interface JsonDashboard {
  uid: string;
  title: string;
  panels: JsonPanel[];
  templating: { list: JsonVariable[] };
}

export interface FoundQuery {
  /** `maclog-ue.json, panel 3 "Bitrate", target A`: named in every failure. */
  where: string;
  dashboard: JsonDashboard;
  datasource: DatasourceRef | undefined;
  expr: string;
  /** A `label_values(selector, label)` variable query rather than a panel target. */
  variable: boolean;
}

export function loadDashboards(): { file: string; dashboard: JsonDashboard }[] {
  return readdirSync(DASHBOARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(DASHBOARDS_DIR, file), 'utf8');
      return { file, dashboard: JSON.parse(text) as JsonDashboard };
    });
}

/** Panels, rows' nested panels included. */
export function allPanels(dashboard: JsonDashboard): JsonPanel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

function panelQueries(file: string, dashboard: JsonDashboard): FoundQuery[] {
  return allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      where: `${file}, panel ${panel.id} "${panel.title}", target ${target.refId}`,
      dashboard,
      datasource: target.datasource,
      expr: target.expr ?? '',
      variable: false,
    })),
  );
}

function variableQueries(file: string, dashboard: JsonDashboard): FoundQuery[] {
  return dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => ({
      where: `${file}, variable ${v.name}`,
      dashboard,
      datasource: v.datasource,
      expr: typeof v.query === 'string' ? v.query : JSON.stringify(v.query),
      variable: true,
    }));
}

export function allQueries(): FoundQuery[] {
  return loadDashboards().flatMap(({ file, dashboard }) => [
    ...panelQueries(file, dashboard),
    ...variableQueries(file, dashboard),
  ]);
}
