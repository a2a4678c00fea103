import { el, type Segment } from './x12-model.ts';

/**
 * Which product identifier of a line becomes the event's `sku` (the source's external code, mapped
 * by master data). X12 lines (LIN, W01, W04, W07, W12) carry several qualifier/id pairs; the first
 * qualifier of this list that the line carries wins. Global GTINs come first because they mean the
 * same item to every partner; then the depositor's own codes; then the partner's and buyer's codes.
 * A partner whose codes rank differently passes its own list (`productQualifiers`).
 */
export const DEFAULT_PRODUCT_QUALIFIERS: readonly string[] = [
  'UK', // GTIN-14 (U.P.C./EAN shipping container code)
  'EN', // EAN-13 / GTIN-13
  'UP', // U.P.C. consumer package code (GTIN-12)
  'UA', // U.P.C./EAN case code — also the fixed U.P.C. case code element of W01/W04/W07/W12
  'SK', // stock keeping unit (the depositor's SKU)
  'VN', // vendor's (seller's) item number
  'VC', // vendor's catalog number
  'VP', // vendor's part number
  'BP', // buyer's part number
  'IN', // buyer's item number
  'MG', // manufacturer's part number
  'PN', // company part number
  'CB', // buyer's catalog number
];

export interface ProductId {
  readonly qualifier: string;
  readonly id: string;
}

/** Qualifier/id pairs of a segment at the given element positions (qualifier position, id follows). */
export function productPairs(seg: Segment, qualifierPositions: readonly number[], upcCasePosition?: number): ProductId[] {
  const pairs: ProductId[] = [];
  if (upcCasePosition !== undefined && el(seg, upcCasePosition) !== '') pairs.push({ qualifier: 'UA', id: el(seg, upcCasePosition) });
  for (const p of qualifierPositions) {
    const qualifier = el(seg, p);
    const id = el(seg, p + 1);
    if (qualifier !== '' && id !== '') pairs.push({ qualifier, id });
  }
  return pairs;
}

/** The identifier to use as the external code, or undefined when none of the qualifiers is known. */
export function pickProductId(pairs: readonly ProductId[], priority: readonly string[]): ProductId | undefined {
  for (const q of priority) {
    const hit = pairs.find((p) => p.qualifier === q);
    if (hit) return hit;
  }
  return undefined;
}

export const describePairs = (pairs: readonly ProductId[]): string =>
  pairs.length === 0 ? 'no product identifier' : pairs.map((p) => `${p.qualifier} ${p.id}`).join(', ');
