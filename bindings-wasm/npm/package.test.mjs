// The npm package as a user gets it: `npm pack` of bindings-wasm/pkg (built by build.sh),
// the tarball installed into a fresh project and used from there, from Node (ESM and
// CommonJS), by the README's example, and through a Vite build run in Chromium.
//
// Run by scripts/test-wasm.sh (node --test npm/). Offline: the tarball has no dependencies,
// and vite and playwright-core come from this directory's package-lock.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, readdirSync, cpSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const pkgDir = path.resolve(here, '..', 'pkg');
const nsp = path.join(root, 'examples', 'nsp-2019-2023');
// The CLI's answer on the NSP data set with its rules.json (`planwatch check
// examples/nsp-2019-2023 --as-of 2021-06-30`), held by the golden evaluation.
const golden = JSON.parse(readFileSync(path.join(root, 'tests', 'fixtures', 'evaluation', 'nsp-2021-06-30.json'), 'utf8'));
const NSP_FINDINGS = golden.findings.length;

let tmp;
let project;
let packed;

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'planwatch-npm-'));
  [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], pkgDir));
  project = path.join(tmp, 'consumer');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(tmp, packed.filename)], project);
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds one .wasm, the types, the README and the licences, nothing else', () => {
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'package.json',
    'planwatch.cjs', 'planwatch.d.cts', 'planwatch.d.ts', 'planwatch.js', 'planwatch_bg.wasm',
    'schema.json', 'schema/monitoring.schema.json', 'schema/plan.schema.json', 'schema/rules.schema.json',
  ]);
  assert.equal(files.filter((f) => f.endsWith('.wasm')).length, 1);
  assert.equal(packed.name, 'planwatch');
});

test('package.json: the metadata a registry shows, the version of the workspace', () => {
  const pkg = JSON.parse(readFileSync(path.join(project, 'node_modules', 'planwatch', 'package.json'), 'utf8'));
  const cargo = readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  assert.equal(pkg.version, cargo.match(/^\[workspace\.package\][\s\S]*?^version = "(.*)"$/m)[1]);
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  assert.match(pkg.description, /national strategic plan/);
  assert.match(pkg.repository.url, /^git\+https:\/\//);
  assert.match(pkg.homepage, /^https:\/\//);
  assert.ok(pkg.keywords.includes('webassembly'));
  assert.equal(pkg.engines.node, '>=18');
  assert.deepEqual(pkg.sideEffects, ['./planwatch.cjs']);
  // Every file the exports map names is in the tarball, each entry with its types.
  const shipped = new Set(packed.files.map((f) => `./${f.path}`));
  for (const target of Object.values(pkg.exports['.'])) {
    assert.ok(shipped.has(target.types) && shipped.has(target.default), JSON.stringify(target));
  }
  assert.ok(shipped.has(pkg.main) && shipped.has(pkg.module) && shipped.has(pkg.types));
});

const nspScript = (load) => `${load}
const fs = require('node:fs');
const read = (f) => fs.readFileSync(${JSON.stringify(nsp)} + '/' + f, 'utf8');
const ev = Plan.fromJson(read('plan.json'), read('monitoring.json'), read('rules.json')).evaluate('2021-06-30');
console.log(version(), ev.total);
`;

test('installed: Node imports it as an ES module and requires it as CommonJS', () => {
  writeFileSync(path.join(project, 'esm.mjs'), nspScript("import { Plan, version } from 'planwatch';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);"));
  writeFileSync(path.join(project, 'cjs.cjs'), nspScript("const { Plan, version } = require('planwatch');"));
  const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  for (const file of ['esm.mjs', 'cjs.cjs']) {
    assert.equal(run('node', [file], project), `${version} ${NSP_FINDINGS}\n`, file);
  }
  // One module instance for both: `import` gets the CommonJS build's exports.
  const same = run('node', ['--input-type=module', '-e',
    "import * as m from 'planwatch'; import { createRequire } from 'node:module'; console.log(m.Plan === createRequire(import.meta.url)('planwatch').Plan)"], project);
  assert.equal(same, 'true\n');
});

/** The README's Node example and the output it shows ("prints"). */
function readmeExample() {
  const readme = readFileSync(path.join(here, '..', 'README.md'), 'utf8');
  const m = readme.match(/\n```js\n([\s\S]*?)\n```\n\nprints\n\n```\n([\s\S]*?)\n```\n/);
  assert.ok(m, 'README.md: a ```js block followed by "prints" and the output');
  return { code: m[1], shown: m[2] + '\n' };
}

test('README: the example prints what the README shows, from the installed package', () => {
  const { code, shown } = readmeExample();
  const file = path.join(project, 'readme-example.mjs');
  writeFileSync(file, code);
  // The example's paths are relative to the repository's root, as the README says.
  assert.equal(run('node', [file], root), shown);
});

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

test('Vite builds a page importing the package; it evaluates NSP in Chromium', async () => {
  const { build } = await import('vite');
  const { chromium } = await import('playwright-core');
  const data = path.join(project, 'data');
  mkdirSync(data);
  for (const f of ['plan.json', 'monitoring.json', 'rules.json']) cpSync(path.join(nsp, f), path.join(data, f));
  writeFileSync(path.join(project, 'index.html'), '<!doctype html><title>planwatch with Vite</title><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>\n');
  writeFileSync(path.join(project, 'main.js'), `import init, { Plan } from 'planwatch';
import plan from './data/plan.json?raw';
import monitoring from './data/monitoring.json?raw';
import rules from './data/rules.json?raw';
await init();
const ev = Plan.fromJson(plan, monitoring, rules).evaluate('2021-06-30');
document.body.dataset.total = String(ev.total);
document.body.dataset.first = ev.findings()[0].id;
`);
  await build({ root: project, configFile: false, logLevel: 'silent', build: { outDir: 'dist', target: 'es2022' } });
  const dist = path.join(project, 'dist');
  const assets = readdirSync(path.join(dist, 'assets'));
  assert.equal(assets.filter((f) => f.endsWith('.wasm')).length, 1, `Vite emits the one .wasm: ${assets}`);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x').pathname;
    const file = path.join(dist, path.normalize(url === '/' ? '/index.html' : url));
    let body;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector('body[data-total]', { state: 'attached', timeout: 30000 });
    assert.deepEqual(problems, []);
    assert.equal(Number(await page.getAttribute('body', 'data-total')), NSP_FINDINGS);
    assert.equal(await page.getAttribute('body', 'data-first'), golden.findings[0].id);
  } finally {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  }
});
