import { type ReactElement, useMemo } from 'react';
import type { Warehouse } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

export type Health = 'ok' | 'warn' | 'bad' | 'unknown';

export interface MapNode {
  readonly warehouse: Warehouse;
  readonly onHand: number;
  readonly health: Health;
  readonly openExceptions: number;
}

/** A movement drawn between two points: a transfer between warehouses or shipments to customers. */
export interface Flow {
  readonly kind: 'transfer' | 'shipment';
  readonly from: string;
  /** A warehouse id (transfer) or a destination point (shipment). */
  readonly to: string | { readonly lat: number; readonly lon: number };
  readonly units: number;
}

const W = 1000;
const H = 620;
const PAD = 70;

const HEALTH_COLOUR: Record<Health, string> = { ok: 'var(--ok)', warn: 'var(--warn)', bad: 'var(--bad)', unknown: 'var(--faint)' };

/**
 * The network as a diagram: warehouses placed by latitude/longitude (equirectangular, scaled by
 * the cosine of the middle latitude), sized by stock, ringed by health, with flows between them.
 * Drawn in SVG, no map tiles (the hub runs offline).
 */
export function NetworkMap({ nodes, flows, selected, onSelect }: { nodes: readonly MapNode[]; flows: readonly Flow[]; selected: string | null; onSelect: (id: string) => void }) {
  const { num, t } = useI18n();
  const project = useMemo(() => {
    const lats = nodes.map((n) => n.warehouse.lat);
    const lons = nodes.map((n) => n.warehouse.lon);
    const minLat = Math.min(...lats, 90);
    const maxLat = Math.max(...lats, -90);
    const minLon = Math.min(...lons, 180);
    const maxLon = Math.max(...lons, -180);
    const k = Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180));
    const spanX = Math.max((maxLon - minLon) * k, 1);
    const spanY = Math.max(maxLat - minLat, 1);
    const s = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);
    const ox = (W - spanX * s) / 2;
    const oy = (H - spanY * s) / 2;
    return {
      xy: (lat: number, lon: number): [number, number] => [ox + (lon - minLon) * k * s, oy + (maxLat - lat) * s],
      grid: { minLat, maxLat, minLon, maxLon },
    };
  }, [nodes]);
  const byId = new Map(nodes.map((n) => [n.warehouse.id, n]));
  const maxStock = Math.max(1, ...nodes.map((n) => n.onHand));
  const maxFlow = Math.max(1, ...flows.map((f) => f.units));
  const { grid } = project;
  const lines: ReactElement[] = [];
  for (let lat = Math.ceil(grid.minLat / 5) * 5 - 5; lat <= grid.maxLat + 5; lat += 5) {
    const [x1, y] = project.xy(lat, grid.minLon - 20);
    const [x2] = project.xy(lat, grid.maxLon + 20);
    lines.push(<line key={`lat${lat}`} className="graticule" x1={x1} y1={y} x2={x2} y2={y} />);
    lines.push(<text key={`latl${lat}`} x={8} y={y - 4} fill="var(--faint)" fontSize="11">{`${lat}°N`}</text>);
  }
  for (let lon = Math.ceil(grid.minLon / 5) * 5 - 5; lon <= grid.maxLon + 5; lon += 5) {
    const [x, y1] = project.xy(grid.maxLat + 20, lon);
    const [, y2] = project.xy(grid.minLat - 20, lon);
    lines.push(<line key={`lon${lon}`} className="graticule" x1={x} y1={y1} x2={x} y2={y2} />);
    lines.push(<text key={`lonl${lon}`} x={x + 4} y={H - 8} fill="var(--faint)" fontSize="11">{`${lon}°E`}</text>);
  }
  return (
    <svg className="map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('network.mapLabel')} data-testid="network-map">
      {lines}
      {flows.map((f, i) => {
        const a = byId.get(f.from);
        const b = typeof f.to === 'string' ? byId.get(f.to)?.warehouse : f.to;
        if (!a || !b) return null;
        const [x1, y1] = project.xy(a.warehouse.lat, a.warehouse.lon);
        const [x2, y2] = project.xy(b.lat, b.lon);
        const mx = (x1 + x2) / 2 - (y2 - y1) * 0.18;
        const my = (y1 + y2) / 2 + (x2 - x1) * 0.18;
        const w = 1.2 + 4.5 * Math.sqrt(f.units / maxFlow);
        return (
          <path key={i} className={`flow ${f.kind}`} d={`M${x1},${y1} Q${mx},${my} ${x2},${y2}`} strokeWidth={w}>
            <title>{`${t(f.kind === 'transfer' ? 'network.transfer' : 'network.shipment')}: ${f.from} → ${typeof f.to === 'string' ? f.to : t('network.customers')} · ${num(f.units)}`}</title>
          </path>
        );
      })}
      {nodes.map((n) => {
        const [x, y] = project.xy(n.warehouse.lat, n.warehouse.lon);
        const r = 12 + 26 * Math.sqrt(n.onHand / maxStock);
        const id = n.warehouse.id;
        const labelLeft = x > W - 170;
        return (
          <g key={id} className={selected === id ? 'node selected' : 'node'} onClick={() => onSelect(id)} data-testid={`map-node-${id}`} transform={`translate(${x},${y})`}>
            <circle className="stock" r={r} />
            <circle className="health" r={6} stroke={HEALTH_COLOUR[n.health]} />
            {n.openExceptions > 0 && (
              <g transform={`translate(${r * 0.72},${-r * 0.72})`}>
                <circle r={9} fill="var(--bad)" />
                <text className="badge" textAnchor="middle" dy="3.6">
                  {n.openExceptions}
                </text>
              </g>
            )}
            <text x={labelLeft ? -r - 8 : r + 8} y={-2} textAnchor={labelLeft ? 'end' : 'start'}>
              {id}
            </text>
            <text className="sub" x={labelLeft ? -r - 8 : r + 8} y={14} textAnchor={labelLeft ? 'end' : 'start'} data-testid={`map-stock-${id}`}>
              {num(n.onHand)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
