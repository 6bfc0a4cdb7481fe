// Who must act next (tests/fixtures/agenda/cases.json): `plan.agenda(...)` and
// `plan.reminders(...)` give the golden JSON, CSV and iCalendar byte for byte, plain
// objects, and errors with a code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { planwatch, fixtures, root, read, readJson, thrown } from './helpers.mjs';

const { Plan } = planwatch;
const cases = readJson(path.join(fixtures, 'agenda', 'cases.json')).cases;
const golden = (name) => read(path.join(fixtures, 'agenda', name));

const load = (dir) => {
  const d = path.join(root, dir);
  const opt = (name) => (existsSync(path.join(d, name)) ? read(path.join(d, name)) : undefined);
  return Plan.fromJson(read(path.join(d, 'plan.json')), opt('monitoring.json'), opt('rules.json'));
};

test('there are agenda cases', () => assert.ok(cases.length >= 4));

for (const c of cases) {
  test(`${c.golden}: the golden agenda`, () => {
    const plan = load(c.src);
    const rules = c.rules ? read(path.join(root, c.rules)) : undefined;
    const result = c.reminders
      ? plan.reminders(c.as_of, c.owner, rules)
      : plan.agenda(c.as_of, c.days, c.owner);
    assert.ok(result.toJsonText() + '\n' === golden(c.golden), `${c.golden} differs`);
    assert.deepEqual(result.toObject(), JSON.parse(golden(c.golden)));
    if (c.csv) assert.ok(result.toCsv() === golden(c.csv), `${c.csv} differs`);
    if (c.ics) assert.ok(result.toIcs() === golden(c.ics), `${c.ics} differs`);
    result.free();
    plan.free();
  });
}

test('the text is what the CLI prints, and reminders count themselves', () => {
  const plan = load('examples/nsp-2019-2023');
  const agenda = plan.agenda('2021-06-30', undefined, 'pcct-kampot');
  assert.match(agenda.text(), /^nsp-2019-2023 as of 2021-06-30, next 30 days \(to 2021-07-30\): /);
  const reminders = plan.reminders('2021-06-30');
  assert.equal(reminders.total, reminders.toObject().owners.reduce((n, o) => n + o.reminders.length, 0));
  assert.equal(JSON.stringify(reminders), JSON.stringify(reminders.toObject()));
  for (const x of [agenda, reminders, plan]) x.free();
});

test('errors carry a code', () => {
  const plan = load('examples/nsp-2019-2023');
  assert.equal(thrown(() => plan.agenda('2021-06-30', 3661)).code, 'limit_exceeded');
  assert.equal(thrown(() => plan.agenda('2021-06-30', 30, 'nobody')).code, 'unknown_reference');
  assert.equal(thrown(() => plan.reminders('2021-06-30', 'nobody')).code, 'unknown_reference');
  assert.equal(thrown(() => plan.agenda('June')).code, 'invalid_value');
  const bad = thrown(() => plan.reminders('2021-06-30', undefined, { reminders: { after: [0] } }));
  assert.equal(bad.code, 'invalid_value');
  assert.equal(bad.errors[0].location.path, 'reminders.after[0]');
  plan.free();
});
