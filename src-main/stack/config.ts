/**
 * The configuration files of Loki, Prometheus and Grafana, generated from the settings so
 * every value a user may change has one validated source. `stack/` holds these files as
 * rendered with the default settings, for reading; a test keeps them equal to this code.
 */
import { stringify } from 'yaml';
import { GRAFANA_DATASOURCES } from '../../src-shared/grafana.js';
import type { StackService, StackSettings } from '../../src-shared/stack.js';

/** Where the services meet: see "Stack" in docs/architecture.md. */
export type Layout = 'host' | 'bridge';

/** A file to place at `path` inside the service's container (or its native config dir). */
export interface ConfigFile {
  path: string;
  content: string;
}

export const LOKI_CONFIG = '/etc/loki/loki.yaml';
export const PROMETHEUS_CONFIG = '/etc/prometheus/prometheus.yml';
export const GRAFANA_CONFIG = '/etc/grafana/grafana.ini';
export const GRAFANA_PROVISIONING = '/etc/grafana/provisioning';
export const GRAFANA_DASHBOARDS = '/etc/grafana/dashboards';

/** Ports inside the containers; the settings' ports are where they are published. */
export const INNER_PORTS: Readonly<Record<StackService, number>> = {
  loki: 3100,
  prometheus: 9090,
  grafana: 3000,
};

/** Data directories: named volumes in containers, folders in the native mode. */
export const DATA_DIRS: Readonly<Record<StackService, string>> = {
  loki: '/loki',
  prometheus: '/prometheus',
  grafana: '/var/lib/grafana',
};

/** The datasource uids every dashboard names (src-shared/grafana.ts). */
export const DATASOURCE_UIDS = {
  loki: GRAFANA_DATASOURCES.loki.uid,
  prometheus: GRAFANA_DATASOURCES.prometheus.uid,
} as const;

export function containerName(settings: StackSettings, service: StackService): string {
  return `${settings.namePrefix}-${service}`;
}

/** How Grafana reaches Loki and Prometheus, and Prometheus the app, in a layout. */
export interface Peers {
  lokiUrl: string;
  prometheusUrl: string;
  appMetricsTarget: string;
}

export function peersOf(settings: StackSettings, layout: Layout): Peers {
  if (layout === 'host') {
    // Prometheus and Grafana share the host network: they reach the app and each other on
    // 127.0.0.1; Loki is reached through its port published on 127.0.0.1.
    return {
      lokiUrl: `http://127.0.0.1:${settings.ports.loki}`,
      prometheusUrl: `http://127.0.0.1:${settings.ports.prometheus}`,
      appMetricsTarget: `127.0.0.1:${settings.appMetricsPort}`,
    };
  }
  return {
    lokiUrl: `http://${containerName(settings, 'loki')}:${INNER_PORTS.loki}`,
    prometheusUrl: `http://${containerName(settings, 'prometheus')}:${INNER_PORTS.prometheus}`,
    appMetricsTarget: `host.docker.internal:${settings.appMetricsPort}`,
  };
}

const mb = (n: number) => Math.round(n * 1024 * 1024);

/** Loki 3 single binary on the filesystem, tuned for importing history (FACTS.md). */
export function lokiConfig(settings: StackSettings, dataDir = DATA_DIRS.loki): string {
  const s = settings.loki;
  const retention = s.retentionDays > 0;
  return stringify({
    auth_enabled: false,
    server: {
      http_listen_port: INNER_PORTS.loki,
      grpc_listen_port: 9096,
      // A bulk push of 1 MB lines needs room above the 4 MB gRPC default.
      grpc_server_max_recv_msg_size: mb(64),
      grpc_server_max_send_msg_size: mb(64),
    },
    common: {
      instance_addr: '127.0.0.1',
      path_prefix: dataDir,
      storage: {
        filesystem: { chunks_directory: `${dataDir}/chunks`, rules_directory: `${dataDir}/rules` },
      },
      replication_factor: 1,
      ring: { kvstore: { store: 'inmemory' } },
    },
    schema_config: {
      configs: [
        {
          // Early on purpose: a line older than the first period would have no schema.
          from: '2000-01-01',
          store: 'tsdb',
          object_store: 'filesystem',
          schema: 'v13',
          index: { prefix: 'index_', period: '24h' },
        },
      ],
    },
    ingester: {
      // A line may be up to max_chunk_age/2 behind its stream's newest line.
      max_chunk_age: `${s.outOfOrderWindowHours * 2}h`,
      chunk_idle_period: '30m',
      // Without this, lines stamped in the past stay invisible until their chunk flushes.
      query_store_max_look_back_period: -1,
    },
    // 0: queries of any time range also ask the ingester, where imports sit at first.
    querier: { query_ingesters_within: 0 },
    limits_config: {
      reject_old_samples: false,
      max_line_size: mb(s.maxLineSizeMb),
      max_line_size_truncate: false,
      ingestion_rate_mb: s.ingestionRateMb,
      ingestion_burst_size_mb: s.ingestionRateMb * 2,
      per_stream_rate_limit: `${s.perStreamRateMb}MB`,
      per_stream_rate_limit_burst: `${s.perStreamRateMb * 2}MB`,
      max_query_series: s.maxQuerySeries,
      max_entries_limit_per_query: s.maxEntriesPerQuery,
      allow_structured_metadata: true,
      retention_period: retention ? `${s.retentionDays * 24}h` : '0s',
    },
    compactor: {
      working_directory: `${dataDir}/compactor`,
      retention_enabled: retention,
      ...(retention ? { delete_request_store: 'filesystem' } : {}),
    },
    analytics: { reporting_enabled: false },
  });
}

export function prometheusConfig(settings: StackSettings, layout: Layout): string {
  const interval = `${settings.prometheus.scrapeIntervalSeconds}s`;
  return stringify({
    global: { scrape_interval: interval, evaluation_interval: interval },
    scrape_configs: [
      {
        job_name: 'maclog',
        metrics_path: '/metrics',
        static_configs: [{ targets: [peersOf(settings, layout).appMetricsTarget] }],
      },
    ],
  });
}

/** Prometheus's flags: its settings that are not in the config file. */
export function prometheusArgs(
  settings: StackSettings,
  layout: Layout,
  paths = { config: PROMETHEUS_CONFIG, data: DATA_DIRS.prometheus },
): string[] {
  // On the host network it must bind 127.0.0.1 itself; in a bridge the port is published.
  const listen =
    layout === 'host'
      ? `127.0.0.1:${settings.ports.prometheus}`
      : `0.0.0.0:${INNER_PORTS.prometheus}`;
  return [
    `--config.file=${paths.config}`,
    `--storage.tsdb.path=${paths.data}`,
    `--storage.tsdb.retention.time=${settings.prometheus.retentionDays}d`,
    `--web.listen-address=${listen}`,
    '--web.enable-lifecycle',
  ];
}
