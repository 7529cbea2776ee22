/**
 * The HTTP side of the account operations (AccountsApi in src-shared/api.ts): the session,
 * the first admin, and the admin's user list.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AddUserArgs,
  ApiError,
  CreateFirstAdminArgs,
  SignInArgs,
  UpdateUserArgs,
  UserIdArgs,
  validate,
  type SessionInfo,
  type UserInfo,
} from '../../src-shared/api.js';
import type { AccountService, SignedIn } from '../accounts/accounts.js';
import { requireAdmin } from '../accounts/permissions.js';
import { numbers, signedInUser } from './api-routes.js';
import { clearSessionCookie, csrfTokenFor, SESSION_COOKIE, setSessionCookie } from './sessions.js';

/** Sign-in attempts per address and name: enough for typos, too few to guess a password. */
const SIGN_IN_LIMIT = {
  max: 10,
  timeWindow: '5 minutes',
  hook: 'preHandler' as const,
  keyGenerator: (request: FastifyRequest) => {
    const name = (request.body as { name?: unknown } | undefined)?.name;
    return `${request.ip}|${typeof name === 'string' ? name.toLowerCase() : ''}`;
  },
  errorResponseBuilder: (_request: FastifyRequest, context: { after: string }) =>
    new ApiError(`too many sign-in attempts: try again in ${context.after}`, 'name', 429),
};

export function accountRoutes(app: FastifyInstance, accounts: AccountService): void {
  const session = (reply: FastifyReply, user: UserInfo | null, token?: string): SessionInfo => ({
    user,
    needsFirstAdmin: user === null && accounts.needsFirstAdmin(),
    csrfToken: csrfTokenFor(reply, token),
  });
  const started = (reply: FastifyReply, signedIn: SignedIn): SessionInfo => {
    setSessionCookie(reply, signedIn);
    return session(reply, signedIn.user, signedIn.token);
  };

  app.get('/api/session', (request, reply) =>
    session(reply, request.user, request.cookies[SESSION_COOKIE]),
  );

  app.post('/api/session', { config: { rateLimit: SIGN_IN_LIMIT } }, async (request, reply) => {
    const args = validate(SignInArgs, request.body ?? {});
    return started(reply, await accounts.signIn(args));
  });

  app.delete('/api/session', (request, reply) => {
    accounts.signOut(request.cookies[SESSION_COOKIE]);
    clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.post('/api/users/first', { config: { rateLimit: SIGN_IN_LIMIT } }, async (request, reply) => {
    const args = validate(CreateFirstAdminArgs, request.body ?? {});
    return started(reply, await accounts.createFirstAdmin(args));
  });

  app.get('/api/users', (request) => {
    requireAdmin(signedInUser(request));
    return accounts.listUsers();
  });

  app.post('/api/users', async (request, reply) => {
    requireAdmin(signedInUser(request));
    const user = await accounts.addUser(validate(AddUserArgs, request.body ?? {}));
    return reply.code(201).send(user);
  });

  app.patch('/api/users/:userId', (request) => {
    const by = signedInUser(request);
    requireAdmin(by);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const args = validate(UpdateUserArgs, { ...body, ...numbers(request.params) });
    return accounts.updateUser(by, args);
  });

  app.delete('/api/users/:userId', (request, reply) => {
    const by = signedInUser(request);
    requireAdmin(by);
    const { userId } = validate(UserIdArgs, numbers(request.params));
    accounts.deleteUser(by, userId);
    return reply.code(204).send();
  });
}
