// The NSP dashboard: every figure comes from the planwatch engine (WebAssembly); this file
// only asks and draws. No rule logic here: filters go to the engine's FindingFilter.
// A user's own plan (JSON files or CSV tables, by file picker or drag and drop) is read
// and evaluated in the page; nothing is sent anywhere. The progress report comes from a
// second build of the engine, with its `report` feature (pkg-report/), imported only when
// "Print report" is first clicked: the package in pkg/ stays without it.
import init, { Plan, tableNames, version } from './pkg/planwatch.js';

const $ = (id) => document.getElementById(id);
const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const STATE_TEXT = { on_time: 'on time', late: 'late', missing: 'missing', pending: 'pending', not_expected: 'not expected' };
const STATE_MARK = { on_time: '\u2713', late: 'L', missing: '\u00d7', pending: '\u00b7', not_expected: '' };
const MAX_ROWS = 400;

// `inputs`: the texts the plan was built from ({plan, monitoring, rules} of JSON files or
// {tables, rules} of CSV tables), from which the report engine builds its own Plan;
// `report`: that Plan ({inputs, plan}) once built.
const app = { plan: null, doc: null, ev: null, names: new Map(), titles: new Map(), source: '', changes: null, inputs: null, report: null };
/** How each kind of change reads in the findings table's "Since" column. */
const CHANGE_TEXT = { new: 'new', escalated: 'escalated', de_escalated: 'de-escalated', evidence_moved: 'changed' };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

/** Shows an error; a PlanwatchError lists each of its errors with its location (file,
 *  row and column of a CSV table; file, line and column of JSON). */
function showError(e, title) {
  const box = $('error');
  box.hidden = false;
  const lines = Array.isArray(e?.errors) && e.errors.length ? String(e.message).split('\n') : [String(e?.message ?? e)];
  const head = title ? `${title} (${e?.code ?? 'error'})` : `${e?.code ?? 'error'}`;
  box.replaceChildren(el('p', { text: `${head}:` }), el('ul', {}, ...lines.map((l) => el('li', { text: l }))));
}

function setOptions(select, values, label = (v) => v) {
  const keep = select.value;
  select.replaceChildren(el('option', { value: '', text: 'all' }), ...values.map((v) => el('option', { value: v, text: label(v) })));
  select.value = values.includes(keep) ? keep : '';
}

function orgLabel(id) {
  const name = app.names.get(id);
  return name ? `${name} (${id})` : id;
}

/** The FindingFilter (core type) the filter controls describe. */
function currentFilter() {
  const f = {};
  const pick = (id, key) => { const v = $(id).value; if (v) f[key] = [v]; };
  pick('f-severity', 'severities');
  pick('f-rule', 'rules');
  pick('f-owner', 'owners');
  pick('f-strategy', 'strategies');
  pick('f-province', 'provinces');
  return f;
}

function renderCards(summary) {
  const cards = [['total', summary.total], ...SEVERITIES.map((s) => [s, summary.by_severity[s] ?? 0])];
  $('cards').replaceChildren(...cards.map(([name, n]) => el('li', { class: `card sev-${name}`, 'data-testid': `card-${name}` },
    el('span', { class: 'n', text: String(n) }), el('span', { class: 'label', text: name === 'total' ? 'all findings' : name }))));
}

function renderFilters(summary, rollups) {
  setOptions($('f-severity'), SEVERITIES);
  setOptions($('f-rule'), Object.keys(summary.by_rule).filter((r) => summary.by_rule[r] > 0));
  setOptions($('f-owner'), Object.keys(rollups.by_owner), orgLabel);
  setOptions($('f-strategy'), app.doc.strategies.map((s) => s.id), (id) => `Strategy ${id}`);
  setOptions($('f-province'), Object.keys(rollups.by_province), orgLabel);
}

/** A finding as a table row; with `change` (a key of CHANGE_TEXT, or '' for none), a
 *  "Since" cell saying how it changed since the earlier day. */
