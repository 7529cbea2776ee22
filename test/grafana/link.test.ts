import { describe, expect, it } from 'vitest';
import { dashboardUrl, GRAFANA_DATASOURCES } from '../../src-shared/grafana.js';

describe('dashboardUrl', () => {
  it('opens a dashboard at an import, cell and UE over a time range, in kiosk mode', () => {
    const url = dashboardUrl(
      {
        dashboard: 'ue',
        importId: 12,
        cell: '1',
        ue: '4601',
        fromMs: 1_700_000_000_000,
        toMs: 1_700_000_060_000,
      },
      'http://127.0.0.1:4317/grafana/',
    );
    expect(url).toBe(
      'http://127.0.0.1:4317/grafana/d/maclog-ue?var-import=12&var-cell=1&var-ue=4601' +
        '&from=1700000000000&to=1700000060000&kiosk',
    );
  });

  it('encodes values and leaves out what is not given', () => {
    expect(dashboardUrl({ dashboard: 'logs', file: 'gnb 1&2.log', kiosk: false })).toBe(
      '/d/maclog-logs?var-file=gnb%201%262.log',
    );
    expect(dashboardUrl({ dashboard: 'overview' })).toBe('/d/maclog-overview?kiosk');
    expect(dashboardUrl({ dashboard: 'ra', kiosk: false })).toBe('/d/maclog-ra');
  });

  it('refuses a time range that is not one', () => {
    expect(() => dashboardUrl({ dashboard: 'ue', fromMs: 10 })).toThrow(
      'fromMs and toMs must be given together',
    );
    expect(() => dashboardUrl({ dashboard: 'ue', fromMs: 20, toMs: 10 })).toThrow(
      'fromMs 20 is not before toMs 10',
    );
    expect(() => dashboardUrl({ dashboard: 'ue', fromMs: 1.5, toMs: 10 })).toThrow('fromMs');
  });

  it('keeps the provisioned datasource uids', () => {
    expect(GRAFANA_DATASOURCES).toEqual({
      loki: { type: 'loki', uid: 'maclog-loki' },
      prometheus: { type: 'prometheus', uid: 'maclog-prometheus' },
    });
  });
});
