/**
 * Local accounts of `maclog serve`: the first admin, sign-in and sign-out, sessions, and
 * the admin's changes to users. Knows nothing of HTTP; the server turns its ApiErrors into
 * answers and its tokens into cookies.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  ApiError,
  type AddUserArgs,
  type CreateFirstAdminArgs,
  type SignInArgs,
  type UpdateUserArgs,
  type UserInfo,
} from '../../src-shared/api.js';
import { logger } from '../log.js';
import type { Store, StoredUser } from '../store/store.js';
import { DEFAULT_COST, hashPassword, verifyPassword, type ScryptCost } from './passwords.js';

const log = logger('accounts');

/** A session lasts a working day and then asks for the password again. */
export const SESSION_HOURS = 12;

export interface SignedIn {
  user: UserInfo;
  /** The cookie's value; only its hash is stored. */
  token: string;
  expiresMs: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function publicUser({ passwordHash: _hash, ...user }: StoredUser): UserInfo {
  return user;
}

export class AccountService {
  /** Checked against when the name is unknown, so a wrong name takes as long as a wrong password. */
  private decoy: Promise<string> | null = null;

  constructor(
    private readonly store: Store,
    private readonly cost: ScryptCost = DEFAULT_COST,
    private readonly now: () => number = Date.now,
  ) {}

  needsFirstAdmin(): boolean {
    return this.store.accounts.countUsers() === 0;
  }

  async createFirstAdmin(args: CreateFirstAdminArgs): Promise<SignedIn> {
    if (!this.needsFirstAdmin()) throw alreadySetUp();
    const hash = await hashPassword(args.password, this.cost);
    const admin = this.store.accounts.addUser(args.name, hash, 'admin', true);
    if (!admin) throw alreadySetUp();
    log.info({ user: admin.name }, 'first admin created');
    return this.startSession(admin);
  }

  async signIn(args: SignInArgs): Promise<SignedIn> {
    const user = this.store.accounts.userByName(args.name);
    const hash = user?.passwordHash ?? (await this.decoyHash());
    const right = await verifyPassword(args.password, hash);
    if (!user || !right) {
      log.warn({ user: args.name }, 'sign-in refused');
      throw new ApiError('wrong name or password', 'password', 401);
    }
    if (user.disabled) throw new ApiError(`the account ${user.name} is disabled`, 'name', 403);
    this.store.accounts.deleteExpiredSessions();
    return this.startSession(user);
  }

  /** The signed-in user of a session cookie's token, or null. */
  userOf(token: string | undefined): UserInfo | null {
    if (!token) return null;
    const user = this.store.accounts.sessionUser(hashToken(token));
    return user ? publicUser(user) : null;
  }

  signOut(token: string | undefined): void {
    if (token) this.store.accounts.deleteSession(hashToken(token));
  }

  listUsers(): UserInfo[] {
    return this.store.accounts.listUsers().map(publicUser);
  }

  async addUser(args: AddUserArgs): Promise<UserInfo> {
    this.refuseTakenName(args.name);
    const hash = await hashPassword(args.password, this.cost);
    this.refuseTakenName(args.name); // again: another request may have taken it meanwhile
    const user = this.store.accounts.addUser(args.name, hash, args.role)!;
    log.info({ user: user.name, role: user.role }, 'user added');
    return publicUser(user);
  }

  /** A role change applies at the user's next request; disabling or a reset ends sessions. */
  async updateUser(by: UserInfo, args: UpdateUserArgs): Promise<UserInfo> {
    const user = this.mustGet(args.userId);
    const losesAdmin =
      user.role === 'admin' &&
      !user.disabled &&
      ((args.role !== undefined && args.role !== 'admin') || args.disabled === true);
    if (losesAdmin) this.refuseLastAdmin(user, args.disabled === true ? 'disabled' : 'demoted');
    if (args.disabled === true && user.id === by.id) {
      throw new ApiError('you cannot disable your own account', 'disabled', 409);
    }

    const passwordHash =
      args.password === undefined ? undefined : await hashPassword(args.password, this.cost);
    const updated = this.store.accounts.updateUser(user.id, {
      ...(args.role !== undefined ? { role: args.role } : {}),
      ...(args.disabled !== undefined ? { disabled: args.disabled } : {}),
      ...(passwordHash !== undefined ? { passwordHash } : {}),
    })!;
    if (args.disabled === true || passwordHash !== undefined) {
      this.store.accounts.deleteSessionsOf(user.id);
    }
    log.info({ user: user.name, by: by.name, role: updated.role }, 'user changed');
    return publicUser(updated);
  }

  deleteUser(by: UserInfo, userId: number): void {
    const user = this.mustGet(userId);
    if (user.id === by.id) throw new ApiError('you cannot delete your own account', 'userId', 409);
    if (user.role === 'admin' && !user.disabled) this.refuseLastAdmin(user, 'deleted');
    this.store.accounts.deleteUser(user.id);
    log.info({ user: user.name, by: by.name }, 'user deleted');
  }

  private startSession(user: StoredUser): SignedIn {
    const token = randomBytes(32).toString('base64url');
    const expiresMs = this.now() + SESSION_HOURS * 3600_000;
    this.store.accounts.addSession(hashToken(token), user.id, expiresMs);
    return { user: publicUser(user), token, expiresMs };
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= hashPassword(randomBytes(16).toString('hex'), this.cost);
    return this.decoy;
  }

  private refuseTakenName(name: string): void {
    const taken = this.store.accounts.userByName(name);
    if (taken) throw new ApiError(`the name ${taken.name} is taken`, 'name', 409);
  }

  private refuseLastAdmin(user: StoredUser, what: string): void {
    if (this.store.accounts.countEnabledAdmins() <= 1) {
      throw new ApiError(
        `${user.name} is the last admin and cannot be ${what}: make another user admin first`,
        'userId',
        409,
      );
    }
  }

  private mustGet(userId: number): StoredUser {
    const user = this.store.accounts.user(userId);
    if (!user) throw new ApiError(`no user ${userId}`, 'userId', 404);
    return user;
  }
}

function alreadySetUp(): ApiError {
  return new ApiError('the admin account exists already: sign in instead', 'name', 409);
}
