// RabbitMQ from Debian's package, run without systemd and without the package's su wrapper, with its own
// node name, folders, cookie, AMQP port, distribution port and its own epmd on a private port, so it
// neither needs nor disturbs a system instance.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { HOST, PORTS, RUN_DIR } from '../lib/config.mjs';
import { tcpOpen, waitUntil } from '../lib/health.mjs';
import { assertPortsFree } from '../lib/ports.mjs';
import { isRunning, logFile, readPid, startDaemon, stopDaemon } from '../lib/proc.mjs';

const DIR = path.join(RUN_DIR, 'rabbitmq');
const HOME = path.join(DIR, 'home');
const SERVER_SCRIPT = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const AMQP_URL = `amqp://guest:guest@${HOST}:${PORTS.amqp}`;

/** Environment for epmd, the broker and any rabbitmqctl call aimed at this node. */
export function rabbitEnv() {
  return {
    ...process.env,
    HOME, // the Erlang cookie lives in $HOME/.erlang.cookie
    ERL_EPMD_PORT: String(PORTS.epmd),
    ERL_EPMD_ADDRESS: HOST,
    ERL_CRASH_DUMP: path.join(DIR, 'erl_crash.dump'),
    RABBITMQ_NODENAME: 'rabbit@localhost',
    RABBITMQ_NODE_IP_ADDRESS: HOST,
    RABBITMQ_NODE_PORT: String(PORTS.amqp),
    RABBITMQ_DIST_PORT: String(PORTS.rabbitDistribution),
    RABBITMQ_CONF_ENV_FILE: path.join(DIR, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: path.join(DIR, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(DIR, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(DIR, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: path.join(DIR, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(DIR, 'logs'),
    RABBITMQ_LOGS: '-',
    RABBITMQ_PID_FILE: path.join(DIR, 'rabbit.pid'),
    // Distribution on loopback only; schedulers sleep instead of spinning when idle (the cores are shared).
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS:
      '-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none',
  };
}

function writeConfig() {
  for (const dir of [DIR, HOME, path.join(DIR, 'logs')]) fs.mkdirSync(dir, { recursive: true });
  const cookie = path.join(HOME, '.erlang.cookie');
  if (!fs.existsSync(cookie))
    fs.writeFileSync(cookie, randomBytes(20).toString('hex').toUpperCase(), { mode: 0o400 });
  fs.writeFileSync(
    path.join(DIR, 'rabbitmq-env.conf'),
    '# testenv: every setting comes from the environment\n',
  );
  fs.writeFileSync(path.join(DIR, 'enabled_plugins'), '[].\n');
  fs.writeFileSync(
    path.join(DIR, 'rabbitmq.conf'),
    [
      `listeners.tcp.1 = ${HOST}:${PORTS.amqp}`,
      'loopback_users.guest = true',
      'log.console = true',
      'log.console.level = info',
      'log.file = false',
      'disk_free_limit.absolute = 100MB',
      '',
    ].join('\n'),
  );
}

async function amqpReady() {
  const amqp = await import('amqplib');
  const connection = await amqp.connect(AMQP_URL, { timeout: 2000 });
  try {
    const channel = await connection.createConfirmChannel();
    await channel.close();
    return true;
  } finally {
    await connection.close();
  }
}

/** @type {import('./service.mjs').Service} */
export const rabbitmq = {
  name: 'rabbitmq',
  needs: [
    { command: SERVER_SCRIPT, pkg: 'rabbitmq-server' },
    { command: 'epmd', pkg: 'erlang-base' },
  ],

  async prepare() {},

  async isUp() {
    return (
      isRunning(readPid(DIR, 'epmd')) &&
      isRunning(readPid(DIR, 'rabbitmq')) &&
      (await amqpReady().catch(() => false))
    );
  },

  async start() {
    await assertPortsFree({
      epmd: PORTS.epmd,
      amqp: PORTS.amqp,
      'erlang distribution': PORTS.rabbitDistribution,
    });
    fs.rmSync(path.join(DIR, 'mnesia'), { recursive: true, force: true });
    writeConfig();
    const env = rabbitEnv();
    const epmd = startDaemon({
      dir: DIR,
      name: 'epmd',
      command: 'epmd',
      args: ['-port', String(PORTS.epmd), '-address', HOST],
      env,
    });
    await waitUntil('epmd', () => tcpOpen(PORTS.epmd), { timeoutMs: 10000, alive: () => isRunning(epmd) });
    const broker = startDaemon({ dir: DIR, name: 'rabbitmq', command: SERVER_SCRIPT, args: [], env });
    await waitUntil('rabbitmq AMQP', amqpReady, {
      timeoutMs: 90000,
      intervalMs: 500,
      alive: () => isRunning(broker),
    });
  },

  async stop() {
    await stopDaemon(DIR, 'rabbitmq', { graceMs: 30000 });
    await stopDaemon(DIR, 'epmd', { graceMs: 5000 });
  },

  env() {
    return { AMQP_URL };
  },

  logFiles() {
    return [logFile(DIR, 'rabbitmq'), logFile(DIR, 'epmd')];
  },
};
