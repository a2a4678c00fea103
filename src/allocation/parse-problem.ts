import { type Problem, StockmeshError } from '../domain/index.ts';
import { FieldReader } from './field-reader.ts';
import { todayOf } from './calendar.ts';
import {
  type AllocationProblem,
  DEFAULT_POLICY,
  type Lane,
  type OrderLine,
  type Policy,
  type ProblemOrder,
  type ProblemSku,
  type ProblemWarehouse,
  type Quote,
  type StockRow,
} from './problem-types.ts';
import { checkReferences } from './check-references.ts';

/**
 * Validates a parsed JSON document against docs/allocation-format.md and applies the defaults.
 * Every problem names its field and element; a malformed problem throws one `MALFORMED_PROBLEM`
 * error listing them all (the CLI turns it into exit 2). `now` supplies the default `asOf`.
 */
export function parseProblem(doc: unknown, now: () => Date = () => new Date()): AllocationProblem {
  const problems: Problem[] = [];
  const top = FieldReader.object(problems, '', doc);
  if (!top) throw malformed(problems);
  const warehouses = top.array('warehouses', true, (v, p) => readWarehouse(problems, p, v));
  const skus = top.array('skus', false, (v, p) => readSku(problems, p, v));
  const stock = top.array('stock', false, (v, p) => readStock(problems, p, v));
  const lanes = top.array('lanes', false, (v, p) => readLane(problems, p, v));
  const orders = top.array('orders', true, (v, p) => readOrder(problems, p, v));
  const policy = top.has('policy') ? readPolicy(problems, top.raw('policy')) : DEFAULT_POLICY;
  const asOf = top.date('asOf') ?? todayOf(now());
  if (problems.length === 0) checkReferences(problems, { warehouses, skus, stock, lanes, orders });
  if (problems.length > 0) throw malformed(problems);
  return { warehouses, skus, stock, lanes, orders, policy, asOf };
}

function malformed(problems: readonly Problem[]): StockmeshError {
  const first = problems[0];
  const head = first ? `${first.where ? first.where + ': ' : ''}${first.message}` : 'malformed problem';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return new StockmeshError('MALFORMED_PROBLEM', `malformed allocation problem: ${head}${more}`, problems.slice(0, 100));
}

function readWarehouse(problems: Problem[], path: string, v: unknown): ProblemWarehouse | undefined {
  const r = FieldReader.object(problems, path, v);
  if (!r) return undefined;
  const id = r.string('id', true);
  const region = r.string('region');
  const storage = r.strings('storage') ?? ['ambient'];
  const hazmat = r.boolean('hazmat', false);
  const capacity = r.number('capacity', undefined);
  const handlingCostPerUnit = r.number('handlingCostPerUnit', 0);
  const enabled = r.boolean('enabled', true);
  const channels = r.strings('channels');
  if (id === undefined) return undefined;
  return {
    id,
    ...(region !== undefined ? { region } : {}),
    storage,
    hazmat,
    ...(capacity !== undefined ? { capacity } : {}),
    handlingCostPerUnit,
    enabled,
    ...(channels !== undefined ? { channels } : {}),
  };
}

function readSku(problems: Problem[], path: string, v: unknown): ProblemSku | undefined {
  const r = FieldReader.object(problems, path, v);
  if (!r) return undefined;
  const id = r.string('id', true);
  const weightKg = r.number('weightKg', 0);
  const storage = r.string('storage') ?? 'ambient';
  const hazmat = r.boolean('hazmat', false);
  const minShelfLifeDays = r.integer('minShelfLifeDays', 0, false) ?? 0;
  return id === undefined ? undefined : { id, weightKg, storage, hazmat, minShelfLifeDays };
}

