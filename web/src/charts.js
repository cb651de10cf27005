// ECharts, only the parts the screens use (keeps the bundle small), and the county map.
import * as echarts from 'echarts/core';
import { PieChart, BarChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import {
  TooltipComponent, LegendComponent, GridComponent, TitleComponent, VisualMapComponent,
  MarkLineComponent, GeoComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import hengyang from './generated/hengyang.geo.json';

echarts.use([
  PieChart, BarChart, LineChart, MapChart, ScatterChart, TooltipComponent, LegendComponent, GridComponent,
  TitleComponent, VisualMapComponent, MarkLineComponent, GeoComponent, CanvasRenderer,
]);
echarts.registerMap('衡阳', hengyang);
export const MAP_AREAS = hengyang.features.map((f) => f.properties.name);
export { echarts };
