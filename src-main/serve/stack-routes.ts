/**
 * The stack operations of src-shared/api.ts over HTTP. Start and stop change something,
 * so they need the API header like every other change (security.ts); they and the logs
 * are the admin's (accounts/permissions.ts), the status everyone's.
 */
import type { FastifyInstance } from 'fastify';
import { StackLogsArgs, StopStackArgs, validate } from '../../src-shared/api.js';
import { requireStackControl } from '../accounts/permissions.js';
import { numbers, signedInUser } from './api-routes.js';
import type { ServeStack } from './serve-stack.js';

const DEFAULT_TAIL = 200;

export function stackRoutes(app: FastifyInstance, stack: ServeStack): void {
  app.get('/api/stack', () => stack.status());

  app.post('/api/stack/start', (request) => {
    requireStackControl(signedInUser(request));
    return stack.start();
  });

  app.post('/api/stack/stop', (request) => {
    requireStackControl(signedInUser(request));
    const args = validate(StopStackArgs, request.body ?? {});
    return stack.stop(args);
  });

  app.get('/api/stack/logs/:service', async (request) => {
    requireStackControl(signedInUser(request));
    const args = validate(StackLogsArgs, { ...numbers(request.query), ...numbers(request.params) });
    return { text: await stack.logs(args.service, args.tail ?? DEFAULT_TAIL) };
  });
}
