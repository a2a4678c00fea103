import { ELEMENT_ERROR } from './ack-model.ts';
import { partyOf } from './parties.ts';
import { type ProductId, productPairs } from './product-id.ts';
import type { ReadContext } from './set-reader.ts';
import { components, el, type Segment, type X12Party } from './x12-model.ts';
import { readDate, readQuantity, readUnit } from './x12-values.ts';

/** One QTY of an 846 item, with the unit, lot and expiry that apply to it. */
export interface ItemQuantity {
  readonly seg: Segment;
  /** 1-based ordinal of the QTY segment in the set: the line part of an event id. */
  readonly ordinal: number;
  readonly qualifier: string;
  readonly quantity: number | string;
  unit: string | undefined;
  lot: string | undefined;
  expiry: string | undefined;
}

/** One LIN loop of an 846: the item's codes, its location parties and its quantities. */
export interface Item {
  readonly lin: Segment;
  readonly pairs: readonly ProductId[];
  readonly parties: X12Party[];
  readonly quantities: ItemQuantity[];
  unit: string | undefined;
  lot: string | undefined;
  expiry: string | undefined;
}

const LIN_QUALIFIERS = Array.from({ length: 15 }, (_, i) => 2 + 2 * i);

/**
 * Reads the LIN loops of an 846. Inside a loop: UIT gives the unit (of the QTY it follows, else of
 * the item), REF*LT the lot and DTM*036 the expiry date (likewise of the QTY it follows, else of
 * the item), N1 the item's location. QTY03 (composite unit of measure) wins over UIT.
 */
export function read846Items(ctx: ReadContext): Item[] {
  const f = ctx.findings;
  const items: Item[] = [];
  let item: Item | undefined;
  let qty: ItemQuantity | undefined;
  let ordinal = 0;
  for (const s of ctx.set.body) {
    if (s.tag === 'LIN') {
      item = { lin: s, pairs: productPairs(s, LIN_QUALIFIERS), parties: [], quantities: [], unit: undefined, lot: undefined, expiry: undefined };
      items.push(item);
      qty = undefined;
      continue;
    }
    if (item === undefined) continue;
    switch (s.tag) {
      case 'QTY': {
        ordinal++;
        if (el(s, 1) === '') f.elementError(s, { position: 1, reference: '673', code: ELEMENT_ERROR.mandatoryMissing }, 'the quantity qualifier is missing');
        const quantity = readQuantity(s, 2, f);
        const unit = readUnit(s, 3, f, components(s, 3, ctx.delimiters)[0] ?? '');
        qty = undefined;
        if (quantity === undefined) break;
        qty = { seg: s, ordinal, qualifier: el(s, 1), quantity, unit, lot: undefined, expiry: undefined };
        item.quantities.push(qty);
        break;
      }
      case 'UIT': {
        const unit = readUnit(s, 1, f, components(s, 1, ctx.delimiters)[0] ?? '');
        if (qty !== undefined) qty.unit ??= unit;
        else item.unit ??= unit;
        break;
      }
      case 'REF':
        if (el(s, 1) === 'LT' && el(s, 2) !== '') (qty ?? item).lot = el(s, 2);
        break;
      case 'DTM':
        if (el(s, 1) === '036') {
          const expiry = readDate(s, 2, f);
          if (expiry !== undefined) (qty ?? item).expiry = expiry;
        }
        break;
      case 'N1':
        item.parties.push(partyOf(s));
        qty = undefined;
        break;
      default:
        break;
    }
  }
  return items;
}
