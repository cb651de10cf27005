// ECharts, only the parts the screens use (keeps the bundle small), and the county map.
import * as echarts from 'echarts/core';
import { PieChart, BarChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import {
  TooltipComponent, LegendComponent, GridComponent, TitleComponent, VisualMapComponent,
  MarkLineComponent, GeoComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import hengyang from './generated/hengyang.geo.json';
import { t, statusLabel, statusColor, fmtNum } from './i18n.js';

echarts.use([
  PieChart, BarChart, LineChart, MapChart, ScatterChart, TooltipComponent, LegendComponent, GridComponent,
  TitleComponent, VisualMapComponent, MarkLineComponent, GeoComponent, CanvasRenderer,
]);
echarts.registerMap('衡阳', hengyang);
export const MAP_AREAS = hengyang.features.map((f) => f.properties.name);
export { echarts };

// Tooltip formatters return HTML: data (region names, units) is escaped.
export const escapeHtml = (s) => echarts.format.encodeHTML(String(s ?? ''));

// The county map coloured by each region's evaluation status; `rows` are evaluation rows
// (region, status, value) of one indicator, `unit` its unit.
export function statusMapOption(rows, unit = '') {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p) => `${escapeHtml(p.name)}<br/>${p.data ? `${statusLabel(p.data.status)} · ${fmtNum(p.data.v)} ${escapeHtml(unit)}` : t('无数据', 'no data')}`,
    },
    series: [{
      type: 'map', map: '衡阳', roam: false, label: { show: true, fontSize: 10 },
      data: rows.filter((r) => MAP_AREAS.includes(r.region)).map((r) => ({ name: r.region, value: 1, status: r.status, v: r.value, itemStyle: { areaColor: statusColor(r.status) } })),
    }],
  };
}
