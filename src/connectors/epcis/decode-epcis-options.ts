import { BIZ_STEPS, type BizStepRule, DISPOSITIONS, type DispositionEffect } from './movement-rules.ts';

/** How to read one source's EPCIS documents. */
export interface DecodeEpcisOptions {
  /** Source system id (master data `sources`); prefixes every event id. */
  readonly source: string;
  /**
   * Maps a readPoint or bizLocation id — an SGLN URN or a GS1 Digital Link URI (`glnOf` reads the
   * GLN and extension of both) — to a canonical warehouse id; undefined when it is not a warehouse.
   */
  readonly warehouseFor: (locationId: string) => string | undefined;
  /** Receipts leave `in_transit` (put there by a transfer) instead of arriving as new stock. Default false. */
  readonly receiptsFromInTransit?: boolean | undefined;
  /** Business step rules that replace or add to BIZ_STEPS (short CBV names or full URIs of user-defined steps). */
  readonly bizSteps?: Readonly<Record<string, BizStepRule>> | undefined;
  /** Disposition effects that replace or add to DISPOSITIONS. */
  readonly dispositions?: Readonly<Record<string, DispositionEffect>> | undefined;
}

export interface ResolvedEpcisOptions {
  readonly source: string;
  readonly warehouseFor: (locationId: string) => string | undefined;
  readonly receiptsFromInTransit: boolean;
  readonly bizSteps: Readonly<Record<string, BizStepRule>>;
  readonly dispositions: Readonly<Record<string, DispositionEffect>>;
}

export const resolveEpcisOptions = (o: DecodeEpcisOptions): ResolvedEpcisOptions => ({
  source: o.source,
  warehouseFor: o.warehouseFor,
  receiptsFromInTransit: o.receiptsFromInTransit ?? false,
  bizSteps: { ...BIZ_STEPS, ...(o.bizSteps ?? {}) },
  dispositions: { ...DISPOSITIONS, ...(o.dispositions ?? {}) },
});
