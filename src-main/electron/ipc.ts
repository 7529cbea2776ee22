/**
 * The main process's side of the preload's bridge: one `ipcMain.handle` per operation of
 * API_OPERATIONS (src-shared/api.ts), nothing else.
 *
 * Every call is checked three times before a handler sees it: the sender must be a frame
 * of the app's own pages (not Grafana's view, not a page navigated elsewhere), the channel
 * must be an operation, and the argument must pass the operation's schema; the preload
 * checks the same schema, but a compromised renderer could skip the preload. Replies are
 * `{ok, value}` or `{ok: false, error}`: an Error thrown in a handler would reach the page
 * as "Error invoking remote method …" with its field and status gone.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  API_OPERATIONS,
  ApiError,
  apiChannel,
  checkArgument,
  toIpcError,
  type ApiOperation,
  type IpcReply,
  type MaclogOperations,
  type OperationResult,
} from '../../src-shared/api.js';
import { logger } from '../log.js';

const log = logger('electron-ipc');

/** The main process's implementation of every operation. */
export type OperationHandlers = {
  [K in ApiOperation]: (
    ...args: Parameters<MaclogOperations[K]>
  ) => Promise<OperationResult<K>> | OperationResult<K>;
};

export type Dispatch = (
  operation: string,
  senderUrl: string | null,
  arg: unknown,
) => Promise<IpcReply<unknown>>;

export const OPERATIONS = Object.keys(API_OPERATIONS) as ApiOperation[];

function isOperation(name: string): name is ApiOperation {
  return Object.hasOwn(API_OPERATIONS, name);
}

/** Checks sender, operation and argument, runs the handler, and wraps what comes out. */
export function createDispatch(
  handlers: OperationHandlers,
  isTrustedSender: (url: string) => boolean,
): Dispatch {
  return async (operation, senderUrl, arg) => {
    try {
      if (senderUrl === null || !isTrustedSender(senderUrl)) {
        throw new ApiError(
          `${operation} is not available to ${senderUrl ?? 'this page'}`,
          null,
          403,
        );
      }
      if (!isOperation(operation)) throw new ApiError(`no such operation: ${operation}`, null, 404);
      return { ok: true, value: await run(handlers, operation, arg) };
    } catch (err) {
      const error = toIpcError(err);
      if (!(err instanceof ApiError))
        log.error({ operation, err: error.message }, 'operation failed');
      return { ok: false, error };
    }
  };
}

function run(handlers: OperationHandlers, operation: ApiOperation, arg: unknown): unknown {
  const handler = handlers[operation] as (arg?: unknown) => unknown;
  return handler(checkArgument(operation, arg));
}

/** Registers one handler per operation; returns the function that removes them. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
): () => void {
  for (const operation of OPERATIONS) {
    ipcMain.handle(apiChannel(operation), (event: IpcMainInvokeEvent, arg: unknown) =>
      dispatch(operation, event.senderFrame?.url ?? null, arg),
    );
  }
  return () => OPERATIONS.forEach((operation) => ipcMain.removeHandler(apiChannel(operation)));
}
