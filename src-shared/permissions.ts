/**
 * Who may change what in `maclog serve`: the rules the server enforces
 * (src-main/accounts/permissions.ts), shared with the UI so that it offers only what the
 * signed-in user may do. Where there are no accounts (the desktop app, the CLI) there is
 * one local user, who may do everything.
 */
import type { UserInfo } from './api.js';

/** Adding files and shipping them to Loki: editors and admins. */
export function mayUpload(user: UserInfo): boolean {
  return user.role === 'admin' || user.role === 'editor';
}

/**
 * Cancelling, retrying or deleting a job: an admin any job, an editor their own. Jobs with
 * no owner (the CLI's, a deleted user's) are the admin's alone.
 */
export function mayChangeJob(user: UserInfo, ownerId: number | null): boolean {
  return user.role === 'admin' || (user.role === 'editor' && ownerId === user.id);
}
