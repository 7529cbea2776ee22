/**
 * The users, sessions and per-install secrets of `maclog serve` (schema version 3).
 *
 * Plain storage: who may do what, and how passwords are checked, is the business of
 * src-main/accounts/. Session tokens arrive here already hashed.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Role, UserInfo } from '../../src-shared/api.js';

interface UserRow {
  id: number;
  name: string;
  password_hash: string;
  role: Role;
  created_at: string;
  disabled: number;
}

/** A user with the stored hash of their password, which never leaves src-main. */
export interface StoredUser extends UserInfo {
  passwordHash: string;
}

function toUser(row: UserRow): StoredUser {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    disabled: row.disabled === 1,
    passwordHash: row.password_hash,
  };
}

export interface UserChange {
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}

export class AccountRepo {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  countUsers(): number {
    return this.db.prepare('SELECT count(*) FROM users').pluck().get() as number;
  }

  /**
   * Adds a user. With `onlyIfNone`, only while there is no user at all, checked in the
   * same transaction, so two browsers racing to create the first admin cannot both win.
   * Null when that check fails.
   */
  addUser(name: string, passwordHash: string, role: Role, onlyIfNone = false): StoredUser | null {
    const add = this.db.transaction(() => {
      if (onlyIfNone && this.countUsers() > 0) return null;
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)')
        .run(name, passwordHash, role, this.now().toISOString());
      return this.user(Number(lastInsertRowid));
    });
    return add.immediate();
  }

  user(id: number): StoredUser | null {
    const row = this.db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
    return row ? toUser(row) : null;
  }

  /** Whatever the case the name is written in. */
  userByName(name: string): StoredUser | null {
    const row = this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE name = ?').get(name);
    return row ? toUser(row) : null;
  }

  /** By name, as an admin's list shows them. */
  listUsers(): StoredUser[] {
    return this.db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name').all().map(toUser);
  }

  updateUser(id: number, change: UserChange): StoredUser | null {
    const columns: [string, string | number | undefined][] = [
      ['role', change.role],
      ['disabled', change.disabled === undefined ? undefined : Number(change.disabled)],
      ['password_hash', change.passwordHash],
    ];
    const given = columns.filter((c): c is [string, string | number] => c[1] !== undefined);
    if (given.length > 0) {
      const sets = given.map(([column]) => `${column} = ?`).join(', ');
      const values = given.map(([, value]) => value);
      this.db.prepare(`UPDATE users SET ${sets} WHERE id = ?`).run(...values, id);
    }
    return this.user(id);
  }

  /** Their sessions go with them; their jobs stay, owned by nobody. */
  deleteUser(id: number): boolean {
    return this.db.prepare('DELETE FROM users WHERE id = ?').run(id).changes > 0;
  }

  countEnabledAdmins(): number {
    const sql = "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0";
    return this.db.prepare(sql).pluck().get() as number;
  }

  // ---- sessions ----

  addSession(tokenHash: string, userId: number, expiresMs: number): void {
    this.db
      .prepare(
        'INSERT INTO sessions (token_hash, user_id, created_at, expires_ms) VALUES (?, ?, ?, ?)',
      )
      .run(tokenHash, userId, this.now().toISOString(), expiresMs);
  }

  /** The enabled user of an unexpired session, or null. */
  sessionUser(tokenHash: string): StoredUser | null {
    const row = this.db
      .prepare<[string, number], UserRow>(
        `SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.expires_ms > ? AND u.disabled = 0`,
      )
      .get(tokenHash, this.now().getTime());
    return row ? toUser(row) : null;
  }

  deleteSession(tokenHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  deleteSessionsOf(userId: number): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  deleteExpiredSessions(): number {
    const sql = 'DELETE FROM sessions WHERE expires_ms <= ?';
    return this.db.prepare(sql).run(this.now().getTime()).changes;
  }

  // ---- secrets ----

  /** A random per-install key (hex, 32 bytes) kept under `name`, made on first use. */
  secret(name: string): string {
    this.db
      .prepare('INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)')
      .run(name, randomBytes(32).toString('hex'));
    return this.db.prepare('SELECT value FROM secrets WHERE name = ?').pluck().get(name) as string;
  }
}
