import type { CanonicalStatus } from '../domain/index.ts';
import { type ExternalCode, externalCode } from './demo-aliases.ts';
import type { DemoNetwork } from './demo-network.ts';
import type { DemoSku } from './demo-skus.ts';
import type { DemoSource } from './demo-sources.ts';

/** The external status `source` sends for a canonical status (its first word for it; canonical without a map). */
export function externalStatus(source: DemoSource, status: CanonicalStatus, preferred?: string): string {
  if (source.statuses.length === 0) return status;
  if (preferred !== undefined && source.statuses.some(([e, s]) => e === preferred && s === status)) return preferred;
  const found = source.statuses.find(([, s]) => s === status);
  if (!found) throw new Error(`source ${source.source.id} has no status for ${status}`);
  return found[0];
}

/** The demo SKU of a canonical id (throws for an unknown one: a bug in the demo). */
export function demoSku(net: DemoNetwork, skuId: string): DemoSku {
  const s = net.skus.find((x) => x.sku.id === skuId);
  if (!s) throw new Error(`the demo has no SKU ${skuId}`);
  return s;
}

/** How `source` names `skuId` (throws when it cannot: the planner only moves what a site can name). */
export function codeOf(net: DemoNetwork, source: DemoSource, skuId: string): ExternalCode {
  const ext = externalCode(source, demoSku(net, skuId));
  if (!ext) throw new Error(`source ${source.source.id} cannot name SKU ${skuId}`);
  return ext;
}

/** SKU code and quantity as `source` writes them (cases for a system that counts cases). */
export function externalQuantity(net: DemoNetwork, source: DemoSource, skuId: string, qty: number): { sku: string; quantity: number; unit?: string } {
  const ext = codeOf(net, source, skuId);
  if (qty % ext.factor !== 0) throw new Error(`${qty} of ${skuId} is not whole ${ext.unit ?? 'units'} for ${source.source.id}`);
  return { sku: ext.code, quantity: qty / ext.factor, ...(ext.unit === undefined ? {} : { unit: ext.unit }) };
}
