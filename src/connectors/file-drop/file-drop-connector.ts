import { basename } from 'node:path';
import type { Connector } from '../connector.ts';
import {
  type ConnectorHealth,
  DEFAULT_BACKOFF,
  PollLoop,
  StatePersister,
  StateTracker,
  type StepOutcome,
  realSleep,
} from '../runtime/index.ts';
import { type DecodedFile, decodeDropFile } from './decode-drop-file.ts';
import { DropFolder } from './drop-folder.ts';
import type { FileDropOptions } from './file-drop-config.ts';
import { type Sighting, readyFiles } from './file-readiness.ts';
import { quarantineReport } from './quarantine-report.ts';

/** What became of one file. */
export interface FileOutcome {
  readonly name: string;
  readonly outcome: 'archived' | 'quarantined';
  readonly events: number;
  readonly snapshots: number;
  readonly path: string;
}

const CHUNK = 5000;

/**
 * Watches a drop folder by scanning it: every ready file (see file-readiness.ts) is read,
 * decoded and sent to the sink, then moved to `archive/`; a file that cannot be decoded goes to
 * `quarantine/` with a report and a rejection record. A sink failure leaves the file where it
 * is and the loop backs off: the file is read again later, harmless since its ids are stable.
 */
export class FileDropConnector implements Connector {
  readonly dialect = 'file-drop' as const;
  readonly source: string;
  readonly folder: DropFolder;
  private readonly opts: FileDropOptions;
  private readonly now: () => Date;
  private readonly tracker: StateTracker;
  private readonly persister: StatePersister;
  private readonly loop: PollLoop;
  private seen = new Map<string, Sighting>();
  private readonly outcomes: FileOutcome[] = [];

  constructor(opts: FileDropOptions) {
    this.opts = opts;
    this.source = opts.source;
    this.folder = new DropFolder(opts.dir);
    this.now = opts.now ?? (() => new Date());
    this.tracker = new StateTracker(opts.source, 'file-drop', this.now);
    this.persister = new StatePersister(opts.states, this.tracker, 1000, this.now);
    this.loop = new PollLoop({
      step: () => this.step(),
      idleMs: opts.pollIntervalMs ?? 1000,
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
      sleep: opts.sleep ?? realSleep,
      random: opts.random ?? Math.random,
      tracker: this.tracker,
      afterStep: () => this.persister.maybe(),
    });
  }

  async start(): Promise<void> {
    if (this.loop.running) return;
    await this.folder.prepare();
    this.tracker.starting();
    await this.persister.flush();
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.tracker.stopped();
    await this.persister.flush().catch(() => undefined);
  }

  state(): ConnectorHealth {
    return this.tracker.state();
  }

  /** What happened to each file since start, oldest first (for tests and the CLI). */
  processed(): readonly FileOutcome[] {
    return this.outcomes;
  }

  /** One scan: processes the oldest ready file; 'more' when others are ready too. */
  async step(): Promise<StepOutcome> {
    await this.folder.prepare();
    const { files, names } = await this.folder.list();
    const { ready, seen } = readyFiles(files, names, this.seen, this.now().getTime(), this.opts.stableMs ?? 2000);
    this.seen = seen;
    const first = ready[0];
    if (!first) return 'idle';
    await this.process(first.name, first.mtimeMs);
    this.seen.delete(first.name);
    return ready.length > 1 ? 'more' : 'idle';
  }

  /** Scans until no file is ready (tests, one-shot runs). */
  async drain(): Promise<readonly FileOutcome[]> {
    const before = this.outcomes.length;
    while ((await this.step()) === 'more');
    return this.outcomes.slice(before);
  }

  private async process(name: string, mtimeMs: number): Promise<void> {
    const bytes = await this.folder.read(name);
    const result = decodeDropFile(
      { name, bytes, modifiedAt: new Date(mtimeMs).toISOString() },
      { source: this.source, layouts: this.opts.layouts, charset: this.opts.charset },
    );
    if (result.decoded.problems.length > 0) return this.refuse(name, result);
    const { events, snapshots } = result.decoded;
    for (let i = 0; i < events.length; i += CHUNK) {
      const chunk = events.slice(i, i + CHUNK);
      await this.opts.sink.events(chunk.map((raw) => ({ raw, location: `${name}:${raw.id.slice(raw.id.lastIndexOf(':') + 1)}` })));
    }
    for (const doc of snapshots) await this.opts.sink.snapshot(doc, name);
    // Counted before the file leaves the inbox: whoever sees it in archive/ (an operator, a test)
    // must find its messages in the connector's state already. The sink has accepted them, so
    // they are delivered; should the move fail, the step fails and the file is read again
    // (harmless, see above: its ids are stable) and this counter counts its messages once more.
    this.tracker.delivered(events.length + snapshots.length, [...events.map((e) => e.occurredAt), ...snapshots.map((s) => s.takenAt)], name);
    const path = await this.folder.archive(name);
    this.outcomes.push({ name, outcome: 'archived', events: events.length, snapshots: snapshots.length, path });
  }

  private async refuse(name: string, result: DecodedFile): Promise<void> {
    const at = this.now().toISOString();
    const path = await this.folder.quarantine(name, quarantineReport({ name, source: this.source, at, result }));
    const problems = result.decoded.problems;
    await this.opts.rejections.record({
      source: this.source,
      dialect: 'file-drop',
      code: problems[0]?.code ?? 'MALFORMED_MESSAGE',
      reason: 'file_quarantined',
      message: problems.slice(0, 20).map((p) => `${p.where ?? ''}: ${p.message}`).join('; '),
      location: `quarantine/${basename(path)}`,
      receivedAt: at,
    });
    this.outcomes.push({ name, outcome: 'quarantined', events: 0, snapshots: 0, path });
    this.tracker.error(new Error(`${name} quarantined: ${problems[0]?.message ?? ''}`));
  }
}
