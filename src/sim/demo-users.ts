import type { AuthService, Role } from '../auth/index.ts';

/** A demo sign-in: created only when the demo network is loaded, with a published password. */
export interface DemoUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** null = every warehouse. */
  readonly warehouses: readonly string[] | null;
  /** Public on purpose (printed in the demo banner, docs/auth.md): never use these outside the demo. */
  readonly password: string;
}

/**
 * One user per person role of the demo network. The dashboard's browser tests and docs/auth.md
 * sign in with these; `stockmesh serve` creates them (when missing) only on a hub holding the demo.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'ops', displayName: 'Operations centre (demo)', role: 'operations', warehouses: null, password: 'demo-centre-2026' },
  { username: 'planner', displayName: 'Network planner (demo)', role: 'planner', warehouses: null, password: 'demo-plans-2026' },
  { username: 'sha-manager', displayName: 'Shanghai RDC manager (demo)', role: 'warehouse_manager', warehouses: ['SHA-RDC'], password: 'demo-shanghai-2026' },
  { username: 'viewer', displayName: 'Read-only viewer (demo)', role: 'viewer', warehouses: null, password: 'demo-readonly-2026' },
];

/** Creates the demo users that do not exist yet (an existing one is left as it is); answers those created. */
export async function ensureDemoUsers(auth: AuthService): Promise<DemoUser[]> {
  const created: DemoUser[] = [];
  for (const u of DEMO_USERS) {
    if (await auth.findUser(u.username)) continue;
    await auth.createUser({ username: u.username, displayName: u.displayName, role: u.role, warehouses: u.warehouses, password: u.password }, { actor: 'system:demo', via: 'cli' });
    created.push(u);
  }
  return created;
}

/** The banner lines naming the demo users and their passwords. */
export const describeDemoUsers = (): string[] => [
  'Demo sign-ins (demo only, passwords are public):',
  ...DEMO_USERS.map((u) => `  ${u.username.padEnd(12)} ${u.password.padEnd(20)} ${u.role}${u.warehouses ? ` (${u.warehouses.join(', ')})` : ''}`),
];
