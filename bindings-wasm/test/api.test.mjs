// The package's API on the NSP data set: Node (CommonJS and ESM import) and the web build
// initialised in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { planwatch, pkgDir, nspText, fixtures, read, root as root_ } from './helpers.mjs';

const { Plan } = planwatch;
const [planText, monText] = nspText();

test('NSP evaluation: counts, summary, rollups, forecast, matrix, stats', () => {
  const plan = Plan.fromJson(planText, monText);
  assert.equal(plan.id, 'nsp-2019-2023');
  const ev = plan.evaluate('2021-06-30');
  assert.equal(ev.asOf, '2021-06-30');
  const summary = ev.summary();
  assert.equal(summary.total, ev.total);
  assert.ok(summary.by_rule.overdue > 0 && summary.by_rule.missing_report > 0);
  assert.equal(Object.values(summary.by_severity).reduce((a, b) => a + b, 0), ev.total);
  const findings = ev.findings();
  assert.equal(findings.length, ev.total);
  assert.match(findings[0].id, /^[a-z_]+:/);
  const rollups = ev.rollups();
  assert.ok(Object.keys(rollups.by_province).length > 0);
  const forecast = ev.forecast();
  assert.equal(forecast.activities.length, 235);
  assert.ok(Array.isArray(ev.indicators()));
  const whole = ev.toObject();
  assert.deepEqual(Object.keys(whole).sort(), Object.keys(JSON.parse(JSON.stringify(ev))).sort());
  assert.equal(whole.findings.length, ev.total);
  assert.deepEqual(ev.rates(), { reporting: whole.reporting, meetings: whole.meetings });
  const m = plan.reportMatrix('monthly', '2021-06-30');
  assert.equal(m.reporters.length, 36);
  assert.equal(m.periods.length, 60);
  assert.equal(m.cells[0][59], 'pending');
  assert.equal(plan.stats().expected_reports, 3600);
  assert.equal(plan.document().activities.length, 235);
});

test('filters are the core FindingFilter', () => {
  const ev = Plan.fromJson(planText, monText).evaluate('2021-06-30');
  const kampot = ev.findings({ provinces: ['pcct-kampot'] });
  assert.ok(kampot.length > 0 && kampot.length < ev.total);
  assert.ok(kampot.every((f) => f.province === 'pcct-kampot'));
  const warnings = ev.findings({ min_severity: 'error' });
  assert.ok(warnings.every((f) => f.severity === 'error' || f.severity === 'critical'));
  assert.throws(() => ev.findings({ province: 'x' }), (e) => e.code === 'invalid_value' && e.details.location.path === 'filter');
});

test('as of changes the result', () => {
  const plan = Plan.fromJson(planText, monText);
  assert.notEqual(plan.evaluate('2020-01-31').total, plan.evaluate('2022-12-31').total);
});

test('errors are PlanwatchErrors with code and details', () => {
  const cycle = read(path.join(fixtures, 'invalid', 'dependency_cycle', 'plan.json'));
  assert.throws(() => Plan.fromJson(cycle), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.code, 'dependency_cycle');
    assert.match(e.message, /dependency cycle: 1\.1\.1 -> 1\.1\.2 -> 1\.1\.3 -> 1\.1\.1/);
    assert.equal(typeof e.details.subject, 'string');
    assert.match(e.details.location.path, /^activities\[/);
    return true;
  });
  const plan = Plan.fromJson(planText, monText);
  assert.throws(() => plan.evaluate('June 2021'), { code: 'invalid_value' });
  assert.throws(() => plan.evaluate('2021-06-30', { rules: { overdew: {} } }), { code: 'unknown_rule' });
  assert.throws(() => plan.reportMatrix('weekly', '2021-06-30'), { code: 'invalid_value' });
  assert.throws(() => Plan.fromJson('{'), { code: 'syntax' });
  assert.throws(() => Plan.fromObjects(undefined), { code: 'wrong_type' });
});

