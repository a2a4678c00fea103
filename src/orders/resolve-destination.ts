import { problem, StockmeshError } from '../domain/index.ts';
import type { MasterDataIndex } from '../mdm/index.ts';
import type { DestinationZone } from './lane-model.ts';
import type { Destination } from './order-types.ts';

/**
 * The lane zone of a destination: its coordinates when given (zone `geo:lat,lon`, 2 decimals),
 * else the centroid of the warehouses of its region (or of the region its postal code's longest
 * configured prefix names). A destination that resolves to no point is UNKNOWN_DESTINATION.
 */
export function resolveDestination(d: Destination, md: MasterDataIndex, postalRegions: Readonly<Record<string, string>>): DestinationZone {
  if (d.lat !== undefined && d.lon !== undefined) return { key: `geo:${d.lat.toFixed(2)},${d.lon.toFixed(2)}`, point: { lat: d.lat, lon: d.lon } };
  let region = d.region;
  if (region === undefined && d.postalCode !== undefined) {
    const code = d.postalCode.replace(/\s+/g, '').toUpperCase();
    let best = '';
    for (const prefix of Object.keys(postalRegions)) if (code.startsWith(prefix.toUpperCase()) && prefix.length > best.length) best = prefix;
    region = best ? postalRegions[best] : undefined;
  }
  const inRegion = region === undefined ? [] : md.data.warehouses.filter((w) => w.region === region);
  if (region === undefined || inRegion.length === 0) {
    const msg = `destination ${JSON.stringify(d)} names no coordinates and no region with warehouses`;
    throw new StockmeshError('UNKNOWN_DESTINATION', msg, [problem('UNKNOWN_DESTINATION', msg, 'destination')]);
  }
  const lat = inRegion.reduce((s, w) => s + w.lat, 0) / inRegion.length;
  const lon = inRegion.reduce((s, w) => s + w.lon, 0) / inRegion.length;
  return { key: `region:${region}`, point: { lat, lon } };
}
