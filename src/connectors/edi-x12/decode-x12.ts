import { type InboundEvent, type Problem, problem, StockmeshError } from '../../domain/index.ts';
import type { Decoded, SnapshotDoc } from '../connector.ts';
import { type GroupAck, groupStatusOf, SET_ERROR } from './ack-model.ts';
import { checkEnvelope, type GroupCheck } from './check-envelope.ts';
import { checkSegments } from './check-segments.ts';
import { type DecodeX12Options, resolveX12Options } from './decode-x12-options.ts';
import { encode997 } from './encode-997.ts';
import { read846 } from './read-846.ts';
import { read940 } from './read-940.ts';
import { read943 } from './read-943.ts';
import { read944 } from './read-944.ts';
import { read945 } from './read-945.ts';
import { read997 } from './read-997.ts';
import { readInterchange } from './read-interchange.ts';
import type { SetOutput, SetReader } from './set-reader.ts';
import type { X12ShippingOrder } from './shipping-order.ts';
import type { Interchange } from './x12-model.ts';

const READERS: Readonly<Record<string, SetReader>> = { '846': read846, '940': read940, '943': read943, '944': read944, '945': read945, '997': read997 };

/** What one transaction set became, for the operator (and the tests). */
export interface X12SetOutcome {
  readonly where: string;
  readonly setId: string;
  readonly controlNumber: string;
  /** accepted: read (some parts may still be reported); rejected: syntax errors, nothing applied. */
  readonly status: 'accepted' | 'rejected';
  readonly events: number;
  readonly snapshots: number;
  readonly notes: readonly string[];
}

export interface X12Decoded extends Decoded {
  /** Deviations read anyway (MESSAGE_QUIRK). */
  readonly warnings: readonly Problem[];
  /** 940 shipping orders received. */
  readonly orders: readonly X12ShippingOrder[];
  /** 997 acknowledgments received (the partner's verdict on groups the hub sent). */
  readonly acknowledgments: readonly GroupAck[];
  /** The acknowledgment the hub owes for this interchange (also written in `reply`). */
  readonly ack: readonly GroupAck[];
  readonly sets: readonly X12SetOutcome[];
  /** Sender, receiver and control number of the interchange, when its ISA could be read. */
  readonly interchange: { readonly sender: string; readonly receiver: string; readonly controlNumber: string } | null;
}

/**
 * Decodes one X12 interchange (pure). Envelope or syntax errors reject what they touch — the whole
 * interchange (ISA/IEA), a functional group (GS/GE) or a transaction set (ST…SE) — and the 997 in
 * `reply` says so with the X12 codes; everything else is read by the reader of its set (846, 940,
 * 943, 944, 945, 997). Event ids are `<source>:<ISA06>:<ISA13>:<GS06>:<ST02>:<line>` (ST02 is only
 * unique inside its group): the same file sent again gives the same ids, a harmless duplicate.
 */
