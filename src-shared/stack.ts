/**
 * The observability stack (Loki, Prometheus, Grafana) as the CLI and the UI see it: the
 * pinned images, the settings a user may change, and the status events of each service.
 * The stack manager itself lives in src-main/stack; this file is its typed contract.
 */
import { z } from 'zod';

export const STACK_SERVICES = ['loki', 'prometheus', 'grafana'] as const;
export type StackService = (typeof STACK_SERVICES)[number];

/**
 * The only place image versions are pinned. An upgrade changes these (or the `images`
 * setting) and `maclog stack up` recreates the containers, keeping their data volumes.
 */
export const STACK_IMAGES: Readonly<Record<StackService, string>> = {
  loki: 'docker.io/grafana/loki:3.5.0',
  prometheus: 'docker.io/prom/prometheus:v3.5.0',
  grafana: 'docker.io/grafana/grafana:12.0.2',
};

/** One lower-case name component of an image: "grafana", "maclog-test", "node_exporter". */
const NAME = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';

/**
 * An image reference as the engines take it: an optional registry (with its port), a
 * lower-case name of one or more components, then an optional tag and digest
 * ("localhost:5000/maclog/loki:3.5.1", "grafana/grafana@sha256:..."). Checked here so that
 * a typo is told with its setting, not as the engine's "unescaped characters".
 */
const IMAGE_REFERENCE = new RegExp(
  `^(?:[a-zA-Z0-9.-]+(?::\\d+)?/)?${NAME}(?:/${NAME})*(?::\\w[\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

const imageReference = z
  .string()
  .regex(IMAGE_REFERENCE, 'an image reference such as grafana/grafana:12.0.2 (lower-case name)');

const port = z.number().int().min(1).max(65535);
const url = z.url({ protocol: /^https?$/ });

/** How the stack is run: containers the app manages, local binaries, or services elsewhere. */
export const STACK_MODES = ['managed', 'native', 'external'] as const;
export type StackMode = (typeof STACK_MODES)[number];

const LokiSettingsSchema = z.object({
  /** Days of logs kept; 0 keeps everything (imported history is the point of the app). */
  retentionDays: z.number().int().min(0).default(0),
  /**
   * How far behind a stream's newest line a line may be and still be accepted. Loki
   * refuses older ones; imports of several files of one cell arrive out of order.
   */
  outOfOrderWindowHours: z.number().min(1).max(168).default(12),
  /** Longest line accepted; MAC logs have long debug lines (Loki's default is 256 KB). */
  maxLineSizeMb: z.number().min(0.25).max(16).default(1),
  /** Ingestion rate for all streams, and per stream, sized for bulk import. */
  ingestionRateMb: z.number().min(1).default(64),
  perStreamRateMb: z.number().min(1).default(32),
  /** Query limits, above Loki's defaults (500 series, 5000 lines) for per-UE views. */
  maxQuerySeries: z.number().int().min(1).default(10_000),
  maxEntriesPerQuery: z.number().int().min(1).default(50_000),
});

const PrometheusSettingsSchema = z.object({
  retentionDays: z.number().int().min(1).default(30),
  scrapeIntervalSeconds: z.number().int().min(1).max(3600).default(15),
});

const GrafanaSettingsSchema = z.object({
  /**
   * The header Grafana's auth proxy reads the user from. The app sets it from its
   * per-install secret (grafana-access.json), so that no other program can sign in: set it
   * here only for a Grafana shared with another signing-in proxy.
   */
  authProxyHeader: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/)
    .optional(),
  /** Where Grafana's own files are, for the native mode (e.g. /usr/share/grafana). */
  homePath: z.string().optional(),
});

const ExternalSettingsSchema = z.object({
  lokiUrl: url.optional(),
  prometheusUrl: url.optional(),
  grafanaUrl: url.optional(),
});

export const StackSettingsSchema = z
  .object({
    mode: z.enum(STACK_MODES).default('managed'),
    /** Engine endpoint (unix:///…, npipe://…, tcp://…); found automatically when absent. */
    engineHost: z.string().optional(),
    /**
     * `host`: Prometheus and Grafana on the host network bound to 127.0.0.1 (Linux, where a
     * bridge container cannot reach the host's loopback); `bridge`: all on the app's network
     * with host.docker.internal (Docker Desktop); `auto` picks by platform.
     */
    network: z.enum(['auto', 'host', 'bridge']).default('auto'),
    /** Prefix of container, volume and network names; tests use their own. */
    namePrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,30}$/, 'lower-case letters, digits and dashes')
      .default('maclog'),
    images: z
      .object({ loki: imageReference, prometheus: imageReference, grafana: imageReference })
      .partial()
      .default({}),
    /** Ports on 127.0.0.1 where the services answer. */
    ports: z
      .object({
        loki: port.default(3100),
        prometheus: port.default(9090),
        grafana: port.default(3000),
      })
      .prefault({}),
    /** The app's own /metrics port (see `maclog metrics`), scraped by Prometheus. */
    appMetricsPort: port.default(9469),
    /** How long to wait for a service to answer its readiness endpoint. */
    readyTimeoutSeconds: z.number().min(1).max(3600).default(180),
    loki: LokiSettingsSchema.prefault({}),
    prometheus: PrometheusSettingsSchema.prefault({}),
    grafana: GrafanaSettingsSchema.prefault({}),
    external: ExternalSettingsSchema.prefault({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    const taken = new Map<number, string>([[s.appMetricsPort, 'appMetricsPort']]);
    for (const service of STACK_SERVICES) {
      const other = taken.get(s.ports[service]);
      if (other) {
        ctx.addIssue({ code: 'custom', path: ['ports', service], message: `same as ${other}` });
      }
      taken.set(s.ports[service], `ports.${service}`);
    }
    if (s.mode !== 'external') return;
    for (const service of STACK_SERVICES) {
      const key = `${service}Url` as const;
      if (!s.external[key]) {
        ctx.addIssue({
          code: 'custom',
          path: ['external', key],
          message: 'required in mode external',
        });
      }
    }
  });

export type StackSettings = z.infer<typeof StackSettingsSchema>;
export type StackSettingsInput = z.input<typeof StackSettingsSchema>;

/** Settings from any value (a settings file, CLI flags); errors name the field. */
export function parseStackSettings(value: unknown, origin = 'stack settings'): StackSettings {
  const result = StackSettingsSchema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
  throw new Error(`${origin}: ${issues.join('; ')}`);
}

/** The image a service runs: the setting if given, else the pinned one. */
export function imageOf(settings: StackSettings, service: StackService): string {
  return settings.images[service] ?? STACK_IMAGES[service];
}

/** One change in a service's state, for a progress line or the UI's status panel. */
export type StackEvent =
  | { service: StackService; state: 'pulling'; image: string; percent: number | null }
  | { service: StackService; state: 'starting' }
  | { service: StackService; state: 'ready'; url: string }
  | { service: StackService; state: 'stopped' }
  | { service: StackService; state: 'failed'; reason: string };

export type StackEventState = StackEvent['state'];

/** What `status` reports per service. */
export interface ServiceStatus {
  service: StackService;
  state: 'ready' | 'starting' | 'stopped' | 'missing' | 'failed';
  /** Where it answers, e.g. http://127.0.0.1:3100. */
  url: string;
  /** Container id or process id, when the app runs it. */
  id: string | null;
  image: string | null;
  /** Why it is not ready, in words a user can act on. */
  detail: string | null;
}
