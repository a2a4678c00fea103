import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, SVGRenderer]);

/** Colours of the current theme, read from the CSS variables so charts follow dark/light. */
export function themeColours(): { text: string; muted: string; line: string; accent: string; ok: string; warn: string; bad: string; info: string; series: string[] } {
  const s = getComputedStyle(document.documentElement);
  const v = (n: string): string => s.getPropertyValue(n).trim();
  return {
    text: v('--text'),
    muted: v('--muted'),
    line: v('--line'),
    accent: v('--accent'),
    ok: v('--ok'),
    warn: v('--warn'),
    bad: v('--bad'),
    info: v('--info'),
    series: [v('--accent'), v('--info'), '#9b8fd6', v('--warn'), '#c97aa8', v('--ok'), v('--bad'), '#7fa3a0'],
  };
}

/** One ECharts chart (SVG renderer); `onClick` gets the clicked item's name (category). */
export function Chart({ option, onClick, tall, testId }: { option: EChartsCoreOption; onClick?: (name: string) => void; tall?: boolean; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => {
      const name = (p as { name?: string }).name;
      if (name) click.current?.(name);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={el} className={tall ? 'chart tall' : 'chart'} data-testid={testId} />;
}
