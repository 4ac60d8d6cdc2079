// Two OCI registries from Debian's docker-registry (distribution 2.8), loopback only: one open, one with
// htpasswd Basic auth whose password is generated once and kept in the state folder.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { HOST, PORTS, RUN_DIR } from '../lib/config.mjs';
import { httpGet, waitUntil } from '../lib/health.mjs';
import { assertPortsFree } from '../lib/ports.mjs';
import { isRunning, logFile, readPid, startDaemon, stopDaemon } from '../lib/proc.mjs';

const DIR = path.join(RUN_DIR, 'registry');
const USER = 'kuack';
const INSTANCES = /** @type {const} */ ([
  { name: 'registry', port: PORTS.registry, auth: false },
  { name: 'registry-auth', port: PORTS.registryAuth, auth: true },
]);

/** The auth registry's password: made once, kept (mode 0600) in the state folder. */
function password() {
  const file = path.join(DIR, 'password');
  fs.mkdirSync(DIR, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(18).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
  }
  return fs.readFileSync(file, 'utf8').trim();
}

function basicAuth() {
  return `Basic ${Buffer.from(`${USER}:${password()}`).toString('base64')}`;
}

/** @param {(typeof INSTANCES)[number]} instance */
function writeConfig(instance) {
  const data = path.join(DIR, `${instance.name}-data`);
  fs.rmSync(data, { recursive: true, force: true });
  fs.mkdirSync(data, { recursive: true });
  const lines = [
    'version: 0.1',
    'log: {level: info, formatter: text}',
    `storage: {filesystem: {rootdirectory: ${JSON.stringify(data)}}, delete: {enabled: true}, cache: {blobdescriptor: inmemory}}`,
    `http: {addr: "${HOST}:${instance.port}", secret: "${randomBytes(16).toString('hex')}"}`,
  ];
  if (instance.auth) {
    const htpasswd = path.join(DIR, 'htpasswd');
    fs.writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', USER, password()], { encoding: 'utf8' }), {
      mode: 0o600,
    });
    lines.push(`auth: {htpasswd: {realm: kuack-testenv, path: ${JSON.stringify(htpasswd)}}}`);
  }
  const file = path.join(DIR, `${instance.name}.yml`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** @param {(typeof INSTANCES)[number]} instance */
async function answers(instance) {
  const headers = instance.auth ? { authorization: basicAuth() } : undefined;
  const { status } = await httpGet(`http://${HOST}:${instance.port}/v2/`, { headers });
  return status === 200;
}

/** @type {import('./service.mjs').Service} */
export const registry = {
  name: 'registry',
  needs: [
    { command: 'docker-registry', pkg: 'docker-registry' },
    { command: 'htpasswd', pkg: 'apache2-utils' },
  ],

  async prepare() {},

  async isUp() {
    for (const instance of INSTANCES) {
      if (!isRunning(readPid(DIR, instance.name)) || !(await answers(instance).catch(() => false)))
        return false;
    }
    return true;
  },

  async start() {
    await assertPortsFree(Object.fromEntries(INSTANCES.map((i) => [i.name, i.port])));
    await Promise.all(
      INSTANCES.map(async (instance) => {
        const config = writeConfig(instance);
        const record = startDaemon({
          dir: DIR,
          name: instance.name,
          command: 'docker-registry',
          args: ['serve', config],
        });
        await waitUntil(`${instance.name} /v2/`, () => answers(instance), {
          timeoutMs: 30000,
          alive: () => isRunning(record),
        });
      }),
    );
  },

  async stop() {
    await Promise.all(INSTANCES.map((instance) => stopDaemon(DIR, instance.name)));
  },

  env() {
    return {
      OCI_REGISTRY: `${HOST}:${PORTS.registry}`,
      OCI_REGISTRY_AUTH: `${HOST}:${PORTS.registryAuth}`,
      OCI_REGISTRY_AUTH_USER: USER,
      OCI_REGISTRY_AUTH_PASSWORD: password(),
    };
  },

  logFiles() {
    return INSTANCES.map((instance) => logFile(DIR, instance.name));
  },
};
