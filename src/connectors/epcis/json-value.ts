/** Narrowing helpers for parsed JSON (an EPCIS document is untrusted input: nothing is assumed). */
export type JsonObject = { readonly [key: string]: unknown };

export const isRecord = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The string at `key`, or undefined when absent or not a string. */
export const str = (o: JsonObject, key: string): string | undefined => (typeof o[key] === 'string' ? (o[key] as string) : undefined);

/** The array at `key`, or [] when absent; undefined when present but not an array. */
export const list = (o: JsonObject, key: string): readonly unknown[] | undefined => {
  const v = o[key];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : undefined;
};

/** The `id` of a readPoint / bizLocation object. */
export const locationId = (o: JsonObject, key: string): string | undefined => {
  const v = o[key];
  return isRecord(v) && typeof v['id'] === 'string' ? v['id'] : undefined;
};

/** JSON with object keys sorted at every level: the same event always serialises the same way. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isRecord(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
