import { createHash } from 'node:crypto';
import { gtinCheckDigit } from './gtin-check-digit.ts';

/** A site's GS1 location: company prefix and location reference of its SGLN (extension per read point). */
export interface Gs1Site {
  readonly companyPrefix: string;
  readonly locationRef: string;
}

/** The 13-digit GLN of a site (what the connector's `locations` map names). */
export const glnOfSite = (s: Gs1Site): string => {
  const body = `${s.companyPrefix}${s.locationRef}`;
  return body + String(gtinCheckDigit(body));
};

export const sgln = (s: Gs1Site, extension: string): string => `urn:epc:id:sgln:${s.companyPrefix}.${s.locationRef}.${extension}`;

/** SGTIN pattern parts of a GTIN-14 with a 7-digit company prefix: `CP` and indicator + item reference. */
function gtinParts(gtin14: string): { cp: string; ir: string } {
  return { cp: gtin14.slice(1, 8), ir: gtin14.charAt(0) + gtin14.slice(8, 13) };
}

export const sgtin = (gtin14: string, serial: number): string => {
  const { cp, ir } = gtinParts(gtin14);
  return `urn:epc:id:sgtin:${cp}.${ir}.${serial}`;
};

export const sgtinPattern = (gtin14: string): string => {
  const { cp, ir } = gtinParts(gtin14);
  return `urn:epc:idpat:sgtin:${cp}.${ir}.*`;
};

/** A stable `urn:uuid:` for the n-th event of a source (a repeated document keeps its event ids). */
export function eventUuid(source: string, n: number): string {
  const h = createHash('sha256').update(`${source}:${n}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An EPCIS 2.0 JSON-LD document around `events`. */
export function epcisDocument(events: readonly Record<string, unknown>[], createdAt: string): Record<string, unknown> {
  return {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: createdAt,
    epcisBody: { eventList: events },
  };
}

export interface PortalEvent {
  readonly eventId: string;
  readonly time: string;
  readonly offset: string;
  readonly action: 'ADD' | 'OBSERVE';
  readonly bizStep?: string | undefined;
  readonly disposition?: string | undefined;
  readonly readPoint: string;
  readonly bizLocation?: string | undefined;
  readonly epcs?: readonly string[] | undefined;
  readonly quantities?: readonly { readonly epcClass: string; readonly quantity: number }[] | undefined;
  /** The purchase order's business transaction URI. */
  readonly order?: string | undefined;
}

/** One ObjectEvent as an RFID portal reports it. */
export function objectEvent(e: PortalEvent): Record<string, unknown> {
  return {
    type: 'ObjectEvent',
    eventID: e.eventId,
    eventTime: e.time,
    eventTimeZoneOffset: e.offset,
    epcList: e.epcs ?? [],
    ...(e.quantities ? { quantityList: e.quantities } : {}),
    action: e.action,
    ...(e.bizStep ? { bizStep: e.bizStep } : {}),
    ...(e.disposition ? { disposition: e.disposition } : {}),
    readPoint: { id: e.readPoint },
    ...(e.bizLocation ? { bizLocation: { id: e.bizLocation } } : {}),
    ...(e.order ? { bizTransactionList: [{ type: 'po', bizTransaction: e.order }] } : {}),
  };
}
