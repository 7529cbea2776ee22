/**
 * The main window: where it was left (window-state.ts), locked down (security.ts), the
 * app's UI from app://maclog/. Its bounds are handed back when it closes, to be saved.
 */
import { BrowserWindow, screen } from 'electron';
import { logger } from '../log.js';
import { APP_ORIGIN, appPolicy, appWebPreferences, secureContents } from './security.js';
import { MIN_SIZE, placeWindow, type WindowState } from './window-state.js';

const log = logger('electron-window');

export interface MainWindowOptions {
  saved: WindowState | null;
  preload: string;
  devTools: boolean;
  onClose: (state: WindowState) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((d) => d.id !== primary.id);
  const placed = placeWindow(
    options.saved,
    [primary, ...others].map((d) => d.workArea),
  );

  const window = new BrowserWindow({
    x: placed.x,
    y: placed.y,
    width: placed.width,
    height: placed.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'MAC Log Studio',
    // Shown once painted, so it never flashes white.
    show: false,
    webPreferences: appWebPreferences(options.preload, options.devTools),
  });
  secureContents(window.webContents, appPolicy());
  if (placed.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    // The normal bounds, so a maximised window comes back maximised over the same place.
    options.onClose({ ...window.getNormalBounds(), maximized: window.isMaximized() });
  });
  window.loadURL(`${APP_ORIGIN}/index.html`).catch((err: unknown) => {
    log.error({ err: (err as Error).message }, 'the UI did not load (is it built?)');
  });
  return window;
}
