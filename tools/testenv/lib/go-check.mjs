// The Go toolchain builds Kubernetes, helm and pebble; Debian's golang package is too old for them.
import { spawnSync } from 'node:child_process';

const MINIMUM_MINOR = 24;

/** Fails with what to install when `go` is missing or older than 1.24. @param {string} forWhat */
export function assertGo(forWhat) {
  const result = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  const minor = /^go1\.(\d+)/.exec(result.stdout ?? '');
  if (result.error || !minor || Number(minor[1]) < MINIMUM_MINOR) {
    const found = result.error
      ? 'no `go` on PATH'
      : `found ${String(result.stdout).trim() || 'an unknown version'}`;
    throw new Error(
      `${forWhat} needs Go 1.${MINIMUM_MINOR} or newer from go.dev (${found}); Debian's golang package is too old`,
    );
  }
}
