/**
 * Grafana's view in the main window (grafana-pane.ts) with fake windows and views: where it
 * is placed, that it is added once and taken off on hide, and that the page's path is only
 * ever joined to the sign-in proxy's origin, by the schema and by the pane itself.
 */
import type { Rectangle } from 'electron';
import { describe, expect, it } from 'vitest';
import { ApiError, checkArgument, type ShowGrafanaArgs } from '../../src-shared/api.js';
import {
  GrafanaPane,
  grafanaUrl,
  type PaneHost,
  type PaneView,
} from '../../src-main/electron/grafana-pane.js';
import type { GrafanaEndpoint } from '../../src-main/electron/security.js';

const PROXY: GrafanaEndpoint = { url: 'http://127.0.0.1:9471', proxySecret: 'secret' };
const BOUNDS = { x: 240, y: 96, width: 1000, height: 700 };
const UE_PATH = '/d/maclog-ue?var-import=4&var-ue=0&kiosk';

class FakeView implements PaneView {
  readonly bounds: Rectangle[] = [];
  readonly loaded: string[] = [];
  closed = false;
  loadError: Error | null = null;
  readonly webContents = {
    loadURL: (url: string) => {
      this.loaded.push(url);
      return this.loadError ? Promise.reject(this.loadError) : Promise.resolve();
    },
    close: () => {
      this.closed = true;
    },
  };
  setBounds(bounds: Rectangle): void {
    this.bounds.push(bounds);
  }
}

