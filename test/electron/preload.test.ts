/**
 * The preload's bridge over a fake IPC: the real preload module (with `electron` stubbed)
 * on one side, the real main-process dispatcher (ipc.ts) on the other, and between them a
 * stand-in for Electron's IPC that answers only channels the main process registered and
 * copies every value the way structured cloning does.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  type ApiOperation,
  type JobEvent,
  type MaclogBridge,
  type MaclogOperations,
  type ShipEvent,
} from '../../src-shared/api.js';
import type { JobInfo } from '../../src-shared/ingest.js';
import type { StackEvent } from '../../src-shared/stack.js';
import {
  createDispatch,
  registerIpc,
  type OperationHandlers,
} from '../../src-main/electron/ipc.js';
import { appPolicy, isAllowedNavigation } from '../../src-main/electron/security.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const mainHandlers = new Map<string, (event: unknown, arg: unknown) => unknown>();
  const rendererListeners = new Map<string, Set<Listener>>();
  const state = { senderUrl: 'app://maclog/index.html', invoked: [] as string[] };
  return {
    state,
    mainHandlers,
    rendererListeners,
    exposed: new Map<string, unknown>(),
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, arg: unknown) => unknown) => {
        mainHandlers.set(channel, fn);
      },
      removeHandler: (channel: string) => {
        mainHandlers.delete(channel);
      },
    },
    ipcRenderer: {
      /** Like Electron: a channel nobody handles is an error; values are copies. */
      invoke: async (channel: string, arg: unknown) => {
        state.invoked.push(channel);
        const handler = mainHandlers.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        const event = { senderFrame: { url: state.senderUrl } };
        return structuredClone(await handler(event, structuredClone(arg)));
      },
      on: (channel: string, listener: Listener) => {
        const set = rendererListeners.get(channel) ?? new Set();
        set.add(listener);
        rendererListeners.set(channel, set);
      },
      removeListener: (channel: string, listener: Listener) => {
        rendererListeners.get(channel)?.delete(listener);
      },
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api),
  },
  ipcRenderer: fake.ipcRenderer,
  webUtils: { getPathForFile: (file: { name: string }) => `/home/lab/logs/${file.name}` },
}));

const GRAFANA_BOUNDS = { x: 240, y: 96, width: 1000, height: 700 };

const job: JobInfo = {
  id: 7,
  path: '/home/lab/logs/gnb.log',
  state: 'queued',
  formatId: null,
  bytesDone: 0,
  bytesTotal: 0,
  fileId: null,
  reused: false,
  ownerId: null,
  error: null,
  createdAt: '2024-05-14T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
};

const handlers = {
  listFiles: vi.fn(() => []),
  getFile: vi.fn(({ fileId }: { fileId: number }) => {
    throw new ApiError(`no stored file ${fileId}`, 'fileId', 404);
  }),
  getSeries: vi.fn(() => []),
  listJobs: vi.fn(() => [job]),
  ingestPaths: vi.fn(() => ({ jobs: [job], refused: [] })),
  cancelJob: vi.fn(() => {
    throw new Error('database is locked');
  }),
  retryJob: vi.fn(() => job),
  deleteJob: vi.fn(() => undefined),
  getShipTarget: vi.fn(() => ({ url: null, source: null, reason: 'no Loki' }) as const),
  listShipments: vi.fn(() => []),
  shipFile: vi.fn(() => {
    throw new ApiError('no stored file 9', 'fileId', 404);
  }),
  getStackStatus: vi.fn(() => {
    throw new Error('no engine');
  }),
  startStack: vi.fn(() => {
    throw new Error('no engine');
  }),
  stopStack: vi.fn(() => {
    throw new Error('no engine');
  }),
  getStackLogs: vi.fn(() => 'ready'),
  getGrafana: vi.fn(() => ({ available: true, baseUrl: 'http://127.0.0.1:9471' }) as const),
  showGrafana: vi.fn(() => Promise.resolve()),
  hideGrafana: vi.fn(() => undefined),
} satisfies OperationHandlers;

/**
 * A valid argument for every operation (undefined: it takes none). Typed by ApiOperation,
 * so a new operation does not compile here until it has one, and so is called below.
 */
const VALID_ARGUMENTS: { [K in ApiOperation]: Parameters<MaclogOperations[K]>[0] } = {
  listFiles: undefined,
  getFile: { fileId: 9 },
  getSeries: { fileId: 9, cell: null, ue: null },
  listJobs: { limit: 5 },
  ingestPaths: { paths: ['/home/lab/logs/gnb.log'] },
  cancelJob: { jobId: 3 },
  retryJob: { jobId: 3 },
  deleteJob: { jobId: 3 },
  getShipTarget: undefined,
  listShipments: undefined,
  shipFile: { fileId: 9 },
  getStackStatus: undefined,
  startStack: undefined,
  stopStack: { remove: true },
  getStackLogs: { service: 'loki', tail: 5 },
  getGrafana: undefined,
  showGrafana: { path: '/d/maclog-ue?var-ue=0&kiosk', bounds: GRAFANA_BOUNDS },
  hideGrafana: undefined,
};

