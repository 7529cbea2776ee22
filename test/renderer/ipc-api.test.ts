// @vitest-environment happy-dom
/**
 * The UI's operations over the desktop bridge: replies unwrapped or rebuilt as ApiError,
 * dropped files sent as paths, and the bridge chosen only when the preload put it there.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type MaclogBridge } from '../../src-shared/api.js';
import { desktopBridge, ipcApi, ipcDashboards } from '../../src-renderer/src/ipc-api.js';

const job = { id: 1, path: '/logs/a.log', state: 'queued' };

function fakeBridge(overrides: Partial<MaclogBridge> = {}): MaclogBridge {
  const none = () => Promise.resolve({ ok: true as const, value: [] as never });
  return {
    listFiles: none,
    getFile: () =>
      Promise.resolve({
        ok: false as const,
        error: { message: 'no stored file 9', field: 'fileId', status: 404 },
      }),
    getSeries: none,
    listJobs: none,
    ingestPaths: vi.fn((args: { paths: string[] }) =>
      Promise.resolve({
        ok: true as const,
        value: { jobs: args.paths.map((path) => ({ ...job, path })), refused: [] } as never,
      }),
    ),
    cancelJob: none,
    retryJob: none,
    deleteJob: none,
    onJobEvent: () => () => {},
    getShipTarget: none,
    listShipments: none,
    shipFile: none,
    onShipEvent: () => () => {},
    getStackStatus: none,
    startStack: none,
    stopStack: none,
    getStackLogs: none,
    onStackEvent: () => () => {},
    getGrafana: () =>
      Promise.resolve({
        ok: true as const,
        value: { available: true as const, baseUrl: 'http://127.0.0.1:9471' },
      }),
    showGrafana: vi.fn(() =>
      Promise.resolve({
        ok: false as const,
        error: { message: 'path: must be a Grafana path, as /d/…', field: 'path', status: 400 },
      }),
    ),
    hideGrafana: vi.fn(() => Promise.resolve({ ok: true as const, value: undefined })),
    pathForFile: (file) => (file.name === 'made-in-page.log' ? '' : `/logs/${file.name}`),
    ...overrides,
  };
}

afterEach(() => {
  delete window.maclog;
});

describe('ipcApi', () => {
  it('rebuilds the main process error as an ApiError with its field and status', async () => {
    const error = await ipcApi(fakeBridge())
      .getFile({ fileId: 9 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ message: 'no stored file 9', field: 'fileId', status: 404 });
  });

  it('ingests dropped files by their paths, refusing by name a file that has none', async () => {
    const bridge = fakeBridge();
    const files = [
      new File(['x'], 'a.log'),
      new File(['x'], 'made-in-page.log'),
      new File(['x'], 'b.log'),
    ];
    const result = await ipcApi(bridge).ingestFiles(files, { formatId: 'srsran-gnb' });
    expect(bridge.ingestPaths).toHaveBeenCalledWith({
      paths: ['/logs/a.log', '/logs/b.log'],
      formatId: 'srsran-gnb',
    });
    expect(result.jobs.map((j) => j.path)).toEqual(['/logs/a.log', '/logs/b.log']);
    expect(result.refused).toEqual([
      {
        name: 'made-in-page.log',
        message: 'made-in-page.log: not a file on this machine',
        status: 400,
      },
    ]);
  });

  it('is used only where the preload put its bridge on the window', () => {
    expect(desktopBridge()).toBeNull();
    const bridge = fakeBridge();
    window.maclog = bridge;
    expect(desktopBridge()).toBe(bridge);
  });
});

describe('ipcDashboards', () => {
  it("answers the Dashboards page's questions over the bridge, errors rebuilt", async () => {
    const bridge = fakeBridge();
    const dashboards = ipcDashboards(bridge);
    expect(await dashboards.getGrafana()).toEqual({
      available: true,
      baseUrl: 'http://127.0.0.1:9471',
    });
    const bounds = { x: 0, y: 0, width: 10, height: 10 };
    const error = await dashboards.showGrafana({ path: '/d/x', bounds }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ field: 'path', status: 400 });
    expect(bridge.showGrafana).toHaveBeenCalledWith({ path: '/d/x', bounds });
    await expect(dashboards.hideGrafana()).resolves.toBeUndefined();
    expect(bridge.hideGrafana).toHaveBeenCalledTimes(1);
  });
});
