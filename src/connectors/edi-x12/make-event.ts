import type { InboundEvent } from '../../domain/index.ts';

type Fields = { readonly [K in keyof InboundEvent]: InboundEvent[K] };

/** An inbound event without its undefined fields (the ledger's schema refuses unknown, not absent, fields). */
export function makeEvent(fields: Fields): InboundEvent {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out as unknown as InboundEvent;
}
