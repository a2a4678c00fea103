import type { Lane } from '../allocation/index.ts';
import type { Warehouse } from '../domain/index.ts';

/** A point on the globe, degrees. */
export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

/** A destination resolved for lanes: a zone key (the problem's `destination`) and its point. */
export interface DestinationZone {
  readonly key: string;
  readonly point: GeoPoint;
}

/** Port "lanes": the lanes from each warehouse to one destination zone. */
export interface LaneModel {
  readonly name: string;
  lanes(warehouses: readonly Warehouse[], to: DestinationZone): Lane[];
}

/** Coefficients of the great-circle lane model (docs/orders.md). */
export interface DistanceLaneRates {
  readonly fixedCost: number;
  readonly fixedCostPerKm: number;
  readonly costPerKg: number;
  readonly costPerKgPerKm: number;
  readonly baseHours: number;
  readonly kmPerHour: number;
}

export const DEFAULT_LANE_RATES: DistanceLaneRates = {
  fixedCost: 5,
  fixedCostPerKm: 0.01,
  costPerKg: 0.2,
  costPerKgPerKm: 0.001,
  baseHours: 6,
  kmPerHour: 50,
};

const EARTH_KM = 6371;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle (haversine) distance in km. */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The default lane model: with d the great-circle distance in km from the warehouse to the
 * destination, fixedCost = 5 + 0.01·d, costPerKg = 0.2 + 0.001·d, transitHours = 6 + d / 50
 * (each coefficient configurable), rounded to cents / hundredths of an hour.
 */
export function greatCircleLanes(rates: DistanceLaneRates = DEFAULT_LANE_RATES): LaneModel {
  return {
    name: 'great-circle',
    lanes(warehouses, to) {
      return warehouses.map((w) => {
        const d = greatCircleKm({ lat: w.lat, lon: w.lon }, to.point);
        return {
          from: w.id,
          to: to.key,
          fixedCost: round2(rates.fixedCost + rates.fixedCostPerKm * d),
          costPerKg: round2(rates.costPerKg + rates.costPerKgPerKm * d),
          transitHours: round2(rates.baseHours + d / rates.kmPerHour),
        };
      });
    },
  };
}
