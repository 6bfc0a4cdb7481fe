// What changed (tests/fixtures/diff/cases.json): `ev.diff(later)` gives the golden diff
// JSON byte for byte, the CSV table the CLI prints, and plain objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { planwatch, fixtures, root, read, readJson } from './helpers.mjs';

const { Plan } = planwatch;
const cases = readJson(path.join(fixtures, 'diff', 'cases.json')).cases;

const load = (dir) => {
  const d = path.join(root, dir);
  const opt = (name) => (existsSync(path.join(d, name)) ? read(path.join(d, name)) : undefined);
  return Plan.fromJson(read(path.join(d, 'plan.json')), opt('monitoring.json'), opt('rules.json'));
};

test('there are diff cases', () => assert.ok(cases.length >= 2));

for (const c of cases) {
  test(`${c.golden}: the golden diff`, () => {
    const [oldPlan, newPlan] = [load(c.old), load(c.new)];
    const [before, after] = [oldPlan.evaluate(c.from), newPlan.evaluate(c.to)];
    const diff = before.diff(after);
    const golden = read(path.join(fixtures, 'diff', c.golden));
    assert.ok(diff.toJsonText() + '\n' === golden, `${c.golden} differs`);
    const object = diff.toObject();
    assert.deepEqual(object, JSON.parse(golden));
    assert.equal(object.new.length, diff.summary().total.new);
    if (c.csv) {
      assert.ok(diff.toCsv() === read(path.join(fixtures, 'diff', c.csv)), `${c.csv} differs`);
    }
    for (const x of [diff, before, after, oldPlan, newPlan]) x.free();
  });
}
