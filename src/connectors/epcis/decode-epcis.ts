import type { InboundEvent, Problem } from '../../domain/index.ts';
import type { Decoded } from '../connector.ts';
import { type DecodeEpcisOptions, resolveEpcisOptions } from './decode-epcis-options.ts';
import { mapEpcisEvent } from './map-epcis-event.ts';
import type { EventOutcome } from './movements-of.ts';
import { readEpcisDocument } from './read-epcis-document.ts';

export interface EpcisDecoded extends Decoded {
  /** Deviations read anyway (MESSAGE_QUIRK) and retractions (EVENT_RETRACTED). */
  readonly warnings: readonly Problem[];
  /** One per event of the document, in document order. */
  readonly outcomes: readonly EventOutcome[];
  /** EPCISDocument or EPCISQueryDocument; null when the document was refused. */
  readonly documentType: string | null;
}

/**
 * Decodes an EPCIS 2.0 JSON / JSON-LD document (text or parsed JSON) into inbound events (pure).
 * Each event is mapped on its own: a bad event (malformed, unmapped step, unknown location) is
 * reported and the others still decode. Events without stock meaning (sensor readings, packing,
 * transactions) are kept in `outcomes` with the reason, never silently dropped.
 */
export function decodeEpcis(input: unknown, options: DecodeEpcisOptions): EpcisDecoded {
  const o = resolveEpcisOptions(options);
  const doc = readEpcisDocument(input);
  if (!doc.ok) return { events: [], snapshots: [], problems: [doc.problem], warnings: [], outcomes: [], documentType: null };
  const events: InboundEvent[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [...doc.warnings];
  const outcomes: EventOutcome[] = [];
  doc.events.forEach((raw, i) => {
    const m = mapEpcisEvent(raw, i, o);
    events.push(...m.events);
    problems.push(...m.problems);
    warnings.push(...m.warnings);
    outcomes.push(m.outcome);
  });
  return { events, snapshots: [], problems, warnings, outcomes, documentType: doc.type };
}
