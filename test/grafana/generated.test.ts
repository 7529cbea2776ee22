import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_UIDS } from '../../src-shared/grafana.js';
import { buildDashboards, renderDashboard } from '../../src-main/grafana/index.js';
import { allPanels, DASHBOARDS_DIR, loadDashboards } from './collect.js';

describe('committed dashboards', () => {
  it('are exactly what the generator writes (regenerate with `npm run dashboards`)', async () => {
    const generated = await buildDashboards();
    const files = readdirSync(DASHBOARDS_DIR).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(generated.map((d) => d.fileName).sort());

    for (const { fileName, dashboard } of generated) {
      const file = path.join(DASHBOARDS_DIR, fileName);
      const committed = readFileSync(file, 'utf8');
      const expected = await renderDashboard(dashboard, file);
      expect(committed, `${fileName} differs: run npm run dashboards`).toBe(expected);
    }
  });

  it('carry the fixed uids, one file each', () => {
    const uids = loadDashboards().map((d) => `${d.file}:${d.dashboard.uid}`);
    expect(uids.sort()).toEqual([
      'maclog-cell.json:maclog-cell',
      'maclog-logs.json:maclog-logs',
      'maclog-overview.json:maclog-overview',
      'maclog-ra.json:maclog-ra',
      'maclog-ue.json:maclog-ue',
    ]);
    expect(Object.values(DASHBOARD_UIDS).sort()).toEqual([
      'maclog-cell',
      'maclog-logs',
      'maclog-overview',
      'maclog-ra',
      'maclog-ue',
    ]);
  });

  it('number their panels uniquely', () => {
    for (const { file, dashboard } of loadDashboards()) {
      const ids = allPanels(dashboard).map((p) => p.id);
      expect(new Set(ids).size, file).toBe(ids.length);
      expect(
        ids.every((id) => typeof id === 'number' && id > 0),
        file,
      ).toBe(true);
    }
  });

  it('have the panels the issue asks for', () => {
    const titles = Object.fromEntries(
      loadDashboards().map((d) => [d.dashboard.uid, allPanels(d.dashboard).map((p) => p.title)]),
    );
    expect(titles['maclog-ue']).toEqual(
      expect.arrayContaining([
        'Bitrate',
        'MCS',
        'BLER',
        'HARQ retransmissions and CRC failures',
        'Power headroom',
        'Buffer status',
        'CQI',
        'Log lines of the UE',
      ]),
    );
    expect(titles['maclog-overview']).toEqual(
      expect.arrayContaining([
        'Files stored',
        'Files by outcome',
        'Jobs by state',
        'Records by kind',
        'Malperforming UEs',
      ]),
    );
    expect(titles['maclog-ra']).toEqual(expect.arrayContaining(['Failures by cause']));
  });

  it('count what the store holds from the store gauges, so that CLI ingests show too', () => {
    const overview = loadDashboards().find((d) => d.dashboard.uid === 'maclog-overview');
    const exprOf = (title: string) =>
      overview && allPanels(overview.dashboard).find((p) => p.title === title)?.targets?.[0];
    const stored = {
      'Files stored': 'maclog_store_files',
      'UEs flagged malperforming': 'maclog_store_malperforming_ues',
      'CRC failures stored': 'maclog_store_crc_failures',
      'Unrecognised lines stored': 'maclog_store_unrecognised_lines',
      'Records stored, by kind': 'maclog_store_records',
    };
    for (const [title, metric] of Object.entries(stored)) {
      // The copies that two processes serving one store report are counted once.
      expect(exprOf(title)?.expr).toContain(`max without (instance, job) (${metric})`);
    }
  });

  it('link UE tables to the UE dashboard with its variables', () => {
    const overview = loadDashboards().find((d) => d.dashboard.uid === 'maclog-overview');
    const table = overview && allPanels(overview.dashboard).find((p) => p.type === 'table');
    const links = table?.fieldConfig?.overrides?.[0]?.properties[0]?.value;
    expect(links).toEqual([
      {
        title: 'Open the UE',
        url: '/d/maclog-ue?var-import=$import&var-cell=${__data.fields.cell}&var-ue=${__data.fields.ue}&${__url_time_range}',
      },
    ]);
  });
});