function findingRow(f, change) {
  const cells = [el('td', {}, el('span', { class: `badge sev-${f.severity}`, text: f.severity }))];
  if (change !== undefined) cells.push(el('td', { class: 'change', text: CHANGE_TEXT[change] ?? '' }));
  cells.push(
    el('td', { text: f.rule }),
    el('td', { text: `${f.subject.kind} ${f.subject.id}` }),
    el('td', { text: f.owner ?? '' }),
    el('td', { text: f.province ?? '' }),
    el('td', { text: f.period ?? '' }),
    el('td', { class: 'msg', text: f.message }));
  return el('tr', change === undefined ? { class: `sev-${f.severity}` } : { class: `sev-${f.severity}`, 'data-change': change }, ...cells);
}

function renderFindings() {
  const filter = currentFilter();
  const findings = app.ev.findings(filter);
  $('findings-count').textContent = `(${findings.length} of ${app.ev.total})`;
  $('findings-count').dataset.count = String(findings.length);
  const change = (f) => app.changes?.of.get(f.id) ?? '';
  const rows = findings.slice(0, MAX_ROWS).map((f) => findingRow(f, change(f)));
  $('findings-table').tBodies[0].replaceChildren(...rows);
  $('findings-note').textContent = findings.length > MAX_ROWS ? `Showing the first ${MAX_ROWS}; narrow the filters to see the rest.` : '';
}

/** Compares the evaluation with the one of the "Changes since" day (the engine's diff, by
 *  stable finding id): remembers each finding's change for the findings table, writes the
 *  engine's own summary line (the first line `planwatch diff` prints) and lists the
 *  resolved findings. */
function compareSince(asOf) {
  const since = $('since').value;
  app.changes = null;
  const table = $('resolved-table');
  const url = new URL(location.href);
  if (!since || since >= asOf || since < app.doc.start) {
    table.hidden = true;
    $('resolved-note').textContent = '';
    $('changes-line').textContent = since
      ? `Choose a day before ${asOf} (and from ${app.doc.start}) to see what changed since.`
      : 'Choose a day in \u201cChanges since\u201d to compare this evaluation with the one of that day: new findings are marked in the table above, resolved ones are listed here.';
    delete document.body.dataset.since;
    url.searchParams.delete('since');
    history.replaceState(null, '', url);
    return;
  }
  const earlier = app.plan.evaluate(since);
  const diff = earlier.diff(app.ev);
  const data = diff.toObject();
  const line = diff.text(0).split('\n')[0];
  diff.free();
  earlier.free();
  const of = new Map(data.new.map((f) => [f.id, 'new']));
  for (const c of data.changed) of.set(c.id, c.change);
  app.changes = { since, of };
  $('changes-line').textContent = line;
  const rows = data.resolved.slice(0, MAX_ROWS).map((f) => findingRow(f));
  table.tBodies[0].replaceChildren(...rows);
  table.hidden = data.resolved.length === 0;
  table.dataset.count = String(data.resolved.length);
  $('resolved-note').textContent = data.resolved.length > MAX_ROWS ? `Showing the first ${MAX_ROWS} of ${data.resolved.length} resolved findings.` : '';
  document.body.dataset.since = since;
  url.searchParams.set('since', since);
  history.replaceState(null, '', url);
}

function renderMatrix(asOf) {
  const type = $('report-type').value;
  const m = app.plan.reportMatrix(type, asOf);
  const counts = { on_time: 0, late: 0, missing: 0, pending: 0 };
  const head = el('tr', {}, el('th', { scope: 'col', text: 'Reporter' }),
    ...m.periods.map((p) => el('th', { scope: 'col', class: 'period', text: p })));
  const body = m.reporters.map((r, i) => el('tr', {},
    el('th', { scope: 'row', text: r, title: orgLabel(r) }),
    ...m.cells[i].map((s, j) => {
      if (s in counts) counts[s] += 1;
      return el('td', { class: `cell s-${s}`, 'data-state': s, title: `${r} ${m.periods[j]}: ${STATE_TEXT[s]}`, text: STATE_MARK[s] },
        el('span', { class: 'visually-hidden', text: STATE_TEXT[s] }));
    })));
  $('matrix').replaceChildren(el('caption', { class: 'visually-hidden', text: `${type} reports by reporter and period as of ${asOf}` }),
    el('thead', {}, head), el('tbody', {}, ...body));
  $('matrix-note').textContent = `${m.reporters.length} reporters x ${m.periods.length} periods: ${counts.on_time} on time, ${counts.late} late, ${counts.missing} missing, ${counts.pending} pending.`;
}

