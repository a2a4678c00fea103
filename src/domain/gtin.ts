/** GTIN-8/12/13/14 check digit validation (GS1 General Specifications, mod-10 weights 3,1). */
export function isValidGtin(gtin: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin)) return false;
  const digits = gtin.split('').map(Number);
  const check = digits.pop() as number;
  let sum = 0;
  for (let i = digits.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += (digits[i] as number) * w;
  return (10 - (sum % 10)) % 10 === check;
}

/** GTINs are compared as GTIN-14 so that a GTIN-13 and its zero-padded GTIN-14 are the same item. */
export const normaliseGtin = (gtin: string): string => gtin.padStart(14, '0');
