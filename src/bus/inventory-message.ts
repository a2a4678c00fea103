import { createHash } from 'node:crypto';
import type { BusMessage } from './bus.ts';
import { inventoryKey, inventorySubject } from './inventory-subject.ts';

/**
 * Puts one inbound event (parsed JSON or its text, as connectors hand it to the sink) into bus
 * form: subject by warehouse, key warehouse × the source's SKU code, id = the event id, payload =
 * the JSON text. Mapping through master data happens later, in the ledger; so does validation —
 * an event without an id or warehouse still travels (id = hash of its text, subject `…inventory._`)
 * and is refused there with its reason, never dropped on the way.
 */
export function inventoryMessage(raw: unknown, prefix = 'stockmesh'): { readonly subject: string; readonly message: BusMessage } {
  const payload = typeof raw === 'string' ? raw : JSON.stringify(raw);
  let obj: unknown = raw;
  if (typeof raw === 'string') {
    try {
      obj = JSON.parse(raw);
    } catch {
      obj = null;
    }
  }
  const field = (k: string): string | undefined => {
    const v = obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>)[k] : undefined;
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const warehouse = field('warehouse') ?? '_';
  const id = field('id') ?? `sha256:${createHash('sha256').update(payload).digest('hex')}`;
  return { subject: inventorySubject(warehouse, prefix), message: { id, key: inventoryKey(warehouse, field('sku') ?? '_'), payload } };
}
