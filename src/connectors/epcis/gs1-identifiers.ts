import { isValidGtin } from '../../domain/index.ts';

/**
 * GS1 identifiers as EPCIS 2.0 carries them, in both syntaxes the standard allows: EPC URNs
 * (Tag Data Standard: urn:epc:id:sgtin:…, urn:epc:class:lgtin:…, urn:epc:idpat:sgtin:…*,
 * urn:epc:id:sgln:…) and GS1 Digital Link URIs (https://<any host>/01/<gtin>[/10/<lot>][/21/<serial>],
 * …/414/<gln>[/254/<extension>]).
 */

/** What an object identifier or class says about stock: a trade item (GTIN, maybe a lot) or something else. */
export type ObjectId =
  | { readonly kind: 'trade_item'; readonly gtin: string; readonly lot?: string | undefined; readonly serial?: string | undefined }
  | { readonly kind: 'other'; readonly scheme: string }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Mod-10 check digit (GS1 General Specifications) of the digits before it. */
export function checkDigit(digits: string): string {
  let sum = 0;
  for (let i = digits.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(digits[i]) * w;
  return String((10 - (sum % 10)) % 10);
}

/**
 * GTIN-14 from the company prefix and item reference of an SGTIN/LGTIN: the indicator digit
 * (first digit of the item reference) goes first, then the company prefix and the rest of the
 * item reference, then the check digit. Together they must have 13 digits.
 */
export function gtinOf(companyPrefix: string, itemRef: string): string | undefined {
  if (!/^\d+$/.test(companyPrefix) || !/^\d+$/.test(itemRef) || companyPrefix.length + itemRef.length !== 13) return undefined;
  const body = itemRef.charAt(0) + companyPrefix + itemRef.slice(1);
  return body + checkDigit(body);
}

const decode = (v: string): string => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};

/** An EPC instance (epcList, childEPCs…) or class (quantityList epcClass) identifier. */
export function parseObjectId(uri: string, asClass: boolean): ObjectId {
  const urn = /^urn:epc:(id|class|idpat):([a-z0-9]+):(.*)$/.exec(uri);
  if (urn) {
    const [, kind, scheme, rest = ''] = urn;
    const parts = rest.split('.');
    const isGtinScheme = scheme === 'sgtin' || scheme === 'lgtin';
    if (!isGtinScheme) return { kind: 'other', scheme: scheme ?? '' };
    const gtin = gtinOf(parts[0] ?? '', parts[1] ?? '');
    if (gtin === undefined || parts.length !== 3) return { kind: 'invalid', reason: `"${uri}" is not a valid ${scheme} (CompanyPrefix.ItemReference.${scheme === 'lgtin' ? 'Lot' : 'Serial'}, 13 digits)` };
    const last = decode(parts[2] ?? '');
    if (kind === 'id' && scheme === 'sgtin' && !asClass) return { kind: 'trade_item', gtin, serial: last };
    if (kind === 'class' && scheme === 'lgtin' && asClass) return { kind: 'trade_item', gtin, lot: last };
    if (kind === 'idpat' && scheme === 'sgtin' && asClass && last === '*') return { kind: 'trade_item', gtin };
    return { kind: 'invalid', reason: `"${uri}" cannot be used as ${asClass ? 'a class (epcClass)' : 'an instance (EPC)'}` };
  }
  const dl = /^https?:\/\/[^/]+((?:\/[^/?#]+\/[^/?#]+)+)\/?(?:[?#].*)?$/.exec(uri);
  if (dl) {
    const segs = (dl[1] ?? '').split('/').slice(1);
    const ais = new Map<string, string>();
    for (let i = 0; i + 1 < segs.length; i += 2) ais.set(segs[i]!, decode(segs[i + 1]!));
    const raw = ais.get('01');
    if (raw === undefined) return { kind: 'other', scheme: `digital link ${[...ais.keys()][0] ?? ''}` };
    const gtin = raw.padStart(14, '0');
    if (!isValidGtin(gtin)) return { kind: 'invalid', reason: `"${uri}": ${raw} is not a GTIN (wrong length or check digit)` };
    const serial = ais.get('21');
    if (!asClass && serial === undefined) return { kind: 'invalid', reason: `"${uri}" names no serial (21): it is a class, not an instance` };
    if (asClass && serial !== undefined) return { kind: 'invalid', reason: `"${uri}" names a serial (21): it is an instance, not a class` };
    return { kind: 'trade_item', gtin, lot: ais.get('10'), serial };
  }
  return { kind: 'invalid', reason: `"${uri}" is neither an EPC URN nor a GS1 Digital Link URI` };
}

/**
 * The GLN (13 digits) and extension of a location id — an SGLN URN (urn:epc:id:sgln:CompanyPrefix.
 * LocationReference.Extension; extension 0 means none) or a Digital Link URI (/414/<gln>[/254/<ext>]).
 * Lets a caller's `warehouseFor` accept both spellings of one location.
 */
export function glnOf(locationId: string): { readonly gln: string; readonly extension?: string } | undefined {
  const sgln = /^urn:epc:id:sgln:(\d+)\.(\d*)\.(.+)$/.exec(locationId);
  if (sgln) {
    const body = `${sgln[1]}${sgln[2]}`;
    if (body.length !== 12) return undefined;
    const ext = decode(sgln[3] ?? '');
    return ext === '0' ? { gln: body + checkDigit(body) } : { gln: body + checkDigit(body), extension: ext };
  }
  const dl = /^https?:\/\/[^/]+\/414\/(\d{13})(?:\/254\/([^/?#]+))?\/?(?:[?#].*)?$/.exec(locationId);
  if (dl && checkDigit(dl[1]!.slice(0, 12)) === dl[1]!.charAt(12)) {
    return dl[2] === undefined ? { gln: dl[1]! } : { gln: dl[1]!, extension: decode(dl[2]) };
  }
  return undefined;
}
