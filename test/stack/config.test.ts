/**
 * The generated configuration: the values that make a history import work (FACTS.md),
 * the settings' validation, and `stack/` kept equal to what the code generates.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseStackSettings } from '../../src-shared/stack.js';
import { lokiConfig, prometheusArgs, prometheusConfig } from '../../src-main/stack/config.js';
import { grafanaIni, grafanaProvisioning } from '../../src-main/stack/grafana-config.js';
import { REFERENCE_USER_HEADER, referenceFiles } from '../../src-main/stack/files.js';

const defaults = parseStackSettings({});
/** The defaults with the header an install's secret would name (see grafana/access.ts). */
const signedIn = parseStackSettings({ grafana: { authProxyHeader: 'X-Maclog-User-0123' } });

describe('Loki configuration', () => {
  it('accepts history: old lines, 1 MB lines, visible at once, retention off', () => {
    const loki = parse(lokiConfig(defaults)) as Record<string, Record<string, unknown>>;
    expect(loki['limits_config']).toMatchObject({
      reject_old_samples: false,
      max_line_size: 1048576,
      retention_period: '0s',
      ingestion_rate_mb: 64,
    });
    expect(loki['ingester']).toMatchObject({
      query_store_max_look_back_period: -1,
      max_chunk_age: '24h',
    });
    expect(loki['querier']).toEqual({ query_ingesters_within: 0 });
    expect(loki['compactor']).toMatchObject({ retention_enabled: false });
    expect(loki['schema_config']).toEqual({
      configs: [
        {
          from: '2000-01-01',
          store: 'tsdb',
          object_store: 'filesystem',
          schema: 'v13',
          index: { prefix: 'index_', period: '24h' },
        },
      ],
    });
  });

  it('turns retention on with the compactor when days are set', () => {
    const settings = parseStackSettings({ loki: { retentionDays: 30 } });
    const loki = parse(lokiConfig(settings)) as Record<string, Record<string, unknown>>;
    expect(loki['limits_config']?.['retention_period']).toBe('720h');
    expect(loki['compactor']).toMatchObject({
      retention_enabled: true,
      delete_request_store: 'filesystem',
    });
  });
});

describe('Prometheus and Grafana by layout', () => {
  it('host layout: 127.0.0.1 everywhere', () => {
    const prom = parse(prometheusConfig(defaults, 'host')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    expect(prom.scrape_configs[0]?.static_configs).toEqual([{ targets: ['127.0.0.1:9469'] }]);
    expect(prometheusArgs(defaults, 'host')).toContain('--web.listen-address=127.0.0.1:9090');
    expect(grafanaIni(signedIn, 'host')).toContain(
      '[server]\nhttp_addr = 127.0.0.1\nhttp_port = 3000',
    );
    const ds = parse(grafanaProvisioning(defaults, 'host')[0].content) as {
      datasources: { uid: string; url: string }[];
    };
    expect(ds.datasources.map((d) => [d.uid, d.url])).toEqual([
      ['maclog-loki', 'http://127.0.0.1:3100'],
      ['maclog-prometheus', 'http://127.0.0.1:9090'],
    ]);
  });

  it('bridge layout: service names on the app network, the host as host.docker.internal', () => {
    const prom = prometheusConfig(defaults, 'bridge');
    expect(prom).toContain('host.docker.internal:9469');
    const ds = parse(grafanaProvisioning(defaults, 'bridge')[0].content) as {
      datasources: { url: string }[];
    };
    expect(ds.datasources.map((d) => d.url)).toEqual([
      'http://maclog-loki:3100',
      'http://maclog-prometheus:9090',
    ]);
  });

  it('signs in through the auth proxy only', () => {
    const ini = grafanaIni(signedIn, 'host');
    expect(ini).toContain('[auth.anonymous]\nenabled = false');
    expect(ini).toContain('[auth.proxy]\nenabled = true\nheader_name = X-Maclog-User-0123');
    expect(
      referenceFiles(defaults, 'host').find((f) => f.path === 'grafana/grafana.ini')?.content,
    ).toContain(`header_name = ${REFERENCE_USER_HEADER}`);
  });
});

describe('stack settings', () => {
  it('name the field that is wrong', () => {
    expect(() => parseStackSettings({ ports: { loki: 70000 } })).toThrow(
      /^stack settings: ports\.loki: /,
    );
    expect(() => parseStackSettings({ mode: 'external' })).toThrow(
      'external.lokiUrl: required in mode external',
    );
    expect(() => parseStackSettings({ colour: 'red' })).toThrow(/Unrecognized key: "colour"/);
    expect(() => parseStackSettings({ ports: { grafana: 9090 } })).toThrow(
      'ports.grafana: same as ports.prometheus',
    );
    expect(() => parseStackSettings({ ports: { loki: 9469 } })).toThrow(
      'ports.loki: same as appMetricsPort',
    );
  });

  it('take image references as engines do, and name a wrong one', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    for (const image of [
      'grafana/loki:3.5.1',
      'localhost:5000/maclog-test/loki:3.5.1',
      'localhost/maclog-test/no-such-image:0',
      'docker.io/prom/prometheus',
      `prom/prometheus@${digest}`,
      `quay.io/prometheus/node_exporter:v1.9.1@${digest}`,
    ]) {
      expect(parseStackSettings({ images: { loki: image } }).images.loki).toBe(image);
    }
    for (const image of ['NOT a valid::image', 'Grafana/Grafana:12', 'loki:', '', 'a//b']) {
      expect(() => parseStackSettings({ images: { loki: image } })).toThrow(
        /images\.loki: an image reference such as grafana\/grafana:12\.0\.2/,
      );
    }
  });
});

describe('stack/', () => {
  it('holds exactly what the code generates with the default settings (host layout)', () => {
    const root = resolve(import.meta.dirname, '../../stack');
    for (const file of referenceFiles(defaults, 'host')) {
      expect(readFileSync(resolve(root, file.path), 'utf8'), file.path).toBe(file.content);
    }
  });
});
