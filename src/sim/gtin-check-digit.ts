/**
 * GS1 check digits for the demo's made-up GTINs, so that every code in the demo validates with
 * `isValidGtin` (src/domain) exactly as a scanned barcode would.
 */

/** The mod-10 check digit (weights 3,1,3,… from the right) of a GTIN body without its check digit. */
export function gtinCheckDigit(body: string): number {
  if (!/^\d{7,13}$/.test(body)) throw new Error(`a GTIN body is 7 to 13 digits, got "${body}"`);
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(body[i]) * w;
  return (10 - (sum % 10)) % 10;
}

/** A GTIN-13 from its first 12 digits. */
export function gtin13(body12: string): string {
  if (!/^\d{12}$/.test(body12)) throw new Error(`a GTIN-13 body is 12 digits, got "${body12}"`);
  return body12 + String(gtinCheckDigit(body12));
}

/**
 * The GTIN-14 of a trade unit that packs an item (e.g. its case): an indicator digit 1–8 in front
 * of the item's GTIN-13 without its check digit, and a new check digit.
 */
export function packGtin14(itemGtin13: string, indicator: number): string {
  if (!/^\d{13}$/.test(itemGtin13)) throw new Error(`expected a GTIN-13, got "${itemGtin13}"`);
  if (!Number.isInteger(indicator) || indicator < 1 || indicator > 8) throw new Error(`indicator must be 1..8, got ${indicator}`);
  const body = String(indicator) + itemGtin13.slice(0, 12);
  return body + String(gtinCheckDigit(body));
}
