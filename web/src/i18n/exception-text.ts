import type { MessageKey } from './en.ts';

/**
 * Exception titles and messages in the dashboard's language. The API writes them in English
 * (src/exceptions/rule-*.ts); the dashboard rebuilds them from a per-type template of the
 * dictionaries (`excTitle.<type>[.<variant>]`, `excMessage.<type>[.<variant>]`) filled from the
 * exception's type, warehouse, sku, subject and `evidence.facts`. A text whose template needs a
 * fact the exception does not carry falls back to the API's English text (never "undefined").
 */

/** The part of an exception (API `ExceptionView`) its texts are built from. */
export interface ExceptionTextSource {
  readonly type: string;
  readonly warehouse: string | null;
  readonly sku: string | null;
  readonly subject: string;
  readonly title: string;
  readonly message: string;
  readonly evidence: { readonly facts: Readonly<Record<string, string | number | boolean | null>> };
}

/** An exception's title and message; `localized` false = at least one is the API's English text. */
export interface ExceptionText {
  readonly title: string;
  readonly message: string;
  readonly localized: boolean;
}

/** Which templates an exception uses and the (already formatted) values of their placeholders. */
export interface ExceptionTemplates {
  readonly title: MessageKey;
  readonly message: MessageKey;
  readonly vars: Readonly<Record<string, string | undefined>>;
}

/** Every exception type with templates (src/exceptions/exception-types.ts EXCEPTION_TYPES). */
export const TEMPLATED_EXCEPTION_TYPES = [
  'source_silent',
  'sequence_gap',
  'snapshot_drift',
  'negative_stock',
  'dead_letters',
  'order_at_risk',
  'stockout_risk',
  'aged_stock',
  'expiring_stock',
  'mdm_conflict',
] as const;

type Dict = Readonly<Record<MessageKey, string>>;

