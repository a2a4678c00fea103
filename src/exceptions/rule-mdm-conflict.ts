import type { ExceptionFacts } from './exception-facts.ts';
import type { Finding } from './exception-types.ts';

/** Master data errors (duplicate GTIN, undeclared synonym): high, network-wide. Homonyms are allowed and not raised. */
export function mdmConflict(facts: ExceptionFacts): Finding[] {
  const out: Finding[] = [];
  for (const c of facts.conflicts) {
    if (c.kind === 'homonym') continue;
    const subject = c.kind === 'duplicate-gtin' ? `duplicate-gtin:${c.gtin}` : `undeclared-synonym:${c.system}:${c.code}`;
    out.push({
      type: 'mdm_conflict',
      severity: 'high',
      warehouse: null,
      sku: c.kind === 'duplicate-gtin' ? (c.skus[0] ?? null) : c.sku,
      subject,
      title: c.kind === 'duplicate-gtin' ? `GTIN ${c.gtin} on ${c.skus.length} SKUs` : `Alias ${c.system}:${c.code} is another SKU's ${c.via}`,
      message: c.message,
      evidence: {
        href: '/api/master-data/conflicts',
        facts: c.kind === 'duplicate-gtin' ? { kind: c.kind, gtin: c.gtin, skus: c.skus.join(',') } : { kind: c.kind, system: c.system, code: c.code, sku: c.sku, otherSku: c.otherSku, via: c.via },
      },
    });
  }
  return out;
}