function readStock(problems: Problem[], path: string, v: unknown): StockRow | undefined {
  const r = FieldReader.object(problems, path, v);
  if (!r) return undefined;
  const warehouse = r.string('warehouse', true);
  const sku = r.string('sku', true);
  const qty = r.integer('qty', 0, true, 'an integer >= 0');
  const lot = r.string('lot');
  const expiry = r.date('expiry');
  if (warehouse === undefined || sku === undefined || qty === undefined) return undefined;
  return { warehouse, sku, qty, ...(lot !== undefined ? { lot } : {}), ...(expiry !== undefined ? { expiry } : {}) };
}

function readLane(problems: Problem[], path: string, v: unknown): Lane | undefined {
  const r = FieldReader.object(problems, path, v);
  if (!r) return undefined;
  const from = r.string('from', true);
  const to = r.string('to', true);
  const fixedCost = r.number('fixedCost', 0);
  const costPerKg = r.number('costPerKg', 0);
  const transitHours = r.number('transitHours', 0);
  return from === undefined || to === undefined ? undefined : { from, to, fixedCost, costPerKg, transitHours };
}

function readOrder(problems: Problem[], path: string, v: unknown): ProblemOrder | undefined {
  const r = FieldReader.object(problems, path, v);
  if (!r) return undefined;
  const id = r.string('id', true);
  const destination = r.string('destination');
  const promiseHours = r.number('promiseHours', undefined);
  const lines = r.array('lines', false, (e, p): OrderLine | undefined => {
    const l = FieldReader.object(problems, p, e);
    if (!l) return undefined;
    const sku = l.string('sku', true);
    const qty = l.integer('qty', 1, true);
    return sku === undefined || qty === undefined ? undefined : { sku, qty };
  });
  const units = lines.reduce((a, l) => a + l.qty, 0) || 1;
  const quotes = r.has('quotes')
    ? r.array('quotes', false, (e, p): Quote | undefined => {
        const q = FieldReader.object(problems, p, e);
        if (!q) return undefined;
        const warehouse = q.string('warehouse', true);
        const cost = q.number('cost', undefined);
        if (!q.has('cost')) q.fail('cost', 'is required (a number >= 0)');
        const load = q.number('load', units);
        return warehouse === undefined || cost === undefined ? undefined : { warehouse, cost, load };
      })
    : undefined;
  const priority = r.has('priority') ? (r.number('priority', 0, Number.NEGATIVE_INFINITY) ?? 0) : 0;
  const channel = r.string('channel');
  const excludeWarehouses = r.strings('excludeWarehouses');
  if (quotes === undefined && destination === undefined) r.fail('destination', 'is required for an order without quotes');
  if (quotes === undefined && !r.has('lines')) r.fail('lines', 'is required for an order without quotes');
  else if (quotes === undefined && Array.isArray(r.raw('lines')) && (r.raw('lines') as unknown[]).length === 0) r.fail('lines', 'must not be empty for an order without quotes');
  if (id === undefined) return undefined;
  return {
    id,
    ...(destination !== undefined ? { destination } : {}),
    ...(promiseHours !== undefined ? { promiseHours } : {}),
    lines,
    ...(quotes !== undefined ? { quotes } : {}),
    priority,
    ...(channel !== undefined ? { channel } : {}),
    ...(excludeWarehouses !== undefined ? { excludeWarehouses } : {}),
  };
}

function readPolicy(problems: Problem[], v: unknown): Policy {
  const r = FieldReader.object(problems, 'policy', v);
  if (!r) return DEFAULT_POLICY;
  return {
    allowSplit: r.boolean('allowSplit', DEFAULT_POLICY.allowSplit),
    splitPenalty: r.number('splitPenalty', DEFAULT_POLICY.splitPenalty),
    latePenaltyPerHour: r.number('latePenaltyPerHour', DEFAULT_POLICY.latePenaltyPerHour),
    unfilledPenaltyPerUnit: r.number('unfilledPenaltyPerUnit', DEFAULT_POLICY.unfilledPenaltyPerUnit),
  };
}

