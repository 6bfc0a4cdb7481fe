// A plan from CSV tables given as texts (what the dashboard reads from a user's files), and
// the files out: findings as CSV, the calendar as iCalendar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { planwatch, pkgDir, nspDir, nspText, fixtures, read } from './helpers.mjs';

const { Plan, tableNames } = planwatch;
const [planText, monText] = nspText();
const rulesText = read(path.join(nspDir, 'rules.json'));
const tablesDir = path.join(nspDir, 'tables');
const AS_OF = '2021-06-30';

/** The CSV files of the NSP tables directory, by file name (`activities.csv`). */
const csvTables = () => Object.fromEntries(readdirSync(tablesDir)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((f) => [f, read(path.join(tablesDir, f))]));

// `planwatch check examples/nsp-2019-2023 --as-of 2021-06-30 --format csv`, held to the
// CLI by cli/tests/export.rs.
const goldenCsv = () => read(path.join(fixtures, 'evaluation', 'nsp-2021-06-30-findings.csv'));

test('tableNames: the 19 tables of the layout, plan first', () => {
  const names = tableNames();
  assert.equal(names.length, 19);
  assert.equal(names[0], 'plan');
  assert.ok(names.includes('activities') && names.includes('indicator_values'));
  for (const f of Object.keys(csvTables())) assert.ok(names.includes(f.slice(0, -4)), f);
});

test('fromCsvTables: the NSP tables give the evaluation of its JSON files, without rules', () => {
  const fromCsv = Plan.fromCsvTables(csvTables());
  assert.equal(fromCsv.hasRules, false);
  assert.equal(fromCsv.id, 'nsp-2019-2023');
  const fromJson = Plan.fromJson(planText, monText);
  assert.deepEqual(fromCsv.document(), fromJson.document());
  assert.equal(fromCsv.evaluate(AS_OF).toJsonText(), fromJson.evaluate(AS_OF).toJsonText());
  assert.equal(fromCsv.evaluate('2022-12-31').toJsonText(), fromJson.evaluate('2022-12-31').toJsonText());
});

test('fromCsvTables with rules.json: the CLI\'s evaluation, byte for byte', () => {
  const fromCsv = Plan.fromCsvTables(csvTables(), rulesText);
  assert.equal(fromCsv.hasRules, true);
  const text = fromCsv.evaluate(AS_OF).toJsonText();
  assert.equal(text, Plan.fromJson(planText, monText, rulesText).evaluate(AS_OF).toJsonText());
  // tests/fixtures/evaluation/nsp-2021-06-30.json is `planwatch check ... --format json`.
  assert.equal(`${text}\n`, read(path.join(fixtures, 'evaluation', 'nsp-2021-06-30.json')));
  // The directory's own copy of the rules, as an object, gives the same.
  const own = JSON.parse(read(path.join(tablesDir, 'rules.json')));
  assert.equal(Plan.fromCsvTables(csvTables(), own).evaluate(AS_OF).toJsonText(), text);
});

test('fromCsvTables: names with or without .csv, in any order', () => {
  const bare = Object.fromEntries(Object.entries(csvTables()).reverse().map(([f, t]) => [f.slice(0, -4), t]));
  assert.equal(Plan.fromCsvTables(bare).evaluate(AS_OF).toJsonText(), Plan.fromCsvTables(csvTables()).evaluate(AS_OF).toJsonText());
});

test('fromCsvTables: an error names the file, the row and the column', () => {
  const tables = csvTables();
  const lines = tables['activities.csv'].split('\n');
  const header = lines[0].split(',');
  const deadline = header.indexOf('deadline');
  assert.ok(deadline > 0);
  // Row 4 of the file (the header is row 1): a deadline that is no date. The NSP rows
  // have quoted titles with commas, so replace the date value itself.
  const row = lines[3];
  const date = row.match(/\d{4}-\d{2}-\d{2}/g).at(-1);
  lines[3] = row.slice(0, row.lastIndexOf(date)) + 'June' + row.slice(row.lastIndexOf(date) + date.length);
  tables['activities.csv'] = lines.join('\n');
  assert.throws(() => Plan.fromCsvTables(tables), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'PlanwatchError');
    // The activity is then missing, so its dependencies are errors too (listed after).
    const [first] = e.errors;
    assert.equal(first.kind, 'invalid_value');
    assert.equal(first.location.file, 'activities.csv');
    assert.equal(first.location.row, 4);
    assert.equal(first.location.column_name, 'deadline');
    assert.match(e.message, /^activities\.csv row 4, column deadline: invalid_value: invalid date "June": expected YYYY-MM-DD$/m);
    assert.equal(e.code, e.errors.length > 1 ? 'invalid_input' : 'invalid_value');
    return true;
  });
  // A reference to nothing is located at its cell too.
  const bad = csvTables();
  bad['dependencies.csv'] = bad['dependencies.csv'].replace(/\n([^,\n]+),/, '\n9.9.9,');
  assert.throws(() => Plan.fromCsvTables(bad), (e) => {
    const err = e.errors.find((x) => x.kind === 'unknown_reference');
    assert.ok(err, e.message);
    assert.equal(err.location.file, 'dependencies.csv');
    assert.equal(err.location.row, 2);
    assert.equal(err.location.column_name, 'activity');
    return true;
  });
  // Broken CSV: a row longer than the header.
  assert.throws(() => Plan.fromCsvTables({ ...csvTables(), 'strategies.csv': 'id,title\n1,a,b\n' }), (e) => {
    assert.equal(e.code, 'syntax');
    assert.equal(e.details.location.file, 'strategies.csv');
    assert.equal(e.details.location.row, 2);
    return true;
  });
});

