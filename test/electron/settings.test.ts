/**
 * The desktop settings: defaults, and a settings file with refused values still opening
 * the app, each refused value reset on its own and the repair written back.
 */
import { describe, expect, it } from 'vitest';
import {
  loadSettings,
  repairSettings,
  saveWindowState,
  type DesktopSettings,
  type SettingsBacking,
} from '../../src-main/electron/settings.js';

function memory(initial: unknown): SettingsBacking & { written: DesktopSettings[] } {
  const written: DesktopSettings[] = [];
  return { read: () => initial, write: (s) => written.push(s), written };
}

describe('desktop settings', () => {
  it('start from the documented defaults', () => {
    const backing = memory({});
    const settings = loadSettings(backing);
    expect(settings).toMatchObject({
      dataDir: null,
      formatsDir: null,
      stackUpOnStart: false,
      stackOnQuit: 'keep-running',
      grafanaProxyPort: 0,
      shipping: { requestsPerSecond: 10, batchLines: 1000 },
      thresholds: { initialBlerMax: 0.15, residualBlerMax: 0.01, mcsMeanMin: 5, minSamples: 50 },
      window: null,
    });
    expect(settings.stack).toMatchObject({
      mode: 'managed',
      ports: { loki: 3100, prometheus: 9090, grafana: 3000 },
      appMetricsPort: 9469,
    });
    expect(backing.written).toEqual([]);
  });

  it('keep every valid value', () => {
    const chosen = {
      dataDir: '/srv/maclog',
      formatsDir: '/srv/formats',
      stack: { mode: 'native', ports: { grafana: 3300 } },
      stackOnQuit: 'stop',
      shipping: { requestsPerSecond: 2.5 },
      thresholds: { initialBlerMax: 0.2 },
    };
    const { settings, reset } = repairSettings(chosen);
    expect(reset).toEqual([]);
    expect(settings).toMatchObject({
      ...chosen,
      stack: { mode: 'native', ports: { loki: 3100, grafana: 3300 } },
      shipping: { requestsPerSecond: 2.5, batchLines: 1000 },
      thresholds: { initialBlerMax: 0.2, residualBlerMax: 0.01 },
    });
  });

  it('reset only the refused values, say which, and write the repair back', () => {
    const backing = memory({
      dataDir: 'relative/folder',
      stack: { mode: 'native', ports: { grafana: 'three thousand', loki: 3101 } },
      stackOnQuit: 'explode',
      shipping: { requestsPerSecond: -1, batchLines: 500 },
      thresholds: { initialBlerMax: 0.2, mcsMeanMin: 99, colour: 'red' },
      window: { x: 10, y: 20, width: 'wide', height: 600 },
      fromAnOldVersion: true,
    });
    const settings = loadSettings(backing);

    expect(settings).toMatchObject({
      dataDir: null,
      stackOnQuit: 'keep-running',
      shipping: { requestsPerSecond: 10, batchLines: 500 },
      thresholds: { initialBlerMax: 0.2, mcsMeanMin: 5 },
      window: null,
    });
    expect(settings.stack).toMatchObject({ mode: 'native', ports: { loki: 3101, grafana: 3000 } });
    expect(settings).not.toHaveProperty('fromAnOldVersion');
    expect(settings.thresholds).not.toHaveProperty('colour');
    expect(backing.written).toEqual([settings]);

    const { reset } = repairSettings(backing.read());
    const fields = reset.map((line) => line.split(':')[0]);
    expect(fields.sort()).toEqual(
      [
        'dataDir',
        'fromAnOldVersion',
        'shipping.requestsPerSecond',
        'stack.ports.grafana',
        'stackOnQuit',
        'thresholds.colour',
        'thresholds.mcsMeanMin',
        'window.width',
        // Without its width the rest of the saved window means nothing: all of it goes.
        'window',
      ].sort(),
    );
  });

  it('fall back to a managed stack when an external one lacks its addresses', () => {
    const { settings, reset } = repairSettings({
      stack: { mode: 'external', external: { lokiUrl: 'http://loki.lab:3100' } },
      stackOnQuit: 'stop',
    });
    expect(settings.stack.mode).toBe('managed');
    expect(settings.stackOnQuit).toBe('stop');
    expect(reset).toContain('stack: stack.external.prometheusUrl: required in mode external');
  });

  it('start from the defaults when the file holds no object at all', () => {
    for (const raw of [null, 'settings', 42, ['a']]) {
      const { settings, reset } = repairSettings(raw);
      expect(settings.stack.mode).toBe('managed');
      expect(reset.length).toBeGreaterThan(0);
    }
  });

  it('remember where the window was', () => {
    const backing = memory({});
    const settings = loadSettings(backing);
    const next = saveWindowState(backing, settings, {
      x: 100,
      y: 50,
      width: 1400,
      height: 900,
      maximized: true,
    });
    expect(backing.written).toEqual([next]);
    expect(repairSettings(next).settings.window).toEqual({
      x: 100,
      y: 50,
      width: 1400,
      height: 900,
      maximized: true,
    });
  });
});
