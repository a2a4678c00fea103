import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Problem, problem } from '../../domain/index.ts';
import type { Connector, FulfilmentRequest } from '../connector.ts';
import { DropFolder, readyFiles, type Sighting } from '../file-drop/index.ts';
import { type ConnectorHealth, DEFAULT_BACKOFF, PollLoop, realSleep, StatePersister, StateTracker, type StepOutcome } from '../runtime/index.ts';
import { decodeX12, type X12Decoded } from './decode-x12.ts';
import { resolveX12Options } from './decode-x12-options.ts';
import { ControlNumbers } from './x12-transport-control-numbers.ts';
import { type AckOutcome, OrderLog, type SentOrder } from './x12-transport-order-log.ts';
import type { EdiFolderOptions } from './x12-transport-options.ts';
import { X12Outbox } from './x12-transport-outbox.ts';
import { x12Report, x12Summary } from './x12-transport-report.ts';
import { ShippingOrderSender } from './x12-transport-sender.ts';

/** What became of one interchange file. */
export interface EdiFileOutcome {
  readonly name: string;
  /** archived: applied (in part, when `problems` is not empty); quarantined: nothing applied. */
  readonly outcome: 'archived' | 'quarantined';
  /** ISA13 of the interchange, when its ISA could be read. */
  readonly interchange: string | null;
  readonly events: number;
  readonly snapshots: number;
  /** 940s the partner sent (read, listed, not acted on: a 3PL does not send the hub orders). */
  readonly orders: number;
  /** The partner's 997s, group by group, with the 940 each answers. */
  readonly acks: readonly AckOutcome[];
  readonly problems: readonly Problem[];
  /** Where the file went (archive/ or quarantine/). */
  readonly path: string;
  /** The 997 the hub wrote for it (outbox file name), null when none is owed or possible. */
  readonly ackFile: string | null;
}

const CHUNK = 5000;

/**
 * A 3PL partner's X12 exchange through folders (docs/connectors/edi-x12.md, "Transport"). Each
 * scan takes the oldest ready interchange of the inbox (the file-drop readiness rule: never a
 * half-written file), decodes it, hands its events and snapshots to the sink, applies the
 * partner's 997s to the hub's 940s, writes the 997 the hub owes into the outbox, and moves the
 * file to `archive/` — or to `quarantine/` with a report when nothing of it could be applied. A
 * sink failure leaves the file in the inbox and the loop backs off; reading it again is harmless
 * (event ids come from the interchange). `send` writes 940s into the outbox.
 */
export class EdiFolderConnector implements Connector {
  readonly dialect = 'edi-x12' as const;
  readonly source: string;
  readonly folder: DropFolder;
  readonly outbox: X12Outbox;
  readonly controls: ControlNumbers;
  private readonly opts: EdiFolderOptions;
  private readonly now: () => Date;
  private readonly tracker: StateTracker;
  private readonly persister: StatePersister;
  private readonly loop: PollLoop;
  private readonly log: OrderLog;
  private readonly sender: ShippingOrderSender;
  private seen = new Map<string, Sighting>();
  private readonly outcomes: EdiFileOutcome[] = [];

