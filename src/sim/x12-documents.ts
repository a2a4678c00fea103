import type { CanonicalStatus } from '../domain/index.ts';

/** The two parties of the demo's X12 exchange and the 3PL's warehouse party. */
export interface X12Parties {
  readonly partner: string;
  readonly hub: string;
  /** N104 of the 3PL's warehouse (N103 = 91, assigned by the seller). */
  readonly warehouseCode: string;
  readonly warehouseName: string;
}

/** One detail line: cases of a case GTIN-14, with a lot and expiry when it has them. */
export interface X12Line {
  readonly gtin14: string;
  readonly cases: number;
  readonly lot?: string | undefined;
  readonly expiry?: string | undefined;
}

/** 846 QTY01 qualifiers of the balances the 3PL reports (the connector's QTY_QUALIFIERS read them back). */
export const BALANCE_QUALIFIER: Readonly<Partial<Record<CanonicalStatus, string>>> = {
  available: '33',
  allocated: '27',
  quarantine: 'QH',
  damaged: '74',
  in_transit: 'IQ',
};

type Segment = readonly (string | number)[];

const pad = (s: string, n: number): string => s.padEnd(n, ' ').slice(0, n);
const ymd = (date: string): string => date.replaceAll('-', '');

/** `date` YYYYMMDD and `time` HHMM of the moment the 3PL writes in. */
export interface X12Clock {
  readonly date: string;
  readonly time: string;
}

/**
 * One X12 004010 interchange with one functional group of transaction sets (ISA/GS/ST…SE/GE/IEA,
 * `*` elements, `~` segments, `>` components), counts and control numbers consistent.
 */
export function interchange(p: X12Parties, control: number, functionalId: string, clock: X12Clock, sets: readonly { id: string; body: readonly Segment[] }[]): string {
  const icn = String(control).padStart(9, '0');
  const seg = (s: Segment): string => `${s.join('*')}~`;
  const out: string[] = [
    seg(['ISA', '00', pad('', 10), '00', pad('', 10), 'ZZ', pad(p.partner, 15), 'ZZ', pad(p.hub, 15), clock.date.slice(2), clock.time, 'U', '00401', icn, '0', 'P', '>']),
    seg(['GS', functionalId, p.partner, p.hub, clock.date, clock.time, control, 'X', '004010']),
  ];
  sets.forEach((set, i) => {
    const st = String(i + 1).padStart(4, '0');
    out.push(seg(['ST', set.id, st]), ...set.body.map(seg), seg(['SE', set.body.length + 2, st]));
  });
  out.push(seg(['GE', sets.length, control]), seg(['IEA', 1, icn]));
  return out.join('\n') + '\n';
}

const warehouse = (p: X12Parties): Segment => ['N1', 'WH', p.warehouseName, '91', p.warehouseCode];

/** 944 receipt advice: one W07 per line, cases of the case GTIN-14 (UK). */
export function receipt944(p: X12Parties, clock: X12Clock, receiptNo: string, asn: string, lines: readonly X12Line[]): { id: string; body: Segment[] } {
  return {
    id: '944',
    body: [
      ['W17', 'F', clock.date, receiptNo, asn],
      warehouse(p),
      ...lines.map((l): Segment => ['W07', l.cases, 'CA', '', 'UK', l.gtin14]),
      ['W14', lines.reduce((n, l) => n + l.cases, 0)],
    ],
  };
}

/** 945 shipping advice of one order: LX/W12 per line, shipped at `clock` (G62*11). */
export function shipment945(p: X12Parties, clock: X12Clock, orderNo: string, shipmentId: string, lines: readonly X12Line[]): { id: string; body: Segment[] } {
  return {
    id: '945',
    body: [
      ['W06', 'F', orderNo, clock.date, shipmentId],
      warehouse(p),
      ['G62', '11', clock.date, '8', clock.time],
      ...lines.flatMap((l, i): Segment[] => [['LX', i + 1], ['W12', 'CC', l.cases, l.cases, '', 'CA', '', 'UK', l.gtin14]]),
      ['W03', lines.reduce((n, l) => n + l.cases, 0)],
    ],
  };
}

/** 846 full listing (BIA01 00): per item its balances by status, each with its lot (REF*LT) and expiry (DTM*036). */
export function listing846(p: X12Parties, clock: X12Clock, ref: string, items: readonly { gtin14: string; balances: readonly (X12Line & { status: CanonicalStatus })[] }[]): { id: string; body: Segment[] } {
  const body: Segment[] = [['BIA', '00', 'SI', ref, clock.date, clock.time], ['DTM', '007', clock.date, clock.time], warehouse(p)];
  items.forEach((item, i) => {
    body.push(['LIN', i + 1, 'UK', item.gtin14]);
    for (const b of item.balances) {
      const qualifier = BALANCE_QUALIFIER[b.status];
      if (qualifier === undefined) throw new Error(`an 846 has no balance qualifier for ${b.status}`);
      body.push(['QTY', qualifier, b.cases, 'CA']);
      if (b.lot) body.push(['REF', 'LT', b.lot]);
      if (b.expiry) body.push(['DTM', '036', ymd(b.expiry)]);
    }
  });
  body.push(['CTT', items.length]);
  return { id: '846', body };
}
