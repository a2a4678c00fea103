import { hash, verify } from '@node-rs/argon2';
import { CompiledQuery, type Kysely, PostgresAdapter, type Selectable, type Transaction } from 'kysely';
import { recordAudit } from '../audit/index.ts';
import { problem, StockmeshError } from '../domain/index.ts';
import type { MasterDataSource } from '../mdm/index.ts';
import type { ApiKeyTable, Database, UserTable } from '../store/index.ts';
import { type ApiKey, type ChangeContext, type NewApiKey, type NewUser, type SessionInfo, type User, type UserChange } from './account-types.ts';
import { keyPrincipal, listText, toKey, toUser, userPrincipal } from './account-rows.ts';
import { type AccountScope, isRole, scopeProblems, type ScopeLookup } from './account-rules.ts';
import { isValidUsername, passwordProblems } from './password-policy.ts';
import type { Principal } from './principal.ts';
import { formatApiKey, newId, parseApiKey, randomSecret, sameDigest, sha256 } from './tokens.ts';

export interface AuthServiceOptions {
  readonly db: Kysely<Database>;
  /** Where API keys are looked up on each request (the store's `readDb`: never behind a write transaction); default `db`. */
  readonly readDb?: Kysely<Database> | undefined;
  /** Checks warehouses and sources named by accounts. */
  readonly masterData: MasterDataSource;
  readonly now?: (() => Date) | undefined;
  /** Idle time after which a session ends (sliding; default 12 h). */
  readonly sessionTtlMs?: number | undefined;
}

export const DEFAULT_SESSION_TTL_MS = 12 * 3600_000;
/** Sliding expiry and an API key's last-used time are written at most this often. */
const TOUCH_MS = 60_000;
/** The API-key look-up by id (its SQL written once: see `apiKey`). */
const KEY_BY_ID = 'select * from api_keys where id = ?';
const KEY_BY_ID_PG = 'select * from api_keys where id = $1';

/**
 * argon2id parameters (OWASP's minimum: 19 MiB, 2 passes, 1 lane): about 20–40 ms per hash here.
 * Only passwords are argon2-hashed; session tokens and API key secrets are 32 random bytes, so a
 * single sha256 is as strong as their entropy and costs nothing per request.
 */
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export type { ApiKey, ChangeContext, NewApiKey, NewUser, SessionInfo, User, UserChange } from './account-types.ts';
export { keyPrincipal, userPrincipal } from './account-rows.ts';

/**
 * Users, sessions and API keys over the store. Every change is validated first (role, scope,
 * password policy) and refused whole with every problem named; nothing is half-written.
 */
export class AuthService {
  private readonly db: Kysely<Database>;
  private readonly readDb: Kysely<Database>;
  private readonly masterData: MasterDataSource;
  private readonly now: () => Date;
  readonly sessionTtlMs: number;
  /** When each key's last use was last written by this process. */
  private readonly keyTouched = new Map<string, number>();
  private dummyHash: Promise<string> | undefined;

  constructor(opts: AuthServiceOptions) {
    this.db = opts.db;
    this.readDb = opts.readDb ?? opts.db;
    this.masterData = opts.masterData;
    this.now = opts.now ?? (() => new Date());
    this.sessionTtlMs = opts.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  }

  private iso(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  private async lookup(): Promise<ScopeLookup> {
    const md = await this.masterData.current();
    return { hasWarehouse: (id) => md.warehouse(id) !== undefined, sourceWarehouses: (id) => md.source(id)?.warehouses };
  }

  private async checkScope(kind: 'user' | 'key', s: AccountScope): Promise<void> {
    let problems = scopeProblems(kind, s, await this.lookup());
    if (problems.some((p) => p.code === 'UNKNOWN_WAREHOUSE' || p.code === 'UNKNOWN_SOURCE')) {
      await this.masterData.refresh(1000);
      problems = scopeProblems(kind, s, await this.lookup());
    }
    if (problems.length > 0) throw new StockmeshError('INVALID_ARGUMENT', problems.map((p) => p.message).join('; '), problems);
  }

  private checkPassword(password: string, username: string): void {
    const reasons = passwordProblems(password, username);
    if (reasons.length > 0) throw new StockmeshError('PASSWORD_POLICY', reasons.join('; '), reasons.map((r) => problem('PASSWORD_POLICY', r, 'password')));
  }

  private async audit(tx: Transaction<Database>, ctx: ChangeContext | undefined, action: string, target: { kind: string; id: string }, before: unknown, after: unknown): Promise<void> {
    if (!ctx) return;
    await recordAudit(tx, { actor: ctx.actor, via: ctx.via, requestId: ctx.requestId ?? null, action, target, before, after });
  }

  // ---- users ----

  async createUser(input: NewUser, ctx?: ChangeContext): Promise<User> {
    const username = input.username.trim().toLowerCase();
    if (!isValidUsername(username)) {
      throw new StockmeshError('INVALID_ARGUMENT', `user name "${input.username}" is not valid: 2–64 characters, a-z 0-9 . _ -, starting with a letter or digit`, [
        problem('INVALID_ARGUMENT', 'invalid user name', 'username'),
      ]);
    }
    const warehouses = input.warehouses ?? null;
    await this.checkScope('user', { role: input.role, warehouses, source: null });
    this.checkPassword(input.password, username);
    if (await this.findUser(username)) throw new StockmeshError('USERNAME_TAKEN', `user name "${username}" is taken`, [problem('USERNAME_TAKEN', 'taken', 'username')]);
    const at = this.iso();
    const row: UserTable = {
      id: newId('usr'),
      username,
      display_name: input.displayName?.trim() || username,
      role: input.role,
      warehouses: listText(warehouses),
      password_hash: await hash(input.password, ARGON2),
      disabled: 0,
      created_at: at,
      updated_at: at,
      password_changed_at: at,
    };
    try {
      await this.db.transaction().execute(async (tx) => {
        await tx.insertInto('users').values(row).execute();
        await this.audit(tx, ctx, 'user.create', { kind: 'user', id: row.id }, null, toUser(row));
      });
    } catch (err) {
      if (await this.findUser(username)) throw new StockmeshError('USERNAME_TAKEN', `user name "${username}" is taken`, [problem('USERNAME_TAKEN', 'taken', 'username')]);
      throw err;
    }
    return toUser(row);
  }

  async countUsers(): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async listUsers(page: { limit: number; offset: number }): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').limit(page.limit).offset(page.offset).execute();
    return rows.map(toUser);
  }

