import { z } from 'zod';

/** A regular expression given as text; refused when it does not compile. */
export const regexText = z
  .string()
  .min(1)
  .max(500)
  .refine((s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');

const DROP_FIELDS = [
  'warehouse', 'sku', 'quantity', 'unit', 'lot', 'expiry', 'status', 'fromStatus', 'toStatus', 'reason',
  'movementType', 'occurredAt', 'date', 'time', 'sequence', 'orderRef', 'transferRef',
] as const;
const dropField = z.enum(DROP_FIELDS);
const text = z.string().trim().min(1).max(200);
export const charsetSchema = z.enum(['utf-8', 'gbk', 'gb18030', 'auto']);
export const warehouseCodesSchema = z.record(text, text);

const csvFormat = z.strictObject({
  kind: z.literal('csv'),
  delimiter: z.string().length(1).optional(),
  columns: z.partialRecord(dropField, text),
});

const fixedFormat = z.strictObject({
  kind: z.literal('fixed'),
  units: z.enum(['bytes', 'chars']),
  headerLines: z.int().min(0).max(100).optional(),
  columns: z.partialRecord(dropField, z.strictObject({ start: z.int().min(1), length: z.int().min(1).max(1000) })),
});

/**
 * A file layout of a file-drop source, as docs/connectors/file-drop.md describes it; the parsed
 * value is a `FileLayout` of the file-drop connector.
 */
export const fileLayoutSchema = z.strictObject({
  name: text,
  match: regexText,
  kind: z.enum(['snapshot', 'journal']),
  format: z.discriminatedUnion('kind', [csvFormat, fixedFormat]),
  charset: charsetSchema.optional(),
  ignoreLines: regexText.optional(),
  utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/, 'an offset such as +08:00').optional(),
  defaults: z.strictObject({ warehouse: text.optional(), unit: text.optional(), status: text.optional(), reason: text.optional() }).optional(),
  movementTypes: z.record(text, z.strictObject({ reason: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a lower_snake_case reason'), from: text.optional(), to: text.optional() })).optional(),
  warehouseCodes: warehouseCodesSchema.optional(),
});
