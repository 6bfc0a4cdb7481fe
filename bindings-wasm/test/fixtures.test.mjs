// The golden fixtures shared by every binding (tests/fixtures): the WebAssembly package
// must give what the Rust runners (tests/tests/invalid_plans.rs, rule_tables.rs) expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { planwatch, fixtures, read, readJson } from './helpers.mjs';

const { Plan } = planwatch;

const invalidDirs = readdirSync(path.join(fixtures, 'invalid'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

test('there are invalid fixtures', () => assert.ok(invalidDirs.length >= 20));

for (const name of invalidDirs) {
  test(`invalid/${name}: same errors as Rust`, () => {
    const dir = path.join(fixtures, 'invalid', name);
    const expected = readJson(path.join(dir, 'expected.json')).errors;
    const monPath = path.join(dir, 'monitoring.json');
    const plan = read(path.join(dir, 'plan.json'));
    const monitoring = existsSync(monPath) ? read(monPath) : undefined;
    let thrown;
    try {
      Plan.fromJson(plan, monitoring);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof Error, 'loading must throw an Error');
    assert.equal(thrown.name, 'PlanwatchError');
    // Text given in memory has no file name: compare kind, JSON path and subject, in order.
    const got = thrown.errors.map((e) => {
      const v = { kind: e.kind, path: e.location.path };
      if (e.subject != null) v.subject = e.subject;
      return v;
    });
    const want = expected.map(({ file, ...rest }) => rest);
    assert.deepEqual(got, want);
    for (const e of thrown.errors) {
      assert.ok(Number.isInteger(e.location.line) && Number.isInteger(e.location.column), `line/column in ${e.message}`);
    }
    if (expected.length === 1) {
      assert.equal(thrown.code, expected[0].kind);
      assert.deepEqual(thrown.details, thrown.errors[0]);
    } else {
      assert.equal(thrown.code, 'invalid_input');
      assert.deepEqual(thrown.details, thrown.errors);
    }
    // validate() lists the same errors without throwing.
    assert.deepEqual(Plan.validate(plan, monitoring), thrown.errors);
  });
}

const tables = readdirSync(path.join(fixtures, 'rules'))
  .filter((f) => f.endsWith('.json'))
  .sort();

test('there are rule tables', () => assert.ok(tables.length > 0));

function sameValue(have, want) {
  if (typeof have === 'number' && typeof want === 'number') return have === want;
  try {
    assert.deepStrictEqual(have, want);
    return true;
  } catch {
    return false;
  }
}

for (const file of tables) {
  const table = readJson(path.join(fixtures, 'rules', file));
  for (const c of table.cases) {
    test(`rules/${file}: ${c.name}`, () => {
      const plan = { ...table.plan, ...(c.plan_patch ?? {}) };
      const ds = Plan.fromObjects(plan, c.monitoring ?? {});
      const ev = ds.evaluate(c.as_of, c.rules);
      // Filtering by rule is the core's FindingFilter, forwarded.
      const got = ev.findings({ rules: [table.rule] });
      assert.deepEqual(got.map((f) => f.id), c.expect.map((e) => e.id));
      got.forEach((f, i) => {
        const e = c.expect[i];
        for (const key of ['severity', 'period']) {
          if (key in e) assert.deepEqual(f[key], e[key], `${f.id} ${key}`);
        }
        for (const [k, want] of Object.entries(e.evidence ?? {})) {
          assert.ok(sameValue(f.evidence[k], want), `${f.id} evidence ${k} = ${JSON.stringify(f.evidence[k])}, expected ${JSON.stringify(want)}`);
        }
      });
      ev.free();
      ds.free();
    });
  }
}

// tests/fixtures/evaluation/surfaces.json: a plan directory given with its rules.json (when it
// has one) evaluates, without naming a rule set, to the CLI's JSON byte for byte.
const surfaces = readJson(path.join(fixtures, 'evaluation', 'surfaces.json')).cases;
const root = path.join(fixtures, '..', '..');

for (const c of surfaces) {
  test(`${c.dir}: the directory's golden evaluation without naming its rules`, () => {
    const dir = path.join(root, c.dir);
    const rulesPath = path.join(dir, 'rules.json');
    assert.equal(existsSync(rulesPath), c.rules);
    const monPath = path.join(dir, 'monitoring.json');
    const plan = Plan.fromJson(
      read(path.join(dir, 'plan.json')),
      existsSync(monPath) ? read(monPath) : undefined,
      c.rules ? read(rulesPath) : undefined,
    );
    assert.equal(plan.hasRules, c.rules);
    const ev = plan.evaluate(c.as_of);
    assert.equal(ev.total, c.findings);
    const golden = read(path.join(fixtures, 'evaluation', c.golden));
    assert.ok(ev.toJsonText() + '\n' === golden, `${c.dir} differs from ${c.golden}`);
    assert.deepEqual(ev.toJSON(), JSON.parse(golden));
    // An explicit rule set still wins: {} is the built-in defaults.
    if (c.rules) {
      const defaults = plan.evaluate(c.as_of, {});
      const bare = Plan.fromJson(read(path.join(dir, 'plan.json')), existsSync(monPath) ? read(monPath) : undefined);
      assert.equal(defaults.total, bare.evaluate(c.as_of).total);
      assert.notEqual(defaults.total, ev.total);
      defaults.free();
      bare.free();
    }
    ev.free();
    plan.free();
  });
}

test('the directory rules are checked when the plan is built', () => {
  const [planText, monText] = [read(path.join(fixtures, 'valid-mini', 'plan.json')), read(path.join(fixtures, 'valid-mini', 'monitoring.json'))];
  const bad = { rules: { overdew: {} } };
  assert.throws(() => Plan.fromJson(planText, monText, bad), (e) => e.name === 'PlanwatchError' && e.code === 'unknown_rule');
  assert.deepEqual(Plan.validate(planText, monText, bad).map((e) => e.kind), ['unknown_rule']);
  assert.deepEqual(Plan.validate(planText, monText, {}), []);
});

test('the whole evaluation is the shared golden evaluation', () => {
  // tests/fixtures/evaluation: the same answer from the CLI, Rust, Python and JavaScript
  // (compared as values: JavaScript writes 95.0 as 95).
  const nsp = path.join(fixtures, '..', '..', 'examples', 'nsp-2019-2023');
  const plan = planwatch.Plan.fromJson(read(path.join(nsp, 'plan.json')), read(path.join(nsp, 'monitoring.json')));
  const ev = plan.evaluate('2021-06-30', readJson(path.join(nsp, 'rules.json')));
  assert.deepEqual(ev.toJSON(), readJson(path.join(fixtures, 'evaluation', 'nsp-2021-06-30.json')));
});
