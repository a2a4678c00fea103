import type { InboundEvent } from '../../domain/index.ts';
import type { SnapshotDoc } from '../connector.ts';
import type { ResolvedX12Options } from './decode-x12-options.ts';
import type { SetFindings } from './set-findings.ts';
import type { X12ShippingOrder } from './shipping-order.ts';
import type { GroupAck } from './ack-model.ts';
import type { Delimiters, TransactionSet } from './x12-model.ts';

/** The envelope facts a set reader may use. */
export interface EnvelopeInfo {
  /** ISA06, trimmed. */
  readonly sender: string;
  /** ISA13 as sent (nine digits). */
  readonly controlNumber: string;
  /** ISA09/ISA10 as an ISO instant in the partner's offset. */
  readonly sentAt: string;
}

export interface ReadContext {
  readonly set: TransactionSet;
  readonly findings: SetFindings;
  readonly options: ResolvedX12Options;
  readonly delimiters: Delimiters;
  readonly envelope: EnvelopeInfo;
  /** `<source>:<ISA06>:<ISA13>:<GS06>:<ST02>` — every id of this set starts with it. */
  readonly idPrefix: string;
}

/** What one transaction set yields. Dropped whole when the set turns out rejected. */
export interface SetOutput {
  readonly events: readonly InboundEvent[];
  readonly snapshots: readonly SnapshotDoc[];
  readonly orders: readonly X12ShippingOrder[];
  readonly acknowledgments: readonly GroupAck[];
}

export type SetReader = (ctx: ReadContext) => SetOutput;

export const emptyOutput: SetOutput = { events: [], snapshots: [], orders: [], acknowledgments: [] };

/** Stable id of the n-th line (1-based ordinal of its detail segment in the set). */
export const lineId = (ctx: ReadContext, n: number): string => `${ctx.idPrefix}:${n}`;
