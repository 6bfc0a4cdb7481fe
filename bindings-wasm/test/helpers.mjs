// Shared by the node --test suites: the built Node package and the repository's files.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const pkgDir = path.resolve(here, '..', 'pkg');
export const fixtures = path.join(root, 'tests', 'fixtures');
export const nspDir = path.join(root, 'examples', 'nsp-2019-2023');

const require = createRequire(import.meta.url);
/** The Node build of the package, as a consumer gets it (`require('planwatch')`). */
export const planwatch = require(pkgDir);

export const read = (p) => readFileSync(p, 'utf8');
export const readJson = (p) => JSON.parse(read(p));
export const nspText = () => [read(path.join(nspDir, 'plan.json')), read(path.join(nspDir, 'monitoring.json'))];

/** The error `f` throws; fails the test when it does not throw. */
export function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}
