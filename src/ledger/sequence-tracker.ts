/**
 * Per-source sequence bookkeeping (pure). Rule (docs/event-format.md): an event whose sequence
 * jumps ahead is applied at once and the missing range is recorded as an open gap; events that
 * arrive late into a gap are applied too and count toward closing it. A gap is never ignored: it
 * stays open (and visible) until every missing number arrived or a snapshot of the source
 * reconciled the books. The first sequence ever seen from a source is its baseline: a hub that
 * joins a running WMS does not invent a gap for the history before it (a snapshot covers that).
 */
export interface Gap {
  readonly id: string;
  readonly source: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  filled: number;
  readonly isNew: boolean;
}

export interface SourceSequence {
  /** Highest sequence seen; null before the first. */
  maxSeq: number | null;
  /** Open gaps of the source. */
  gaps: Gap[];
  changed: boolean;
}

export type SeqOutcome = { kind: 'next' } | { kind: 'ahead'; gap: Gap } | { kind: 'late'; gap: Gap | null };

export const gapId = (source: string, fromSeq: number): string => `gap:${source}:${fromSeq}`;

/** Records that `seq` of `source` arrived (the caller has checked it was not used before). */
export function trackSequence(state: SourceSequence, source: string, seq: number): SeqOutcome {
  state.changed = true;
  if (state.maxSeq === null || seq === state.maxSeq + 1) {
    state.maxSeq = seq;
    return { kind: 'next' };
  }
  if (seq > state.maxSeq) {
    const gap: Gap = { id: gapId(source, state.maxSeq + 1), source, fromSeq: state.maxSeq + 1, toSeq: seq - 1, filled: 0, isNew: true };
    state.gaps.push(gap);
    state.maxSeq = seq;
    return { kind: 'ahead', gap };
  }
  const gap = state.gaps.find((g) => g.fromSeq <= seq && seq <= g.toSeq) ?? null;
  if (gap) gap.filled += 1;
  return { kind: 'late', gap };
}

export const gapClosed = (g: Gap): boolean => g.filled >= g.toSeq - g.fromSeq + 1;