  async getUser(id: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async findUser(username: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  private async mustGetUser(id: string): Promise<User> {
    const u = (await this.getUser(id)) ?? (await this.findUser(id));
    if (!u) throw new StockmeshError('NOT_FOUND', `user "${id}" not found`);
    return u;
  }

  /** Changes role, warehouses, display name or disabled; disabling (or changing reach) ends the user's sessions. */
  async updateUser(idOrName: string, change: UserChange, ctx?: ChangeContext): Promise<User> {
    const u = await this.mustGetUser(idOrName);
    const role = change.role ?? u.role;
    const warehouses = change.warehouses !== undefined ? change.warehouses : change.role !== undefined && change.role !== u.role && role === 'admin' ? null : u.warehouses;
    await this.checkScope('user', { role, warehouses, source: null });
    const at = this.iso();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({
          role,
          warehouses: listText(warehouses),
          display_name: change.displayName?.trim() || u.displayName,
          disabled: (change.disabled ?? u.disabled) ? 1 : 0,
          updated_at: at,
        })
        .where('id', '=', u.id)
        .execute();
      const reachChanged = role !== u.role || listText(warehouses) !== listText(u.warehouses);
      if (change.disabled === true || reachChanged) {
        await tx.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', u.id).where('revoked_at', 'is', null).execute();
      }
      const after = await tx.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow();
      await this.audit(tx, ctx, 'user.update', { kind: 'user', id: u.id }, u, toUser(after));
    });
    return (await this.getUser(u.id)) as User;
  }

