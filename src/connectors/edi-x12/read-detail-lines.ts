import { describePairs, pickProductId, type ProductId, productPairs } from './product-id.ts';
import type { ReadContext } from './set-reader.ts';
import { el, type Segment } from './x12-model.ts';
import { isZero, readQuantity, readUnit } from './x12-values.ts';

/** Where a warehouse detail segment (W01, W04, W07, W12) keeps its quantity, unit, codes and lot. */
export interface DetailSpec {
  readonly tag: string;
  readonly quantity: number;
  readonly unit: number;
  /** Position of the fixed U.P.C. case code element (read as qualifier UA). */
  readonly upcCase: number;
  /** Positions of qualifier elements (each followed by its id) for a given segment. */
  readonly qualifiers: (seg: Segment) => readonly number[];
  /** Position of the warehouse lot number element, if the segment has one. */
  readonly lot?: number;
}

export interface DetailLine {
  readonly seg: Segment;
  /** 1-based ordinal of the detail segment in the set: the line part of the event id. */
  readonly ordinal: number;
  readonly quantity: number | string;
  readonly unit: string | undefined;
  readonly product: ProductId;
  readonly lot: string | undefined;
}

/**
 * The detail lines of a warehouse transaction set. An LX segment opens a line loop; an N9 with
 * qualifier LT (lot number) anywhere in the loop gives the lot when the detail segment has none.
 * Lines with a zero quantity move nothing and are noted; a line without a known product id is
 * reported (UNMAPPED_CONTENT) and yields nothing; element errors reject the set.
 */
export function readDetailLines(ctx: ReadContext, spec: DetailSpec): DetailLine[] {
  const loops: { details: Segment[]; lots: string[] }[] = [];
  const withLx = ctx.set.body.some((s) => s.tag === 'LX');
  let current: { details: Segment[]; lots: string[] } | undefined;
  for (const s of ctx.set.body) {
    if (s.tag === 'LX') {
      current = { details: [], lots: [] };
      loops.push(current);
    } else if (s.tag === spec.tag) {
      // Without LX loops each detail segment is a loop of its own (its N9 segments follow it).
      if (current === undefined || !withLx) {
        current = { details: [], lots: [] };
        loops.push(current);
      }
      current.details.push(s);
    } else if (s.tag === 'N9' && el(s, 1) === 'LT' && current !== undefined) {
      current.lots.push(el(s, 2));
    }
  }
  const lines: DetailLine[] = [];
  let ordinal = 0;
  for (const loop of loops) {
    for (const seg of loop.details) {
      ordinal++;
      const quantity = readQuantity(seg, spec.quantity, ctx.findings);
      const unit = readUnit(seg, spec.unit, ctx.findings);
      const pairs = productPairs(seg, spec.qualifiers(seg), spec.upcCase);
      const product = pickProductId(pairs, ctx.options.productQualifiers);
      if (quantity === undefined) continue;
      if (product === undefined) {
        ctx.findings.unmapped(seg, `${spec.tag} line ${ordinal} has ${describePairs(pairs)} among the product qualifiers read (${ctx.options.productQualifiers.join(', ')})`);
        continue;
      }
      if (isZero(quantity)) {
        ctx.findings.note(`${spec.tag} line ${ordinal} (${product.qualifier} ${product.id}): quantity 0, nothing moved`);
        continue;
      }
      const lotEl = spec.lot === undefined ? '' : el(seg, spec.lot);
      const lot = lotEl !== '' ? lotEl : loop.lots[0];
      lines.push({ seg, ordinal, quantity, unit, product, lot: lot === '' ? undefined : lot });
    }
  }
  return lines;
}