class FakeWindow implements PaneHost<FakeView> {
  children: FakeView[] = [];
  adds = 0;
  zoom = 1;
  destroyed = false;
  readonly contentView = {
    addChildView: (view: FakeView) => {
      this.adds += 1;
      this.children = [...this.children.filter((c) => c !== view), view];
    },
    removeChildView: (view: FakeView) => {
      if (!this.children.includes(view)) throw new Error('not a child of this window');
      this.children = this.children.filter((c) => c !== view);
    },
  };
  readonly webContents = { getZoomFactor: () => this.zoom };
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

function setUp(endpoint: () => Promise<GrafanaEndpoint> = () => Promise.resolve(PROXY)) {
  const window = new FakeWindow();
  const views: FakeView[] = [];
  const endpoints: GrafanaEndpoint[] = [];
  const pane = new GrafanaPane<FakeView>({
    host: window,
    endpoint,
    createView: (e) => {
      endpoints.push(e);
      const view = new FakeView();
      views.push(view);
      return view;
    },
  });
  return { window, views, endpoints, pane };
}

describe('the Grafana pane', () => {
  it("is added to the window once, at the page's bounds, loading the path from the proxy", async () => {
    const { window, views, endpoints, pane } = setUp();
    await pane.show({ path: UE_PATH, bounds: BOUNDS });
    await pane.show({ path: UE_PATH, bounds: { ...BOUNDS, width: 800 } });

    expect(views).toHaveLength(1);
    expect(endpoints).toEqual([PROXY]);
    expect(window.children).toEqual(views);
    expect(window.adds).toBe(1);
    expect(views[0].bounds).toEqual([BOUNDS, { ...BOUNDS, width: 800 }]);
    // Moving it leaves what the user did inside Grafana alone: no second load.
    expect(views[0].loaded).toEqual([`http://127.0.0.1:9471${UE_PATH}`]);
  });

  it('loads a new path in the same view', async () => {
    const { window, views, pane } = setUp();
    await pane.show({ path: UE_PATH, bounds: BOUNDS });
    await pane.show({ path: '/d/maclog-overview?kiosk', bounds: BOUNDS });
    expect(views).toHaveLength(1);
    expect(window.adds).toBe(1);
    expect(views[0].loaded).toEqual([
      `http://127.0.0.1:9471${UE_PATH}`,
      'http://127.0.0.1:9471/d/maclog-overview?kiosk',
    ]);
  });

  it('is taken off on hide, and shown again with its path loaded afresh', async () => {
    const { window, views, pane } = setUp();
    await pane.show({ path: UE_PATH, bounds: BOUNDS });
    pane.hide();
    expect(window.children).toEqual([]);
    pane.hide(); // the page's unmount after a reload's hide: nothing left to remove

    await pane.show({ path: UE_PATH, bounds: BOUNDS });
    expect(views).toHaveLength(1);
    expect(window.children).toEqual(views);
    expect(window.adds).toBe(2);
    expect(views[0].loaded).toHaveLength(2);
  });

  it("is placed in the window's pixels when the page is zoomed", async () => {
    const { window, views, pane } = setUp();
    window.zoom = 1.25;
    await pane.show({ path: UE_PATH, bounds: { x: 241, y: 96, width: 1001, height: 700 } });
    expect(views[0].bounds).toEqual([{ x: 301, y: 120, width: 1251, height: 875 }]);
  });

  it('stays off the window when hidden while the proxy was still starting', async () => {
    let started!: (endpoint: GrafanaEndpoint) => void;
    const proxy = new Promise<GrafanaEndpoint>((resolve) => (started = resolve));
    const { window, views, pane } = setUp(() => proxy);
    const showing = pane.show({ path: UE_PATH, bounds: BOUNDS });
    pane.hide();
    started(PROXY);
    await showing;
    expect(window.children).toEqual([]);
    expect(views).toEqual([]);
  });

  it('shows nothing and says why when the proxy cannot start', async () => {
    const { window, views, pane } = setUp(() => Promise.reject(new Error('EADDRINUSE')));
    await expect(pane.show({ path: UE_PATH, bounds: BOUNDS })).rejects.toThrow('EADDRINUSE');
    expect(window.children).toEqual([]);
    expect(views).toEqual([]);
  });

  it('answers the page even when Grafana fails to load (the view shows the failure)', async () => {
    const window = new FakeWindow();
    const view = new FakeView();
    view.loadError = new Error('ERR_CONNECTION_REFUSED (-102) loading http://127.0.0.1:9471/');
    const failing = new GrafanaPane<FakeView>({
      host: window,
      endpoint: () => Promise.resolve(PROXY),
      createView: () => view,
    });
    await expect(failing.show({ path: UE_PATH, bounds: BOUNDS })).resolves.toBeUndefined();
    expect(window.children).toEqual([view]);
  });

  it('refuses a path that would leave the proxy, before any view exists', async () => {
    const { window, views, pane } = setUp();
    for (const path of ['//evil.example/', '/\\evil.example/', 'https://evil/']) {
      const refused = pane.show({ path, bounds: BOUNDS });
      await expect(refused).rejects.toThrow(ApiError);
      await expect(refused).rejects.toMatchObject({ field: 'path', status: 400 });
    }
    expect(views).toEqual([]);
    expect(window.children).toEqual([]);
  });

  it("closes the view's web contents with the window, without touching the destroyed window", async () => {
    const { window, views, pane } = setUp();
    await pane.show({ path: UE_PATH, bounds: BOUNDS });
    window.destroyed = true;
    pane.close();
    expect(views[0].closed).toBe(true);
    expect(window.children).toEqual(views); // removeChildView was not called on it

    await pane.show({ path: UE_PATH, bounds: BOUNDS }); // a late call from the closed page
    expect(views).toHaveLength(1);
  });
});

describe('grafanaUrl', () => {
  it('joins a path and its query to the proxy origin, whatever path the proxy URL has', () => {
    expect(grafanaUrl('/d/maclog-ue?var-ue=0&kiosk', PROXY.url)).toBe(
      'http://127.0.0.1:9471/d/maclog-ue?var-ue=0&kiosk',
    );
    expect(grafanaUrl('/', 'http://127.0.0.1:9471/grafana/x')).toBe('http://127.0.0.1:9471/');
  });

  it('refuses everything that resolves elsewhere, naming the path', () => {
    for (const path of ['//evil.example/', 'https://evil/', '/\\evil.example', 'd/x', '']) {
      expect(() => grafanaUrl(path, PROXY.url), path).toThrow(
        expect.objectContaining({ field: 'path', status: 400 }),
      );
    }
  });
});

describe('the showGrafana schema', () => {
  const valid: ShowGrafanaArgs = { path: UE_PATH, bounds: BOUNDS };

  function refusedField(arg: unknown): string | null {
    try {
      checkArgument('showGrafana', arg);
    } catch (err) {
      if (err instanceof ApiError) return err.field;
      throw err;
    }
    return null;
  }

  it('takes a Grafana path and whole, non-negative bounds', () => {
    expect(checkArgument('showGrafana', valid)).toEqual(valid);
    expect(refusedField({ path: '/', bounds: { x: 0, y: 0, width: 0, height: 0 } })).toBeNull();
  });

  it('refuses paths of other origins and odd bounds, naming the field', () => {
    const cases: [unknown, string][] = [
      [{ ...valid, path: '//evil.example/' }, 'path'],
      [{ ...valid, path: 'https://evil/' }, 'path'],
      [{ ...valid, path: '/\\evil.example/' }, 'path'],
      [{ ...valid, path: '/\n/evil.example/' }, 'path'],
      [{ ...valid, path: `/d/${'x'.repeat(3000)}` }, 'path'],
      [{ ...valid, path: 42 }, 'path'],
      [{ ...valid, bounds: { ...BOUNDS, x: -1 } }, 'bounds.x'],
      [{ ...valid, bounds: { ...BOUNDS, width: 1.5 } }, 'bounds.width'],
      [{ ...valid, bounds: { ...BOUNDS, height: 1_000_000 } }, 'bounds.height'],
      [{ ...valid, bounds: { x: 0, y: 0, width: 10 } }, 'bounds.height'],
      [{ ...valid, origin: 'https://evil/' }, 'origin'],
    ];
    for (const [arg, field] of cases) expect(refusedField(arg), JSON.stringify(arg)).toBe(field);
  });
});
