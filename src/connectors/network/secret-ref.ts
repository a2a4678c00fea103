/**
 * Secrets in a connectors file may name an environment variable instead of holding the value:
 * `"env:CAN_SAAS_SECRET"` is replaced by that variable when the file is loaded, so the file itself
 * can be committed and shared without secrets in it. Any other string is the secret itself.
 */
export const ENV_PREFIX = 'env:';

export type SecretResolution = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

/** The secret a reference stands for, read from `env` for `env:NAME`. */
export function resolveSecret(ref: string, env: NodeJS.ProcessEnv): SecretResolution {
  if (!ref.startsWith(ENV_PREFIX)) return { ok: true, value: ref };
  const name = ref.slice(ENV_PREFIX.length);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { ok: false, message: `"${ref}" does not name an environment variable (env:NAME, letters, digits and _)` };
  const value = env[name];
  if (value === undefined || value === '') return { ok: false, message: `environment variable ${name} (from "${ref}") is not set or empty` };
  return { ok: true, value };
}
