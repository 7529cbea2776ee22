/**
 * The desktop app's main process: one instance, one main window (with Grafana's view laid
 * over its Dashboards page), the engine, job queue, stack manager and shipper of
 * desktop.ts, the IPC handlers of the preload's operations, and a clean shutdown (the running job paused to resume at the next start, the stack
 * left running or stopped as the settings say).
 *
 * Wiring only: each decision is in a module tested under plain Node (security.ts,
 * window-state.ts, settings.ts, ipc.ts, protocol.ts, grafana-pane.ts).
 */
import {
  app,
  dialog,
  ipcMain,
  Menu,
  protocol,
  type BrowserWindow,
  type WebContentsView,
} from 'electron';
import Store from 'electron-store';
import { join } from 'node:path';
import { EVENT_CHANNELS } from '../../src-shared/api.js';
import { logger } from '../log.js';
import { Desktop } from './desktop.js';
import { GrafanaPane } from './grafana-pane.js';
import { grafanaViewFactory } from './grafana-view.js';
import { operationHandlers } from './handlers.js';
import { createDispatch, registerIpc } from './ipc.js';
import { APP_SCHEME_PRIVILEGES, appResponse } from './protocol.js';
import { appPolicy, isAllowedNavigation, refuseWindowsAndWebviews } from './security.js';
import { loadSettings, saveWindowState, type SettingsBacking } from './settings.js';
import { createMainWindow } from './window.js';

const log = logger('electron-main');

/** Built layout: dist/src-main/electron/main.js, dist/electron/preload.cjs, dist/renderer. */
const PRELOAD = join(import.meta.dirname, '../../electron/preload.cjs');
const RENDERER = join(import.meta.dirname, '../../renderer');

// The same folder run from a checkout or packaged (where the name would differ), and
// never the data folder (on macOS both would be Application Support/mac-log-studio).
app.setPath('userData', join(app.getPath('appData'), 'MAC Log Studio'));

// Must precede `ready`: app:// becomes a standard, secure scheme (see protocol.ts).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let mainWindow: BrowserWindow | null = null;

if (app.requestSingleInstanceLock()) {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => refuseWindowsAndWebviews(contents));
  app.whenReady().then(start, fail);
} else {
  // Another instance has the store and the job queue: it was asked to show itself.
  app.quit();
}

async function start(): Promise<void> {
  const store = new Store<Record<string, unknown>>({ name: 'settings' });
  const backing: SettingsBacking = {
    read: () => store.store,
    write: (settings) => {
      store.store = settings;
    },
  };
  let settings = loadSettings(backing);
  const desktop = await Desktop.start(settings);

  protocol.handle('app', (request) => appResponse(request.url, RENDERER));
  Menu.setApplicationMenu(appMenu());

  // From here to the end nothing awaits: the page's first calls, which Electron delivers
  // on a later turn of the event loop, find their handlers registered.
  mainWindow = createMainWindow({
    saved: settings.window,
    preload: PRELOAD,
    devTools: !app.isPackaged,
    onClose: (state) => {
      settings = saveWindowState(backing, settings, state);
    },
  });
  const window = mainWindow;
  const grafana = new GrafanaPane<WebContentsView>({
    host: window,
    endpoint: () => desktop.grafanaEndpoint(),
    createView: grafanaViewFactory(!app.isPackaged),
  });
  registerIpc(
    ipcMain,
    createDispatch(
      operationHandlers({
        ...desktop.ctx,
        runner: desktop.runner,
        ships: desktop.ships,
        stack: desktop.stack,
        grafana: {
          info: () => desktop.grafanaInfo(),
          show: (args) => grafana.show(args),
          hide: () => grafana.hide(),
        },
      }),
      (url) => isAllowedNavigation(url, appPolicy()),
    ),
  );
  // A reload or a crashed page never unmounts its Dashboards page: take its view off.
  window.webContents.on('did-navigate', () => grafana.hide());
  window.webContents.on('render-process-gone', () => grafana.hide());
  const send = (channel: string) => (event: unknown) => {
    if (!window.isDestroyed()) window.webContents.send(channel, event);
  };
  desktop.runner.onEvent(send(EVENT_CHANNELS.job));
  desktop.ships.onEvent(send(EVENT_CHANNELS.ship));
  desktop.stack.onEvent(send(EVENT_CHANNELS.stack));
  window.on('closed', () => {
    mainWindow = null;
    grafana.close();
  });

  app.on('window-all-closed', () => app.quit());
  quitAfter(() => desktop.shutdown());
}

/** Holds the quit until `shutdown` has finished, once. */
function quitAfter(shutdown: () => Promise<void>): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    shutdown()
      .catch((err: unknown) => log.error({ err: (err as Error).message }, 'unclean shutdown'))
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}

/** The platform's standard menus; Grafana is the Dashboards page's, not a menu's. */
function appMenu(): Menu {
  return Menu.buildFromTemplate([
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]);
}

function fail(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  log.error({ err: message }, 'the app could not start');
  dialog.showErrorBox('MAC Log Studio cannot start', message);
  app.exit(1);
}
