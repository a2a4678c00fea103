/** Users, sessions, API keys (migration 0005-auth, src/auth): part of `Database` (../schema.ts). */
export interface AuthDatabase {
  users: UserTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
}

export interface UserTable {
  /** `usr_` + 16 hex. */
  id: string;
  /** Unique, lower case. */
  username: string;
  display_name: string;
  role: string;
  /** JSON array of warehouse ids; null = every warehouse. */
  warehouses: string | null;
  /** argon2id, PHC string. */
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
  password_changed_at: string;
}

export interface SessionTable {
  /** sha256 (hex) of the session token: the token itself is never stored. */
  id: string;
  user_id: string;
  /** Sent back in `x-csrf-token` with every mutating request made with this session. */
  csrf_token: string;
  created_at: string;
  /** Sliding: pushed forward (at most once a minute) while the session is used. */
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  ip: string | null;
}

export interface ApiKeyTable {
  /** `key_` + 16 hex; also the middle part of the key `smk_<hex>_<secret>`. */
  id: string;
  label: string;
  role: string;
  warehouses: string | null;
  source: string | null;
  /** sha256 (hex) of the secret. */
  secret_hash: string;
  created_at: string;
  created_by: string;
  /** Recorded at most once a minute per key and process. */
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}
