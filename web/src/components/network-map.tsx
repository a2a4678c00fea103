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
const PAD = 80;
/** Warehouses further than this (degrees) from the network's middle are drawn in an inset. */
const INSET_DEGREES = 12;

interface Placed {
  readonly node: MapNode;
  /** Where the warehouse is (projected) … */
  readonly x0: number;
  readonly y0: number;
  /** … and where its circle is drawn (nudged apart from close neighbours). */
  x: number;
  y: number;
  readonly r: number;
  readonly inset: boolean;
}

/**
 * Places the warehouses: equirectangular projection of the main cluster (scaled by the cosine of
 * its middle latitude) fitted to the box; outliers (e.g. Singapore far south of China) go into an
 * inset at the bottom-left, as printed maps do; then circles closer than their radii plus room for
 * a label are pushed apart (a leader line keeps the true place visible).
 */
function layout(nodes: readonly MapNode[]): { placed: Placed[]; grid: { minLat: number; maxLat: number; minLon: number; maxLon: number; xy: (lat: number, lon: number) => [number, number] } } {
  const medLat = median(nodes.map((n) => n.warehouse.lat));
  const medLon = median(nodes.map((n) => n.warehouse.lon));
  const far = (n: MapNode): boolean => Math.hypot(n.warehouse.lat - medLat, n.warehouse.lon - medLon) > INSET_DEGREES;
  const main = nodes.filter((n) => !far(n));
  const core = main.length > 0 ? main : nodes;
  const lats = core.map((n) => n.warehouse.lat);
  const lons = core.map((n) => n.warehouse.lon);
  const minLat = Math.min(...lats);
  const maxLat = Math.max(...lats);
  const minLon = Math.min(...lons);
  const maxLon = Math.max(...lons);
  const k = Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180));
  const spanX = Math.max((maxLon - minLon) * k, 1);
  const spanY = Math.max(maxLat - minLat, 1);
  const s = Math.min((W - 2 * PAD - 60) / spanX, (H - 2 * PAD) / spanY);
  const ox = (W - spanX * s) / 2 + 40;
  const oy = (H - spanY * s) / 2;
  const xy = (lat: number, lon: number): [number, number] => [ox + (lon - minLon) * k * s, oy + (maxLat - lat) * s];
  const maxStock = Math.max(1, ...nodes.map((n) => n.onHand));
  const placed: Placed[] = nodes.map((n) => {
    const inset = main.length > 0 && far(n);
    const [x, y] = inset ? [PAD + 20, H - PAD + 10] : xy(n.warehouse.lat, n.warehouse.lon);
    return { node: n, x0: x, y0: y, x, y, r: 12 + 24 * Math.sqrt(n.onHand / maxStock), inset };
  });
  for (let it = 0; it < 120; it++) {
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const a = placed[i]!;
        const b = placed[j]!;
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const d = Math.hypot(dx, dy) || 0.01;
        const want = a.r + b.r + 34;
        if (d < want) {
          const push = (want - d) / 2;
          const ux = dx / d || 0.6;
          const uy = dy / d || 0.8;
          a.x -= ux * push;
          a.y -= uy * push;
          b.x += ux * push;
          b.y += uy * push;
        }
      }
    }
    for (const p of placed) {
      p.x += (p.x0 - p.x) * 0.02;
      p.y += (p.y0 - p.y) * 0.02;
      p.x = Math.min(W - 130, Math.max(PAD / 2, p.x));
      p.y = Math.min(H - 30, Math.max(30, p.y));
    }
  }
  return { placed, grid: { minLat, maxLat, minLon, maxLon, xy } };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
}

const HEALTH_COLOUR: Record<Health, string> = { ok: 'var(--ok)', warn: 'var(--warn)', bad: 'var(--bad)', unknown: 'var(--faint)' };

/**
 * The network as a diagram: warehouses placed by latitude/longitude (equirectangular, scaled by
 * the cosine of the middle latitude), sized by stock, ringed by health, with flows between them.
 * Drawn in SVG, no map tiles (the hub runs offline).
 */