  constructor(opts: EdiFolderOptions) {
    this.opts = opts;
    this.source = opts.source;
    this.now = opts.now ?? (() => new Date());
    resolveX12Options({ ...opts.decode, source: opts.source, now: this.now() }); // a bad utcOffset fails here, not in every scan
    this.folder = new DropFolder(opts.inbox);
    this.outbox = new X12Outbox(opts.outbox);
    this.controls = new ControlNumbers(opts.cursors, opts.source);
    this.log = new OrderLog(opts.cursors, opts.source);
    this.sender = new ShippingOrderSender({ opts, controls: this.controls, log: this.log, outbox: this.outbox, now: this.now });
    this.tracker = new StateTracker(opts.source, 'edi-x12', this.now);
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
    await this.prepare();
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

  /** What happened to each file since start, oldest first. */
  processed(): readonly EdiFileOutcome[] {
    return this.outcomes;
  }

  /** Writes the request as a 940 into the outbox (see ShippingOrderSender). */
  async send(request: FulfilmentRequest): Promise<void> {
    await this.sendOrder(request);
  }

  sendOrder(request: FulfilmentRequest): Promise<SentOrder> {
    return this.sender.send(request);
  }

  /** The 940 sent for a fulfilment request and the partner's verdict, from the cursor store (restart-safe). */
  order(requestId: string): Promise<SentOrder | undefined> {
    return this.log.byRequest(requestId);
  }

  async prepare(): Promise<void> {
    await this.folder.prepare();
    await this.outbox.prepare();
  }

  /** One scan: processes the oldest ready file; 'more' when others are ready too. */
  async step(): Promise<StepOutcome> {
    await this.prepare();
    const { files, names } = await this.folder.list();
    const { ready, seen } = readyFiles(files, names, this.seen, this.now().getTime(), this.opts.stableMs ?? 2000);
    this.seen = seen;
    const first = ready[0];
    if (!first) return 'idle';
    await this.process(first.name);
    this.seen.delete(first.name);
    return ready.length > 1 ? 'more' : 'idle';
  }

  /** Scans until no file is ready (tests, one-shot runs). */
  async drain(): Promise<readonly EdiFileOutcome[]> {
    const before = this.outcomes.length;
    while ((await this.step()) === 'more');
    return this.outcomes.slice(before);
  }

  private async process(name: string): Promise<void> {
    const text = interchangeText(await this.folder.read(name));
    const now = this.now();
    const options = { ...this.opts.decode, source: this.source, now };
    const decoded = decodeX12(text, options);
    const refusals = this.misaddressed(decoded);
    if (refusals.length > 0) return this.finish(name, text, decoded, refusals, [], null);

    const { events, snapshots } = decoded;
    const where = (id: string) => `${name}:${id.startsWith(`${this.source}:`) ? id.slice(this.source.length + 1) : id}`;
    for (let i = 0; i < events.length; i += CHUNK) {
      await this.opts.sink.events(events.slice(i, i + CHUNK).map((raw) => ({ raw, location: where(raw.id) })));
    }
    for (const doc of snapshots) await this.opts.sink.snapshot(doc, where(doc.id));
    const acks: AckOutcome[] = [];
    for (const ack of decoded.acknowledgments) {
      const a = await this.log.apply(ack, { at: now.toISOString(), interchange: decoded.interchange?.controlNumber });
      acks.push(a);
      if (a.order?.status === 'rejected') {
        this.tracker.error(new Error(`940 ${a.order.orderRef} (ISA13 ${a.order.controlNumber}) rejected by ${this.opts.partner.id}: ${(a.order.errors ?? []).join('; ')}`));
      }
    }
    // Counted as soon as applied, before the 997 goes out and the file leaves the inbox: whoever
    // sees either (the partner, an operator, a test) must find these messages in the connector's
    // state already. Should a later part of the step fail, the file is read again (harmless, see
    // above: its event ids are stable) and this counter counts its messages once more.
    const applied = events.length + snapshots.length + decoded.acknowledgments.length + decoded.orders.length;
    if (applied > 0) this.tracker.delivered(applied, [...events.map((e) => e.occurredAt), ...snapshots.map((s) => s.takenAt)], name);
    let ackFile: string | null = null;
    if (decoded.reply !== undefined) {
      // The 997 takes the hub's next control number (re-decoding is pure and only changes the reply).
      const control = await this.controls.next();
      const reply = decodeX12(text, { ...options, ackControlNumber: control }).reply ?? decoded.reply;
      const received = decoded.interchange?.controlNumber ?? '';
      ackFile = `997-${/^\d{1,9}$/.test(received) ? received : `unnumbered-${control}`}.edi`;
      await this.outbox.write(ackFile, reply);
    }
    await this.finish(name, text, decoded, [], acks, ackFile);
  }

  private async finish(name: string, text: string, d: X12Decoded, refusals: readonly Problem[], acks: readonly AckOutcome[], ackFile: string | null): Promise<void> {
    const at = this.now().toISOString();
    const problems = [...refusals, ...d.problems];
    const applied = refusals.length > 0 ? 0 : d.events.length + d.snapshots.length + d.acknowledgments.length + d.orders.length;
    const outcome = applied === 0 && problems.length > 0 ? 'quarantined' : 'archived';
    const report = () =>
      x12Report({ name, source: this.source, at, outcome, decoded: d, refusals, ack: ackFile ? `${ackFile} (in the outbox)` : 'none (none is owed or the ISA is unreadable)' });
    let path: string;
    if (outcome === 'quarantined') path = await this.folder.quarantine(name, report());
    else {
      path = await this.folder.archive(name);
      if (problems.length > 0) await writeFile(`${path}.report.txt`, report(), 'utf8');
    }
    if (problems.length > 0) {
      await this.opts.rejections.record({
        source: this.source,
        dialect: 'edi-x12',
        code: problems[0]?.code ?? 'MALFORMED_MESSAGE',
        reason: outcome === 'quarantined' ? 'interchange_quarantined' : 'sets_refused',
        message: x12Summary(problems),
        location: `${outcome === 'quarantined' ? 'quarantine' : 'archive'}/${basename(path)}`,
        payload: text,
        receivedAt: at,
      });
      this.tracker.error(new Error(`${name} ${outcome}: ${problems[0]?.where ?? ''}: ${problems[0]?.message ?? ''}`));
    }
    this.outcomes.push({
      name,
      outcome,
      interchange: d.interchange?.controlNumber ?? null,
      events: refusals.length > 0 ? 0 : d.events.length,
      snapshots: refusals.length > 0 ? 0 : d.snapshots.length,
      orders: refusals.length > 0 ? 0 : d.orders.length,
      acks,
      problems,
      path,
      ackFile,
    });
  }

  /** An interchange not from this partner to the hub is not theirs to send here: refused, not acknowledged. */
  private misaddressed(d: X12Decoded): Problem[] {
    const ic = d.interchange;
    if (this.opts.checkIds === false || ic === null) return [];
    const { partner, hub } = this.opts;
    if (ic.sender === partner.id && ic.receiver === hub.id) return [];
    return [
      problem(
        'MALFORMED_MESSAGE',
        `the interchange goes from "${ic.sender}" to "${ic.receiver}"; this folder takes interchanges from "${partner.id}" to "${hub.id}" (not acknowledged)`,
        'ISA06/ISA08',
      ),
    ];
  }
}

/**
 * X12 is ASCII by standard; partners that write names with accents use UTF-8 or ISO-8859-1. The
 * bytes are read as UTF-8 when they are valid UTF-8, else as ISO-8859-1 (where every byte is a
 * character): delimiters and codes are ASCII in both, so nothing is misread either way.
 */
function interchangeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}
