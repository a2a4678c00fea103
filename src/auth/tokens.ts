import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random 32-byte secret as 64 hex characters. */
export const randomSecret = (): string => randomBytes(32).toString('hex');

/** `prefix` + 16 random hex characters: `usr_9f…`, `key_3a…`. */
export const newId = (prefix: 'usr' | 'key'): string => `${prefix}_${randomBytes(8).toString('hex')}`;

/** sha256 of `text`, hex. How session tokens and API key secrets are stored. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

const API_KEY = /^smk_([0-9a-f]{16})_([0-9a-f]{64})$/;

/** The API key as handed out once: `smk_<16 hex of the id>_<64 hex secret>`. */
export const formatApiKey = (id: string, secret: string): string => `smk_${id.replace(/^key_/, '')}_${secret}`;

/** Splits an API key into its id (`key_…`) and secret; undefined when it is not one. */
export function parseApiKey(token: string): { id: string; secret: string } | undefined {
  const m = API_KEY.exec(token);
  return m ? { id: `key_${m[1]}`, secret: m[2] as string } : undefined;
}