let bridge: MaclogBridge;

/**
 * Subscribes through the bridge, has the main process send `payload` on `channel` (with
 * an IPC event object first, as Electron does), unsubscribes and sends again. Returns the
 * argument lists the page's listener got, and the listeners left on the channel.
 */
function relayed<E>(
  subscribe: (listener: (...args: unknown[]) => void) => () => void,
  channel: string,
  payload: E,
): { calls: unknown[][]; listenersLeft: number } {
  const calls: unknown[][] = [];
  const stop = subscribe((...args) => calls.push(args));
  const send = () => {
    for (const l of fake.rendererListeners.get(channel) ?? []) {
      l({ sender: 'the ipcRenderer' }, payload);
    }
  };
  send();
  stop();
  send();
  return { calls, listenersLeft: fake.rendererListeners.get(channel)?.size ?? 0 };
}

beforeAll(async () => {
  registerIpc(
    fake.ipcMain as unknown as Parameters<typeof registerIpc>[0],
    createDispatch(handlers, (url) => isAllowedNavigation(url, appPolicy())),
  );
  await import('../../src-main/electron/preload.js');
  bridge = fake.exposed.get('maclog') as MaclogBridge;
});

beforeEach(() => {
  fake.state.invoked.length = 0;
  fake.state.senderUrl = 'app://maclog/index.html';
  Object.values(handlers).forEach((h) => h.mockClear());
});

