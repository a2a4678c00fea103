import { createHash } from 'node:crypto';
import { type InboundEvent, type Problem, problem } from '../../domain/index.ts';
import { type CbvValue, cbvValue } from './cbv-vocabulary.ts';
import type { ResolvedEpcisOptions } from './decode-epcis-options.ts';
import { EVENT_TYPES, eventObjects } from './event-objects.ts';
import { canonicalJson, isRecord, type JsonObject, locationId, str } from './json-value.ts';
import { type EventOutcome, movementsOf } from './movements-of.ts';

const ACTIONS: readonly string[] = ['ADD', 'OBSERVE', 'DELETE'];

/** Standard EPCIS 2.0 event fields; other keys are prefixed extensions (kept out of the way) or unknown. */
const FIELDS = new Set([
  'type', 'eventID', 'eventTime', 'eventTimeZoneOffset', 'recordTime', 'certificationInfo', 'errorDeclaration', 'action',
  'bizStep', 'disposition', 'persistentDisposition', 'readPoint', 'bizLocation', 'bizTransactionList', 'sourceList',
  'destinationList', 'sensorElementList', 'ilmd', 'epcList', 'quantityList', 'parentID', 'childEPCs', 'childQuantityList',
  'inputEPCList', 'inputQuantityList', 'outputEPCList', 'outputQuantityList', 'transformationID', '@context',
]);

export interface MappedEvent {
  readonly outcome: EventOutcome;
  readonly events: readonly InboundEvent[];
  readonly problems: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/**
 * One EPCIS event → its stock movements. The event is identified by its eventID, or — when it has
 * none — by the SHA-256 of its canonical JSON (keys sorted), so the same event always yields the
 * same ids. An event with an errorDeclaration is a retraction: no movement, a warning naming its
 * corrective events and the ids its movements carried.
 */
export function mapEpcisEvent(raw: unknown, index: number, o: ResolvedEpcisOptions): MappedEvent {
  if (!isRecord(raw)) return refused(index, '(none)', '?', `eventList[${index}]`, 'an event must be a JSON object');
  const eventId = str(raw, 'eventID');
  const key = eventId ?? `sha256:${createHash('sha256').update(canonicalJson(raw)).digest('hex')}`;
  const where = `eventList[${index}] (${eventId ?? `no eventID, ${key.slice(0, 19)}…`})`;
  const type = str(raw, 'type') ?? '';
  if (!EVENT_TYPES.includes(type)) return refused(index, key, type, where, `event type ${JSON.stringify(raw['type'])} is not an EPCIS 2.0 event type`);
  const occurredAt = eventTimeOf(raw);
  if (occurredAt === undefined) return refused(index, key, type, where, `eventTime ${JSON.stringify(raw['eventTime'])} is not a date-time with a zone (nor is eventTimeZoneOffset usable)`);
  const action = str(raw, 'action');
  if (type !== 'TransformationEvent' && (action === undefined || !ACTIONS.includes(action))) {
    return refused(index, key, type, where, `action ${JSON.stringify(raw['action'])} is not ADD, OBSERVE or DELETE`);
  }
  const warnings: Problem[] = [];
  const extensions = Object.keys(raw).filter((k) => !FIELDS.has(k) && k.includes(':'));
  for (const k of Object.keys(raw).filter((k) => !FIELDS.has(k) && !k.includes(':'))) {
    warnings.push(problem('MESSAGE_QUIRK', `"${k}" is neither an EPCIS 2.0 field nor a prefixed extension: ignored`, where));
  }
  const objects = eventObjects(raw, type);
  if (!objects.ok) return refused(index, key, type, where, objects.reason);
  const invalid = objects.groups.flatMap((g) => g.invalid);
  if (invalid.length > 0) return refused(index, key, type, where, invalid.join('; '));
  const dupes = objects.groups.reduce((n, g) => n + g.duplicates, 0);
  if (dupes > 0) warnings.push(problem('MESSAGE_QUIRK', `${dupes} EPC(s) listed twice: counted once`, where));
  const cbv = (k: 'bizStep' | 'disposition', v: 'BizStep' | 'Disp'): CbvValue | undefined => {
    const s = str(raw, k);
    return s === undefined ? undefined : cbvValue(s, v);
  };
  const mapped = movementsOf(
    {
      index,
      key,
      where,
      type,
      action,
      bizStep: cbv('bizStep', 'BizStep'),
      disposition: cbv('disposition', 'Disp'),
      occurredAt,
      groups: objects.groups,
      expiry: objects.expiry,
      locations: [locationId(raw, 'bizLocation'), locationId(raw, 'readPoint')].filter((l): l is string => l !== undefined),
      refs: refsOf(raw),
      extensions,
    },
    o,
  );
  const declaration = raw['errorDeclaration'];
  if (!isRecord(declaration)) return { ...mapped, warnings: [...warnings, ...mapped.warnings] };
  const corrective = Array.isArray(declaration['correctiveEventIDs']) ? declaration['correctiveEventIDs'].filter((c) => typeof c === 'string') : [];
  const ids = mapped.events.map((e) => e.id);
  warnings.push(
    problem(
      'EVENT_RETRACTED',
      `declared erroneous (reason ${JSON.stringify(declaration['reason'] ?? 'none')}, at ${String(declaration['declarationTime'] ?? '?')}): no movement applied; ` +
        `corrective events: ${corrective.length > 0 ? corrective.join(', ') : 'none named'}` +
        (ids.length > 0 ? `; if the original event was applied earlier, its ledger events are ${ids.join(', ')}` : ''),
      where,
    ),
  );
  return {
    outcome: { ...mapped.outcome, result: 'retracted', movements: 0, note: `retracted by its errorDeclaration (corrective: ${corrective.join(', ') || 'none'})` },
    events: [],
    problems: [],
    warnings: [...warnings, ...mapped.warnings],
  };
}

/** eventTime as an ISO instant with zone; a time without zone takes eventTimeZoneOffset. Seconds are added when missing. */
function eventTimeOf(raw: JsonObject): string | undefined {
  const t = str(raw, 'eventTime');
  const m = t === undefined ? null : /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(t);
  if (!m) return undefined;
  const zone = m[3] ?? str(raw, 'eventTimeZoneOffset');
  if (zone === undefined || !/^(Z|[+-]\d{2}:\d{2})$/.test(zone)) return undefined;
  return `${m[1]}${m[2] ?? ':00'}${zone}`;
}

/** The order (po) and transfer (desadv) references of the bizTransactionList. */
function refsOf(raw: JsonObject): { orderRef?: string | undefined; transferRef?: string | undefined } {
  const list = Array.isArray(raw['bizTransactionList']) ? raw['bizTransactionList'] : [];
  const find = (type: string) => {
    for (const b of list) {
      if (!isRecord(b) || typeof b['type'] !== 'string' || typeof b['bizTransaction'] !== 'string') continue;
      if (cbvValue(b['type'], 'BTT').name === type && b['bizTransaction'].length <= 200) return b['bizTransaction'];
    }
    return undefined;
  };
  return { orderRef: find('po'), transferRef: find('desadv') };
}

function refused(index: number, key: string, type: string, where: string, message: string): MappedEvent {
  return {
    outcome: { index, eventId: key, type, result: 'refused', movements: 0, note: message, extensions: [] },
    events: [],
    problems: [problem('MALFORMED_MESSAGE', message, where)],
    warnings: [],
  };
}