export function decodeX12(text: string, options: DecodeX12Options): X12Decoded {
  const o = resolveX12Options(options);
  const read = readInterchange(text);
  if (!read.ok) return refused([problem('MALFORMED_MESSAGE', read.reason, read.where)]);
  const ic = read.interchange;
  const env = checkEnvelope(ic, o.utcOffset);
  const problems: Problem[] = [...env.refused];
  const warnings: Problem[] = [...env.warnings];
  const events: InboundEvent[] = [];
  const snapshots: SnapshotDoc[] = [];
  const orders: X12ShippingOrder[] = [];
  const acknowledgments: GroupAck[] = [];
  const acks: GroupAck[] = [];
  const sets: X12SetOutcome[] = [];
  for (const g of env.groups) {
    problems.push(...g.problems);
    const outputs = g.group.sets.map((set, i) => {
      const f = g.sets[i]!;
      const reader = READERS[f.setId];
      if (reader === undefined) {
        f.setError(SET_ERROR.notSupported, `transaction set ${f.setId} is not read by this connector (846, 940, 943, 944, 945, 997)`, f.where, 'UNMAPPED_CONTENT');
        return undefined;
      }
      checkSegments(set, f);
      const ctx = { set, findings: f, options: o, delimiters: ic.delimiters, envelope: env.info, idPrefix: `${o.source}:${env.info.sender}:${env.info.controlNumber}:${g.controlNumber}:${f.controlNumber}` };
      return reader(ctx);
    });
    const groupOk = env.refused.length === 0 && !g.rejected;
    g.sets.forEach((f, i) => {
      const out: SetOutput | undefined = outputs[i];
      const take = groupOk && !f.rejected && out !== undefined;
      problems.push(...f.problems);
      warnings.push(...f.warnings);
      if (take) {
        events.push(...out.events);
        snapshots.push(...out.snapshots);
        orders.push(...out.orders);
        acknowledgments.push(...out.acknowledgments);
      }
      sets.push({
        where: f.where,
        setId: f.setId,
        controlNumber: f.controlNumber,
        status: take ? 'accepted' : 'rejected',
        events: take ? out.events.length : 0,
        snapshots: take ? out.snapshots.length : 0,
        notes: take ? f.notes : [],
      });
    });
    if (g.functionalId !== 'FA') acks.push(groupAck(g, env.refused.length > 0));
  }
  if (o.sequenceFromControlNumber && events.length > 0) events[0] = { ...events[0]!, sequence: Number(env.info.controlNumber) };
  let reply: string | undefined;
  if (acks.length > 0) {
    try {
      reply = encode997(acks, replyEnvelope(ic, env.info, o.ackControlNumber, o.now));
    } catch (e) {
      if (!(e instanceof StockmeshError)) throw e;
      warnings.push(problem('MESSAGE_QUIRK', `no 997 could be written for this interchange: ${e.message}`, 'ISA'));
    }
  }
  const interchange = { sender: env.info.sender, receiver: env.info.receiver, controlNumber: env.info.controlNumber };
  return { events, snapshots, problems, reply, warnings, orders, acknowledgments, ack: acks, sets, interchange };
}

function groupAck(g: GroupCheck, interchangeRefused: boolean): GroupAck {
  const setAcks = g.sets.map((f) => {
    const a = f.toAck();
    return g.rejected || g.codes.length > 0 || interchangeRefused ? { ...a, status: 'R' as const } : a;
  });
  const status = g.rejected || interchangeRefused ? 'R' : groupStatusOf(setAcks, g.codes);
  return {
    functionalId: g.functionalId,
    controlNumber: g.controlNumber,
    status,
    included: Number(g.group.trailer?.elements[0] ?? g.sets.length) || 0,
    received: g.sets.length,
    accepted: status === 'R' ? 0 : setAcks.filter((s) => s.status === 'A' || s.status === 'E').length,
    codes: g.codes,
    sets: setAcks,
  };
}

function replyEnvelope(ic: Interchange, info: { sender: string; senderQualifier: string; receiver: string; receiverQualifier: string; controlNumber: string; usage: string }, control: number | undefined, now: Date) {
  const gs = ic.groups[0]?.header;
  const gsValue = (n: number, fallback: string) => (gs?.elements[n - 1] ?? '').trim() || fallback;
  const version = ic.groups.map((g) => (g.header.elements[7] ?? '').trim()).find((v) => /^00[2-9]\d{3}/.test(v)) ?? '004010';
  return {
    sender: { qualifier: info.receiverQualifier, id: info.receiver },
    receiver: { qualifier: info.senderQualifier, id: info.sender },
    controlNumber: control ?? (Number(info.controlNumber) || 1),
    applicationSender: gsValue(3, info.receiver),
    applicationReceiver: gsValue(2, info.sender),
    date: now,
    usage: info.usage === 'T' ? ('T' as const) : ('P' as const),
    version: version.slice(0, 6),
    delimiters: { ...ic.delimiters, segment: ic.delimiters.segment === '\n' ? '~' : ic.delimiters.segment },
  };
}

function refused(problems: Problem[]): X12Decoded {
  return { events: [], snapshots: [], problems, reply: undefined, warnings: [], orders: [], acknowledgments: [], ack: [], sets: [], interchange: null };
}
