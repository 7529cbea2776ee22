// @vitest-environment happy-dom
/**
 * The desktop app's Dashboards page: no frame, but a placeholder whose bounds go to the
 * main process with a Grafana path (never an origin), follow the window, and are given
 * up on unmount; and where Grafana is not there, why, in words.
 */
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GrafanaInfo, ShowGrafanaArgs, ViewBounds } from '../../src-shared/api.js';
import type { DashboardLinkTarget } from '../../src-shared/grafana.js';
import { DashboardsPage } from '../../src-renderer/src/components/DashboardsPage.js';
import { GrafanaHostProvider } from '../../src-renderer/src/grafana-host.js';
import { ToastProvider } from '../../src-renderer/src/toasts.js';

const AVAILABLE: GrafanaInfo = { available: true, baseUrl: 'http://127.0.0.1:9471' };

/** happy-dom lays nothing out: the placeholder is where this says. */
let rect: ViewBounds = { x: 240, y: 96, width: 1000, height: 700 };

beforeEach(() => {
  rect = { x: 240, y: 96, width: 1000, height: 700 };
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(
    () =>
      ({
        left: rect.x,
        top: rect.y,
        width: rect.width,
        height: rect.height,
      }) as DOMRect,
  );
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function desktopApi(info: GrafanaInfo = AVAILABLE) {
  return {
    getGrafana: vi.fn(() => Promise.resolve(info)),
    showGrafana: vi.fn((_args: ShowGrafanaArgs) => Promise.resolve()),
    hideGrafana: vi.fn(() => Promise.resolve()),
  };
}

function renderDesktop(
  api: ReturnType<typeof desktopApi>,
  target: DashboardLinkTarget | null = null,
) {
  return render(
    <ToastProvider>
      <GrafanaHostProvider host={{ kind: 'view', api }}>
        <DashboardsPage target={target} />
      </GrafanaHostProvider>
    </ToastProvider>,
  );
}

const UE_TARGET: DashboardLinkTarget = {
  dashboard: 'ue',
  importId: 4,
  file: 'gnb.log',
  ue: '0',
  cell: '1',
  fromMs: 1_715_680_799_000,
  toMs: 1_715_680_861_000,
};

describe('the desktop Dashboards page', () => {
  it("asks the main process to show the target's path over the placeholder, and no frame", async () => {
    const api = desktopApi();
    renderDesktop(api, UE_TARGET);
    await screen.findByTestId('grafana-view');

    await waitFor(() => expect(api.showGrafana).toHaveBeenCalled());
    expect(api.showGrafana.mock.calls[0]).toEqual([
      {
        path:
          '/d/maclog-ue?var-file=gnb.log&var-import=4&var-cell=1&var-ue=0' +
          '&from=1715680799000&to=1715680861000&kiosk',
        bounds: { x: 240, y: 96, width: 1000, height: 700 },
      },
    ]);
    expect(document.querySelector('iframe')).toBeNull();
    // A new tab is the browser's; the desktop has no other place to open it.
    expect(screen.queryByRole('link', { name: 'Open in a new tab' })).toBeNull();
  });

  it('moves the view with the placeholder when the window is resized', async () => {
    const api = desktopApi();
    renderDesktop(api);
    await waitFor(() => expect(api.showGrafana).toHaveBeenCalledTimes(1));

    rect = { x: 240, y: 96, width: 600, height: 500 };
    act(() => {
      for (let i = 0; i < 5; i++) window.dispatchEvent(new Event('resize'));
    });
    // A burst is throttled, its last position always sent.
    await waitFor(() =>
      expect(api.showGrafana).toHaveBeenLastCalledWith({
        path: '/d/maclog-overview?kiosk',
        bounds: { x: 240, y: 96, width: 600, height: 500 },
      }),
    );
    expect(api.showGrafana.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('opens another dashboard in its place, and gives the view up on unmount', async () => {
    const user = userEvent.setup();
    const api = desktopApi();
    const { unmount } = renderDesktop(api);
    await waitFor(() => expect(api.showGrafana).toHaveBeenCalledTimes(1));

    await user.click(screen.getByRole('button', { name: 'Random access' }));
    await waitFor(() =>
      expect(api.showGrafana).toHaveBeenLastCalledWith(
        expect.objectContaining({ path: '/d/maclog-ra?kiosk' }),
      ),
    );
    expect(api.hideGrafana).toHaveBeenCalledTimes(1);

    unmount();
    expect(api.hideGrafana).toHaveBeenCalledTimes(2);
    // Nothing follows the window once the page is gone.
    const shown = api.showGrafana.mock.calls.length;
    window.dispatchEvent(new Event('resize'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(api.showGrafana).toHaveBeenCalledTimes(shown);
  });

  it('says why when Grafana is not there, and shows no view', async () => {
    const reason = 'Grafana at http://127.0.0.1:3000 does not answer (ECONNREFUSED).';
    const api = desktopApi({ available: false, reason });
    renderDesktop(api);
    expect((await screen.findByTestId('grafana-unavailable')).textContent).toBe(reason);
    expect(screen.queryByTestId('grafana-view')).toBeNull();
    expect(api.showGrafana).not.toHaveBeenCalled();
  });

  it("tells the main process's refusal once, not at every resize", async () => {
    const api = desktopApi();
    api.showGrafana.mockImplementation(() => Promise.reject(new Error('proxy cannot start')));
    renderDesktop(api);
    expect((await screen.findByRole('alert')).textContent).toContain('proxy cannot start');
    act(() => {
      window.dispatchEvent(new Event('resize'));
    });
    await waitFor(() => expect(api.showGrafana).toHaveBeenCalledTimes(2));
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it("is a region of the window's one main landmark, with none of its own", async () => {
    const reason = 'Grafana at http://127.0.0.1:3000 does not answer (ECONNREFUSED).';
    for (const info of [AVAILABLE, { available: false as const, reason }]) {
      const { unmount } = render(
        <ToastProvider>
          <GrafanaHostProvider host={{ kind: 'view', api: desktopApi(info) }}>
            <main>
              <DashboardsPage />
            </main>
          </GrafanaHostProvider>
        </ToastProvider>,
      );
      await screen.findByRole('region', { name: 'Dashboards' });
      expect(screen.getAllByRole('main')).toHaveLength(1);
      unmount();
    }
  });
});