  /** Sets a new password (policy checked) and ends every session of the user. */
  async setPassword(idOrName: string, password: string, ctx?: ChangeContext): Promise<User> {
    const u = await this.mustGetUser(idOrName);
    this.checkPassword(password, u.username);
    const at = this.iso();
    const h = await hash(password, ARGON2);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ password_hash: h, password_changed_at: at, updated_at: at }).where('id', '=', u.id).execute();
      await tx.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', u.id).where('revoked_at', 'is', null).execute();
      await this.audit(tx, ctx, 'user.password', { kind: 'user', id: u.id }, null, { username: u.username, passwordChangedAt: at, sessionsEnded: true });
    });
    return u;
  }

  /** The user when `password` is theirs and they are enabled; undefined otherwise (same work either way). */
  async checkLogin(username: string, password: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
    if (!r || password.length > 1024) {
      // Spend the same time as a real check, so timing does not tell which user names exist.
      this.dummyHash ??= hash(randomSecret(), ARGON2);
      await verify(await this.dummyHash, password.slice(0, 1024)).catch(() => false);
      return undefined;
    }
    const ok = await verify(r.password_hash, password).catch(() => false);
    return ok && r.disabled === 0 ? toUser(r) : undefined;
  }

  // ---- sessions ----

  /** Starts a session for `user`; the token goes into the cookie and is never stored. */
  async startSession(user: User, ip: string | null): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
    const token = randomSecret();
    const csrfToken = randomSecret();
    const at = this.iso();
    const expiresAt = this.iso(this.sessionTtlMs);
    await this.db.insertInto('sessions').values({ id: sha256(token), user_id: user.id, csrf_token: csrfToken, created_at: at, expires_at: expiresAt, last_seen_at: at, revoked_at: null, ip }).execute();
    // Housekeeping on each sign-in: sessions over for more than a day are deleted (they can never come back).
    const dayAgo = this.iso(-86_400_000);
    await this.db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<', dayAgo), eb('revoked_at', '<', dayAgo)])).execute();
    return { token, csrfToken, expiresAt };
  }

  /** The live session of `token` (not revoked, not expired, user enabled), sliding its expiry. */
  async session(token: string): Promise<SessionInfo | undefined> {
    if (!/^[0-9a-f]{64}$/.test(token)) return undefined;
    const id = sha256(token);
    const r = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at', 'sessions.revoked_at'])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    const now = this.now().getTime();
    if (!r || r.revoked_at !== null || Date.parse(r.expires_at) <= now || r.disabled === 1) return undefined;
    let expiresAt = r.expires_at;
    if (now - Date.parse(r.last_seen_at) >= TOUCH_MS) {
      expiresAt = this.iso(this.sessionTtlMs);
      await this.db.updateTable('sessions').set({ expires_at: expiresAt, last_seen_at: this.iso() }).where('id', '=', id).execute();
    }
    const user = toUser(r);
    return { user, principal: userPrincipal(user), csrfToken: r.csrf_token, expiresAt };
  }

  /** Ends the session of `token` (a no-op when there is none). */
  async endSession(token: string): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: this.iso() }).where('id', '=', sha256(token)).where('revoked_at', 'is', null).execute();
  }

  // ---- API keys ----

  /** Creates a key; the answer's `secret` (the whole key) is the only time it is ever shown. */
  async createKey(input: NewApiKey, createdBy: string, ctx?: ChangeContext): Promise<{ key: ApiKey; secret: string }> {
    const label = input.label.trim();
    if (label === '' || label.length > 100) throw new StockmeshError('INVALID_ARGUMENT', 'a key needs a label of 1–100 characters', [problem('INVALID_ARGUMENT', 'label is required', 'label')]);
    const source = input.source ?? null;
    let warehouses = input.warehouses ?? null;
    if (input.role === 'connector' && source !== null && (warehouses === null || warehouses.length === 0)) {
      warehouses = (await this.lookup()).sourceWarehouses(source) ?? null;
    }
    await this.checkScope('key', { role: input.role, warehouses, source });
    const secret = randomSecret();
    const row: ApiKeyTable = {
      id: newId('key'),
      label,
      role: input.role,
      warehouses: listText(warehouses),
      source,
      secret_hash: sha256(secret),
      created_at: this.iso(),
      created_by: createdBy,
      last_used_at: null,
      revoked_at: null,
      revoked_by: null,
    };
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('api_keys').values(row).execute();
      await this.audit(tx, ctx, 'key.create', { kind: 'key', id: row.id }, null, toKey(row));
    });
    return { key: toKey(row), secret: formatApiKey(row.id, secret) };
  }

  async listKeys(page: { limit: number; offset: number }): Promise<ApiKey[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').limit(page.limit).offset(page.offset).execute();
    return rows.map(toKey);
  }

  async getKey(id: string): Promise<ApiKey | undefined> {
    const r = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toKey(r) : undefined;
  }

  /** Revokes a key at once (idempotent: revoking twice keeps the first time). */
  async revokeKey(id: string, by: string, ctx?: ChangeContext): Promise<ApiKey> {
    const k = await this.getKey(id);
    if (!k) throw new StockmeshError('NOT_FOUND', `API key "${id}" not found`);
    if (k.revokedAt === null) {
      await this.db.transaction().execute(async (tx) => {
        await tx.updateTable('api_keys').set({ revoked_at: this.iso(), revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).execute();
        const after = await tx.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        await this.audit(tx, ctx, 'key.revoke', { kind: 'key', id }, k, toKey(after));
      });
    }
    this.keyTouched.delete(id);
    return (await this.getKey(id)) as ApiKey;
  }

  /** The principal of an API key, when it is one, matches and is not revoked; records its use (at most once a minute). */
  async apiKey(token: string): Promise<Principal | undefined> {
    const parsed = parseApiKey(token);
    if (!parsed) return undefined;
    // Every API request runs this: one fixed SQL text (no Kysely query building per request).
    const [r] = (await this.readDb.executeQuery<Selectable<ApiKeyTable>>(CompiledQuery.raw(this.readDb.getExecutor().adapter instanceof PostgresAdapter ? KEY_BY_ID_PG : KEY_BY_ID, [parsed.id]))).rows;
    if (!r || r.revoked_at !== null || !sameDigest(r.secret_hash, sha256(parsed.secret))) return undefined;
    const now = this.now().getTime();
    const last = this.keyTouched.get(r.id) ?? (r.last_used_at ? Date.parse(r.last_used_at) : 0);
    if (now - last >= TOUCH_MS) {
      this.keyTouched.set(r.id, now);
      await this.db.updateTable('api_keys').set({ last_used_at: this.iso() }).where('id', '=', r.id).execute();
    } else if (!this.keyTouched.has(r.id)) this.keyTouched.set(r.id, last);
    return keyPrincipal(toKey(r));
  }
}

export { isRole };