function renderSchedule() {
  const forecast = app.ev.forecast();
  // Slip as the engine's forecast_slip rule measures it (forecast finish - deadline).
  const slip = new Map(app.ev.findings({ rules: ['forecast_slip'] }).map((f) => [f.subject.id, f.evidence.slip_days]));
  const critical = new Set(forecast.critical_path);
  const mode = $('schedule-filter').value;
  const open = (a) => a.status === 'not_started' || a.status === 'in_progress';
  const shown = forecast.activities.filter((a) => mode === 'all' || (mode === 'open' ? open(a) : slip.has(a.activity)));
  $('schedule-count').textContent = `${shown.length} activities`;
  const lead = new Map(app.doc.activities.map((a) => [a.id, a.lead ?? '']));
  $('schedule-table').tBodies[0].replaceChildren(...shown.map((a) => el('tr', { class: slip.has(a.activity) ? 'slipping' : '' },
    el('th', { scope: 'row', title: app.titles.get(a.activity) ?? '', text: a.activity }),
    el('td', { text: lead.get(a.activity) ?? '' }),
    el('td', { text: a.status.replace('_', ' ') }),
    el('td', { text: a.deadline }),
    el('td', { text: a.early_finish }),
    el('td', { class: 'num', text: slip.has(a.activity) ? String(slip.get(a.activity)) : '' }),
    el('td', { text: critical.has(a.activity) ? 'yes' : '' }))));
}

function evaluate() {
  const asOf = $('as-of').value;
  if (!asOf) return;
  try {
    const t0 = performance.now();
    const ev = app.plan.evaluate(asOf);
    const ms = performance.now() - t0;
    app.ev?.free();
    app.ev = ev;
    const summary = ev.summary();
    renderCards(summary);
    renderFilters(summary, ev.rollups());
    compareSince(asOf);
    renderFindings();
    renderMatrix(asOf);
    renderSchedule();
    $('error').hidden = true;
    const rules = app.plan.hasRules ? 'the plan\'s rules.json' : 'the default rules';
    $('status').textContent = `${ev.total} findings as of ${asOf} with ${rules} (evaluated in ${ms.toFixed(1)} ms).`;
    document.body.dataset.total = String(ev.total);
    document.body.dataset.asOf = asOf;
    const url = new URL(location.href);
    url.searchParams.set('asOf', asOf);
    history.replaceState(null, '', url);
  } catch (e) {
    showError(e);
  }
}

function shiftMonth(delta) {
  const input = $('as-of');
  const [y, m] = input.value.split('-').map(Number);
  // The last day of the month `delta` months away.
  const d = new Date(Date.UTC(y, m - 1 + delta + 1, 0));
  let next = d.toISOString().slice(0, 10);
  if (next < input.min) next = input.min;
  if (next > input.max) next = input.max;
  input.value = next;
  evaluate();
}

/** Shows `plan` (a Plan of the engine, built from `inputs`): headings, controls, then its
 *  evaluation. */
