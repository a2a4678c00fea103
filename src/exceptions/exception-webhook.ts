import { StockmeshError } from '../domain/index.ts';

/** Where signed exception notifications go (docs/exceptions.md, "Webhook notifications"). */
export interface ExceptionWebhook {
  readonly url: string;
  readonly secret: string;
}

/**
 * Reads STOCKMESH_EXCEPTION_WEBHOOK_URL and STOCKMESH_EXCEPTION_WEBHOOK_SECRET: both or neither.
 * Neither = no notifications (nothing is queued). A URL without a secret, a secret without a URL,
 * or a URL that is not http(s) throws WEBHOOK_CONFIG_INVALID.
 */
export function exceptionWebhookFromEnv(env: NodeJS.ProcessEnv = process.env): ExceptionWebhook | undefined {
  const url = env.STOCKMESH_EXCEPTION_WEBHOOK_URL?.trim() || undefined;
  const secret = env.STOCKMESH_EXCEPTION_WEBHOOK_SECRET || undefined;
  if (url === undefined && secret === undefined) return undefined;
  if (url === undefined) throw new StockmeshError('WEBHOOK_CONFIG_INVALID', 'STOCKMESH_EXCEPTION_WEBHOOK_SECRET is set but STOCKMESH_EXCEPTION_WEBHOOK_URL is not');
  if (secret === undefined) throw new StockmeshError('WEBHOOK_CONFIG_INVALID', 'STOCKMESH_EXCEPTION_WEBHOOK_URL is set but STOCKMESH_EXCEPTION_WEBHOOK_SECRET is not: notifications are always signed');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StockmeshError('WEBHOOK_CONFIG_INVALID', `STOCKMESH_EXCEPTION_WEBHOOK_URL "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new StockmeshError('WEBHOOK_CONFIG_INVALID', `STOCKMESH_EXCEPTION_WEBHOOK_URL must be http or https, got ${parsed.protocol}`);
  }
  return { url, secret };
}
