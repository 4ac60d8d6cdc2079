#!/usr/bin/env node
// `npm start [-- flags]`: install when needed, build the apps when stale, then run `kuack up` in the foreground.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureDeps, root } from './ensure-deps.mjs';

ensureDeps();
createRequire(import.meta.url)('../build/ensure-built.cjs').ensureBuilt(root);
const child = spawn(
  process.execPath,
  [path.join(root, 'dist/apps/cli/main.js'), 'up', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
// Ctrl-C reaches the whole foreground group, `kuack up` included, which does the orderly stop: forwarding
// SIGINT would be a second signal and make it exit at once. A SIGTERM sent to this launcher alone is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
