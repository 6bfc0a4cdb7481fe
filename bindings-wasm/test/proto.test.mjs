// Ids are data: an organisation whose id is `__proto__` (or `constructor`) appears in
// the results as any other, as an own property of the objects keyed by id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planwatch, nspText } from './helpers.mjs';

const { Plan } = planwatch;

test('an organisation with id __proto__ keeps its place in the rollups', () => {
  const [planText, monitoring] = nspText();
  const plan = JSON.parse(planText);
  const overdueLead = '2.7.11'; // overdue as of 2021-06-30 (the README's first finding)
  plan.organisations.push({ id: '__proto__', name: 'Proto', kind: 'ministry' });
  plan.activities.find((a) => a.id === overdueLead).lead = '__proto__';
  const ev = Plan.fromJson(JSON.stringify(plan), monitoring).evaluate('2021-06-30');
  const byOwner = ev.rollups().by_owner;
  assert.ok(Object.prototype.hasOwnProperty.call(byOwner, '__proto__'), 'by_owner has __proto__');
  assert.equal(Object.getPrototypeOf(byOwner), Object.prototype, 'the prototype is untouched');
  assert.ok(Object.keys(byOwner).includes('__proto__'));
  // the same JSON as the core writes: the key survives a round trip through text
  assert.ok(JSON.stringify(byOwner).includes('"__proto__"'));
});
