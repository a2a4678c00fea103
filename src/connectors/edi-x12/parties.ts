import { el, type Segment, type X12Party } from './x12-model.ts';
import type { ReadContext } from './set-reader.ts';

export const partyOf = (n1: Segment): X12Party => ({ entity: el(n1, 1), name: el(n1, 2), qualifier: el(n1, 3), id: el(n1, 4) });

/**
 * The parties of the N1 loops in the heading of a set (N1 segments before the first detail
 * segment), in document order.
 */
export function headingParties(body: readonly Segment[], detailTags: readonly string[]): X12Party[] {
  const parties: X12Party[] = [];
  for (const s of body) {
    if (detailTags.includes(s.tag)) break;
    if (s.tag === 'N1') parties.push(partyOf(s));
  }
  return parties;
}

export type WarehouseLookup = (party: X12Party) => string | undefined;

/**
 * The warehouse a set reports for: the first party the injected lookup recognises, trying the
 * warehouse party (N101 = WH) first and then the others in document order; otherwise the source's
 * default warehouse (a partner with a single site often names no warehouse at all).
 */
export function resolveWarehouse(
  parties: readonly X12Party[],
  lookup: WarehouseLookup | undefined,
  fallback: string | undefined,
): { readonly warehouse: string; readonly via: string } | undefined {
  const ordered = [...parties.filter((p) => p.entity === 'WH'), ...parties.filter((p) => p.entity !== 'WH')];
  for (const p of ordered) {
    const w = lookup?.(p);
    if (w !== undefined) return { warehouse: w, via: `N1 ${p.entity} ${p.qualifier} ${p.id}`.trim() };
  }
  return fallback === undefined ? undefined : { warehouse: fallback, via: 'the default warehouse' };
}

export const describeParties = (parties: readonly X12Party[]): string =>
  parties.length === 0 ? 'no N1 party' : parties.map((p) => `N1 ${p.entity} "${p.name}" ${p.qualifier} ${p.id}`.trim()).join('; ');

/** The warehouse of a set from its heading parties, or undefined after reporting UNKNOWN_WAREHOUSE. */
export function setWarehouse(ctx: ReadContext, detailTags: readonly string[]): string | undefined {
  const parties = headingParties(ctx.set.body, detailTags);
  const hit = resolveWarehouse(parties, ctx.options.warehouseFor, ctx.options.defaultWarehouse);
  if (hit === undefined) {
    ctx.findings.unmapped(undefined, `no warehouse for this set: ${describeParties(parties)} is known and the source has no default warehouse`, 'UNKNOWN_WAREHOUSE');
  }
  return hit?.warehouse;
}
