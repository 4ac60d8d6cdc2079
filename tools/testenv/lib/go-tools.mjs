// Command-line tools built from the Go module proxy with `go install module/cmd@version`, cached in
// <cache>/<name>-<version>/bin. A build goes to a temporary folder first, so an interrupted one is redone.
import fs from 'node:fs';
import path from 'node:path';

import { assertGo } from './go-check.mjs';
import { runToLog } from './proc.mjs';

/** @param {string} cacheDir @param {string} name @param {string} version */
export function goToolDir(cacheDir, name, version) {
  return path.join(cacheDir, `${name}-${version}`, 'bin');
}

/**
 * @param {{ cacheDir: string, name: string, pkg: string, version: string, log: string, ldflags?: string }} tool
 * @returns {Promise<string>} the folder holding the binary
 */
export async function ensureGoTool({ cacheDir, name, pkg, version, log, ldflags = '' }) {
  const binDir = goToolDir(cacheDir, name, version);
  if (fs.existsSync(path.join(binDir, name))) return binDir;
  assertGo(`building ${name} ${version}`);
  process.stderr.write(`testenv: building ${name} ${version} with go install (log: ${log})\n`);
  const tmp = `${binDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  await runToLog('go', ['install', '-trimpath', `-ldflags=-s -w ${ldflags}`.trim(), `${pkg}@v${version}`], {
    log,
    env: { ...process.env, GOBIN: tmp, CGO_ENABLED: '0' },
    failure: `${name}: go install ${pkg}@v${version} failed`,
  });
  fs.rmSync(binDir, { recursive: true, force: true });
  fs.renameSync(tmp, binDir);
  return binDir;
}