test('fromCsvTables: wrong arguments are PlanwatchErrors with a code', () => {
  assert.throws(() => Plan.fromCsvTables({ ...csvTables(), 'activites.csv': 'id\n' }), (e) => {
    assert.equal(e.code, 'unknown_field');
    assert.equal(e.details.location.file, 'activites.csv');
    assert.match(e.message, /`activites` is not a table of the layout/);
    return true;
  });
  assert.throws(() => Plan.fromCsvTables({ 'plan.csv': 42 }), (e) => e.code === 'wrong_type' && e.details.location.path === 'tables.plan.csv');
  assert.throws(() => Plan.fromCsvTables('plan.csv'), { code: 'wrong_type' });
  assert.throws(() => Plan.fromCsvTables([]), { code: 'wrong_type' });
  assert.throws(() => Plan.fromCsvTables({}), { code: 'missing_field' });
  const { 'plan.csv': _, ...noPlan } = csvTables();
  assert.throws(() => Plan.fromCsvTables(noPlan), (e) => e.errors.some((x) => x.kind === 'missing_field' && /no `plan` table/.test(x.message)));
  assert.throws(() => Plan.fromCsvTables(csvTables(), { rules: { overdew: {} } }), { code: 'unknown_rule' });
});

test('findingsCsv: byte for byte `planwatch check --format csv`', () => {
  const golden = goldenCsv();
  assert.ok(golden.startsWith('id,severity,rule,subject_kind,subject_id,subject_name,period,owner,owner_name,'));
  const fromJson = Plan.fromJson(planText, monText, rulesText).evaluate(AS_OF);
  assert.equal(fromJson.findingsCsv(), golden);
  assert.equal(Plan.fromCsvTables(csvTables(), rulesText).evaluate(AS_OF).findingsCsv(), golden);
  assert.equal(golden.trimEnd().split('\n').length, fromJson.total + 1, 'one line per finding (no line breaks in cells)');
  // With an owner: only its findings.
  const mine = fromJson.findingsCsv('mosvy');
  const rows = mine.trimEnd().split('\n');
  assert.equal(rows.length - 1, fromJson.findings({ owners: ['mosvy'] }).length);
  assert.ok(rows.length > 1);
  assert.equal(fromJson.tableCsv('findings'), golden);
  assert.match(fromJson.tableCsv('rates'), /^[a-z_]+(,[a-z_]+)*\n/);
  assert.throws(() => fromJson.tableCsv('totals'), (e) => e.code === 'invalid_value' && /use findings, rates, forecast or indicators/.test(e.message));
});

test('calendarIcs: the plan\'s deadlines and due days as iCalendar', () => {
  const plan = Plan.fromJson(planText, monText, rulesText);
  const ics = plan.calendarIcs(AS_OF);
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n'));
  assert.ok(ics.trimEnd().endsWith('END:VCALENDAR'));
  assert.ok(ics.includes('DTSTAMP:20210630T000000Z\r\n'));
  const events = (t) => t.split('BEGIN:VEVENT').length - 1;
  assert.ok(events(ics) > 235);
  const kampot = plan.calendarIcs(AS_OF, 'pcct-kampot');
  assert.ok(events(kampot) > 0 && events(kampot) < events(ics));
  assert.equal(Plan.fromCsvTables(csvTables()).calendarIcs(AS_OF), ics, 'the same from the CSV tables');
  assert.equal(plan.calendarIcs(AS_OF), ics, 'deterministic');
  assert.throws(() => plan.calendarIcs(AS_OF, 'nobody'), (e) => e.code === 'unknown_reference' && e.details.subject === 'nobody');
  assert.throws(() => plan.calendarIcs('30/06/2021'), { code: 'invalid_value' });
});

test('the TypeScript definitions declare the tables and exports API', () => {
  for (const target of ['planwatch.d.ts', 'planwatch.d.cts']) {
    const dts = read(path.join(pkgDir, target));
    for (const decl of [
      'static fromCsvTables(tables: Record<string, string>, rules?: string | RuleSetDocument | null): Plan;',
      'calendarIcs(asOf: string, owner?: string | null): string;',
      'findingsCsv(owner?: string | null): string;',
      'tableCsv(name: string, owner?: string | null): string;',
      'export function tableNames(): string[];',
    ]) {
      assert.ok(dts.includes(decl), `${target}: ${decl}`);
    }
  }
});
