import iconv from 'iconv-lite';
import type { StockChange } from './demo-stock.ts';
import { CN_CASE } from './demo-network.ts';
import { codeOf, externalQuantity, externalStatus } from './dialect-words.ts';
import { dropFile, localStamp } from './drop-writer.ts';
import type { Site } from './sim-site.ts';
import { type SimContext, type SimWms, savedObject } from './sim-wms.ts';

export interface ErpSimOptions {
  /** The drop folder the file-drop connector watches. */
  readonly dir: string;
  /** The ERP's warehouse code of the site. */
  readonly whCode: string;
}

/** The ERP's document types (单据类型) by the demo's reasons; the connector's layout maps them back. */
const DOC_TYPE: Readonly<Record<string, string>> = {
  receipt: '入库',
  order_allocated: '分配',
  pick: '拣货',
  ship: '出库',
  qc_hold: '冻结',
  release: '解冻',
  damage_found: '报损',
};

export const JOURNAL_HEADER = ['序号', '日期', '时间', '单据类型', '物料编码', '批次', '有效期', '数量', '单位', '单号'];
export const LISTING_HEADER = ['仓库编码', '物料编码', '批次', '有效期', '库存状态', '数量', '单位'];

/**
 * The inventory module of an old ERP that can only export files (docs/connectors/file-drop.md):
 * movement journals `JN_<date>_<time>_<n>.gbk.csv` every few seconds and a full listing
 * `KC_<date>_<time>.gbk.csv` ("nightly"), CSV in GBK with Chinese headers, document types and
 * status words; receipts counted in 箱 (cases). Files are written `.part` → renamed → `.done`.
 */
export class ErpFileSim implements SimWms {
  readonly site: Site;
  private readonly ctx: SimContext;
  private readonly opts: ErpSimOptions;
  private buffer: string[][];
  private files: number;
  private lastListing = '';

  constructor(ctx: SimContext, opts: ErpSimOptions, saved?: unknown) {
    this.ctx = ctx;
    this.site = ctx.site;
    this.opts = opts;
    const s = savedObject(saved);
    this.buffer = Array.isArray(s.buffer) ? (s.buffer as string[][]) : [];
    this.files = typeof s.files === 'number' ? s.files : 0;
  }

  async start(): Promise<void> {}

  emit(change: StockChange, seq: number): void {
    this.buffer.push(this.line(change, String(seq)));
  }

  /** Writes the buffered journal lines as one file. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const lines = this.buffer;
    this.buffer = [];
    await this.writeJournal(lines);
  }

  /** Flushes the journal, then writes the full listing of the stock; returns the listing's file name. */
  async snapshot(): Promise<void> {
    await this.listing();
  }

  async listing(): Promise<string> {
    await this.flush();
    let { date, time } = localStamp(this.ctx.now(), 480);
    // The listing's name is its time to the second (and its snapshot id): never two in one second.
    while (`${date}_${time}` <= this.lastListing) {
      await new Promise((r) => setTimeout(r, 200));
      ({ date, time } = localStamp(this.ctx.now(), 480));
    }
    this.lastListing = `${date}_${time}`;
    const rows = this.ctx.stock.positions().map((p) => {
      const q = externalQuantity(this.ctx.net, this.site.source, p.sku, p.qty);
      return [this.opts.whCode, q.sku, p.lot, p.expiry ?? '', externalStatus(this.site.source, p.status), String(q.quantity), ''];
    });
    const total = rows.reduce((n, r) => n + Number(r[5]), 0);
    const name = `KC_${date}_${time}.gbk.csv`;
    await dropFile(this.opts.dir, name, gbk([LISTING_HEADER, ...rows, ['合计', '', '', '', '', String(total), '']]));
    return name;
  }

  /** Writes journal lines as one file (after what is buffered); `typo` spoils the third line's quantity. Returns the file name. */
  async journal(changes: readonly { readonly change: StockChange; readonly seq?: number | undefined }[], typo = false): Promise<string> {
    await this.flush();
    const lines = changes.map((c) => this.line(c.change, c.seq === undefined ? '' : String(c.seq)));
    const third = lines[2];
    if (typo && third) third[7] = `${third[7]}x`;
    return this.writeJournal(lines);
  }

  async stop(): Promise<void> {
    await this.flush();
  }

  saved(): unknown {
    return { buffer: this.buffer, files: this.files };
  }

  private async writeJournal(lines: readonly string[][]): Promise<string> {
    const { date, time } = localStamp(this.ctx.now(), 480);
    this.files += 1;
    const name = `JN_${date}_${time}_${String(this.files).padStart(5, '0')}.gbk.csv`;
    await dropFile(this.opts.dir, name, gbk([JOURNAL_HEADER, ...lines]));
    return name;
  }

  private line(c: StockChange, seq: string): string[] {
    const { date, time } = localStamp(this.ctx.now(), 480);
    const ext = codeOf(this.ctx.net, this.site.source, c.sku);
    const perCase = this.ctx.net.skus.find((s) => s.sku.id === c.sku)?.packs.case;
    const inCases = c.reason === 'receipt' && perCase !== undefined && c.qty % perCase === 0;
    const type = c.reason === 'cycle_count' ? (c.from === null ? '盘盈' : '盘亏') : (DOC_TYPE[c.reason] ?? '调整');
    return [seq, date, time, type, ext.code, c.lot ?? '', c.expiry ?? '', String(inCases ? c.qty / (perCase ?? 1) : c.qty), inCases ? CN_CASE : '', c.orderRef ?? ''];
  }
}

/** CSV (fields quoted when they need it) encoded in GBK, lines ending CRLF as Windows ERPs write them. */
function gbk(rows: readonly (readonly string[])[]): Buffer {
  const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return iconv.encode(rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n', 'gbk');
}
