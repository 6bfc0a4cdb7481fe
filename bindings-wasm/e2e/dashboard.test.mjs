// End-to-end: the static dashboard (examples/web/dist, built by build.sh) served by a tiny
// Node static server on 127.0.0.1, driven in Debian's Chromium with playwright-core.
// The screenshot goes to $PLANWATCH_SCREENSHOT (default bindings-wasm/e2e/screenshot.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..', '..', 'examples', 'web', 'dist');
const screenshot = process.env.PLANWATCH_SCREENSHOT || path.join(here, 'screenshot.png');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

let server;
let browser;
let base;

before(async () => {
  assert.ok(existsSync(path.join(dist, 'index.html')), 'run bindings-wasm/build.sh first');
  server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = path.normalize(path.join(dist, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (!file.startsWith(dist)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

const count = async (page) => Number(await page.getAttribute('[data-testid=findings-count]', 'data-count'));
const card = async (page, name) => Number(await page.textContent(`[data-testid=card-${name}] .n`));

test('dashboard: findings, completeness, as-of, province filter, screenshot', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(base);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  assert.deepEqual(problems, []);

  // Findings and cards: the dashboard applies the plan directory's rules.json, so it shows
  // the CLI's answer (`planwatch check examples/nsp-2019-2023 --as-of 2021-06-30`, the
  // golden evaluation tests/fixtures/evaluation/nsp-2021-06-30.json): 694 findings.
  assert.equal(await page.getAttribute('body', 'data-rules'), 'rules.json');
  const golden = JSON.parse(await readFile(path.join(here, '..', '..', 'tests', 'fixtures', 'evaluation', 'nsp-2021-06-30.json'), 'utf8'));
  const total = await card(page, 'total');
  assert.equal(total, golden.findings.length, 'the CLI\'s finding count');
  assert.equal(total, 694);
  assert.match(await page.textContent('#status'), /rules\.json/);
  assert.equal(await count(page), total);
  const sum = (await Promise.all(['critical', 'error', 'warning', 'info'].map((s) => card(page, s)))).reduce((a, b) => a + b, 0);
  assert.equal(sum, total);
  assert.ok(await page.locator('#findings-table tbody tr').count() > 0);

  // The completeness heat map.
  const cells = page.locator('#matrix td.cell');
  assert.equal(await cells.count(), 36 * 60);
  for (const state of ['on_time', 'late', 'missing', 'pending']) {
    assert.ok(await page.locator(`#matrix td[data-state=${state}]`).count() > 0, state);
  }
  // The schedule.
  assert.ok(await page.locator('#schedule-table tbody tr').count() > 0);

  // Moving the as-of date re-evaluates.
  await page.fill('#as-of', '2020-03-31');
  await page.waitForFunction(() => document.body.dataset.asOf === '2020-03-31');
  const earlier = await card(page, 'total');
  assert.notEqual(earlier, total);
  assert.equal(await count(page), earlier);
  await page.click('#next-month');
  await page.waitForFunction(() => document.body.dataset.asOf === '2020-04-30');

  // Filtering by a province (keyboard-reachable select).
  const province = await page.locator('#f-province option').nth(1).getAttribute('value');
  assert.ok(province);
  await page.selectOption('#f-province', province);
  const filtered = await count(page);
  assert.ok(filtered > 0 && filtered < (await card(page, 'total')), `province ${province}: ${filtered}`);
  const provinces = await page.locator('#findings-table tbody td:nth-child(6)').allTextContents();
  assert.ok(provinces.every((p) => p === province));

  // Back to the canonical day for the picture.
  await page.selectOption('#f-province', '');
  await page.fill('#as-of', '2021-06-30');
  await page.waitForFunction(() => document.body.dataset.asOf === '2021-06-30');
  assert.equal(await card(page, 'total'), total);
  await page.screenshot({ path: screenshot, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('dashboard: opens the user\'s CSV tables and dropped JSON files, shows their findings, downloads the CSV and the calendar', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  // The data stay in the page: no request after the dashboard's own files.
  const requests = [];
  await page.goto(base);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  page.on('request', (r) => { if (!r.url().startsWith('blob:')) requests.push(r.url()); });
  assert.match(await page.textContent('[data-testid=source]'), /bundled NSP/);

  // The CSV tables of examples/nsp-2019-2023/tables and its rules.json, through the file
  // input, as a user picks them.
  const tablesDir = path.join(here, '..', '..', 'examples', 'nsp-2019-2023', 'tables');
  const files = (await readdir(tablesDir)).filter((f) => f.endsWith('.csv') || f === 'rules.json').sort();
  assert.ok(files.length >= 17);
  await page.fill('#as-of', '2020-03-31');
  await page.waitForFunction(() => document.body.dataset.asOf === '2020-03-31');
  await page.setInputFiles('#open-files', files.map((f) => path.join(tablesDir, f)));
  await page.waitForFunction(() => /your files/.test(document.body.dataset.source ?? ''), null, { timeout: 30000 });
  assert.match(await page.textContent('[data-testid=source]'), /19 CSV tables.*rules\.json/);
  assert.equal(await page.getAttribute('body', 'data-rules'), 'rules.json');
  assert.equal(await page.isHidden('#error'), true);
  // The as-of day stays (it lies within the plan); back to the golden day.
  assert.equal(await page.inputValue('#as-of'), '2020-03-31');
  await page.fill('#as-of', '2021-06-30');
  await page.waitForFunction(() => document.body.dataset.asOf === '2021-06-30' && document.body.dataset.total === '694');
  assert.equal(await card(page, 'total'), 694, 'the CLI\'s count for the directory');
  assert.equal(await count(page), 694);

  // Findings as CSV: the bytes of `planwatch check examples/nsp-2019-2023 --as-of
  // 2021-06-30 --format csv` (the golden file the CLI test holds).
  const golden = await readFile(path.join(here, '..', '..', 'tests', 'fixtures', 'evaluation', 'nsp-2021-06-30-findings.csv'));
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#dl-findings')]);
  assert.equal(csv.suggestedFilename(), 'nsp-2019-2023-findings-2021-06-30.csv');
  const csvBytes = await readFile(await csv.path());
  assert.ok(csvBytes.equals(golden), 'the downloaded CSV is the CLI\'s');

  // The calendar of one organisation.
  await page.selectOption('#ics-owner', 'pcct-kampot');
  const [ics] = await Promise.all([page.waitForEvent('download'), page.click('#dl-ics')]);
  assert.equal(ics.suggestedFilename(), 'nsp-2019-2023-pcct-kampot.ics');
  const icsText = await readFile(await ics.path(), 'utf8');
  assert.ok(icsText.startsWith('BEGIN:VCALENDAR\r\n'));
  assert.ok(icsText.includes('DTSTAMP:20210630T000000Z\r\n'));

  // A broken table: the error names its file, row and column; the plan shown stays.
  const broken = (await readFile(path.join(tablesDir, 'strategies.csv'), 'utf8')).replace(/\n1,/, '\n1,x,y,z,');
  await page.setInputFiles('#open-files', [
    { name: 'plan.csv', mimeType: 'text/csv', buffer: await readFile(path.join(tablesDir, 'plan.csv')) },
    { name: 'strategies.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) },
  ]);
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /strategies\.csv row 2/);
  assert.equal(await card(page, 'total'), 694);

  // plan.json, monitoring.json and rules.json dropped on the page (a drop event carrying
  // the files, as the browser sends it).
  const nspDir = path.join(here, '..', '..', 'examples', 'nsp-2019-2023');
  const texts = {};
  for (const f of ['plan.json', 'monitoring.json', 'rules.json']) texts[f] = await readFile(path.join(nspDir, f), 'utf8');
  await page.fill('#as-of', '2022-12-31');
  await page.waitForFunction(() => document.body.dataset.asOf === '2022-12-31');
  const before = await card(page, 'total');
  await page.evaluate((texts) => {
    const dt = new DataTransfer();
    for (const [name, text] of Object.entries(texts)) dt.items.add(new File([text], name, { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('dragenter', { bubbles: true, dataTransfer: dt }));
    document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, texts);
  await page.waitForFunction(() => /plan\.json and monitoring\.json/.test(document.body.dataset.source ?? ''), null, { timeout: 30000 });
  assert.equal(await page.isHidden('#dropzone'), true);
  assert.equal(await page.getAttribute('body', 'data-rules'), 'rules.json');
  assert.equal(await card(page, 'total'), before, 'the same plan, the same day');
  assert.equal(await page.isHidden('#error'), true);
  await page.fill('#as-of', '2021-06-30');
  await page.waitForFunction(() => document.body.dataset.total === '694');

  // Back to the bundled example.
  await page.click('#open-example');
  await page.waitForFunction(() => /bundled/.test(document.body.dataset.source ?? ''));
  assert.equal(await card(page, 'total'), 694);
  assert.deepEqual(requests.filter((u) => !/\/data\/(plan|monitoring|rules)\.json$/.test(u)), [], 'no request but the bundled example');
  assert.deepEqual(problems, []);
  await page.close();
});

test('dashboard: readable on a tablet', async () => {
  const page = await browser.newPage({ viewport: { width: 768, height: 1024 } });
  await page.goto(`${base}?asOf=2022-12-31`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  assert.equal(await page.inputValue('#as-of'), '2022-12-31');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await page.close();
});

test('dashboard: changes since an earlier day are the engine\'s diff (the golden diff of the CLI)', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${base}?asOf=2021-06-30&since=2021-03-31`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  await page.waitForFunction(() => document.body.dataset.since === '2021-03-31');
  // `planwatch diff examples/nsp-2019-2023 --from 2021-03-31 --to 2021-06-30`, whose JSON
  // is the golden tests/fixtures/diff/nsp-2021-03-31-to-2021-06-30.json.
  const golden = JSON.parse(await readFile(path.join(here, '..', '..', 'tests', 'fixtures', 'diff', 'nsp-2021-03-31-to-2021-06-30.json'), 'utf8'));
  const t = golden.summary.total;
  assert.equal(await page.textContent('[data-testid=changes]'),
    `nsp-2019-2023 from 2021-03-31 to 2021-06-30: ${t.new} new, ${t.resolved} resolved, ${t.changed} changed (${t.escalated} escalated, ${t.de_escalated} de-escalated, ${t.evidence_moved} evidence moved)`);
  // Resolved findings listed, in the diff's order.
  assert.equal(Number(await page.getAttribute('#resolved-table', 'data-count')), golden.resolved.length);
  const resolved = await page.locator('#resolved-table tbody td:nth-child(2)').allTextContents();
  assert.deepEqual(resolved, golden.resolved.slice(0, 400).map((f) => f.rule));
  // New findings marked in the findings table: every row marked new is a new finding of
  // the diff, and every new finding shown is marked.
  const isNew = new Set(golden.new.map((f) => f.id));
  const rows = await page.locator('#findings-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.change));
  assert.ok(rows.filter((c) => c === 'new').length > 0);
  const shown = await page.evaluate(() => [...document.querySelectorAll('#findings-table tbody tr')].length);
  assert.equal(rows.length, shown);
  // Filtering to one rule keeps the marks: the rows marked new are exactly the diff's new
  // findings of that rule.
  const evaluation = JSON.parse(await readFile(path.join(here, '..', '..', 'tests', 'fixtures', 'evaluation', 'nsp-2021-06-30.json'), 'utf8'));
  const perRule = (r) => evaluation.findings.filter((f) => f.rule === r).length;
  const rule = golden.new.map((f) => f.rule).find((r) => perRule(r) <= 400);
  assert.ok(rule, 'a rule with new findings and at most 400 findings in all');
  await page.selectOption('#f-rule', rule);
  await page.waitForFunction((n) => document.querySelector('[data-testid=findings-count]').dataset.count === String(n), perRule(rule));
  const marked = await page.locator('#findings-table tbody tr[data-change=new]').count();
  assert.equal(marked, golden.new.filter((f) => f.rule === rule).length);
  assert.ok([...isNew].length === t.new);
  // A day after the as-of day compares nothing.
  await page.fill('#since', '2021-09-30');
  await page.dispatchEvent('#since', 'change');
  await page.waitForFunction(() => document.body.dataset.since === undefined);
  assert.match(await page.textContent('[data-testid=changes]'), /Choose a day before 2021-06-30/);
  assert.equal(await page.locator('#findings-table tbody tr[data-change=new]').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('dashboard: "Print report" writes the CLI\'s progress report (the golden files), the report engine loaded only then', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${base}?asOf=2021-06-30`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  // The main load fetched the package's engine, not the one with the report.
  assert.ok(requests.includes('/pkg/planwatch_bg.wasm'), `requests seen: ${requests.join(' ')}`);
  assert.deepEqual(requests.filter((u) => u.startsWith('/pkg-report/')), [], 'the main load fetched the report engine');
  assert.equal(await page.inputValue('#report-period'), '', 'the default period: the one containing the as-of day');

  // The cases of tests/fixtures/report/cases.json that the dashboard shows (the bundled
  // NSP example with its rules.json): the bytes of `planwatch report`.
  const fixtures = path.join(here, '..', '..', 'tests', 'fixtures', 'report');
  const { cases } = JSON.parse(await readFile(path.join(fixtures, 'cases.json'), 'utf8'));
  const shown = cases.filter((c) => c.src === 'examples/nsp-2019-2023');
  for (const [period, golden] of [[null, 'nsp-2021-06-30.html'], ['2020', 'nsp-2020-as-of-2021-06-30.html']]) {
    assert.ok(shown.some((c) => c.as_of === '2021-06-30' && c.period === period && c.golden === golden), golden);
  }
  for (const c of shown) {
    await page.fill('#as-of', c.as_of);
    await page.waitForFunction((d) => document.body.dataset.asOf === d, c.as_of);
    await page.selectOption('#report-period', c.period ?? '');
    await page.click('#print-report');
    await page.waitForSelector(`#report-view[open][data-ready=true][data-as-of="${c.as_of}"][data-period="${c.period ?? ''}"]`, { timeout: 60000 });
    const html = Buffer.from(await page.$eval('#report-frame', (f) => f.srcdoc), 'utf8');
    const expected = await readFile(path.join(fixtures, c.golden));
    const at = [...expected].findIndex((b, i) => b !== html[i]);
    assert.ok(html.equals(expected), `${c.golden}: ${html.length} B against ${expected.length} B, first difference at byte ${at}`);
    // The print view shows that document, named by its title.
    const title = /<title>([^<]*)<\/title>/.exec(expected.toString('utf8'))[1];
    assert.equal(await page.textContent('#report-view-h'), title);
    assert.equal(await page.getAttribute('#report-frame', 'title'), title);
    assert.equal(await page.frameLocator('#report-frame').locator('h1').count(), 1);
    assert.equal(await page.isHidden('#error'), true);
    await page.click('#report-close');
    await page.waitForSelector('#report-view:not([open])', { state: 'attached' });
  }
  // One import of the report engine served both reports.
  assert.deepEqual(requests.filter((u) => u.startsWith('/pkg-report/')), ['/pkg-report/planwatch.js', '/pkg-report/planwatch_bg.wasm']);

  // A period that starts after the as-of day: the engine's error, shown as the others.
  await page.selectOption('#report-period', '2023');
  await page.click('#print-report');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /Could not write the progress report.*2023/s);
  assert.equal(await page.isHidden('#report-view'), true);

  // The user's files: the CSV tables of the same plan with its rules.json give the same
  // report, built by the report engine from those files.
  const tablesDir = path.join(here, '..', '..', 'examples', 'nsp-2019-2023', 'tables');
  const files = (await readdir(tablesDir)).filter((f) => f.endsWith('.csv') || f === 'rules.json').sort();
  await page.setInputFiles('#open-files', files.map((f) => path.join(tablesDir, f)));
  await page.waitForFunction(() => /your files/.test(document.body.dataset.source ?? ''), null, { timeout: 30000 });
  assert.equal(await page.inputValue('#report-period'), '2023', 'the period chosen stays');
  await page.selectOption('#report-period', '');
  await page.click('#print-report');
  await page.waitForSelector('#report-view[open][data-ready=true][data-period=""]', { timeout: 60000 });
  const fromTables = Buffer.from(await page.$eval('#report-frame', (f) => f.srcdoc), 'utf8');
  assert.ok(fromTables.equals(await readFile(path.join(fixtures, 'nsp-2021-06-30.html'))), 'the report of the CSV tables');
  assert.deepEqual(problems, []);
  await page.close();
});