export function NetworkMap({ nodes, flows, selected, onSelect }: { nodes: readonly MapNode[]; flows: readonly Flow[]; selected: string | null; onSelect: (id: string) => void }) {
  const { num, t } = useI18n();
  const { placed, grid } = useMemo(() => layout(nodes), [nodes]);
  const byId = new Map(placed.map((p) => [p.node.warehouse.id, p]));
  const maxFlow = Math.max(1, ...flows.map((f) => f.units));
  const lines: ReactElement[] = [];
  for (let lat = Math.ceil(grid.minLat / 5) * 5 - 5; lat <= grid.maxLat + 5; lat += 5) {
    const [x1, y] = grid.xy(lat, grid.minLon - 30);
    const [x2] = grid.xy(lat, grid.maxLon + 30);
    if (y < 10 || y > H - 10) continue;
    lines.push(<line key={`lat${lat}`} className="graticule" x1={x1} y1={y} x2={x2} y2={y} />);
    lines.push(<text key={`latl${lat}`} x={W - 8} y={y - 4} textAnchor="end" fill="var(--faint)" fontSize="11">{`${lat}°N`}</text>);
  }
  for (let lon = Math.ceil(grid.minLon / 5) * 5 - 5; lon <= grid.maxLon + 5; lon += 5) {
    const [x, y1] = grid.xy(grid.maxLat + 30, lon);
    const [, y2] = grid.xy(grid.minLat - 30, lon);
    if (x < 10 || x > W - 10) continue;
    lines.push(<line key={`lon${lon}`} className="graticule" x1={x} y1={y1} x2={x} y2={y2} />);
    lines.push(<text key={`lonl${lon}`} x={x + 4} y={14} fill="var(--faint)" fontSize="11">{`${lon}°E`}</text>);
  }
  const insets = placed.filter((p) => p.inset);
  return (
    <svg className="map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('network.mapLabel')} data-testid="network-map">
      {lines}
      {flows.map((f, i) => {
        const a = byId.get(f.from);
        if (!a) return null;
        const target = typeof f.to === 'string' ? byId.get(f.to) : f.to;
        if (!target) return null;
        const [x1, y1] = [a.x, a.y];
        const [x2, y2] = 'node' in target ? [target.x, target.y] : grid.xy(target.lat, target.lon);
        if (x2 < 0 || x2 > W || y2 < 0 || y2 > H) return null;
        const mx = (x1 + x2) / 2 - (y2 - y1) * 0.18;
        const my = (y1 + y2) / 2 + (x2 - x1) * 0.18;
        const w = 1.2 + 4.5 * Math.sqrt(f.units / maxFlow);
        return (
          <path key={i} className={`flow ${f.kind}`} d={`M${x1},${y1} Q${mx},${my} ${x2},${y2}`} strokeWidth={w}>
            <title>{`${t(f.kind === 'transfer' ? 'network.transfer' : 'network.shipment')}: ${f.from} → ${typeof f.to === 'string' ? f.to : t('network.customers')} · ${num(f.units)}`}</title>
          </path>
        );
      })}
      {insets.length > 0 && (
        <g>
          <rect x={14} y={H - PAD - 50} width={PAD + 150} height={PAD + 40} rx={8} fill="none" stroke="var(--line-strong)" strokeDasharray="4 4" />
          <text x={24} y={H - PAD - 32} fill="var(--faint)" fontSize="11">
            {insets.map((p) => `${p.node.warehouse.lat.toFixed(1)}°N ${p.node.warehouse.lon.toFixed(1)}°E`).join(' · ')}
          </text>
        </g>
      )}
      {placed.map((p) => {
        const n = p.node;
        const { x, y, r } = p;
        const id = n.warehouse.id;
        const labelLeft = x > W - 190;
        const moved = Math.hypot(p.x - p.x0, p.y - p.y0) > 4;
        return (
          <g key={id}>
            {moved && !p.inset && (
              <>
                <line x1={p.x0} y1={p.y0} x2={x} y2={y} stroke="var(--faint)" strokeWidth={1} />
                <circle cx={p.x0} cy={p.y0} r={2.5} fill="var(--muted)" />
              </>
            )}
            <g className={selected === id ? 'node selected' : 'node'} onClick={() => onSelect(id)} data-testid={`map-node-${id}`} transform={`translate(${x},${y})`}>
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
          </g>
        );
      })}
    </svg>
  );
}
