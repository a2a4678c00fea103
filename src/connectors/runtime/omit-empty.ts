type Defined<T> = { [K in keyof T]: Exclude<T[K], null | undefined> };

/**
 * Drops fields that are undefined, null or '' so an event carries only what the source said
 * (an empty lot column is "no lot", not the lot ""), and dead-letter payloads stay readable.
 */
export function omitEmpty<T extends Record<string, unknown>>(o: T): Partial<Defined<T>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out as Partial<Defined<T>>;
}
