import type { CursorStore } from '../runtime/index.ts';
import { CONTROL_STREAM, isa13 } from './x12-transport-options.ts';

const MAX_CONTROL = 999_999_999;

/**
 * The interchange control numbers (ISA13, also GS06) of everything the hub sends one partner —
 * 940s and 997s alike, so no two interchanges from the hub carry the same number. The last
 * number used is kept in the cursor store and committed *before* the interchange is written: a
 * crash in between skips a number (harmless), it never reuses one (a partner drops a repeated
 * ISA13 as a duplicate). After 999999999 the counter starts again at 1. Calls are serialised, so
 * one connector never hands out a number twice; one partner has one connector.
 */
export class ControlNumbers {
  private readonly cursors: CursorStore;
  private readonly source: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(cursors: CursorStore, source: string) {
    this.cursors = cursors;
    this.source = source;
  }

  /** The last number handed out, or null before the first. */
  async last(): Promise<number | null> {
    return (await this.cursors.load(this.source, CONTROL_STREAM)).maxSeq;
  }

  /** Reserves and returns the next number (durably committed before it is returned). */
  next(): Promise<number> {
    const run = this.chain.then(async () => {
      const last = (await this.cursors.load(this.source, CONTROL_STREAM)).maxSeq ?? 0;
      const n = last >= MAX_CONTROL || last < 0 ? 1 : last + 1;
      await this.cursors.commit(this.source, CONTROL_STREAM, { cursor: isa13(n), maxSeq: n, resyncWanted: false });
      return n;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
