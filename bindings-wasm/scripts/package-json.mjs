// Prints the package.json of the npm package `planwatch` (bindings-wasm/pkg/, build.sh):
// version, licence and repository come from the workspace's [workspace.package] in
// Cargo.toml (the one place they are set), the rest is the package's own metadata.
//
//   node scripts/package-json.mjs ../Cargo.toml > pkg/package.json
import { readFileSync } from 'node:fs';

const cargo = readFileSync(process.argv[2], 'utf8');
const section = cargo.match(/^\[workspace\.package\]\n([\s\S]*?)(?=^\[)/m)?.[1] ?? '';
const field = (name) => {
  const value = section.match(new RegExp(`^${name} = "(.*)"$`, 'm'))?.[1];
  if (value === undefined) throw new Error(`Cargo.toml: no ${name} in [workspace.package]`);
  return value;
};
const repository = field('repository');

const pkg = {
  name: 'planwatch',
  version: field('version'),
  description: 'Rules engine for monitoring a national strategic plan: findings, rollups, indicator statuses and the schedule forecast, in the browser and in Node (WebAssembly)',
  license: field('license'),
  repository: { type: 'git', url: `git+${repository}.git`, directory: 'bindings-wasm' },
  homepage: `${repository}/tree/main/bindings-wasm#readme`,
  bugs: { url: `${repository}/issues` },
  keywords: ['planning', 'monitoring', 'rules-engine', 'national-strategic-plan', 'evaluation', 'webassembly', 'wasm'],
  type: 'module',
  engines: { node: '>=18' },
  main: './planwatch.cjs',
  module: './planwatch.js',
  types: './planwatch.d.ts',
  // Node gets the CommonJS build (ready on load, one instance for `import` and `require`);
  // browsers and bundlers the ES module (call `init()` once). Both load planwatch_bg.wasm.
  exports: {
    '.': {
      node: { types: './planwatch.d.cts', default: './planwatch.cjs' },
      default: { types: './planwatch.d.ts', default: './planwatch.js' },
    },
    './planwatch_bg.wasm': './planwatch_bg.wasm',
    './schema.json': './schema.json',
    './schema/*.json': './schema/*.json',
    './package.json': './package.json',
  },
  files: ['planwatch.js', 'planwatch.d.ts', 'planwatch.cjs', 'planwatch.d.cts', 'planwatch_bg.wasm',
    'schema.json', 'schema/', 'LICENSE-MIT', 'LICENSE-APACHE'],
  // The CommonJS build instantiates the module when loaded; the ES module only when init() runs.
  sideEffects: ['./planwatch.cjs'],
};
process.stdout.write(JSON.stringify(pkg, null, 2) + '\n');
