import type { AppliedListener } from '../hub/index.ts';
import type { EventResult, SnapshotResult } from '../ledger/index.ts';

/** The safeguards the demo shows, one line each as it fires. */
export type SafeguardKind = 'duplicate' | 'bad signature' | 'out-of-order' | 'malformed file' | 'drift' | 'sequence gap' | 'dead letter';

/** Tells whether a committed batch shows what an incident waits for: the line to print, or undefined. */
export type BatchTest = (results: readonly EventResult[], snapshots: readonly SnapshotResult[]) => string | undefined;

interface Expectation {
  readonly kind: SafeguardKind;
  readonly test: BatchTest;
  readonly deadline: number;
  readonly resolve: (line: string | undefined) => void;
}

const MAX_UNEXPECTED = 10;

/**
 * Watches what the ledger consumer commits and prints one line per safeguard as it fires: those
 * an incident of the demo waits for (`expect`), and any it did not plan — an event refused into
 * the dead letters, a listing that drifted — so nothing the hub does about bad input goes unseen.
 */
export class SafeguardWatch {
  private readonly print: (line: string) => void;
  private readonly now: () => number;
  private readonly waiting: Expectation[] = [];
  private readonly expectedSnapshots = new Set<string>();
  private unexpected = 0;
  /** Safeguards that fired, by kind (for the tests and the final summary). */
  readonly fired = new Map<SafeguardKind, number>();

  constructor(print: (line: string) => void, now: () => number = Date.now) {
    this.print = print;
    this.now = now;
  }

  /** Prints a safeguard line now. */
  say(kind: SafeguardKind, text: string): void {
    this.fired.set(kind, (this.fired.get(kind) ?? 0) + 1);
    this.print(`safeguard · ${kind.padEnd(14)} ${text}`);
  }

  /** Waits for a batch that passes `test` (printing its line, unless it is ''), or undefined after `timeoutMs`. */
  expect(kind: SafeguardKind, test: BatchTest, timeoutMs: number): Promise<string | undefined> {
    return new Promise((resolve) => this.waiting.push({ kind, test, deadline: this.now() + timeoutMs, resolve }));
  }

  /** Snapshot ids starting with `prefix` are accounted for by an incident: their drift is not reported as unexpected. */
  expectSnapshot(prefix: string): void {
    this.expectedSnapshots.add(prefix);
  }

  forgetSnapshot(prefix: string): void {
    this.expectedSnapshots.delete(prefix);
  }

  /** Gives up on expectations past their deadline (call now and then). */
  expire(): void {
    const t = this.now();
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const w = this.waiting[i];
      if (w && w.deadline <= t) {
        this.waiting.splice(i, 1);
        w.resolve(undefined);
      }
    }
  }

  /** Resolves every waiting expectation with undefined (the demo stops). */
  cancel(): void {
    for (const w of this.waiting.splice(0)) w.resolve(undefined);
  }

  /** The listener to add to the hub's inbound side. */
  readonly listener: AppliedListener = (results, snapshots) => {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const w = this.waiting[i];
      const line = w?.test(results, snapshots);
      if (w && line !== undefined) {
        this.waiting.splice(i, 1);
        if (line !== '') this.say(w.kind, line);
        w.resolve(line);
      }
    }
    for (const r of results) {
      if (r.outcome !== 'rejected') continue;
      const p = r.problems?.[0];
      this.unplanned('dead letter', `${r.id ?? '(no id)'} refused: ${p?.code ?? ''} ${p?.message ?? ''} — kept in the dead letters (stockmesh events dead-letters)`);
    }
    for (const s of snapshots) {
      if (s.outcome === 'reconciled' && s.adjustments > 0 && ![...this.expectedSnapshots].some((p) => s.snapshotId.startsWith(p))) {
        this.unplanned('drift', `listing ${s.snapshotId} differed from the ledger on ${s.adjustments} position(s): adjusting events and drift records written`);
      }
      if (s.outcome === 'rejected') this.unplanned('dead letter', `listing ${s.snapshotId ?? '(no id)'} refused: ${s.problems[0]?.code ?? ''} ${s.problems[0]?.message ?? ''}`);
    }
  };

  private unplanned(kind: SafeguardKind, text: string): void {
    this.unexpected += 1;
    if (this.unexpected <= MAX_UNEXPECTED) this.say(kind, text);
    else if (this.unexpected === MAX_UNEXPECTED + 1) this.print('safeguard · (more are not printed: see stockmesh connectors and stockmesh events dead-letters)');
  }
}
