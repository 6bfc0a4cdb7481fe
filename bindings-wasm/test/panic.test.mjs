// Panic safety: a Rust panic inside the module surfaces as a PlanwatchError with code
// `internal` (the panic hook), and the module keeps working afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planwatch, nspText } from './helpers.mjs';

const { Plan } = planwatch;

test('a panic is an Error with code internal, and the module keeps working', () => {
  const [plan, monitoring] = nspText();
  const before = Plan.fromJson(plan, monitoring).evaluate('2021-06-30').total;
  for (let i = 0; i < 3; i++) {
    let thrown;
    try {
      planwatch._panicForTests();
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof Error, 'a panic throws an Error');
    assert.equal(thrown.name, 'PlanwatchError');
    assert.equal(thrown.code, 'internal');
    assert.match(thrown.message, /deliberate panic for the tests/);
    // The module still answers, with the same result.
    assert.equal(Plan.fromJson(plan, monitoring).evaluate('2021-06-30').total, before);
  }
});
