import type { Principal, Role } from './principal.ts';

/** A user as the API and the CLI show it (never the password hash). */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** null = every warehouse. */
  readonly warehouses: readonly string[] | null;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An API key as listed (never its secret, which is shown once, at creation). */
export interface ApiKey {
  readonly id: string;
  readonly label: string;
  readonly role: Role;
  readonly warehouses: readonly string[] | null;
  readonly source: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** A signed-in session: its principal, and what the dashboard needs to keep using it. */
export interface SessionInfo {
  readonly user: User;
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export interface NewUser {
  readonly username: string;
  readonly displayName?: string | undefined;
  readonly role: string;
  readonly warehouses?: readonly string[] | null | undefined;
  readonly password: string;
}

export interface UserChange {
  readonly displayName?: string | undefined;
  readonly role?: string | undefined;
  readonly warehouses?: readonly string[] | null | undefined;
  readonly disabled?: boolean | undefined;
}

export interface NewApiKey {
  readonly label: string;
  readonly role: string;
  /** Default: a connector key gets every warehouse of its source; other roles every warehouse. */
  readonly warehouses?: readonly string[] | null | undefined;
  readonly source?: string | null | undefined;
}

/**
 * Who makes a change, for the audit trail: every change to users and keys is recorded in the same
 * transaction as the change (`user.create`, `user.update`, `user.password`, `key.create`,
 * `key.revoke`; never a password, hash or secret). Absent = not recorded (tests, internal set-up).
 */
export interface ChangeContext {
  /** `user:alice`, `key:key_…(label)` (actorOf(req)), `cli:<os user>` (cliActor()), `system:first-start`. */
  readonly actor: string;
  readonly via: 'api' | 'cli';
  readonly requestId?: string | null | undefined;
}
