/**
 * The desktop window's preload: the only way from the page to the main process. It puts
 * `window.maclog` (MaclogBridge, src-shared/api.ts) into the page: one function per
 * operation of API_OPERATIONS, job, ship and stack events, and the path of a dropped or
 * picked file.
 * Neither ipcRenderer nor any event object is handed to the page.
 *
 * Arguments are checked against the operation's schema here, so a bad one is refused with
 * its field named without a round trip (the main process checks again). Functions resolve
 * to the reply rather than rejecting: an Error crossing the context bridge keeps only its
 * message, and the page needs the field too (ipc-api.ts rebuilds the ApiError).
 *
 * A sandboxed preload can require only `electron` and a few Node built-ins, not other
 * files: the build bundles this file with the shared schemas into one CommonJS file
 * (dist/electron/preload.cjs, see scripts/build-electron.mjs).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRenderer } from 'electron';
import {
  API_OPERATIONS,
  EVENT_CHANNELS,
  apiChannel,
  checkArgument,
  toIpcError,
  type ApiOperation,
  type IngestFile,
  type IpcReply,
  type MaclogBridge,
} from '../../src-shared/api.js';

type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildBridge(
  ipc: BridgeIpc,
  pathForFile: (file: IngestFile) => string,
): MaclogBridge {
  const operations = Object.fromEntries(
    (Object.keys(API_OPERATIONS) as ApiOperation[]).map((op) => [op, operation(ipc, op)]),
  ) as unknown as Omit<MaclogBridge, 'onJobEvent' | 'onShipEvent' | 'onStackEvent' | 'pathForFile'>;
  return {
    ...operations,
    onJobEvent: (listener) => subscribe(ipc, EVENT_CHANNELS.job, listener),
    onShipEvent: (listener) => subscribe(ipc, EVENT_CHANNELS.ship, listener),
    onStackEvent: (listener) => subscribe(ipc, EVENT_CHANNELS.stack, listener),
    pathForFile,
  };
}

/** Passes the events of `channel` on without the IPC event object (it holds the sender). */
function subscribe<E>(ipc: BridgeIpc, channel: string, listener: (event: E) => void): () => void {
  const relay = (_event: unknown, payload: E) => listener(payload);
  ipc.on(channel, relay);
  return () => {
    ipc.removeListener(channel, relay);
  };
}

function operation(ipc: BridgeIpc, op: ApiOperation) {
  return async (arg?: unknown): Promise<IpcReply<unknown>> => {
    let checked: unknown;
    try {
      checked = checkArgument(op, arg);
    } catch (err) {
      return { ok: false, error: toIpcError(err) };
    }
    try {
      return (await ipc.invoke(apiChannel(op), checked)) as IpcReply<unknown>;
    } catch (err) {
      // Only when the main process has no handler (it is shutting down, say).
      return { ok: false, error: toIpcError(err) };
    }
  };
}

contextBridge.exposeInMainWorld(
  'maclog',
  buildBridge(ipcRenderer, (file) => webUtils.getPathForFile(file as File)),
);
