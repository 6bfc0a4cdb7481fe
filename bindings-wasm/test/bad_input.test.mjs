// The bad-input corpus (tests/bad-input): the WebAssembly package must give every case
// the outcome its manifest names, as Rust (tests/tests/bad_input.rs) and Python
// (bindings-python/tests/test_bad_input.py) do. Text given in memory has no file name:
// the kind and JSON path are compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { planwatch, root, readJson } from './helpers.mjs';

const { Plan } = planwatch;
const corpus = path.join(root, 'tests', 'bad-input');
const manifest = readJson(path.join(corpus, 'manifest.json'));
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's text, or null when its bytes are not UTF-8 (no JS string can carry them). */
function text(file) {
  if (!existsSync(file)) return undefined;
  try {
    return utf8.decode(readFileSync(file));
  } catch {
    return null;
  }
}

function firstError(e) {
  assert.ok(e instanceof Error, `an Error, not ${e}`);
  assert.equal(e.name, 'PlanwatchError', String(e));
  const first = e.errors[0];
  return { kind: first.kind, path: first.location.path };
}

function outcome(dir) {
  const plan = text(path.join(dir, 'plan.json'));
  const monitoring = text(path.join(dir, 'monitoring.json'));
  const rules = text(path.join(dir, 'rules.json'));
  // Bytes that are not UTF-8 cannot be given to the package at all: Rust and Python
  // report them as `io` errors when reading the file.
  if (plan === null) return { kind: 'io', path: '', file: 'plan.json' };
  if (monitoring === null) return { kind: 'io', path: '', file: 'monitoring.json' };
  if (rules === null) return { kind: 'io', path: '', file: 'rules.json' };
  let ds;
  try {
    ds = Plan.fromJson(plan, monitoring);
  } catch (e) {
    return firstError(e);
  }
  let ev;
  try {
    ev = ds.evaluate(manifest.as_of, rules);
  } catch (e) {
    return firstError(e);
  }
  JSON.stringify(ev.toObject());
  return 'valid';
}

test('the corpus has at least 150 cases', () => assert.ok(manifest.cases.length >= 150));

for (const c of manifest.cases) {
  test(`bad-input/${c.name}`, () => {
    const got = outcome(path.join(corpus, 'cases', c.name));
    if (c.expect === 'valid') {
      assert.equal(got, 'valid');
    } else {
      assert.notEqual(got, 'valid', 'loaded without errors');
      assert.deepEqual({ kind: got.kind, path: got.path }, { kind: c.expect.kind, path: c.expect.path });
      if (got.file) assert.equal(got.file, c.expect.file);
    }
  });
}
