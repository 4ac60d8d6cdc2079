#!/usr/bin/env node
// `npm test`: install when needed; provision the real services in the background while lint, typecheck,
// build and unit tests run; then the integration tests against those services. Exits non-zero on any failure
// and ends with the Jest summaries and one combined line. See docs/testing.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDeps, root } from './ensure-deps.mjs';

ensureDeps();
const started = Date.now();
const outDir = path.join(root, 'tmp/test');
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const failures = [];

function run(label, command, args, options = {}) {
  console.log(`\n=== ${label}: ${[path.basename(command), ...args].join(' ')}`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => {
      const ok = code === 0;
      console.log(
        `=== ${label}: ${ok ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      if (!ok) failures.push(label);
      resolve(ok);
    });
  });
}

// 1. The real services start in the background; their output goes to a log shown only on failure.
const testenvCli = path.join(root, 'tools/testenv/cli.mjs');
const testenvLog = path.join(outDir, 'testenv-up.log');
const provisioning = fs.existsSync(testenvCli)
  ? new Promise((resolve) => {
      const log = fs.openSync(testenvLog, 'w');
      const child = spawn(process.execPath, [testenvCli, 'up'], { cwd: root, stdio: ['ignore', log, log] });
      child.on('exit', (code) => resolve(code === 0));
    })
  : Promise.resolve(true);

// 2. Static checks and the app bundles (integration tests run the built apps).
const nx = [
  'run-many',
  '-t',
  'lint',
  'typecheck',
  'build',
  '--output-style=stream-without-prefixes',
  '--skip-nx-cache',
];
await run('lint, typecheck, build', bin('nx'), nx, {
  env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
});

await run('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);

// 3. Unit tests: no services needed.
const jestCommon = ['--ci', '--passWithNoTests', '--json'];
await run('unit tests', bin('jest'), [
  ...jestCommon,
  '--outputFile',
  path.join(outDir, 'unit.json'),
  '--testPathIgnorePatterns',
  '\\.int\\.spec\\.ts$',
]);

// 4. Integration tests, once the services are up. The global setup reuses them (and fails loudly if not).
if (!(await provisioning)) {
  console.log(`\n=== test environment: provisioning FAILED; its log (${path.relative(root, testenvLog)}):`);
  console.log(fs.readFileSync(testenvLog, 'utf8').split('\n').slice(-40).join('\n'));
}
const globalSetup = path.join(root, 'tools/testenv/jest-global-setup.cjs');
await run('integration tests', bin('jest'), [
  ...jestCommon,
  '--outputFile',
  path.join(outDir, 'integration.json'),
  '--testPathPatterns',
  '\\.int\\.spec\\.ts$',
  '--maxWorkers',
  '2',
  ...(fs.existsSync(globalSetup) ? ['--globalSetup', globalSetup] : []),
]);

// 5. One combined summary.
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of ['unit.json', 'integration.json']) {
  const full = path.join(outDir, file);
  if (!fs.existsSync(full)) continue;
  const report = JSON.parse(fs.readFileSync(full, 'utf8'));
  const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += skipped;
  // An integration test never skips silently in CI.
  if (file === 'integration.json' && skipped > 0 && process.env.CI)
    failures.push(`${skipped} skipped integration tests`);
}
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(
  `\nnpm test finished in ${minutes} min${failures.length ? `; failed steps: ${failures.join(', ')}` : ''}`,
);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length > 0 || totals.failed > 0 ? 1 : 0);
