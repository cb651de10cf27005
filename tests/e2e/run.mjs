// End-to-end test of the web application in a real browser: Debian's Chromium (headless),
// driven by playwright-core, against the real `guihua serve` on a free port and a fresh
// database loaded with the bundled samples.
//
//   node tests/e2e/run.mjs [--build build] [--out build/e2e]
//
// The story: a reporter of the task's lead unit reports it completed with an evidence file;
// a reviewer approves; the overview's completed-task count goes up and the task is shown
// completed. A public visitor sees the portal and is sent to the login from every write
// screen (and the API refuses its writes). Every main screen is opened in zh and one in en,
// a screenshot of each is saved under --out, and any console error or uncaught exception on
// any screen fails the test. Exit status 0 only when every check passed.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(ROOT, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const BUILD = resolve(ROOT, opt('--build', 'build'));
const OUT = resolve(ROOT, opt('--out', join(opt('--build', 'build'), 'e2e')));
const GUIHUA = join(BUILD, 'app', 'guihua');
const WEB = join(ROOT, 'web', 'dist');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
};

function cli(argv, input) {
  const r = spawnSync(GUIHUA, argv, { cwd: ROOT, input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`guihua ${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitFor(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer ${url} within ${ms} ms`);
}

// --- data ---------------------------------------------------------------------------------
for (const [p, what] of [[GUIHUA, 'the guihua binary (build first)'], [join(WEB, 'index.html'), 'web/dist (npm run build in web/)'], [CHROMIUM, 'Chromium (apt-get install chromium)']]) {
  if (!existsSync(p)) {
    console.error(`e2e: missing ${what}: ${p}`);
    process.exit(2);
  }
}
mkdirSync(OUT, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'guihua-e2e-'));
const db = join(work, 'e2e.db');
cli(['import', 'data/plans/hengyang-14th-fyp-proposal.txt', '--db', db]);
cli(['regions', 'import', 'data/units/hengyang_regions.csv', '--db', db]);
cli(['indicators', 'import', 'data/indicators/national-14th-fyp-indicators.csv', '--db', db]);
cli(['data', 'import', 'data/indicators/national-14th-fyp-actuals-2020-2021.csv', '--db', db]);
cli(['gen', '--out', join(work, 'syn'), '--end', '2023-12']);
cli(['indicators', 'import', 'data/indicators/hengyang-synthetic-indicators.csv', '--db', db]);
cli(['data', 'import', join(work, 'syn', 'observations.csv'), '--db', db]);
const PW = 'e2e-password-1';
cli(['user', 'add', 'admin', '--role', 'admin', '--db', db], `${PW}\n`);
cli(['user', 'add', 'shenhe', '--role', 'reviewer', '--db', db], `${PW}\n`);
const today = new Date().toISOString().slice(0, 10);
const due = new Date(Date.now() + 10 * 86400e3).toISOString().slice(0, 10);
const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
cli(['round', 'open', 'E2E 轮次', '--period', `${today.slice(0, 4)}-Q${quarter}`, '--due', due, '--db', db]);
cli(['publish', '--as-of', '2023', '--note', 'E2E', '--db', db]);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(GUIHUA, ['serve', '--db', db, '--port', String(port), '--web', WEB], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });
const serverExited = new Promise((r) => server.once('exit', r)); // also when it dies early
let browser;
try {
  await waitFor(`${base}/api/v1/openapi.json`, 10000);
  // The reporter belongs to the lead unit of the first task that has one.
  const login = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PW }) });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const tasks = await (await fetch(`${base}/api/v1/tasks?per_page=50`, { headers: { Cookie: cookie } })).json();
  const task = tasks.tasks.find((tk) => tk.lead_unit);
  cli(['user', 'add', 'tianbao', '--role', 'reporter', '--unit', task.lead_unit, '--db', db], `${PW}\n`);
  console.log(`task ${task.id} (${task.lead_unit}): ${task.text}`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`${page.url()}: console: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`${page.url()}: exception: ${e.message}`));
    return page;
  };
  const shot = async (page, name) => {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300); // chart animations settle
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });
  };
  const signIn = async (page, user) => {
    await page.goto(`${base}/login`);
    await page.fill('input[name=username]', user);
    await page.fill('input[name=password]', PW);
    await page.click('[data-test=login]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  };

  // 1. The reporter reports the task completed, with evidence.
  const rp = await newPage();
  await signIn(rp, 'tianbao');
  await rp.goto(`${base}/inbox`);
  const row = rp.locator(`[data-test=due-item][data-task="${task.id}"]`);
  await row.waitFor();
  check(true, 'the reporter sees the task in the inbox');
  await shot(rp, 'inbox');
  await row.locator('[data-test=open-form]').click();
  const form = rp.locator('[data-test=task-report-form]');
  await form.locator('select[name=status]').selectOption('completed');
  await form.locator('input[name=percent]').fill('100');
  await form.locator('textarea[name=narrative]').fill('E2E：已按计划完成，附验收材料。');
  await form.locator('input[type=file]').setInputFiles({ name: '验收材料.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
  await form.locator('[data-test=submit-report]').click();
  // Once submitted, the task leaves the inbox (the list reloads).
  const left = await row.waitFor({ state: 'detached', timeout: 10000 }).then(() => true, () => false);
  check(left, 'the submitted task leaves the inbox');
  const detail = await (await fetch(`${base}/api/v1/tasks/${task.id}`, { headers: { Cookie: cookie } })).json();
  const report = detail.reports[detail.reports.length - 1];
  check(report && report.state === 'submitted' && report.evidence.length === 1, 'the report is submitted with one evidence file');
  await rp.goto(`${base}/tasks/${task.id}`);
  await shot(rp, 'task');

  // 2. The overview before the approval.
  const ad = await newPage();
  await signIn(ad, 'admin');
  await ad.goto(`${base}/overview`);
  await ad.locator('[data-test=kpi-completed]').waitFor();
  const before = await ad.locator('[data-test=kpi-completed]').innerText();

  // 3. The reviewer approves it.
  const rv = await newPage();
  await signIn(rv, 'shenhe');
  await rv.goto(`${base}/review`);
  const item = rv.locator(`[data-test=review-item][data-report="${report.id}"]`);
  await item.waitFor();
  check((await item.locator('[data-test=evidence-link]').count()) === 1, 'the reviewer sees the evidence link');
  await shot(rv, 'review');
  await item.locator('[data-test=approve]').click();
  await item.waitFor({ state: 'detached', timeout: 10000 });
  check(true, 'the reviewer approved the report');

  // 4. The overview changes.
  await ad.reload();
  await ad.locator('[data-test=kpi-completed]').waitFor();
  const after = await ad.locator('[data-test=kpi-completed]').innerText();
  check(Number(after.split('/')[0]) === Number(before.split('/')[0]) + 1, `the overview's completed count went ${before} -> ${after}`);
  await shot(ad, 'overview');

  // 5. Every main screen, as admin, with no console errors.
  const screens = [
    ['plan', `/plan/${task.node}`, `[data-test=article] mark.task.completed[data-task="${task.id}"]`],
    ['indicators', '/indicators', '[data-test=indicator-table] tbody tr'],
    ['tasks', '/tasks', '[data-test=task-table] tbody tr'],
    ['audit', '/audit', '[data-test=audit-entry]'],
    ['users', '/users', '[data-test=users] tbody tr'],
    ['search', `/search?q=${encodeURIComponent('制造业')}`, '[data-test=search-hit]'],
  ];
  for (const [name, path, sel] of screens) {
    await ad.goto(base + path);
    const ok = await ad.locator(sel).first().waitFor({ timeout: 10000 }).then(() => true, () => false);
    check(ok, `${name}: ${path} shows ${sel}`);
    await shot(ad, name);
  }
  // An indicator opened from the table (with its region): actual values are fetched and shown.
  await ad.goto(`${base}/indicators?region=${encodeURIComponent('衡阳市')}`);
  const link = ad.locator('[data-test=indicator-table] a', { hasText: '地区生产总值' }).first();
  const [obsResponse] = await Promise.all([
    ad.waitForResponse((r) => r.url().includes('/api/v1/observations') && r.status() === 200, { timeout: 10000 }),
    link.click(),
  ]);
  const observations = await obsResponse.json();
  check(observations.length > 0, `the indicator page loads the region's values (${observations.length})`);
  await ad.locator('[data-test=trajectory] canvas').waitFor();
  check(await ad.locator('[data-test=latest]').isVisible(), 'the indicator page shows the latest value');
  await shot(ad, 'indicator');
  // The task table: filtered by the server, and the export has exactly the rows shown.
  await ad.goto(`${base}/tasks?status=completed`);
  await ad.locator('[data-test=task-table] tbody tr').first().waitFor();
  check((await ad.locator('[data-test=task-table] tbody tr').count()) === 1, 'the task table filters to the one completed task');
  await ad.goto(`${base}/tasks?unit=${encodeURIComponent(task.lead_unit)}`);
  await ad.locator('[data-test=task-table] tbody tr').first().waitFor();
  const shown = Number((await ad.locator('[data-test=task-count]').innerText()).split('/')[0].trim());
  const [download] = await Promise.all([ad.waitForEvent('download'), ad.click('[data-test=export]')]);
  const xlsx = join(OUT, 'tasks-filtered.xlsx');
  await download.saveAs(xlsx);
  // Task rows (those with a number in 序号), counted by openpyxl (Debian's python3-openpyxl).
  const count = spawnSync('/usr/bin/python3', ['-c', 'import sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]\nprint(sum(1 for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)))', xlsx], { encoding: 'utf8' });
  check(count.status === 0 && Number(count.stdout.trim()) === shown, `the export of ${task.lead_unit}'s tasks has the ${shown} rows shown (${count.stdout.trim() || count.stderr.trim()})`);
  // English.
  await ad.goto(`${base}/overview`);
  await ad.click('button.lang');
  check((await ad.locator('[data-nav=overview]').innerText()) === 'Overview', 'the English switch relabels the navigation');
  await shot(ad, 'overview-en');
  await ad.click('button.lang');
  // A tablet in portrait: the overview still lays out (no horizontal scroll of the page).
  await ad.setViewportSize({ width: 768, height: 1024 });
  await ad.goto(`${base}/overview`);
  await ad.locator('[data-test=status-donut] canvas').waitFor();
  const overflow = await ad.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `the overview fits a 768 px wide tablet (overflow ${overflow} px)`);
  await shot(ad, 'overview-tablet');
  await ad.setViewportSize({ width: 1366, height: 900 });

  // 6. The public.
  const pub = await newPage();
  await pub.goto(`${base}/public`);
  const portal = await pub.locator('[data-test=public-table] tbody tr').first().waitFor({ timeout: 10000 }).then(() => true, () => false);
  check(portal, 'a visitor sees the published indicators at /public');
  check(await pub.locator('[data-test=public-map] canvas').isVisible(), 'the public portal shows the county map');
  await shot(pub, 'public');
  for (const path of ['/inbox', '/review', '/users', '/audit', `/tasks/${task.id}`]) {
    await pub.goto(base + path);
    await pub.waitForURL((u) => u.pathname === '/login', { timeout: 5000 }).catch(() => {});
    check(new URL(pub.url()).pathname === '/login', `a visitor opening ${path} is sent to the login`);
  }
  const write = await fetch(`${base}/api/v1/tasks/${task.id}/reports`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"percent":1,"status":"in_progress","period":"2026-Q4"}' });
  check(write.status === 401, `the API refuses a visitor's write (${write.status})`);

  check(errors.length === 0, `no console errors on any screen${errors.length ? ':\n  ' + errors.join('\n  ') : ''}`);
} catch (e) {
  console.error(`FAIL ${e.stack || e}`);
  failures++;
} finally {
  if (browser) await browser.close();
  if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
  await serverExited;
  writeFileSync(join(OUT, 'server.log'), serverLog);
  rmSync(work, { recursive: true, force: true });
}
console.log(failures ? `e2e: ${failures} failed (screenshots and server.log in ${OUT})` : `e2e: all passed (screenshots in ${OUT})`);
process.exit(failures ? 1 : 0);
