// The NSP dashboard: every figure comes from the planwatch engine (WebAssembly); this file
// only asks and draws. No rule logic here: filters go to the engine's FindingFilter.
import init, { Plan, version } from './pkg/planwatch.js';

const $ = (id) => document.getElementById(id);
const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const STATE_TEXT = { on_time: 'on time', late: 'late', missing: 'missing', pending: 'pending', not_expected: 'not expected' };
const STATE_MARK = { on_time: '\u2713', late: 'L', missing: '\u00d7', pending: '\u00b7', not_expected: '' };
const MAX_ROWS = 400;

const app = { plan: null, doc: null, ev: null, names: new Map(), titles: new Map() };

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

function showError(e) {
  const box = $('error');
  box.hidden = false;
  box.textContent = `${e.code ?? 'error'}: ${e.message}`;
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

function renderFindings() {
  const filter = currentFilter();
  const findings = app.ev.findings(filter);
  $('findings-count').textContent = `(${findings.length} of ${app.ev.total})`;
  $('findings-count').dataset.count = String(findings.length);
  const rows = findings.slice(0, MAX_ROWS).map((f) => el('tr', { class: `sev-${f.severity}` },
    el('td', {}, el('span', { class: `badge sev-${f.severity}`, text: f.severity })),
    el('td', { text: f.rule }),
    el('td', { text: `${f.subject.kind} ${f.subject.id}` }),
    el('td', { text: f.owner ?? '' }),
    el('td', { text: f.province ?? '' }),
    el('td', { text: f.period ?? '' }),
    el('td', { class: 'msg', text: f.message })));
  $('findings-table').tBodies[0].replaceChildren(...rows);
  $('findings-note').textContent = findings.length > MAX_ROWS ? `Showing the first ${MAX_ROWS}; narrow the filters to see the rest.` : '';
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
    renderFindings();
    renderMatrix(asOf);
    renderSchedule();
    $('error').hidden = true;
    const rules = app.plan.hasRules ? 'the plan\'s rules.json' : 'the default rules';
    $('status').textContent = `${ev.total} findings as of ${asOf} with ${rules} (evaluated in ${ms.toFixed(1)} ms).`;
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

async function main() {
  try {
    // The plan directory: plan.json, monitoring.json and, when there is one, rules.json,
    // which the engine then applies as the CLI and Python do (one answer everywhere).
    const [, planText, monText, rulesText] = await Promise.all([
      init(),
      fetch('data/plan.json').then((r) => r.text()),
      fetch('data/monitoring.json').then((r) => r.text()),
      fetch('data/rules.json').then((r) => (r.ok ? r.text() : undefined), () => undefined),
    ]);
    app.plan = Plan.fromJson(planText, monText, rulesText);
    document.body.dataset.rules = app.plan.hasRules ? 'rules.json' : 'defaults';
    app.doc = app.plan.document();
  } catch (e) {
    showError(e);
    return;
  }
  for (const o of app.doc.organisations) app.names.set(o.id, o.name);
  for (const a of app.doc.activities) app.titles.set(a.id, a.title);
  $('plan-title').textContent = app.doc.title;
  $('plan-sub').textContent = `${app.doc.start} to ${app.doc.end}: ${app.doc.activities.length} activities, ${app.doc.organisations.length} organisations`;
  $('engine').textContent = `version ${version()}`;
  const types = [...new Set(app.doc.reporting_obligations.map((o) => o.report_type))];
  $('report-type').replaceChildren(...types.map((t) => el('option', { value: t, text: t.replace('_', '-') })));
  const input = $('as-of');
  input.min = app.doc.start;
  input.max = app.doc.end;
  const asked = new URL(location.href).searchParams.get('asOf');
  input.value = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : '2021-06-30';
  input.addEventListener('input', evaluate);
  input.addEventListener('change', evaluate);
  $('prev-month').addEventListener('click', () => shiftMonth(-1));
  $('next-month').addEventListener('click', () => shiftMonth(1));
  for (const id of ['f-severity', 'f-rule', 'f-owner', 'f-strategy', 'f-province']) $(id).addEventListener('change', renderFindings);
  $('filters').addEventListener('reset', () => setTimeout(renderFindings, 0));
  $('report-type').addEventListener('change', () => renderMatrix(input.value));
  $('schedule-filter').addEventListener('change', renderSchedule);
  evaluate();
  document.body.dataset.ready = 'true';
}

main();
