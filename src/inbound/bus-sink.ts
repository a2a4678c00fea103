import { type Bus, type BusMessage, inventoryMessage, inventorySubject } from '../bus/index.ts';
import type { InboundSink, SnapshotDoc } from '../connectors/index.ts';

/** Bus message ids of snapshots carry this prefix; the ledger consumer tells them from events by it. */
export const SNAPSHOT_ID_PREFIX = 'snapshot:';

/**
 * The connectors' sink when the bus sits between them and the ledger: events and snapshots are
 * published on the warehouse's inventory subject and the call resolves once the bus stored them
 * durably — that is when a connector may move its cursor on. Snapshots travel on the same subject
 * as the warehouse's events, so the ledger consumer meets them in the order they were sent.
 */
export function busSink(bus: Bus, subjectPrefix = 'stockmesh'): InboundSink {
  return {
    async events(inputs) {
      const bySubject = new Map<string, BusMessage[]>();
      for (const input of inputs) {
        const { subject, message } = inventoryMessage(input.raw, subjectPrefix);
        const list = bySubject.get(subject) ?? [];
        list.push(message);
        bySubject.set(subject, list);
      }
      await Promise.all([...bySubject].map(([subject, messages]) => bus.publish(subject, messages)));
    },
    async snapshot(doc: SnapshotDoc) {
      await bus.publish(inventorySubject(doc.warehouse, subjectPrefix), [
        { id: `${SNAPSHOT_ID_PREFIX}${doc.source}:${doc.id}`, key: `${doc.warehouse}|*`, payload: JSON.stringify(doc) },
      ]);
    },
  };
}
