import type { Command } from 'commander';
import { StockmeshError } from '../../domain/index.ts';
import { KPI_DEFINITIONS, KPI_KEYS, kpiSummary, type KpiValue, summaryCsv } from '../../kpi/index.ts';
import type { CommandContext } from '../command-context.ts';
import { formatTable } from '../format-table.ts';
import { withHub } from '../with-hub.ts';

interface KpiOptions {
  warehouse?: string;
  region?: string;
  category?: string;
  from?: string;
  to?: string;
  csv?: boolean;
  json?: boolean;
}

const shown = (v: KpiValue): string => {
  if (v.value === null) return '–';
  const n = v.unit === 'ratio' ? `${(v.value * 100).toFixed(1)} %` : v.value.toLocaleString('en', { maximumFractionDigits: 2 });
  return v.p90 !== undefined && v.p90 !== null ? `${n} (p90 ${v.p90.toLocaleString('en', { maximumFractionDigits: 2 })})` : n;
};

/** `stockmesh kpis [--warehouse W] [--csv]`: every KPI for the network and per warehouse (docs/kpis.md). */
export function registerKpis(program: Command, ctx: CommandContext): void {
  const { output } = ctx;
  program
    .command('kpis')
    .description('KPIs for the network and per warehouse (default: the last 30 days)')
    .option('--warehouse <ids>', 'one warehouse, or several comma-separated')
    .option('--region <region>', 'warehouses of one region')
    .option('--category <category>', 'SKUs of one category')
    .option('--from <time>', 'start of the range (ISO-8601; default: 30 days before --to)')
    .option('--to <time>', 'end of the range (ISO-8601; default: now)')
    .option('--csv', 'CSV (one row per scope, one column per KPI)')
    .option('--json', 'the same JSON as GET /api/kpis')
    .action((o: KpiOptions) =>
      withHub(async (hub) => {
        try {
          const s = await kpiSummary(hub, {
            from: o.from,
            to: o.to,
            warehouses: o.warehouse?.split(',').map((w) => w.trim()).filter((w) => w !== ''),
            region: o.region,
            category: o.category,
            scope: null,
            now: new Date(),
          });
          if (o.csv) {
            process.stdout.write(summaryCsv(s));
            return;
          }
          if (o.json) {
            output.out(JSON.stringify(s, null, 2));
            return;
          }
          output.out(`KPIs ${s.range.from} – ${s.range.to}`);
          const scopes = [{ id: 'network', kpis: s.network.kpis }, ...s.warehouses.map((w) => ({ id: w.warehouse, kpis: w.kpis }))];
          output.out(
            formatTable(
              ['KPI', ...scopes.map((x) => x.id)],
              KPI_KEYS.map((k) => [`${KPI_DEFINITIONS.find((d) => d.key === k)?.title ?? k} (${s.network.kpis[k].unit})`, ...scopes.map((x) => shown(x.kpis[k]))]),
            ),
          );
        } catch (err) {
          if (!(err instanceof StockmeshError)) throw err;
          output.err(`${err.code}: ${err.message}`);
          ctx.setExitCode(1);
        }
      }),
    );
}