describe('the preload bridge', () => {
  it('exposes one object, with one function per allowed operation and nothing else', () => {
    expect([...fake.exposed.keys()]).toEqual(['maclog']);
    expect(Object.keys(bridge).sort()).toEqual(
      [
        'cancelJob',
        'deleteJob',
        'getFile',
        'getGrafana',
        'getSeries',
        'getShipTarget',
        'getStackLogs',
        'getStackStatus',
        'hideGrafana',
        'ingestPaths',
        'listFiles',
        'listJobs',
        'listShipments',
        'onJobEvent',
        'onShipEvent',
        'onStackEvent',
        'pathForFile',
        'retryJob',
        'shipFile',
        'showGrafana',
        'startStack',
        'stopStack',
      ].sort(),
    );
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('registers in the main process exactly the channels the preload calls', async () => {
    const registered = [...fake.mainHandlers.keys()].sort();
    expect(registered).toEqual(
      [
        'maclog:cancelJob',
        'maclog:deleteJob',
        'maclog:getFile',
        'maclog:getGrafana',
        'maclog:getSeries',
        'maclog:getShipTarget',
        'maclog:getStackLogs',
        'maclog:getStackStatus',
        'maclog:hideGrafana',
        'maclog:ingestPaths',
        'maclog:listFiles',
        'maclog:listJobs',
        'maclog:listShipments',
        'maclog:retryJob',
        'maclog:shipFile',
        'maclog:showGrafana',
        'maclog:startStack',
        'maclog:stopStack',
      ].sort(),
    );

    // Every operation of the bridge, called once with a valid argument: the fake records
    // each channel invoked, handled or not, so a channel missing on either side shows here.
    for (const [op, arg] of Object.entries(VALID_ARGUMENTS)) {
      await (bridge[op as ApiOperation] as (arg: unknown) => Promise<unknown>)(arg);
    }
    expect([...fake.state.invoked].sort()).toEqual(registered);
  });

  it('passes valid arguments through and returns the value', async () => {
    const reply = await bridge.ingestPaths({ paths: ['/home/lab/logs/gnb.log'], formatId: null });
    expect(reply).toEqual({ ok: true, value: { jobs: [job], refused: [] } });
    expect(handlers.ingestPaths).toHaveBeenCalledWith({
      paths: ['/home/lab/logs/gnb.log'],
      formatId: null,
    });
  });

  it('refuses arguments that fail the schema before they reach the main process, naming the field', async () => {
    const cases: [Promise<unknown>, string][] = [
      [bridge.getFile({ fileId: 'one' as unknown as number }), 'fileId'],
      [bridge.getFile({ fileId: 0 }), 'fileId'],
      [bridge.ingestPaths({ paths: ['logs/gnb.log'] }), 'paths.0'],
      [bridge.ingestPaths({ paths: [] }), 'paths'],
      [bridge.ingestPaths({ paths: ['/a.log'], formatId: '../../etc' }), 'formatId'],
      [bridge.cancelJob({ jobId: 3, force: true } as unknown as { jobId: number }), 'force'],
      [bridge.listJobs({ limit: 100_000 }), 'limit'],
      [bridge.showGrafana({ path: '//evil.example/', bounds: GRAFANA_BOUNDS }), 'path'],
      [bridge.showGrafana({ path: 'https://evil/', bounds: GRAFANA_BOUNDS }), 'path'],
      [bridge.showGrafana({ path: '/d/x', bounds: { ...GRAFANA_BOUNDS, x: -1 } }), 'bounds.x'],
    ];
    for (const [reply, field] of cases) {
      expect(await reply).toMatchObject({ ok: false, error: { field, status: 400 } });
    }
    expect(fake.state.invoked).toEqual([]);
    expect(handlers.getFile).not.toHaveBeenCalled();
    expect(handlers.ingestPaths).not.toHaveBeenCalled();
  });

  it("brings the main process's errors back with their own message, field and status", async () => {
    expect(await bridge.getFile({ fileId: 9 })).toEqual({
      ok: false,
      error: { message: 'no stored file 9', field: 'fileId', status: 404 },
    });
    expect(await bridge.cancelJob({ jobId: 3 })).toEqual({
      ok: false,
      error: { message: 'database is locked', field: null, status: null },
    });
  });

  it('hands job events to the listener without the IPC event, until unsubscribed', () => {
    const event: JobEvent = { job, bytesDone: 10, bytesTotal: 100 };
    expect(relayed((l) => bridge.onJobEvent(l), 'maclog:event:job', event)).toEqual({
      calls: [[event]],
      listenersLeft: 0,
    });
  });

  it('hands ship and stack events to the listener without the IPC event, until unsubscribed', () => {
    const ship: ShipEvent = {
      shipment: {
        id: 2,
        ingestId: 4,
        fileId: 9,
        target: 'http://127.0.0.1:3100',
        state: 'running',
        entriesTotal: 5000,
        entriesDone: 1000,
        accepted: 1000,
        rejected: 0,
        rejectedByReason: {},
        requests: 1,
        error: null,
        startedAt: '2024-05-14T10:00:00.000Z',
        updatedAt: '2024-05-14T10:00:01.000Z',
        finishedAt: null,
      },
    };
    expect(relayed((l) => bridge.onShipEvent(l), 'maclog:event:ship', ship)).toEqual({
      calls: [[ship]],
      listenersLeft: 0,
    });

    const stack: StackEvent = { service: 'loki', state: 'ready', url: 'http://127.0.0.1:3100' };
    expect(relayed((l) => bridge.onStackEvent(l), 'maclog:event:stack', stack)).toEqual({
      calls: [[stack]],
      listenersLeft: 0,
    });
  });

  it('tells the path of a dropped file through webUtils', () => {
    expect(bridge.pathForFile({ name: 'enb.log', size: 1 })).toBe('/home/lab/logs/enb.log');
  });
});

describe('the main-process dispatcher', () => {
  it('checks the arguments again, for a renderer that skips the preload', async () => {
    const reply = await fake.ipcRenderer.invoke('maclog:ingestPaths', { paths: ['C:relative'] });
    expect(reply).toMatchObject({ ok: false, error: { field: 'paths.0', status: 400 } });
    expect(handlers.ingestPaths).not.toHaveBeenCalled();
  });

  it('refuses a Grafana path that leaves the proxy, for a renderer that skips the preload', async () => {
    for (const path of ['/\\evil.example/', '/\t/evil.example/', 'evil.example/d/x']) {
      const reply = await fake.ipcRenderer.invoke('maclog:showGrafana', {
        path,
        bounds: GRAFANA_BOUNDS,
      });
      expect(reply).toMatchObject({ ok: false, error: { field: 'path', status: 400 } });
    }
    expect(handlers.showGrafana).not.toHaveBeenCalled();

    const path = '/d/maclog-ue?var-ue=0&kiosk';
    expect(await bridge.showGrafana({ path, bounds: GRAFANA_BOUNDS })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(handlers.showGrafana).toHaveBeenCalledWith({ path, bounds: GRAFANA_BOUNDS });
  });

  it('answers only the pages of the app, not Grafana or a page navigated elsewhere', async () => {
    for (const url of ['http://127.0.0.1:3001/d/maclog', 'https://example.com/', 'file:///x']) {
      fake.state.senderUrl = url;
      const reply = await fake.ipcRenderer.invoke('maclog:listFiles', undefined);
      expect(reply).toMatchObject({ ok: false, error: { status: 403 } });
    }
    expect(handlers.listFiles).not.toHaveBeenCalled();
  });

  it('has no handler for a channel outside the allow-list', async () => {
    await expect(fake.ipcRenderer.invoke('maclog:runShell', 'rm -rf /')).rejects.toThrow(
      /No handler registered/,
    );
  });
});
