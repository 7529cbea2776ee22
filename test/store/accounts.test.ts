/**
 * Accounts against a real SQLite store: names unique in any case, sessions that expire,
 * per-install secrets that stay, and password hashes that verify only the right password.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AccountService, SESSION_HOURS } from '../../src-main/accounts/accounts.js';
import { hashPassword, verifyPassword } from '../../src-main/accounts/passwords.js';
import { openStore, type Store } from '../../src-main/store/store.js';
import { makeTempDir, removeDir } from './helpers.js';

let dataDir: string;
let store: Store;
let nowMs: number;

beforeEach(() => {
  dataDir = makeTempDir();
  nowMs = Date.parse('2024-01-02T03:04:05.000Z');
  store = openStore({ dataDir, now: () => new Date(nowMs) });
});

afterEach(() => {
  store.close();
  removeDir(dataDir);
});

it('ends a session after its hours, without any sign-out', async () => {
  const accounts = new AccountService(store, undefined, () => nowMs);
  const { token } = await accounts.createFirstAdmin({ name: 'admin', password: 'long enough!' });
  expect(accounts.userOf(token)?.name).toBe('admin');

  nowMs += SESSION_HOURS * 3600_000 - 1;
  expect(accounts.userOf(token)?.name).toBe('admin');
  nowMs += 1;
  expect(accounts.userOf(token)).toBeNull();
  expect(accounts.userOf('not a token')).toBeNull();
  expect(accounts.userOf(undefined)).toBeNull();
});

it('keeps one user per name whatever its case', () => {
  store.accounts.addUser('Alice', 'h', 'editor');
  expect(() => store.accounts.addUser('alice', 'h', 'viewer')).toThrow(/UNIQUE/);
  expect(store.accounts.userByName('ALICE')?.name).toBe('Alice');
});

it('makes each secret once and keeps it', () => {
  const cookie = store.accounts.secret('cookie');
  expect(cookie).toMatch(/^[0-9a-f]{64}$/);
  expect(store.accounts.secret('cookie')).toBe(cookie);
  expect(store.accounts.secret('csrf')).not.toBe(cookie);
});

it('verifies the right password only, with the parameters kept in the hash', async () => {
  const cheap = { logN: 10, r: 8, p: 1 };
  const hash = await hashPassword('Ünïcode pass', cheap);
  expect(hash).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  expect(await verifyPassword('Ünïcode pass', hash)).toBe(true);
  // The same text in another Unicode normal form is the same password.
  expect(await verifyPassword('Ünïcode pass'.normalize('NFD'), hash)).toBe(true);
  expect(await verifyPassword('unicode pass', hash)).toBe(false);
  expect(await verifyPassword('Ünïcode pass', 'bcrypt$whatever')).toBe(false);
  expect(await hashPassword('Ünïcode pass', cheap)).not.toBe(hash);
});
