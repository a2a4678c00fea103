import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ErrorCode } from '../../domain/index.ts';

export const TIMESTAMP_HEADER = 'x-stockmesh-timestamp';
export const SIGNATURE_HEADER = 'x-stockmesh-signature';
export const DELIVERY_HEADER = 'x-stockmesh-delivery';
/** Default tolerance between the sender's timestamp and the hub's clock (replay window). */
export const DEFAULT_TOLERANCE_SEC = 300;

/**
 * The signature a sender puts in `X-Stockmesh-Signature`: `sha256=` + hex HMAC-SHA256, keyed with
 * the source's secret, over `${timestamp}.${rawBody}` — the timestamp (Unix seconds, the value of
 * `X-Stockmesh-Timestamp`), a dot, and the body's bytes exactly as sent.
 */
export function signWebhook(secret: string, timestamp: number | string, rawBody: Uint8Array | string): string {
  return `sha256=${digest(secret, String(timestamp), rawBody).toString('hex')}`;
}

export type Verdict =
  | { readonly ok: true; readonly timestamp: number }
  | { readonly ok: false; readonly code: ErrorCode; readonly reason: string; readonly message: string };

export interface VerifyInput {
  /** The source's secrets (several while a secret is being rotated); empty = unknown source. */
  readonly secrets: readonly string[];
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly rawBody: Uint8Array;
  readonly now: Date;
  readonly toleranceSec: number;
}

/**
 * Pure verification, in this order: a secret exists for the source; a well-formed signature and
 * timestamp are present; the HMAC matches one of the secrets (compared in constant time); the
 * timestamp is within the tolerance. Checking the HMAC before the clock means a replayed genuine
 * delivery is recorded as exactly that, and a forged one as a bad signature.
 */
export function verifyWebhook(v: VerifyInput): Verdict {
  const fail = (code: ErrorCode, reason: string, message: string): Verdict => ({ ok: false, code, reason, message });
  if (v.secrets.length === 0) return fail('SIGNATURE_INVALID', 'unknown_source', 'no secret is configured for this source');
  if (!v.signature) return fail('SIGNATURE_INVALID', 'signature_missing', `the ${SIGNATURE_HEADER} header is missing`);
  const offered = parseSignatures(v.signature);
  if (offered.length === 0) return fail('SIGNATURE_INVALID', 'signature_malformed', `${SIGNATURE_HEADER} must be "sha256=<64 hex digits>"`);
  if (!v.timestamp) return fail('TIMESTAMP_OUT_OF_TOLERANCE', 'timestamp_missing', `the ${TIMESTAMP_HEADER} header is missing`);
  if (!/^\d{1,12}$/.test(v.timestamp.trim())) {
    return fail('TIMESTAMP_OUT_OF_TOLERANCE', 'timestamp_malformed', `${TIMESTAMP_HEADER} must be Unix seconds`);
  }
  const ts = v.timestamp.trim();
  let match = false;
  for (const secret of v.secrets) {
    const expected = digest(secret, ts, v.rawBody);
    for (const sig of offered) if (timingSafeEqual(expected, sig)) match = true;
  }
  if (!match) return fail('SIGNATURE_INVALID', 'signature_mismatch', 'the signature does not match the body and timestamp');
  const skew = Math.abs(v.now.getTime() / 1000 - Number(ts));
  if (skew > v.toleranceSec) {
    return fail('TIMESTAMP_OUT_OF_TOLERANCE', 'timestamp_outside_tolerance', `the timestamp is ${Math.round(skew)} s away from the hub's clock (tolerance ${v.toleranceSec} s)`);
  }
  return { ok: true, timestamp: Number(ts) };
}

/** `sha256=<hex>`, or several separated by commas (a sender signing with old and new secret). */
function parseSignatures(header: string): Buffer[] {
  const out: Buffer[] = [];
  for (const part of header.split(',')) {
    const m = /^\s*sha256=([0-9a-fA-F]{64})\s*$/.exec(part);
    if (m?.[1]) out.push(Buffer.from(m[1], 'hex'));
  }
  return out;
}

function digest(secret: string, timestamp: string, rawBody: Uint8Array | string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}
