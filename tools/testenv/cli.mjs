#!/usr/bin/env node
// npm run testenv -- up|down|status|env [kube|kafka|rabbitmq|registry|tools …] [--json]
// Plain Node.js on purpose: it runs before anything in the repository is built. See docs/testing.md.
import { down, select, settings, status, up, UsageError } from './lib/manager.mjs';
import { CACHE_DIR, RUN_DIR } from './lib/config.mjs';
import {
  restartPrivateKube,
  startPrivateKube,
  stopPrivateApiserver,
  stopPrivateKube,
} from './services/private-kube.mjs';
import { ensureKubeBinaries, ensureKubePki } from './services/kube.mjs';
import { withLock } from './lib/lock.mjs';
import { LOCK } from './lib/manager.mjs';

const USAGE = `usage: npm run testenv -- <command> [service…] [--json]
  up      install what is missing, start the services (all by default), print their settings
  down    stop what the testenv started (all services and private control planes by default)
  status  tell which services run and answer; exits 1 when one is down
  env     print the settings as export lines (eval "$(node tools/testenv/cli.mjs env)")
services: kube kafka rabbitmq registry tools
cache: ${CACHE_DIR}   state and logs: ${RUN_DIR}`;

/** @param {string} value */
function shellQuote(value) {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** @param {{ env: Record<string, string>, pathDirs: string[] }} values */
function exportLines({ env, pathDirs }) {
  const lines = Object.entries(env).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
  if (pathDirs.length > 0) lines.push(`export PATH=${pathDirs.map(shellQuote).join(':')}:"$PATH"`);
  return lines.join('\n') + '\n';
}

/** @param {string[]} names @param {boolean} json @param {Record<string, string>} [states] */
function printSettings(names, json, states) {
  const values = settings(select(names));
  process.stdout.write(json ? JSON.stringify({ ...values, services: states }) + '\n' : exportLines(values));
}

/** `private-kube start|stop|stop-apiserver|restart NAME`: used by startPrivateKube() in @kuack/testenv. */
async function privateKube(/** @type {string[]} */ [action, name]) {
  if (!name) throw new UsageError('usage: private-kube start|stop|stop-apiserver|restart NAME');
  if (action === 'start') {
    await withLock(LOCK, `private kube ${name}: build check`, async () => {
      await ensureKubeBinaries();
      ensureKubePki();
    });
  }
  const actions = {
    start: startPrivateKube,
    stop: stopPrivateKube,
    'stop-apiserver': stopPrivateApiserver,
    restart: restartPrivateKube,
  };
  const run = actions[/** @type {keyof typeof actions} */ (action)];
  if (!run) throw new UsageError(`private-kube: unknown action "${action}"`);
  process.stdout.write(JSON.stringify((await run(name)) ?? { name }) + '\n');
}

async function main() {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const [command, ...names] = argv.filter((arg) => arg !== '--json');
  switch (command) {
    case 'up': {
      const states = await up(select(names));
      printSettings(names, json, states);
      return 0;
    }
    case 'down':
      await down(select(names));
      return 0;
    case 'status': {
      const states = await status(select(names));
      if (json) process.stdout.write(JSON.stringify(states) + '\n');
      else
        for (const [name, isUp] of Object.entries(states))
          process.stdout.write(`${name.padEnd(9)} ${isUp ? 'up' : 'DOWN'}\n`);
      return Object.values(states).every(Boolean) ? 0 : 1;
    }
    case 'env':
      printSettings(names, json);
      return 0;
    case 'private-kube':
      await privateKube(names);
      return 0;
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE + '\n');
      return command ? 0 : 2;
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`testenv: ${error instanceof Error ? error.message : error}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
