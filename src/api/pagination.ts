/**
 * Offset pagination shared by the list routes: `limit` (default 100, at most 1000) and `offset`.
 * A route fetches `limit + 1` rows so it knows, without counting, whether more follow: the answer
 * carries `nextOffset` (null on the last page) and `total` when the page reaches the end.
 */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export interface PageQuery {
  readonly limit: number;
  readonly offset: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly limit: number;
  readonly offset: number;
  /** Present when this page reaches the end of the list (so the count is known). */
  readonly total?: number;
  readonly nextOffset: number | null;
}

/** Querystring properties of a paginated route. */
export const pageQueryProperties = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT, description: `page size, 1..${MAX_LIMIT}` },
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 0, description: 'rows to skip' },
} as const;

/** Response schema of a page of `item`. */
export const pageSchema = <S extends object>(item: S) =>
  ({
    type: 'object',
    required: ['items', 'limit', 'offset', 'nextOffset'],
    properties: {
      items: { type: 'array', items: item },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
      total: { type: 'integer' },
      nextOffset: { type: ['integer', 'null'] },
    },
  }) as const;

/** Shapes rows fetched with `limit + 1` into a page. */
export function toPage<T>(rows: readonly T[], q: PageQuery): Page<T> {
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  const end = !more && (items.length > 0 || q.offset === 0);
  return {
    items,
    limit: q.limit,
    offset: q.offset,
    ...(end ? { total: q.offset + items.length } : {}),
    nextOffset: more ? q.offset + q.limit : null,
  };
}
