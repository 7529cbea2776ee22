/**
 * What each role may do in `maclog serve`, in one place.
 *
 * Every signed-in user sees every file and job: a shared lab server is there so that the
 * team sees each other's logs. Changes are another matter: a viewer changes nothing; an
 * editor uploads, ships stored files to Loki, and cancels, retries and deletes their own
 * jobs; an admin does anything, users and the stack (start, stop, its logs) included. Jobs
 * of the CLI (and of deleted users) have no owner: everyone sees them, only an admin changes
 * them. The rules themselves are in src-shared/permissions.ts, which the UI follows too.
 */
import { ApiError, type UserInfo } from '../../src-shared/api.js';
import { mayChangeJob, mayUpload } from '../../src-shared/permissions.js';

export function requireUpload(user: UserInfo): void {
  if (!mayUpload(user)) {
    throw new ApiError(
      `${user.name} is a viewer: uploading needs the editor or admin role`,
      'files',
      403,
    );
  }
}

export function requireJobChange(user: UserInfo, jobId: number, ownerId: number | null): void {
  if (mayChangeJob(user, ownerId)) return;
  const why =
    user.role === 'viewer'
      ? `${user.name} is a viewer and changes no job`
      : `job ${jobId} is not ${user.name}'s: only its owner or an admin may change it`;
  throw new ApiError(why, 'jobId', 403);
}

export function requireAdmin(user: UserInfo): void {
  if (user.role !== 'admin') {
    throw new ApiError(`${user.name} is not an admin: only admins manage users`, 'userId', 403);
  }
}

export function requireShip(user: UserInfo): void {
  if (!mayUpload(user)) {
    throw new ApiError(
      `${user.name} is a viewer: shipping to Loki needs the editor or admin role`,
      'fileId',
      403,
    );
  }
}

/** Starting and stopping the stack, and reading its services' logs, are the admin's. */
export function requireStackControl(user: UserInfo): void {
  if (user.role !== 'admin') {
    throw new ApiError(`${user.name} is not an admin: only admins run the stack`, null, 403);
  }
}
