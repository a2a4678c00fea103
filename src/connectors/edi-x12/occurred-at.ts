import type { ReadContext } from './set-reader.ts';
import { el, type Segment } from './x12-model.ts';
import { isoInstant, offsetOfTimeCode, readDate, readTime } from './x12-values.ts';

/**
 * When a set's movements happened: the first of the given (segment, date element, time element,
 * time code element) candidates that holds a date. Every candidate present is validated, so a
 * bad date anywhere rejects the set even when another date would do. Without any date, the
 * interchange's own date/time (ISA09/ISA10) is used.
 */
export function occurredAt(
  ctx: ReadContext,
  candidates: readonly { readonly seg: Segment | undefined; readonly date: number; readonly time?: number; readonly code?: number }[],
): string {
  let found: string | undefined;
  for (const c of candidates) {
    if (c.seg === undefined) continue;
    const date = readDate(c.seg, c.date, ctx.findings);
    const time = c.time === undefined ? undefined : readTime(c.seg, c.time, ctx.findings);
    if (date === undefined || found !== undefined) continue;
    const coded = c.code === undefined ? undefined : offsetOfTimeCode(el(c.seg, c.code));
    found = isoInstant(date, time, coded ?? ctx.options.utcOffset);
  }
  return found ?? ctx.envelope.sentAt;
}

/** The first G62 (date/time) segment whose qualifier (G62-01) is one of `qualifiers`. */
export const g62 = (body: readonly Segment[], qualifiers: readonly string[]): Segment | undefined =>
  body.find((s) => s.tag === 'G62' && qualifiers.includes(el(s, 1)));