function showPlan(plan, source, inputs) {
  const doc = plan.document();
  app.plan?.free();
  app.ev?.free();
  app.ev = null;
  app.report?.plan.free();
  app.report = null;
  app.plan = plan;
  app.inputs = inputs;
  app.doc = doc;
  app.source = source;
  app.names = new Map(doc.organisations.map((o) => [o.id, o.name]));
  app.titles = new Map(doc.activities.map((a) => [a.id, a.title]));
  document.body.dataset.rules = plan.hasRules ? 'rules.json' : 'defaults';
  document.body.dataset.source = source;
  document.body.dataset.plan = doc.id;
  $('plan-title').textContent = doc.title;
  $('plan-sub').textContent = `${doc.start} to ${doc.end}: ${doc.activities.length} activities, ${doc.organisations.length} organisations`;
  $('source').textContent = `Showing ${source}.`;
  const types = [...new Set(doc.reporting_obligations.map((o) => o.report_type))];
  $('report-type').replaceChildren(...types.map((t) => el('option', { value: t, text: t.replace('_', '-') })));
  // The periods the report may cover: those of each report type, as the engine's
  // matrix lists them; none chosen, the report engine picks the period of the plan's main
  // report type that contains the as-of day, as `planwatch report` does without --period.
  const periods = $('report-period');
  const keep = periods.value;
  periods.replaceChildren(el('option', { value: '', text: 'the one containing the as-of day' }),
    ...types.map((t) => el('optgroup', { label: t.replace('_', '-') },
      ...plan.reportMatrix(t, doc.start).periods.map((p) => el('option', { value: p, text: p })))));
  periods.value = keep;
  if (periods.value !== keep) periods.value = '';
  $('ics-owner').replaceChildren(el('option', { value: '', text: 'every organisation' }),
    ...doc.organisations.map((o) => el('option', { value: o.id, text: orgLabel(o.id) })));
  const input = $('as-of');
  input.min = doc.start;
  input.max = doc.end;
  if (!input.value || input.value < doc.start || input.value > doc.end) {
    const today = new Date().toISOString().slice(0, 10);
    input.value = today < doc.start ? doc.start : today > doc.end ? doc.end : today;
  }
  $('error').hidden = true;
  evaluate();
}

// --- Opening a user's files -------------------------------------------------------------

/** A Plan of `engine` (pkg/ or pkg-report/) from `inputs` (see `app.inputs`). */
const planFrom = (engine, inputs) => (inputs.tables
  ? engine.Plan.fromCsvTables(inputs.tables, inputs.rules)
  : engine.Plan.fromJson(inputs.plan, inputs.monitoring, inputs.rules));

const JSON_FILES = ['plan.json', 'monitoring.json', 'rules.json'];

/** The folder part of a file's relative path (`''` for a file chosen on its own). */
const folderOf = (f) => (f.path ?? '').split('/').slice(0, -1).join('/');

/** Opens the files given (each `{name, path, file}`): the plan of one folder, as JSON
 *  files or CSV tables, evaluated here. Errors are shown in the page, the plan shown
 *  before stays. */
async function openFiles(files) {
  $('status').textContent = 'Reading the files\u2026';
  try {
    const tables = new Set(tableNames());
    const known = (f) => JSON_FILES.includes(f.name) || (f.name.endsWith('.csv') && tables.has(f.name.slice(0, -4)));
    // A folder with sub-folders: the plan is the shallowest folder holding plan.json or
    // plan.csv (then by name), as when opening the folder from the command line.
    const folders = [...new Set(files.filter(known).map(folderOf))];
    const planFolders = folders.filter((d) => files.some((f) => folderOf(f) === d && (f.name === 'plan.json' || f.name === 'plan.csv')));
    planFolders.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
    const workbooks = files.filter((f) => /\.xls[xm]?$/i.test(f.name));
    if (!planFolders.length) {
      const hint = workbooks.length
        ? `${workbooks[0].name} is a workbook: convert it with \`planwatch convert ${workbooks[0].name} --to DIR --layout csv\` and open DIR.`
        : 'Open plan.json (with monitoring.json and rules.json) or the CSV tables of the layout, plan.csv among them.';
      throw Object.assign(new Error(`No plan among ${files.map((f) => f.name).join(', ') || 'the files'}. ${hint}`), { code: 'missing_field' });
    }
    const folder = planFolders[0];
    const chosen = files.filter((f) => folderOf(f) === folder && known(f));
    const ignored = files.filter((f) => !chosen.includes(f)).length;
    const text = async (name) => { const f = chosen.find((c) => c.name === name); return f ? f.file.text() : undefined; };
    const csv = chosen.filter((f) => f.name.endsWith('.csv'));
    const rules = await text('rules.json');
    let inputs;
    let what;
    if (csv.length && chosen.some((f) => f.name === 'plan.json')) {
      throw Object.assign(new Error('Both plan.json and CSV tables were given: open one or the other.'), { code: 'invalid_value' });
    } else if (csv.length) {
      const texts = {};
      for (const f of csv) texts[f.name] = await f.file.text();
      inputs = { tables: texts, rules };
      what = `${csv.length} CSV tables`;
    } else {
      inputs = { plan: await text('plan.json'), monitoring: await text('monitoring.json'), rules };
      what = chosen.filter((f) => f.name !== 'rules.json').map((f) => f.name).join(' and ');
    }
    const plan = planFrom({ Plan }, inputs);
    const where = folder ? ` of ${folder}` : '';
    const extra = [rules !== undefined ? 'rules.json' : '', ignored ? `${ignored} other file${ignored > 1 ? 's' : ''} ignored` : ''].filter(Boolean);
    showPlan(plan, `your files: ${what}${where}${extra.length ? ` (${extra.join(', ')})` : ''}`, inputs);
  } catch (e) {
    $('status').textContent = '';
    showError(e, 'Could not open the plan');
  }
}

