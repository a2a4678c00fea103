import { randomBytes } from 'node:crypto';
import type { AuthService } from './auth-service.ts';

/** The user name of the administrator created on first start. */
export const FIRST_ADMIN = 'admin';

/**
 * On a hub without any user, creates `admin` with a random password (20 characters, 120 bits) and
 * answers it — to be shown once; undefined when a user exists (every later start).
 */
export async function ensureFirstAdmin(auth: AuthService): Promise<{ username: string; password: string } | undefined> {
  if ((await auth.countUsers()) > 0) return undefined;
  const password = randomBytes(15).toString('base64url');
  await auth.createUser({ username: FIRST_ADMIN, displayName: 'Administrator', role: 'admin', password }, { actor: 'system:first-start', via: 'cli' });
  return { username: FIRST_ADMIN, password };
}

/** What `stockmesh serve` prints, once, after creating the first admin. */
export const firstAdminLines = (admin: { username: string; password: string }, url: string): string[] => [
  `First start: created the administrator "${admin.username}" with password ${admin.password}`,
  '  This password is shown only now. Sign in to the dashboard or POST /api/auth/login at ' + url + ', then change it:',
  `  npx stockmesh users passwd ${admin.username}     (and create API keys for systems: npx stockmesh keys create --help)`,
];
