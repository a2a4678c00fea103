/**
 * `STOCKMESH_SECURE_COOKIES`: whether the session cookie is marked Secure. `auto` (default): when
 * the request reached the hub over https; `true`/`1`: always (behind a proxy that terminates TLS);
 * `false`/`0`: never. Anything else is refused, naming the variable.
 */
export function secureCookiesFromEnv(env: NodeJS.ProcessEnv = process.env): boolean | 'auto' {
  const v = (env.STOCKMESH_SECURE_COOKIES ?? '').trim().toLowerCase();
  if (v === '' || v === 'auto') return 'auto';
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  throw new Error(`STOCKMESH_SECURE_COOKIES must be auto, true or false, got "${env.STOCKMESH_SECURE_COOKIES}"`);
}