test('ESM import of the Node build', async () => {
  const mod = await import(path.join(pkgDir, 'planwatch.cjs'));
  assert.equal(typeof mod.Plan.fromJson, 'function');
  assert.equal(mod.version(), planwatch.version());
});

test('the web build (ES module) initialises from bytes', async () => {
  const web = await import(path.join(pkgDir, 'planwatch.js'));
  web.initSync({ module: readFileSync(path.join(pkgDir, 'planwatch_bg.wasm')) });
  const ev = web.Plan.fromJson(planText, monText).evaluate('2021-06-30');
  assert.equal(ev.total, Plan.fromJson(planText, monText).evaluate('2021-06-30').total);
});

test('the package is npm-ready', () => {
  const pkg = JSON.parse(read(path.join(pkgDir, 'package.json')));
  assert.equal(pkg.name, 'planwatch');
  for (const types of ['planwatch.d.ts', 'planwatch.d.cts']) {
    const dts = read(path.join(pkgDir, types));
    for (const name of ['export class Plan', 'export interface Finding', 'export interface EvaluationData', 'export interface PlanwatchError']) {
      assert.ok(dts.includes(name), `${types}: ${name}`);
    }
  }
});

test('the deepest custom conditions compile in the browser engine; one level deeper is refused', () => {
  // WebAssembly parses on the caller's stack: MAX_NESTING (24) is measured to fit.
  const plan = Plan.fromJson(planText, monText);
  const forms = {
    parentheses: (d) => '('.repeat(d) + 'days_overdue > 1' + ')'.repeat(d),
    lists: (d) => '['.repeat(d) + '1' + ']'.repeat(d) + ' == []',
    calls: (d) => "size(".repeat(d) + "'a'" + ')'.repeat(d) + ' > 1',
    conditionals: (d) => 'true ? ('.repeat(d / 2) + 'true' + ') : false'.repeat(d / 2),
  };
  for (const [form, make] of Object.entries(forms)) {
    const rule = (d) => ({ custom: [{ id: 'deep', subject: 'activity', condition: make(d), message: 'm', severity: 'info' }] });
    try {
      plan.evaluate('2021-06-30', rule(24));
    } catch (e) {
      assert.notEqual(e.code, 'expression_limit', `${form} at 24: ${e.message}`);
    }
    assert.throws(() => plan.evaluate('2021-06-30', rule(26)), { code: 'expression_limit' }, form);
  }
});

test('the TypeScript document types come from the shipped JSON Schemas', () => {
  const dts = read(path.join(pkgDir, 'planwatch.d.ts'));
  // RuleSetDocument is rules.json as the engine reads it: built-in rule settings and custom rules.
  const doc = dts.match(/export interface RuleSetDocument \{[\s\S]*?\n\}/);
  assert.ok(doc, 'RuleSetDocument');
  assert.match(doc[0], /\n {2}custom\?: CustomRuleDef\[\];/);
  assert.match(doc[0], /\n {2}rules\?: \{/);
  assert.ok(dts.includes('export interface CustomRuleDef'));
  assert.match(dts, /static fromJson\(plan: string, monitoring\?: string \| null, rules\?: string \| RuleSetDocument \| null, limits\?: Limits \| string \| null\): Plan;/);
  // The package ships the repository's schema/ files, and its API schema has their definitions.
  const api = JSON.parse(read(path.join(pkgDir, 'schema.json')));
  for (const [name, root] of [['plan', 'PlanDocument'], ['monitoring', 'MonitoringDocument'], ['rules', 'RuleSetDocument']]) {
    const file = `${name}.schema.json`;
    const shipped = read(path.join(pkgDir, 'schema', file));
    assert.equal(shipped, read(path.join(root_, 'schema', file)), file);
    const schema = JSON.parse(shipped);
    assert.deepEqual(Object.keys(schema.properties).sort(), Object.keys(api.definitions[root].properties).sort(), file);
  }
});
