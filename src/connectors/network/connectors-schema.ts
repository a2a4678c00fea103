import { z } from 'zod';
import { CANONICAL_STATUSES } from '../../domain/index.ts';
import { charsetSchema, fileLayoutSchema, warehouseCodesSchema } from './file-layout-schema.ts';

/**
 * The connectors file (docs/operations.md, "Connectors file"): one entry per source system with
 * its dialect and that dialect's options. Objects are strict — a misspelt option is a problem,
 * never silently ignored. Secrets (`secret`, `token`, header values) may be `env:NAME`.
 */
const sourceId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a source id: letters, digits, . _ -, at most 64');
const text = z.string().trim().min(1).max(200);
const secretRef = z.string().min(1).max(4096);
const secrets = z.union([secretRef, z.array(secretRef).min(1).max(5)]);
const ms = (min: number, max: number) => z.int().min(min).max(max);
const status = z.enum(CANONICAL_STATUSES);
const folder = z.string().min(1).max(1000);

const common = {
  source: sourceId,
  /** Default true; false keeps the entry in the file without starting it. */
  enabled: z.boolean().optional(),
};

const backoff = z.strictObject({ initialMs: ms(1, 600_000), maxMs: ms(1, 3_600_000), factor: z.number().min(1).max(10) });

export const restPullSchema = z.strictObject({
  ...common,
  dialect: z.literal('rest-pull'),
  baseUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL such as https://wms.example.com' }),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'an HTTP header name'), secretRef).optional(),
  warehouseCodes: warehouseCodesSchema.optional(),
  pageSize: z.int().min(1).max(10_000).optional(),
  pollIntervalMs: ms(10, 3_600_000).optional(),
  requestTimeoutMs: ms(100, 600_000).optional(),
  snapshotEveryMs: ms(1000, 7 * 86_400_000).optional(),
  resyncOnGap: z.boolean().optional(),
  backoff: backoff.optional(),
});

export const webhookSchema = z.strictObject({
  ...common,
  dialect: z.literal('webhook'),
  /** The shared secret(s) of HMAC signatures; several while one is being rotated. */
  secret: secrets,
  warehouseCodes: warehouseCodesSchema.optional(),
});

export const fileDropSchema = z.strictObject({
  ...common,
  dialect: z.literal('file-drop'),
  dir: folder,
  layouts: z.array(fileLayoutSchema).min(1),
  charset: charsetSchema.optional(),
  stableMs: ms(0, 3_600_000).optional(),
  pollIntervalMs: ms(10, 3_600_000).optional(),
  backoff: backoff.optional(),
});

const x12Identity = z.strictObject({
  qualifier: z.string().regex(/^[A-Z0-9]{2}$/, 'two characters, e.g. ZZ'),
  id: z.string().trim().min(1).max(15),
  applicationId: z.string().trim().min(2).max(15).optional(),
});

export const ediX12Schema = z.strictObject({
  ...common,
  dialect: z.literal('edi-x12'),
  /** Where the partner's interchanges land. */
  inbox: folder,
  /** Where the hub writes its 997s and 940s for the partner. */
  outbox: folder,
  hub: x12Identity,
  partner: x12Identity,
  /** N1 party ids (N104, or `<N103>:<N104>`) → hub warehouse ids. */
  parties: warehouseCodesSchema.optional(),
  defaultWarehouse: text.optional(),
  utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/, 'an offset such as +08:00').optional(),
  productQualifiers: z.array(z.string().regex(/^[A-Z0-9]{2}$/)).min(1).optional(),
  receiptsFromInTransit: z.boolean().optional(),
  sequenceFromControlNumber: z.boolean().optional(),
  checkIds: z.boolean().optional(),
  usage: z.enum(['P', 'T']).optional(),
  stableMs: ms(0, 3_600_000).optional(),
  pollIntervalMs: ms(10, 3_600_000).optional(),
  backoff: backoff.optional(),
});

const bizStepRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('receive'), reason: text }),
  z.strictObject({ kind: z.literal('create'), reason: text }),
  z.strictObject({ kind: z.literal('change'), reason: text, from: status, to: status.optional() }),
  z.strictObject({ kind: z.literal('remove'), reason: text, from: status }),
  z.strictObject({ kind: z.literal('none'), why: text }),
]);
const dispositionEffect = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('status'), status }),
  z.strictObject({ kind: z.literal('gone') }),
  z.strictObject({ kind: z.literal('neutral') }),
]);

export const epcisSchema = z.strictObject({
  ...common,
  dialect: z.literal('epcis'),
  /** Bearer token(s) of the capture endpoint. */
  token: secrets,
  /** readPoint / bizLocation ids (SGLN URN, Digital Link URI) or plain 13-digit GLNs → hub warehouse ids. */
  locations: z.record(text, text),
  receiptsFromInTransit: z.boolean().optional(),
  bizSteps: z.record(text, bizStepRule).optional(),
  dispositions: z.record(text, dispositionEffect).optional(),
});

export const sourceConfigSchema = z.discriminatedUnion('dialect', [restPullSchema, webhookSchema, fileDropSchema, ediX12Schema, epcisSchema]);

export const connectorsFileSchema = z.strictObject({
  /** Options shared by every webhook source. */
  webhook: z.strictObject({ toleranceSec: z.int().min(1).max(86_400).optional() }).optional(),
  sources: z.array(sourceConfigSchema).max(1000),
});

/** Sources configured twice (checked on the raw value, so it is reported with every other problem). */
export function duplicateSources(value: unknown): { readonly index: number; readonly message: string }[] {
  const sources = typeof value === 'object' && value !== null ? (value as { sources?: unknown }).sources : undefined;
  if (!Array.isArray(sources)) return [];
  const seen = new Map<string, number>();
  const out: { index: number; message: string }[] = [];
  sources.forEach((s: unknown, index) => {
    const id = typeof s === 'object' && s !== null ? (s as { source?: unknown }).source : undefined;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first !== undefined) out.push({ index, message: `source "${id}" is configured twice (first at sources[${first}])` });
    else seen.set(id, index);
  });
  return out;
}
