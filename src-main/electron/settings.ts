/**
 * The desktop app's settings: one zod schema, kept by electron-store in the app's
 * user-data folder (main.ts opens it; this file never imports Electron, so it is tested
 * under plain Node).
 *
 * A settings file edited by hand, or written by an older version, may hold values the
 * schema refuses. The app still starts: each refused value is dropped and takes its
 * default, the repaired settings are written back, and the log says which fields were
 * reset and why.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { StackSettingsSchema } from '../../src-shared/stack.js';
import { ThresholdsSchema } from '../engine/kpi/rules.js';
import { logger } from '../log.js';
import { WindowStateSchema, type WindowState } from './window-state.js';

const log = logger('electron-settings');

const folder = z.string().min(1).refine(isAbsolute, 'must be an absolute path');
const port = z.number().int().min(1).max(65535);

/** What happens to the Loki/Prometheus/Grafana stack when the app quits. */
export const STACK_ON_QUIT = ['keep-running', 'stop'] as const;

export const DesktopSettingsSchema = z.strictObject({
  /** Store, uploads and the stack's files; null: the default, shared with `maclog`. */
  dataDir: folder.nullable().default(null),
  /** A folder of custom format definitions (docs/custom-formats.md); null: none. */
  formatsDir: folder.nullable().default(null),
  /** The stack's mode (managed, native, external), ports, images and limits. */
  stack: StackSettingsSchema.prefault({}),
  /** Bring the stack up when the app starts. */
  stackUpOnStart: z.boolean().default(false),
  /** Containers keep running after the app quits unless the user chose otherwise. */
  stackOnQuit: z.enum(STACK_ON_QUIT).default('keep-running'),
  /** Port of the Grafana sign-in proxy on 127.0.0.1; 0: any free port. */
  grafanaProxyPort: z.union([z.literal(0), port]).default(0),
  shipping: z
    .strictObject({
      /** Most push requests per second to Loki. */
      requestsPerSecond: z.number().min(0.1).max(1000).default(10),
      /** Most entries per push request. */
      batchLines: z.number().int().min(1).max(100_000).default(1000),
    })
    .prefault({}),
  /** When a UE counts as malperforming (the same names as `--thresholds`). */
  thresholds: ThresholdsSchema.strict().prefault({}),
  /** Where the main window was; null until it has been closed once. */
  window: WindowStateSchema.nullable().default(null),
});

export type DesktopSettings = z.infer<typeof DesktopSettingsSchema>;

export const DEFAULT_SETTINGS: DesktopSettings = DesktopSettingsSchema.parse({});

/** Where the settings are kept: electron-store in the app, a plain object in tests. */
export interface SettingsBacking {
  read(): unknown;
  write(settings: DesktopSettings): void;
}

/** The settings, repaired and written back when some value was refused. */
export function loadSettings(backing: SettingsBacking): DesktopSettings {
  const { settings, reset } = repairSettings(backing.read());
  if (reset.length > 0) {
    log.warn({ reset }, 'settings: refused values were reset to their defaults');
    backing.write(settings);
  }
  return settings;
}

export function saveWindowState(
  backing: SettingsBacking,
  settings: DesktopSettings,
  window: WindowState,
): DesktopSettings {
  const next = { ...settings, window };
  backing.write(next);
  return next;
}

/** Most rounds of dropping refused values; each round drops at least one. */
const MAX_ROUNDS = 50;

/**
 * Valid settings from any value: every field the schema refuses is removed (so it takes
 * its default), and `reset` says which and why.
 */
export function repairSettings(raw: unknown): { settings: DesktopSettings; reset: string[] } {
  let value: Record<string, unknown> = isRecord(raw) ? structuredClone(raw) : {};
  const reset: string[] = isRecord(raw) || raw === undefined ? [] : ['(all): not an object'];

  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const parsed = DesktopSettingsSchema.safeParse(value);
    if (parsed.success) return { settings: parsed.data, reset };

    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      const keys =
        issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
      for (const at of keys) {
        if (at.length === 0) {
          reset.push(`(all): ${issue.message}`);
          value = {};
        } else if (removeAt(value, at)) {
          reset.push(`${at.join('.')}: ${issue.message}`);
        } else if (removeAt(value, at.slice(0, 1))) {
          // Missing rather than wrong (a required field, a rule across fields): the whole
          // top-level setting it belongs to takes its default.
          reset.push(`${at[0]}: ${at.join('.')}: ${issue.message}`);
        }
      }
    }
  }
  return { settings: DEFAULT_SETTINGS, reset };
}

function removeAt(root: Record<string, unknown>, path: readonly string[]): boolean {
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (!isRecord(parent)) return false;
    parent = parent[key];
  }
  const last = path[path.length - 1];
  if (!isRecord(parent) || last === undefined || !(last in parent)) return false;
  delete parent[last];
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