/** The files of an <input type=file> (with their path inside a chosen folder). */
const inputFiles = (input) => [...input.files].map((file) => ({ name: file.name, path: file.webkitRelativePath || file.name, file }));

/** The files of a drop, folders walked (FileSystemEntry API where there is one). */
async function droppedFiles(dt) {
  const entries = [...(dt.items ?? [])].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
  if (!entries.length) return [...dt.files].map((file) => ({ name: file.name, path: file.name, file }));
  const out = [];
  const walk = async (entry, prefix) => {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      out.push({ name: file.name, path: prefix + file.name, file });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (!batch.length) break;
        for (const e of batch) await walk(e, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}

function setUpOpening() {
  for (const id of ['open-files', 'open-dir']) {
    $(id).addEventListener('change', async (ev) => {
      const files = inputFiles(ev.target);
      if (files.length) await openFiles(files);
      ev.target.value = '';
    });
  }
  $('open-example').addEventListener('click', () => openExample().catch((e) => showError(e)));
  const zone = $('dropzone');
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  document.addEventListener('dragenter', (e) => { if (hasFiles(e)) { depth += 1; zone.hidden = false; } });
  document.addEventListener('dragleave', () => { depth = Math.max(0, depth - 1); if (!depth) zone.hidden = true; });
  document.addEventListener('dragover', (e) => { if (hasFiles(e)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } });
  document.addEventListener('drop', async (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    zone.hidden = true;
    await openFiles(await droppedFiles(e.dataTransfer));
  });
}

// --- Downloads ----------------------------------------------------------------------------

/** Offers `text` as a file download (a Blob and a temporary link). */
function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name, hidden: '' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function setUpDownloads() {
  $('dl-findings').addEventListener('click', () => {
    try {
      if (!app.ev) return;
      download(`${app.doc.id}-findings-${app.ev.asOf}.csv`, app.ev.findingsCsv(), 'text/csv;charset=utf-8');
    } catch (e) { showError(e); }
  });
  $('dl-ics').addEventListener('click', () => {
    try {
      const asOf = $('as-of').value;
      const owner = $('ics-owner').value || undefined;
      download(`${app.doc.id}${owner ? `-${owner}` : ''}.ics`, app.plan.calendarIcs(asOf, owner), 'text/calendar;charset=utf-8');
    } catch (e) { showError(e); }
  });
}

// --- The progress report ------------------------------------------------------------------

/** The engine built with the report (pkg-report/), imported and initialised on first use. */
let reportEngine = null;
function loadReportEngine() {
  reportEngine ??= import('./pkg-report/planwatch.js')
    .then(async (engine) => { await engine.default(); return engine; })
    .catch((e) => { reportEngine = null; throw e; });
  return reportEngine;
}

/** Writes the progress report of the chosen period as of the day shown, from the files
 *  shown and their rules.json, and opens it in the print view. */
async function printReport() {
  const button = $('print-report');
  const asOf = $('as-of').value;
  const period = $('report-period').value || undefined;
  if (!asOf || !app.inputs || button.disabled) return;
  button.disabled = true;
  $('status').textContent = reportEngine ? 'Writing the progress report\u2026' : 'Loading the report engine\u2026';
  try {
    const engine = await loadReportEngine();
    if (app.report?.inputs !== app.inputs) {
      app.report?.plan.free();
      app.report = { inputs: app.inputs, plan: planFrom(engine, app.inputs) };
    }
    const t0 = performance.now();
    const html = app.report.plan.report(asOf, period);
    const ms = performance.now() - t0;
    await showReport(html);
    $('error').hidden = true;
    $('status').textContent = `${$('report-view-h').textContent}, as of ${asOf} (written in ${ms.toFixed(1)} ms).`;
    const view = $('report-view');
    view.dataset.asOf = asOf;
    view.dataset.period = period ?? '';
    view.dataset.ready = 'true';
    $('report-frame').contentWindow.print();
  } catch (e) {
    $('status').textContent = '';
    showError(e, 'Could not write the progress report');
  } finally {
    button.disabled = false;
  }
}

/** Puts the report's HTML (its exact text: the frame's srcdoc) into the print view and
 *  opens it; resolves once the frame has loaded it. */
function showReport(html) {
  const view = $('report-view');
  const frame = $('report-frame');
  delete view.dataset.ready;
  const loaded = new Promise((ok) => frame.addEventListener('load', ok, { once: true }));
  frame.srcdoc = html;
  if (!view.open) view.showModal();
  return loaded.then(() => {
    const title = frame.contentDocument?.title || 'Progress report';
    $('report-view-h').textContent = title;
    frame.title = title;
  });
}

function setUpReport() {
  $('print-report').addEventListener('click', printReport);
  $('report-print').addEventListener('click', () => $('report-frame').contentWindow.print());
  $('report-close').addEventListener('click', () => $('report-view').close());
}

/** The bundled plan directory: plan.json, monitoring.json and, when there is one,
 *  rules.json, which the engine then applies as the CLI and Python do. */
async function openExample() {
  const [plan, monitoring, rules] = await Promise.all([
    fetch('data/plan.json').then((r) => r.text()),
    fetch('data/monitoring.json').then((r) => r.text()),
    fetch('data/rules.json').then((r) => (r.ok ? r.text() : undefined), () => undefined),
  ]);
  const inputs = { plan, monitoring, rules };
  showPlan(planFrom({ Plan }, inputs), 'the bundled NSP 2019-2023 example (synthetic monitoring data)', inputs);
}

async function main() {
  const input = $('as-of');
  const asked = new URL(location.href).searchParams.get('asOf');
  input.value = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : '2021-06-30';
  const since = new URL(location.href).searchParams.get('since');
  if (since && /^\d{4}-\d{2}-\d{2}$/.test(since)) $('since').value = since;
  try {
    await init();
    $('engine').textContent = `version ${version()}`;
    await openExample();
  } catch (e) {
    showError(e);
    return;
  }
  input.addEventListener('input', evaluate);
  input.addEventListener('change', evaluate);
  $('since').addEventListener('change', evaluate);
  $('prev-month').addEventListener('click', () => shiftMonth(-1));
  $('next-month').addEventListener('click', () => shiftMonth(1));
  for (const id of ['f-severity', 'f-rule', 'f-owner', 'f-strategy', 'f-province']) $(id).addEventListener('change', renderFindings);
  $('filters').addEventListener('reset', () => setTimeout(renderFindings, 0));
  $('report-type').addEventListener('change', () => renderMatrix(input.value));
  $('schedule-filter').addEventListener('change', renderSchedule);
  setUpOpening();
  setUpDownloads();
  setUpReport();
  document.body.dataset.ready = 'true';
}

main();
