import { StockmeshError } from '../../domain/index.ts';
import type { FulfilmentRequest } from '../connector.ts';
import { encode940 } from './encode-940.ts';
import type { X12Envelope } from './write-interchange.ts';
import type { ControlNumbers } from './x12-transport-control-numbers.ts';
import type { OrderLog, SentOrder } from './x12-transport-order-log.ts';
import { type EdiFolderOptions, isa13 } from './x12-transport-options.ts';
import type { X12Outbox } from './x12-transport-outbox.ts';

/**
 * Sends fulfilment requests to the partner as 940 interchanges in the outbox (`940-<ISA13>.edi`).
 * In order, so a crash at any point leaves nothing lost and nothing sent twice:
 * 1. the request is encoded once with a placeholder number — a request X12 cannot carry is
 *    refused (UNENCODABLE_REQUEST) before a control number is spent;
 * 2. the next control number is reserved and the order recorded as `pending`;
 * 3. the interchange is written (atomically) and the order marked `sent`.
 * Sending a request again finds its record: a `pending` one is written again with the same control
 * number and date (the same bytes), a `sent` or acknowledged one is not written twice.
 */
export class ShippingOrderSender {
  private readonly opts: EdiFolderOptions;
  private readonly controls: ControlNumbers;
  private readonly log: OrderLog;
  private readonly outbox: X12Outbox;
  private readonly now: () => Date;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(deps: { opts: EdiFolderOptions; controls: ControlNumbers; log: OrderLog; outbox: X12Outbox; now: () => Date }) {
    this.opts = deps.opts;
    this.controls = deps.controls;
    this.log = deps.log;
    this.outbox = deps.outbox;
    this.now = deps.now;
  }

  /** Sends one request (serialised with the other sends of this partner); returns its record. */
  send(request: FulfilmentRequest): Promise<SentOrder> {
    const run = this.chain.then(() => this.sendOne(request));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async sendOne(request: FulfilmentRequest): Promise<SentOrder> {
    const known = await this.log.byRequest(request.id);
    if (known !== undefined && known.status !== 'pending') return known;
    if (known !== undefined) return this.write(request, known);
    const sentAt = this.now().toISOString();
    this.encode(request, 1, sentAt);
    const controlNumber = await this.controls.next();
    const pending = await this.log.save({
      requestId: request.id,
      orderRef: request.orderRef,
      warehouse: request.warehouse,
      controlNumber,
      file: `940-${isa13(controlNumber)}.edi`,
      sentAt,
      status: 'pending',
    });
    return this.write(request, pending);
  }

  private async write(request: FulfilmentRequest, order: SentOrder): Promise<SentOrder> {
    await this.outbox.write(order.file, this.encode(request, order.controlNumber, order.sentAt));
    return this.log.save({ ...order, status: 'sent' });
  }

  private encode(request: FulfilmentRequest, controlNumber: number, date: string): string {
    const o = this.opts;
    const party = o.warehouseParty?.(request.warehouse);
    if (o.warehouseParty !== undefined && party === undefined) {
      const message = `warehouse ${request.warehouse} has no N1*WH party at partner ${o.partner.id}`;
      throw new StockmeshError('UNENCODABLE_REQUEST', `warehouse: ${message}`, [{ code: 'UNENCODABLE_REQUEST', message, where: 'warehouse' }]);
    }
    const envelope: X12Envelope = {
      sender: { qualifier: o.hub.qualifier, id: o.hub.id },
      receiver: { qualifier: o.partner.qualifier, id: o.partner.id },
      controlNumber,
      applicationSender: o.hub.applicationId,
      applicationReceiver: o.partner.applicationId,
      date,
      usage: o.usage,
      version: o.version,
    };
    return encode940(request, envelope, { ...o.encode940, warehouseParty: party });
  }
}
