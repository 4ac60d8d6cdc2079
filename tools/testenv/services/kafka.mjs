// Kafka in KRaft mode (one node that is broker and controller), from Maven Central jars listed in
// tools/testenv/kafka/pom.xml, with a small heap.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';

import { CACHE_DIR, HOST, PORTS, RUN_DIR, TESTENV_DIR, VERSIONS } from '../lib/config.mjs';
import { tcpOpen, waitUntil } from '../lib/health.mjs';
import { assertPortsFree } from '../lib/ports.mjs';
import { isRunning, logFile, readPid, runToLog, startDaemon, stopDaemon } from '../lib/proc.mjs';

const DIR = path.join(RUN_DIR, 'kafka');
const LIBS = path.join(CACHE_DIR, `kafka-${VERSIONS.kafka}-${VERSIONS.kafkaPomHash}`, 'libs');
const M2 = path.join(CACHE_DIR, 'm2');
const CLASSPATH = `${LIBS}/*`;
const JAVA_OPTS = [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Djava.awt.headless=true',
];
const BROKERS = `${HOST}:${PORTS.kafka}`;

/** Fetches the jars with Maven unless cached. */
async function ensureJars() {
  if (fs.existsSync(path.join(LIBS, `kafka_2.13-${VERSIONS.kafka}.jar`))) return;
  const log = path.join(RUN_DIR, 'build-logs', `kafka-${VERSIONS.kafka}.log`);
  process.stderr.write(`testenv: fetching Kafka ${VERSIONS.kafka} jars from Maven Central (log: ${log})\n`);
  const tmp = `${LIBS}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const pom = path.join(TESTENV_DIR, 'kafka', 'pom.xml');
  await runToLog(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      pom,
      `-Dmaven.repo.local=${M2}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${tmp}`,
    ],
    {
      log,
      failure: 'kafka: mvn dependency:copy-dependencies failed',
    },
  );
  fs.rmSync(LIBS, { recursive: true, force: true });
  fs.renameSync(tmp, LIBS);
}

function writeConfig() {
  fs.mkdirSync(DIR, { recursive: true });
  const properties = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@${HOST}:${PORTS.kafkaController}`,
    listeners: `PLAINTEXT://${HOST}:${PORTS.kafka},CONTROLLER://${HOST}:${PORTS.kafkaController}`,
    'advertised.listeners': `PLAINTEXT://${BROKERS}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': path.join(DIR, 'data'),
    'num.partitions': '1',
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '5',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    'auto.create.topics.enable': 'true',
    'delete.topic.enable': 'true',
  };
  fs.writeFileSync(
    path.join(DIR, 'server.properties'),
    Object.entries(properties)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
  fs.writeFileSync(
    path.join(DIR, 'log4j2.properties'),
    [
      'status = warn',
      'appender.console.type = Console',
      'appender.console.name = console',
      'appender.console.layout.type = PatternLayout',
      'appender.console.layout.pattern = [%d] %p %m (%c)%n',
      'rootLogger.level = info',
      'rootLogger.appenderRef.console.ref = console',
      'logger.state.name = state.change.logger',
      'logger.state.level = warn',
      '',
    ].join('\n'),
  );
}

/** @param {string[]} args */
function java(args) {
  return [
    '-cp',
    CLASSPATH,
    ...JAVA_OPTS,
    `-Dlog4j2.configurationFile=${path.join(DIR, 'log4j2.properties')}`,
    ...args,
  ];
}

async function formatStorage() {
  fs.rmSync(path.join(DIR, 'data'), { recursive: true, force: true });
  // Any 16-byte id in base64url works: the data folder is fresh on every start.
  const clusterId = Buffer.from('kuack-testenv-01').toString('base64url');
  await runToLog(
    'java',
    java(['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', path.join(DIR, 'server.properties')]),
    {
      log: path.join(DIR, 'format.log'),
      failure: 'kafka: formatting the KRaft storage failed',
    },
  );
}

/** Kafka answers metadata requests once broker and controller are both up. */
async function brokerReady() {
  if (!(await tcpOpen(PORTS.kafka))) return false;
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({
    brokers: [BROKERS],
    clientId: 'testenv-health',
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    return brokers.length > 0;
  } finally {
    await admin.disconnect();
  }
}

/** @type {import('./service.mjs').Service} */
export const kafka = {
  name: 'kafka',
  needs: [
    { command: 'java', pkg: 'openjdk-17-jre-headless' },
    { command: 'mvn', pkg: 'maven' },
  ],

  async prepare() {
    await ensureJars();
  },

  async isUp() {
    return isRunning(readPid(DIR, 'kafka')) && (await brokerReady().catch(() => false));
  },

  async start() {
    await assertPortsFree({ 'kafka broker': PORTS.kafka, 'kafka controller': PORTS.kafkaController });
    writeConfig();
    await formatStorage();
    const record = startDaemon({
      dir: DIR,
      name: 'kafka',
      command: 'java',
      args: java(['kafka.Kafka', path.join(DIR, 'server.properties')]),
    });
    await waitUntil('kafka metadata', brokerReady, {
      timeoutMs: 90000,
      intervalMs: 500,
      alive: () => isRunning(record),
    });
  },

  async stop() {
    await stopDaemon(DIR, 'kafka', { graceMs: 20000 });
  },

  env() {
    return { KAFKA_BROKERS: BROKERS };
  },

  logFiles() {
    return [path.join(DIR, 'format.log'), logFile(DIR, 'kafka')];
  },
};
