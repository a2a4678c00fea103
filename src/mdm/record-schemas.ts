import { z } from 'zod';
import { CANONICAL_STATUSES, isValidGtin, STORAGE_CLASSES, WAREHOUSE_KINDS } from '../domain/index.ts';
import type { RecordKind, RecordOf } from './import-record.ts';

/**
 * The schema of every master data record kind (docs/master-data-format.md describes the same
 * fields for people). Text is trimmed; optional fields get their documented default, so a record
 * that passed its schema is a complete domain record.
 */

const hasNoControlChars = (s: string): boolean => !/[\u0000-\u001f\u007f]/.test(s);

/** An id or code: trimmed, not empty, no control characters. */
const code = () =>
  z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .refine(hasNoControlChars, { error: 'must not contain control characters' });

/** A warehouse id also appears in CSV lists (`a|b`), so it may not hold the list separator. */
const warehouseId = () => code().refine((s) => !s.includes('|'), { error: "must not contain '|'" });

const text = () => z.string().trim().min(1, { error: 'must not be empty' });

const flag = (dflt: boolean) => z.boolean().default(dflt);

const gtinCheckDigit = (body: string): number => {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(body[i]) * w;
  return (10 - (sum % 10)) % 10;
};

/** A GTIN-8/12/13/14 with a correct check digit; its problem carries the code INVALID_GTIN. */
const gtin = () =>
  z
    .string()
    .trim()
    .superRefine((g, ctx) => {
      if (isValidGtin(g)) return;
      const message = /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(g)
        ? `GTIN ${g} has check digit ${g.slice(-1)}, expected ${gtinCheckDigit(g.slice(0, -1))}`
        : `GTIN "${g}" must be 8, 12, 13 or 14 digits`;
      ctx.addIssue({ code: 'custom', message, params: { code: 'INVALID_GTIN' } });
    });

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: () => `must be one of ${values.join(', ')}` });

const range = (min: number, max: number) =>
  z.number().min(min, { error: `must be between ${min} and ${max}` }).max(max, { error: `must be between ${min} and ${max}` });

const wholeAtLeast = (min: number) =>
  z.number().int({ error: 'must be a whole number' }).min(min, { error: `must be at least ${min}` });

export const warehouseSchema = z.strictObject({
  id: warehouseId(),
  name: text(),
  kind: oneOf(WAREHOUSE_KINDS),
  region: text(),
  lat: range(-90, 90),
  lon: range(-180, 180),
  storageClasses: z.array(oneOf(STORAGE_CLASSES)).min(1, { error: 'must name at least one storage class' }).default(['ambient']),
  hazmat: flag(false),
  dailyCapacity: wholeAtLeast(0),
  cutoffTime: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a 24-hour time HH:MM, e.g. 17:00' })
    .default('17:00'),
  timeZone: z.string().trim().refine(isTimeZone, { error: 'must be an IANA time zone, e.g. Europe/Berlin' }).default('UTC'),
  ownerTeam: text(),
  escalationContact: text().optional(),
  active: flag(true),
});

export const skuSchema = z.strictObject({
  id: code(),
  gtin: gtin().optional(),
  name: text(),
  category: text().default('uncategorised'),
  baseUnit: code().default('each'),
  weightKg: z.number().min(0, { error: 'must not be negative' }).default(0),
  storageClass: oneOf(STORAGE_CLASSES).default('ambient'),
  hazmat: flag(false),
  lotControlled: flag(false),
  expiryControlled: flag(false),
  minShelfLifeDays: wholeAtLeast(0).default(0),
});

export const unitSchema = z.strictObject({
  sku: code(),
  unit: code(),
  factor: wholeAtLeast(1),
});

export const aliasSchema = z.strictObject({
  system: code(),
  code: code(),
  sku: code(),
  unit: code().optional(),
});

export const statusMapSchema = z.strictObject({
  system: code(),
  external: code(),
  status: oneOf(CANONICAL_STATUSES),
});

export const sourceSchema = z.strictObject({
  id: code(),
  name: text(),
  dialect: code(),
  warehouses: z.array(warehouseId()).default([]),
});

/** Each kind's schema; the annotation proves that what a schema outputs is the domain record. */
export const RECORD_SCHEMAS: { readonly [K in RecordKind]: z.ZodType<RecordOf[K]> } = {
  warehouses: warehouseSchema,
  skus: skuSchema,
  units: unitSchema,
  aliases: aliasSchema,
  statusMaps: statusMapSchema,
  sources: sourceSchema,
};

/** How a field is written as text (CSV cells, YAML plain scalars). */
export type FieldType = 'text' | 'number' | 'boolean' | 'list';

type FieldTable<S extends z.ZodObject> = { readonly [F in keyof z.input<S>]-?: FieldType };

/**
 * Every field of every kind, in the order CSV files list their columns. The types make sure that
 * each table names exactly the fields of its schema.
 */
export const FIELD_TYPES: {
  readonly warehouses: FieldTable<typeof warehouseSchema>;
  readonly skus: FieldTable<typeof skuSchema>;
  readonly units: FieldTable<typeof unitSchema>;
  readonly aliases: FieldTable<typeof aliasSchema>;
  readonly statusMaps: FieldTable<typeof statusMapSchema>;
  readonly sources: FieldTable<typeof sourceSchema>;
} = {
  warehouses: {
    id: 'text',
    name: 'text',
    kind: 'text',
    region: 'text',
    lat: 'number',
    lon: 'number',
    storageClasses: 'list',
    hazmat: 'boolean',
    dailyCapacity: 'number',
    cutoffTime: 'text',
    timeZone: 'text',
    ownerTeam: 'text',
    escalationContact: 'text',
    active: 'boolean',
  },
  skus: {
    id: 'text',
    gtin: 'text',
    name: 'text',
    category: 'text',
    baseUnit: 'text',
    weightKg: 'number',
    storageClass: 'text',
    hazmat: 'boolean',
    lotControlled: 'boolean',
    expiryControlled: 'boolean',
    minShelfLifeDays: 'number',
  },
  units: { sku: 'text', unit: 'text', factor: 'number' },
  aliases: { system: 'text', code: 'text', sku: 'text', unit: 'text' },
  statusMaps: { system: 'text', external: 'text', status: 'text' },
  sources: { id: 'text', name: 'text', dialect: 'text', warehouses: 'list' },
};

/** The field names of a kind, in column order. */
export const fieldsOf = (kind: RecordKind): readonly string[] => Object.keys(FIELD_TYPES[kind]);

/** The type of one field of a kind, or undefined for a field the kind does not have. */
export const fieldType = (kind: RecordKind, field: string): FieldType | undefined =>
  (FIELD_TYPES[kind] as Readonly<Record<string, FieldType>>)[field];

const SHAPES: { readonly [K in RecordKind]: Readonly<Record<string, z.ZodType>> } = {
  warehouses: warehouseSchema.shape,
  skus: skuSchema.shape,
  units: unitSchema.shape,
  aliases: aliasSchema.shape,
  statusMaps: statusMapSchema.shape,
  sources: sourceSchema.shape,
};

/** The fields a record of `kind` must give (those without a default and not optional). */
export const requiredFieldsOf = (kind: RecordKind): readonly string[] => {
  const shape: Readonly<Record<string, z.ZodType>> = SHAPES[kind];
  return Object.keys(shape).filter((f) => !(shape[f] as z.ZodType).safeParse(undefined).success);
};
