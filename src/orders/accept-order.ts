import { createHash } from 'node:crypto';
import { type Problem, problem, StockmeshError, toBaseUnits } from '../domain/index.ts';
import type { MasterDataIndex } from '../mdm/index.ts';
import type { AcceptedOrder, BaseLine, OrderInput } from './order-types.ts';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Canonical JSON (sorted keys): two bodies that mean the same hash the same. */
export function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (isObj(x)) {
    return `{${Object.keys(x)
      .filter((k) => x[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(x[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(x);
}

/** Shape checks of an order (the HTTP route checks the same with JSON Schema first). */
function shapeProblems(x: unknown): Problem[] {
  const out: Problem[] = [];
  const bad = (where: string, msg: string) => out.push(problem('MALFORMED_ORDER', `${where}: ${msg}`, where));
  if (!isObj(x)) return [problem('MALFORMED_ORDER', 'an order must be a JSON object')];
  if (typeof x.id !== 'string' || x.id.length === 0 || x.id.length > 200) bad('id', 'must be a string of 1 to 200 characters');
  if (x.channel !== undefined && typeof x.channel !== 'string') bad('channel', 'must be a string');
  if (x.serviceLevel !== undefined && typeof x.serviceLevel !== 'string') bad('serviceLevel', 'must be a string');
  if (x.priority !== undefined && !Number.isInteger(x.priority)) bad('priority', 'must be an integer');
  if (x.promisedHours !== undefined && (typeof x.promisedHours !== 'number' || x.promisedHours < 0)) bad('promisedHours', 'must be a number >= 0');
  const d = x.destination;
  if (!isObj(d)) bad('destination', 'must be an object with region, lat/lon or postalCode');
  else {
    const hasGeo = d.lat !== undefined || d.lon !== undefined;
    if (hasGeo && (typeof d.lat !== 'number' || typeof d.lon !== 'number' || Math.abs(d.lat) > 90 || Math.abs(d.lon) > 180)) bad('destination', 'lat and lon must both be degrees');
    if (d.region !== undefined && typeof d.region !== 'string') bad('destination.region', 'must be a string');
    if (d.postalCode !== undefined && typeof d.postalCode !== 'string') bad('destination.postalCode', 'must be a string');
    if (!hasGeo && d.region === undefined && d.postalCode === undefined) bad('destination', 'needs region, lat/lon or postalCode');
  }
  if (!Array.isArray(x.lines) || x.lines.length === 0) bad('lines', 'must be a non-empty array');
  else
    x.lines.forEach((l: unknown, i) => {
      if (!isObj(l) || typeof l.sku !== 'string') return bad(`lines[${i}].sku`, 'is required');
      if (typeof l.qty !== 'number' && typeof l.qty !== 'string') bad(`lines[${i}].qty`, 'must be a positive quantity');
      if (l.unit !== undefined && typeof l.unit !== 'string') bad(`lines[${i}].unit`, 'must be a string');
    });
  return out;
}

/**
 * Validates an order and maps it through master data: known SKUs, quantities converted exactly to
 * base units (UNIT_INEXACT otherwise), lines of one SKU merged. Throws MALFORMED_ORDER (or the
 * master data code) with every problem found.
 */
export function acceptOrder(raw: unknown, md: MasterDataIndex): AcceptedOrder {
  const shape = shapeProblems(raw);
  if (shape.length > 0) throw new StockmeshError('MALFORMED_ORDER', shape.map((p) => p.message).join('; '), shape);
  const input = raw as OrderInput;
  const problems: Problem[] = [];
  const merged = new Map<string, number>();
  input.lines.forEach((l, i) => {
    const sku = md.sku(l.sku);
    if (!sku) return problems.push(problem('UNKNOWN_SKU', `lines[${i}].sku: unknown SKU "${l.sku}"`, `lines[${i}].sku`));
    const unit = l.unit ?? sku.baseUnit;
    const factor = md.factor(sku.id, unit);
    if (factor === undefined) return problems.push(problem('UNKNOWN_UNIT', `lines[${i}].unit: "${unit}" has no conversion for ${sku.id}`, `lines[${i}].unit`));
    const qty = toBaseUnits(l.qty, factor);
    if (qty === undefined || qty <= 0) return problems.push(problem('UNIT_INEXACT', `lines[${i}].qty: ${l.qty} ${unit} is not a whole, positive number of ${sku.baseUnit}`, `lines[${i}].qty`));
    merged.set(sku.id, (merged.get(sku.id) ?? 0) + qty);
  });
  if (problems.length > 0) throw new StockmeshError(problems[0]?.code ?? 'MALFORMED_ORDER', problems.map((p) => p.message).join('; '), problems);
  const lines: BaseLine[] = [...merged].map(([sku, qty]) => ({ sku, qty }));
  const hash = createHash('sha256').update(canonicalJson(input)).digest('hex');
  return { input, hash, lines, priority: input.priority ?? 0 };
}
