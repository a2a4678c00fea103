import type { CursorStore } from '../runtime/index.ts';
import type { GroupAck, SetAck } from './ack-model.ts';
import { orderStream, requestStream } from './x12-transport-options.ts';

/**
 * Where a 940 the hub sent stands: `pending` (its control number is reserved, the file may not be
 * written yet), `sent` (in the outbox), then `accepted` or `rejected` by the partner's 997.
 */
export type SentOrderStatus = 'pending' | 'sent' | 'accepted' | 'rejected';

/** A 940 the hub sent to the partner, and the partner's verdict on it. */
export interface SentOrder {
  readonly requestId: string;
  readonly orderRef: string;
  readonly warehouse: string;
  /** ISA13 = GS06 of the 940 interchange: what the partner's 997 names in AK102. */
  readonly controlNumber: number;
  readonly file: string;
  /** The envelope date of the interchange (a retransmission repeats it, byte for byte). */
  readonly sentAt: string;
  readonly status: SentOrderStatus;
  /** When the hub read the partner's 997, and that 997's ISA13. */
  readonly acknowledgedAt?: string | undefined;
  readonly ackInterchange?: string | undefined;
  /** What the 997 reported (AK5/AK9 codes, AK3 segments, AK4 elements with the bad values). */
  readonly errors?: readonly string[] | undefined;
}

/** What one acknowledged group of a received 997 meant for the hub's 940s. */
export interface AckOutcome {
  /** `OW 2001` — AK101 and AK102. */
  readonly group: string;
  readonly status: GroupAck['status'];
  /** The 940 it answers; undefined when the hub sent no 940 with that control number. */
  readonly order?: SentOrder | undefined;
}

/**
 * The 940s sent to one partner, kept in the cursor store so a restart still knows them: one record
 * by ISA13 (`x12:940#<n>`, the record as JSON, updated when the 997 arrives) and an index by
 * fulfilment request id (`x12:940:<id>`, `maxSeq` = the ISA13), which makes sending the same
 * request again harmless.
 */
export class OrderLog {
  private readonly cursors: CursorStore;
  private readonly source: string;

  constructor(cursors: CursorStore, source: string) {
    this.cursors = cursors;
    this.source = source;
  }

  async byRequest(requestId: string): Promise<SentOrder | undefined> {
    const index = await this.cursors.load(this.source, requestStream(requestId));
    return index.maxSeq === null ? undefined : this.byControl(index.maxSeq);
  }

  async byControl(controlNumber: number): Promise<SentOrder | undefined> {
    const rec = await this.cursors.load(this.source, orderStream(controlNumber));
    if (rec.cursor === null) return undefined;
    try {
      return JSON.parse(rec.cursor) as SentOrder;
    } catch {
      return undefined;
    }
  }

  /** Saves the record, and the index by request id the first time. */
  async save(order: SentOrder): Promise<SentOrder> {
    await this.cursors.commit(this.source, orderStream(order.controlNumber), { cursor: JSON.stringify(order), maxSeq: order.controlNumber, resyncWanted: false });
    if (order.status === 'pending') {
      await this.cursors.commit(this.source, requestStream(order.requestId), { cursor: order.sentAt, maxSeq: order.controlNumber, resyncWanted: false });
    }
    return order;
  }

  /**
   * Applies one group of a received 997. Only shipping-order groups (AK101 `OW`) answer the hub;
   * AK102 is the 940's GS06, which the hub writes equal to its ISA13. A 997 for a group the hub
   * never sent is reported, not guessed at. A later 997 for the same 940 replaces the verdict.
   */
  async apply(ack: GroupAck, ctx: { readonly at: string; readonly interchange: string | undefined }): Promise<AckOutcome> {
    const group = `${ack.functionalId} ${ack.controlNumber}`;
    const n = /^\d{1,9}$/.test(ack.controlNumber) ? Number(ack.controlNumber) : undefined;
    const found = ack.functionalId === 'OW' && n !== undefined ? await this.byControl(n) : undefined;
    if (found === undefined) return { group, status: ack.status };
    const accepted = ack.status === 'A' || ack.status === 'E' || (ack.status === 'P' && ack.sets.some((s) => s.status === 'A' || s.status === 'E'));
    const order: SentOrder = {
      ...found,
      status: accepted ? 'accepted' : 'rejected',
      acknowledgedAt: ctx.at,
      ackInterchange: ctx.interchange,
      errors: describeAck(ack),
    };
    return { group, status: ack.status, order: await this.save(order) };
  }
}

/** The 997's findings in words: AK9/AK5 codes, AK3 segments and AK4 elements. */
export function describeAck(ack: GroupAck): string[] {
  const out: string[] = [];
  if (ack.codes.length > 0) out.push(`group ${ack.controlNumber}: AK9 ${ack.status} codes ${ack.codes.join(', ')}`);
  for (const s of ack.sets) out.push(...describeSet(s));
  return out;
}

function describeSet(s: SetAck): string[] {
  const out: string[] = [];
  const head = `${s.setId} ${s.controlNumber}: AK5 ${s.status}${s.codes.length > 0 ? ` codes ${s.codes.join(', ')}` : ''}`;
  if (s.status !== 'A' || s.codes.length > 0) out.push(head);
  for (const seg of s.segments) {
    out.push(`${s.setId} ${s.controlNumber}: segment ${seg.tag} at position ${seg.position}${seg.code ? ` (AK304 ${seg.code})` : ''}`);
    for (const e of seg.elements) {
      const ref = e.reference ? ` (element ${e.reference})` : '';
      const value = e.value ? ` value "${e.value}"` : '';
      out.push(`${s.setId} ${s.controlNumber}: ${seg.tag}${String(e.position).padStart(2, '0')}${ref} AK403 ${e.code}${value}`);
    }
  }
  return out;
}
