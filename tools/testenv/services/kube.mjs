// The shared Kubernetes control plane: etcd, kube-apiserver, kube-controller-manager, kube-scheduler.
import fs from 'node:fs';
import path from 'node:path';

import { ensurePki } from '../lib/certs.mjs';
import { assertGo } from '../lib/go-check.mjs';
import { CACHE_DIR, PORTS, RUN_DIR, TESTENV_DIR, VERSIONS } from '../lib/config.mjs';
import {
  allRunning,
  apiserverReady,
  componentHealthy,
  etcdHealthy,
  startApiserver,
  startComponent,
  startEtcd,
  writeKubeconfig,
} from '../lib/control-plane.mjs';
import { assertPortsFree } from '../lib/ports.mjs';
import { POD_CIDR, ensurePodRoute } from '../lib/podnet.mjs';
import { logFile, runToLog, stopDaemon } from '../lib/proc.mjs';

const DIR = path.join(RUN_DIR, 'kube');
const PKI_DIR = path.join(RUN_DIR, 'pki');
const KUBECONFIG = path.join(DIR, 'admin.kubeconfig');
const PROCESSES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

export const KUBE_BIN_DIR = path.join(CACHE_DIR, `kube-${VERSIONS.kube}`, 'bin');
const BINARIES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];

/** Builds the Kubernetes binaries through tools/testenv/kube/build.sh unless cached. Call under the lock. */
export async function ensureKubeBinaries() {
  if (kubeBinariesBuilt()) return;
  assertGo(`building Kubernetes ${VERSIONS.kube}`);
  const log = path.join(RUN_DIR, 'build-logs', `kube-${VERSIONS.kube}.log`);
  process.stderr.write(
    `testenv: building Kubernetes ${VERSIONS.kube} from the Go module proxy (8-15 min on 2 cores; log: ${log})\n`,
  );
  await runToLog('bash', [path.join(TESTENV_DIR, 'kube', 'build.sh')], {
    log,
    env: { ...process.env, KUBE_VERSION: VERSIONS.kube, OUT: KUBE_BIN_DIR },
    failure: `kube: building Kubernetes ${VERSIONS.kube} failed`,
  });
}

export function kubeBinariesBuilt() {
  return BINARIES.every((name) => fs.existsSync(path.join(KUBE_BIN_DIR, name)));
}

/** Certificates shared by the main and the private control planes. Call under the lock. */
export function ensureKubePki() {
  return ensurePki(PKI_DIR);
}

/** @type {import('./service.mjs').Service} */
export const kube = {
  name: 'kube',
  needs: [
    { command: 'etcd', pkg: 'etcd-server' },
    { command: 'openssl', pkg: 'openssl' },
    { command: 'ip', pkg: 'iproute2' },
  ],

  async prepare() {
    await ensureKubeBinaries();
    ensureKubePki();
    if (ensurePodRoute() === 'added')
      process.stderr.write(`testenv: kube: added ip route local ${POD_CIDR} dev lo\n`);
  },

  async isUp() {
    if (!allRunning(DIR, PROCESSES)) return false;
    const pki = ensureKubePki();
    return (
      (await etcdHealthy(PORTS.etcdClient)) &&
      (await apiserverReady(pki, PORTS.kubeApiserver)) &&
      (await componentHealthy(PORTS.kubeControllerManager)) &&
      (await componentHealthy(PORTS.kubeScheduler))
    );
  },

  async start() {
    const pki = ensureKubePki();
    await assertPortsFree({
      'etcd client': PORTS.etcdClient,
      'etcd peer': PORTS.etcdPeer,
      'kube-apiserver': PORTS.kubeApiserver,
      'kube-controller-manager': PORTS.kubeControllerManager,
      'kube-scheduler': PORTS.kubeScheduler,
    });
    fs.rmSync(path.join(DIR, 'etcd-data'), { recursive: true, force: true });
    fs.mkdirSync(DIR, { recursive: true });
    writeKubeconfig(KUBECONFIG, pki, PORTS.kubeApiserver, 'kuack-testenv');
    await startEtcd(DIR, { clientPort: PORTS.etcdClient, peerPort: PORTS.etcdPeer });
    await startApiserver(DIR, KUBE_BIN_DIR, pki, { port: PORTS.kubeApiserver, etcdPort: PORTS.etcdClient });
    await Promise.all([
      startComponent(
        DIR,
        KUBE_BIN_DIR,
        pki,
        KUBECONFIG,
        'kube-controller-manager',
        PORTS.kubeControllerManager,
      ),
      startComponent(DIR, KUBE_BIN_DIR, pki, KUBECONFIG, 'kube-scheduler', PORTS.kubeScheduler),
    ]);
  },

  async stop() {
    // Clients first, etcd last, so the API server does not log a storm of etcd errors while it stops.
    await Promise.all([stopDaemon(DIR, 'kube-controller-manager'), stopDaemon(DIR, 'kube-scheduler')]);
    await stopDaemon(DIR, 'kube-apiserver');
    await stopDaemon(DIR, 'etcd');
  },

  env() {
    // Node agents joining this control plane take Pod addresses from KUACK_POD_CIDR (routed to lo).
    return { KUBECONFIG, KUACK_POD_CIDR: POD_CIDR };
  },

  logFiles() {
    return PROCESSES.map((name) => logFile(DIR, name));
  },
};
