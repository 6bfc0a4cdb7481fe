// Resource limits: a plan that implies too much work is refused when it is read, before
// any of the work; a page lowers the bounds for plans its users give it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planwatch, nspText, thrown } from './helpers.mjs';

const { Plan } = planwatch;

test('the defaults carry the NSP data set', () => {
  const [plan, monitoring] = nspText();
  assert.ok(Plan.fromJson(plan, monitoring).evaluate('2021-06-30').total > 0);
  assert.ok(Plan.fromJson(plan, monitoring, undefined, {}).evaluate('2021-06-30').total > 0);
});

test('a page can lower the limit on expected reports', () => {
  const [plan, monitoring] = nspText();
  const e = thrown(() => Plan.fromJson(plan, monitoring, undefined, { max_expected_reports: 1000 }));
  assert.equal(e.name, 'PlanwatchError');
  assert.equal(e.code, 'limit_exceeded');
  assert.equal(e.details.location.path, 'reporting_obligations');
  assert.match(e.message, /more than the limit of 1000 \(max_expected_reports\)/);
});

test('a plan spanning millennia is refused at its end date, whatever the surface', () => {
  const [plan, monitoring] = nspText();
  const doc = JSON.parse(plan);
  doc.start = '0001-01-01';
  doc.end = '9999-12-31';
  const e = thrown(() => Plan.fromObjects(doc, monitoring));
  assert.equal(e.code, 'limit_exceeded');
  assert.equal(e.details.location.path, 'end');
  assert.match(e.message, /longer than the limit of 100 years \(max_plan_years\)/);
});

test('limits are checked like any input', () => {
  const [plan, monitoring] = nspText();
  const e = thrown(() => Plan.fromJson(plan, monitoring, undefined, { max_plan_yrs: 5 }));
  assert.equal(e.code, 'unknown_field');
  assert.match(e.details.location.path, /^limits/);
});
