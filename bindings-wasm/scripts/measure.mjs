// Prints measured figures (no assertions): NSP load and evaluation time in Node and in
// headless Chromium (the built package), and the size of the .wasm, raw and gzipped, with
// its largest parts. Run by bindings-wasm/measure.sh after build.sh.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const pkg = path.resolve(here, '..', 'pkg');
const nsp = path.join(root, 'examples', 'nsp-2019-2023');
const planText = readFileSync(path.join(nsp, 'plan.json'), 'utf8');
const monText = readFileSync(path.join(nsp, 'monitoring.json'), 'utf8');
const RUNS = 30;

// The timing loop, the same in Node and in the browser (passed as source text).
const bench = `(Plan, planText, monText, runs) => {
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const load = [], ev = [], conv = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const p = Plan.fromJson(planText, monText);
    load.push(performance.now() - t);
    t = performance.now();
    const e = p.evaluate('2021-06-30');
    ev.push(performance.now() - t);
    t = performance.now();
    findings = e.findings().length;
    e.summary(); e.forecast();
    conv.push(performance.now() - t);
    e.free(); p.free();
  }
  return { load_ms: median(load), evaluate_ms: median(ev), to_js_ms: median(conv), findings };
}`;

const fmt = (r) => `load ${r.load_ms.toFixed(2)} ms, evaluate ${r.evaluate_ms.toFixed(2)} ms, findings+summary+forecast to JS ${r.to_js_ms.toFixed(2)} ms (${r.findings} findings)`;

const require = createRequire(import.meta.url);
const { Plan } = require(pkg);
const node = eval(bench)(Plan, planText, monText, RUNS);
console.log(`node ${process.version}: ${fmt(node)}`);

