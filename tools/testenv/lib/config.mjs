// Where the testenv keeps things, which versions it pins and which loopback ports it uses.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** tools/testenv in the repository. */
export const TESTENV_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds and downloads, keyed by version; survives `down`. Override with KUACK_TESTENV_CACHE. */
export const CACHE_DIR =
  process.env.KUACK_TESTENV_CACHE || path.join(os.homedir(), '.cache', 'kuack', 'testenv');

/** Running state: pid files, data, logs, certificates, generated passwords. Override with KUACK_TESTENV_RUN_DIR. */
export const RUN_DIR = process.env.KUACK_TESTENV_RUN_DIR || path.join(CACHE_DIR, 'run');

/** The Kubernetes version is the one pinned by tools/testenv/kube/go.mod. */
function kubeVersionFromGoMod() {
  const goMod = readFileSync(path.join(TESTENV_DIR, 'kube', 'go.mod'), 'utf8');
  const match = /k8s\.io\/kubernetes v(\d+\.\d+\.\d+)/.exec(goMod);
  if (!match) throw new Error('tools/testenv/kube/go.mod: no k8s.io/kubernetes requirement');
  return match[1];
}

/** Kafka's version comes from the committed pom; the cache key also covers the pom's other pins. */
function kafkaFromPom() {
  const pom = readFileSync(path.join(TESTENV_DIR, 'kafka', 'pom.xml'), 'utf8');
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom);
  if (!match) throw new Error('tools/testenv/kafka/pom.xml: no <kafka.version> property');
  return { version: match[1], pomHash: createHash('sha256').update(pom).digest('hex').slice(0, 8) };
}

const kafka = kafkaFromPom();

export const VERSIONS = {
  kube: kubeVersionFromGoMod(),
  kafka: kafka.version,
  kafkaPomHash: kafka.pomHash,
  helm: '3.22.0',
  pebble: '2.10.3',
};

// Fixed, unusual loopback ports below the kernel's ephemeral range (32768+), so neither other servers nor
// outgoing connections take them. KUACK_TESTENV_PORT_OFFSET moves them all (a second environment beside
// the first, e.g. to measure a cold start); keep it under 3000 to stay below the ephemeral range.
const offset = Number(process.env.KUACK_TESTENV_PORT_OFFSET || 0);
if (!Number.isInteger(offset) || offset < 0 || offset > 20000) {
  throw new Error(
    `KUACK_TESTENV_PORT_OFFSET must be an integer between 0 and 20000, got "${process.env.KUACK_TESTENV_PORT_OFFSET}"`,
  );
}

export const PORTS = Object.fromEntries(
  Object.entries({
    etcdClient: 23790,
    etcdPeer: 23791,
    kubeApiserver: 26443,
    kubeControllerManager: 26257,
    kubeScheduler: 26259,
    kafka: 29092,
    kafkaController: 29093,
    epmd: 24369,
    amqp: 24672,
    rabbitDistribution: 24673,
    registry: 25000,
    registryAuth: 25001,
    pebble: 24000,
    pebbleManagement: 24001,
  }).map(([name, port]) => [name, port + offset]),
);

export const HOST = '127.0.0.1';
