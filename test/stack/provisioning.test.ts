/**
 * Grafana's provisioning as the stack gives it: the YAML files checked against the shape
 * Grafana's provisioning docs give (apiVersion 1, datasources, file providers), every
 * dashboard panel's datasource defined there, and the dashboards placed where the file
 * provider reads them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseStackSettings } from '../../src-shared/stack.js';
import { GRAFANA_DASHBOARDS, GRAFANA_PROVISIONING } from '../../src-main/stack/config.js';
import { containerFiles, REFERENCE_USER_HEADER } from '../../src-main/stack/files.js';

const DatasourcesFile = z.strictObject({
  apiVersion: z.literal(1),
  datasources: z.array(
    z.strictObject({
      name: z.string().min(1),
      type: z.enum(['loki', 'prometheus']),
      uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
      access: z.enum(['proxy', 'direct']),
      url: z.url(),
      isDefault: z.boolean().optional(),
      jsonData: z.record(z.string(), z.unknown()).optional(),
      editable: z.boolean().optional(),
    }),
  ),
});

const ProvidersFile = z.strictObject({
  apiVersion: z.literal(1),
  providers: z.array(
    z.strictObject({
      name: z.string().min(1),
      folder: z.string().optional(),
      type: z.literal('file'),
      disableDeletion: z.boolean().optional(),
      allowUiUpdates: z.boolean().optional(),
      options: z.strictObject({
        path: z.string().startsWith('/'),
        foldersFromFilesStructure: z.boolean().optional(),
      }),
    }),
  ),
});

const settings = parseStackSettings({ grafana: { authProxyHeader: REFERENCE_USER_HEADER } });

for (const layout of ['host', 'bridge'] as const) {
  describe(`Grafana provisioning (${layout} layout)`, () => {
    const files = containerFiles(settings, layout).grafana;
    const file = (path: string) => files.find((f) => f.path === path)?.content ?? '';

    const datasources = DatasourcesFile.parse(
      parse(file(`${GRAFANA_PROVISIONING}/datasources/maclog.yaml`)),
    ).datasources;
    const providers = ProvidersFile.parse(
      parse(file(`${GRAFANA_PROVISIONING}/dashboards/maclog.yaml`)),
    ).providers;

    it('defines each datasource once, with a unique uid', () => {
      const uids = datasources.map((d) => d.uid);
      expect(new Set(uids).size).toBe(uids.length);
      expect(datasources.map((d) => d.type).sort()).toEqual(['loki', 'prometheus']);
    });

    it('puts every generated dashboard where the file provider reads', () => {
      expect(providers.map((p) => p.options.path)).toEqual([GRAFANA_DASHBOARDS]);
      const committed = readdirSync(resolve(import.meta.dirname, '../../stack/grafana/dashboards'))
        .filter((n) => n.endsWith('.json'))
        .sort();
      const placed = files
        .filter((f) => f.path.startsWith(`${GRAFANA_DASHBOARDS}/`) && f.path.endsWith('.json'))
        .map((f) => f.path.slice(GRAFANA_DASHBOARDS.length + 1))
        .sort();
      expect(placed).toEqual(committed);
      expect(placed.length).toBeGreaterThanOrEqual(5);
    });

    it('gives every panel and target a datasource the provisioning defines', () => {
      const known = new Set(datasources.map((d) => `${d.type}/${d.uid}`));
      const used = new Set<string>();
      for (const f of files.filter((x) => x.path.endsWith('.json'))) {
        collectDatasources(JSON.parse(f.content), used);
      }
      expect(used.size).toBeGreaterThan(0);
      expect([...used].filter((u) => !known.has(u))).toEqual([]);
    });
  });
}

/** Every `{type, uid}` datasource reference anywhere in a dashboard. */
function collectDatasources(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectDatasources(item, into);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const ds = record.datasource as { type?: string; uid?: string } | undefined;
  if (ds && typeof ds === 'object' && ds.uid && !ds.uid.startsWith('-- ')) {
    into.add(`${ds.type}/${ds.uid}`);
  }
  for (const value of Object.values(record)) collectDatasources(value, into);
}

it('the stack/ reading copy has the same provisioning as the code', () => {
  const root = resolve(import.meta.dirname, '../../stack/grafana/provisioning');
  const files = containerFiles(settings, 'host').grafana;
  for (const name of ['datasources/maclog.yaml', 'dashboards/maclog.yaml']) {
    const code = files.find((f) => f.path === `${GRAFANA_PROVISIONING}/${name}`)!.content;
    expect(readFileSync(resolve(root, name), 'utf8')).toBe(code);
  }
});