// Chromium: the web build in a page served from 127.0.0.1.
// The server is closed whatever happens, or Node would keep running for it.
let server;
try {
  const { chromium } = await import('playwright-core');
  server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x').pathname;
    const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
    if (u === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>');
    let body;
    try { body = readFileSync(path.join(pkg, path.basename(u))); } catch { return res.writeHead(404).end(); }
    res.writeHead(200, { 'content-type': types[path.extname(u)] ?? 'text/plain' }).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const r = await page.evaluate(async ([bench, planText, monText, runs]) => {
    const m = await import('/planwatch.js');
    await m.default();
    return eval(bench)(m.Plan, planText, monText, runs);
  }, [bench, planText, monText, RUNS]);
  console.log(`chromium ${browser.version()}: ${fmt(r)}`);
  await browser.close();
} catch (e) {
  console.log(`chromium: not measured (${e.message})`);
} finally {
  server?.close();
}

// Size.
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
// The same figure npm/size.test.mjs holds to its ceiling (gzip level 9 of wasm + ES glue).
const BUDGET = 350 * 1000;
const wasm = readFileSync(path.join(pkg, 'planwatch_bg.wasm'));
const glue = readFileSync(path.join(pkg, 'planwatch.js'));
console.log(`\nsize: planwatch_bg.wasm ${kb(wasm.length)} raw, ${kb(gzipSync(wasm, { level: 9 }).length)} gzipped; JS glue ${kb(glue.length)} raw, ${kb(gzipSync(glue, { level: 9 }).length)} gzipped`);
const shipped = gzipSync(wasm, { level: 9 }).length + gzipSync(glue, { level: 9 }).length;
console.log(`budget: ${shipped.toLocaleString('en')} B gzipped (wasm + JS glue) against a budget of ${BUDGET.toLocaleString('en')} B: ${shipped <= BUDGET ? 'within it' : `${(shipped / BUDGET).toFixed(2)}x, over it`}`);

function leb(buf, pos) {
  let result = 0, shift = 0, b;
  do { b = buf[pos++]; result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
  return [result, pos];
}
function sections(buf) {
  const out = [];
  let pos = 8;
  while (pos < buf.length) {
    const id = buf[pos++];
    let size;
    [size, pos] = leb(buf, pos);
    let name = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'][id] ?? `id${id}`;
    if (id === 0) { const [n, p] = leb(buf, pos); name = `custom:${buf.subarray(p, p + n).toString()}`; }
    out.push({ id, name, start: pos, size });
    pos += size;
  }
  return out;
}
console.log('\nsections of the optimised .wasm (gzipped each on its own):');
for (const s of sections(wasm).sort((a, b) => b.size - a.size)) {
  console.log(`  ${s.name.padEnd(12)} ${kb(s.size).padStart(9)} raw ${kb(gzipSync(wasm.subarray(s.start, s.start + s.size), { level: 9 }).length).padStart(9)} gz`);
}

// By crate: function bodies of the cargo output before wasm-opt (it keeps its name section),
// grouped by the crate of their (demangled-ish) names; proportions, not final bytes.
/** The crate a (mangled) symbol belongs to: the first path segment, or for an impl
 * `<T as Trait>` the crate of T. */
function crateOf(name) {
  if (name.startsWith('_ZN')) {
    const m = name.slice(3).match(/^(\d+)/);
    if (!m) return 'other';
    const ident = name.slice(3 + m[1].length, 3 + m[1].length + Number(m[1]));
    if (ident.startsWith('_$LT$')) return ident.slice(5).replace(/^(\$RF\$|mut\$u20\$|\$u5b\$|_)+/, '').split(/\.\.|\$/)[0] || 'other';
    return ident;
  }
  if (name.startsWith('_R')) {
    const m = name.match(/C[sa-zA-Z0-9]*?_(\d+)/);
    if (m) { const at = m.index + m[0].length; return name.slice(at, at + Number(m[1])); }
    return 'other';
  }
  return /^(__|dlmalloc|memcpy|memset|memmove|memcmp)/.test(name) ? 'runtime' : 'exports/other';
}

/** Where the bytes go across crates: the candidates for a smaller package (issue 13). */
const KINDS = [
  ['JSON paths in errors (serde_path_to_error)', /serde_path_to_error/],
  ['JSON parsing (serde_json)', /serde_json/],
  ['slice sorting, one copy per type and order', /slice[.$0-9a-zA-Z_]*sort|driftsort|quicksort|smallsort|merge_sort|insertion_sort|heapsort/],
  ['custom rules: CEL and its ANTLR parser', /(^|[^a-z])(3cel|antlr4rust)|CsN?[0-9a-zA-Z]*_3cel/],
  ['text formatting (core::fmt)', /core[.$0-9a-zA-Z_]*fmt|3fmt/],
  ['chrono date formatting (strftime items)', /chrono[.$0-9a-zA-Z_]*format/],
];

const target = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
try {
  const raw = readFileSync(path.join(target, 'wasm32-unknown-unknown', 'wasm-release', 'planwatch_wasm.wasm'));
  const secs = sections(raw);
  let imports = 0;
  const imp = secs.find((s) => s.id === 2);
  if (imp) {
    let [n, p] = leb(raw, imp.start);
    for (let i = 0; i < n; i++) {
      let l; [l, p] = leb(raw, p); p += l; [l, p] = leb(raw, p); p += l;
      const kind = raw[p++];
      if (kind === 0) { imports++; [, p] = leb(raw, p); }
      else if (kind === 1) { p++; const f = raw[p++]; [, p] = leb(raw, p); if (f & 1) [, p] = leb(raw, p); }
      else if (kind === 2) { const f = raw[p++]; [, p] = leb(raw, p); if (f & 1) [, p] = leb(raw, p); }
      else if (kind === 3) { p += 2; }
      else { [, p] = leb(raw, p); }
    }
  }
  const names = new Map();
  const ns = secs.find((s) => s.name === 'custom:name');
  if (ns) {
    let [l, p] = leb(raw, ns.start); p += l;
    const end = ns.start + ns.size;
    while (p < end) {
      const sub = raw[p++]; let size; [size, p] = leb(raw, p);
      if (sub === 1) {
        let [n, q] = leb(raw, p);
        for (let i = 0; i < n; i++) { let idx, len; [idx, q] = leb(raw, q); [len, q] = leb(raw, q); names.set(idx, raw.subarray(q, q + len).toString()); q += len; }
      }
      p += size;
    }
  }
  const code = secs.find((s) => s.id === 10);
  const groups = new Map();
  const kinds = KINDS.map(([label, re]) => ({ label, re, size: 0, parts: [] }));
  let [n, p] = leb(raw, code.start);
  for (let i = 0; i < n; i++) {
    let size; [size, p] = leb(raw, p);
    const name = names.get(imports + i) ?? '?';
    for (const k of kinds) if (k.re.test(name)) { k.size += size; k.parts.push(raw.subarray(p, p + size)); }
    const crate = crateOf(name);
    const g = groups.get(crate) ?? { size: 0, parts: [] };
    g.size += size; g.parts.push(raw.subarray(p, p + size));
    groups.set(crate, g);
    p += size;
  }
  const total = [...groups.values()].reduce((a, g) => a + g.size, 0);
  console.log(`\ncode by crate (cargo output before wasm-opt, ${kb(total)} of function bodies; a trait impl counts for the crate of its type):`);
  for (const [crate, g] of [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, 12)) {
    console.log(`  ${crate.padEnd(20)} ${kb(g.size).padStart(9)} ${(100 * g.size / total).toFixed(1).padStart(5)}%  ~${kb(gzipSync(Buffer.concat(g.parts), { level: 9 }).length)} gz`);
  }
  console.log('\ncode across crates, by what it does (function names matching; a function can count twice):');
  for (const k of kinds) {
    console.log(`  ${k.label.padEnd(44)} ${kb(k.size).padStart(9)} ${(100 * k.size / total).toFixed(1).padStart(5)}%  ~${kb(gzipSync(Buffer.concat(k.parts), { level: 9 }).length)} gz`);
  }
} catch (e) {
  console.log(`code by crate: not measured (${e.message})`);
}
