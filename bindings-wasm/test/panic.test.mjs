// Panic safety: a Rust panic inside the module surfaces as a PlanwatchError with code
// `internal` (the panic hook), and the module keeps working afterwards.
//
// Limitation (SECURITY.md): the hook throws out of Rust's panic machinery, which then
// believes it is still inside the hook; a second panic in the same instance aborts with a
// WebAssembly `RuntimeError: unreachable` instead (still an Error, and the instance still
// answers afterwards). Load the package again after an `internal` error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planwatch, nspText, thrown } from './helpers.mjs';

const { Plan } = planwatch;

test('a panic is an Error with code internal, and the module keeps working', () => {
  const [plan, monitoring] = nspText();
  const before = Plan.fromJson(plan, monitoring).evaluate('2021-06-30').total;
  const first = thrown(() => planwatch._panicForTests());
  assert.ok(first instanceof Error, 'a panic throws an Error');
  assert.equal(first.name, 'PlanwatchError');
  assert.equal(first.code, 'internal');
  assert.match(first.message, /deliberate panic for the tests/);
  // The module still answers, with the same results, and still reports errors as usual.
  for (let i = 0; i < 3; i++) {
    assert.equal(Plan.fromJson(plan, monitoring).evaluate('2021-06-30').total, before);
  }
  assert.equal(thrown(() => Plan.fromJson('{}')).code, 'missing_field');
  // A second panic in the same instance is still an Error (see the limitation above),
  // and the instance still answers after it.
  assert.ok(thrown(() => planwatch._panicForTests()) instanceof Error);
  assert.equal(Plan.fromJson(plan, monitoring).evaluate('2021-06-30').total, before);
});