/** Replaces every `{name}`; null when a placeholder has no value. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string | undefined>>): string | null {
  let missing = false;
  const out = template.replace(/\{(\w+)\}/g, (_m, k: string) => {
    const v = vars[k];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? null : out;
}

/** Picks the templates of one exception and formats its facts for `locale`; null = a type without templates. */
export function exceptionTemplates(e: ExceptionTextSource, dict: Dict, locale: string): ExceptionTemplates | null {
  const f = e.evidence.facts;
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const numOf = (k: string): number | undefined => {
    const v = f[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const n = (k: string): string | undefined => {
    const v = numOf(k);
    return v === undefined ? undefined : nf.format(v);
  };
  const s = (k: string): string | undefined => {
    const v = f[k];
    return typeof v === 'string' ? v : undefined;
  };
  const plain = (k: string): string | undefined => {
    const v = numOf(k);
    return v === undefined ? undefined : String(v);
  };
  const when = (k: string): string | undefined => {
    const v = s(k);
    const t = v === undefined ? NaN : Date.parse(v);
    return Number.isNaN(t) ? undefined : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(t));
  };
  const day = (k: string): string | undefined => {
    const v = s(k);
    const t = v === undefined ? NaN : Date.parse(`${v.slice(0, 10)}T00:00:00Z`);
    return Number.isNaN(t) ? undefined : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(t));
  };
  const enumOf = (prefix: string, k: string): string | undefined => {
    const v = s(k);
    return v === undefined ? undefined : (dict[`${prefix}.${v}` as MessageKey] ?? v);
  };
  const base = { warehouse: e.warehouse ?? undefined, sku: e.sku ?? undefined };
  const pick = (title: MessageKey, message: MessageKey, vars: Record<string, string | undefined>): ExceptionTemplates => ({ title, message, vars: { ...base, ...vars } });

  switch (e.type) {
    case 'source_silent':
      return pick('excTitle.source_silent', 'excMessage.source_silent', { source: s('source'), minutes: n('silentMinutes'), threshold: n('thresholdMinutes'), lastEventAt: when('lastEventAt') });
    case 'sequence_gap': {
      const from = plain('fromSeq');
      const to = plain('toSeq');
      const range = from === undefined || to === undefined ? undefined : from === to ? from : `${from}–${to}`;
      return pick('excTitle.sequence_gap', 'excMessage.sequence_gap', { source: s('source'), range, missing: n('missing'), filled: n('filled') });
    }
    case 'snapshot_drift': {
      const d = numOf('delta');
      const delta = d === undefined ? undefined : new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 2 }).format(d);
      const lot = s('lot');
      return pick(lot ? 'excTitle.snapshot_drift.lot' : 'excTitle.snapshot_drift', 'excMessage.snapshot_drift', {
        delta,
        lot,
        snapshot: s('snapshotId'),
        counted: n('countedQty'),
        ledger: n('ledgerQty'),
        status: enumOf('status', 'status'),
      });
    }
    case 'negative_stock': {
      const qty = numOf('qty');
      const held = numOf('held');
      const title = qty !== undefined && qty < 0 ? 'excTitle.negative_stock.qty' : held !== undefined && held < 0 ? 'excTitle.negative_stock.held' : 'excTitle.negative_stock.over';
      return pick(title, 'excMessage.negative_stock', { qty: n('qty'), held: n('held'), lot: s('lot'), status: enumOf('status', 'status') });
    }
    case 'dead_letters': {
      const pending = numOf('pending');
      const one = pending === 1;
      const source = f['source'] === null ? dict['excText.unknownSource'] : s('source');
      const codes = s('codes')?.split(',').filter(Boolean).join(', ');
      return pick(one ? 'excTitle.dead_letters.one' : 'excTitle.dead_letters', one ? 'excMessage.dead_letters.one' : 'excMessage.dead_letters', {
        pending: n('pending'),
        source,
        codes: codes || undefined,
        oldestAt: when('oldestAt'),
      });
    }
    case 'order_at_risk': {
      const left = numOf('hoursLeft');
      const missed = left !== undefined && left < 0;
      return pick(missed ? 'excTitle.order_at_risk.missed' : 'excTitle.order_at_risk', missed ? 'excMessage.order_at_risk.missed' : 'excMessage.order_at_risk', {
        order: s('order'),
        state: enumOf('orderState', 'state'),
        promisedAt: when('promisedAt'),
        hours: left === undefined ? undefined : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Math.abs(left)),
        shipped: n('unitsShipped'),
        ordered: n('unitsOrdered'),
      });
    }
    case 'stockout_risk': {
      const atp = numOf('atp');
      return pick(atp !== undefined && atp <= 0 ? 'excTitle.stockout_risk.out' : 'excTitle.stockout_risk', 'excMessage.stockout_risk', {
        atp: n('atp'),
        cover: n('daysOfCover'),
        perDay: n('unitsPerDay'),
        window: n('windowDays'),
      });
    }
    case 'aged_stock': {
      const lot = s('lot');
      return pick(lot ? 'excTitle.aged_stock.lot' : 'excTitle.aged_stock', 'excMessage.aged_stock', { qty: n('qty'), lot, age: n('ageDays'), receivedAt: when('receivedAt') });
    }
    case 'expiring_stock': {
      const left = numOf('daysLeft');
      const expired = left !== undefined && left < 0;
      return pick(expired ? 'excTitle.expiring_stock.expired' : 'excTitle.expiring_stock', expired ? 'excMessage.expiring_stock.expired' : 'excMessage.expiring_stock', {
        qty: n('qty'),
        lot: s('lot'),
        expiry: day('expiry'),
        days: left === undefined ? undefined : nf.format(Math.abs(left)),
        minShelfLife: n('minShelfLifeDays'),
      });
    }
    case 'mdm_conflict': {
      const kind = s('kind');
      if (kind === 'duplicate-gtin') {
        const skus = s('skus')?.split(',').filter(Boolean);
        return pick('excTitle.mdm_conflict.duplicate-gtin', 'excMessage.mdm_conflict.duplicate-gtin', {
          gtin: s('gtin'),
          skus: skus?.length ? skus.join(', ') : undefined,
          count: skus?.length ? nf.format(skus.length) : undefined,
        });
      }
      const via = s('via') === 'gtin' ? 'gtin' : 'id';
      return pick(via === 'gtin' ? 'excTitle.mdm_conflict.synonym-gtin' : 'excTitle.mdm_conflict.synonym-id', via === 'gtin' ? 'excMessage.mdm_conflict.synonym-gtin' : 'excMessage.mdm_conflict.synonym-id', {
        // an unknown kind leaves `system` unset, so it falls back to the API's text
        system: kind === 'undeclared-synonym' ? s('system') : undefined,
        code: s('code'),
        sku: s('sku'),
        otherSku: s('otherSku'),
      });
    }
    default:
      return null;
  }
}

/** The title and message of `e` in the language of `dict`; each falls back to the API's text when a fact its template needs is missing. */
export function exceptionText(e: ExceptionTextSource, dict: Dict, locale: string): ExceptionText {
  const tpl = exceptionTemplates(e, dict, locale);
  const title = tpl ? fillTemplate(dict[tpl.title], tpl.vars) : null;
  const message = tpl ? fillTemplate(dict[tpl.message], tpl.vars) : null;
  return { title: title ?? e.title, message: message ?? e.message, localized: title !== null && message !== null };
}
