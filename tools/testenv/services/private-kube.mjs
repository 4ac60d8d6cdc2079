// Private control planes for tests that stop or restart the API server: each has its own etcd and
// kube-apiserver on its own ports and folder (<run>/private-kube/<name>), so parallel test files never
// disturb each other or the shared `kube` service. No controller-manager or scheduler. A failed start
// leaves the folder (logs) behind; stop() removes it.
import fs from 'node:fs';
import path from 'node:path';

import { PORTS, RUN_DIR } from '../lib/config.mjs';
import { etcdHealthy, startApiserver, startEtcd, writeKubeconfig } from '../lib/control-plane.mjs';
import { freeLowPort } from '../lib/ports.mjs';
import { isRunning, logTail, logFile, readPid, stopDaemon } from '../lib/proc.mjs';
import { KUBE_BIN_DIR, ensureKubePki } from './kube.mjs';

export const PRIVATE_ROOT = path.join(RUN_DIR, 'private-kube');

/** @typedef {{ etcdClient: number, etcdPeer: number, apiserver: number }} PrivatePorts */
/** @typedef {{ name: string, dir: string, kubeconfigPath: string, server: string, ports: PrivatePorts }} PrivateKubeInfo */

/** @param {string} name */
function dirOf(name) {
  if (!/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/.test(name)) {
    throw new Error(`private kube name "${name}" must be 1-40 lowercase letters, digits or dashes`);
  }
  return path.join(PRIVATE_ROOT, name);
}

/** @param {string} name @returns {PrivateKubeInfo} */
function info(name) {
  const dir = dirOf(name);
  const ports = /** @type {PrivatePorts} */ (
    JSON.parse(fs.readFileSync(path.join(dir, 'ports.json'), 'utf8'))
  );
  return {
    name,
    dir,
    kubeconfigPath: path.join(dir, 'kubeconfig'),
    server: `https://127.0.0.1:${ports.apiserver}`,
    ports,
  };
}

/**
 * @param {string} what @param {string} dir @param {() => Promise<void>} step
 */
async function withTails(what, dir, step) {
  try {
    await step();
  } catch (error) {
    const tails = ['etcd', 'kube-apiserver']
      .map((name) => `--- ${logFile(dir, name)} (last lines) ---\n${logTail(logFile(dir, name), 25)}`)
      .join('\n');
    throw new Error(`${what}: ${error instanceof Error ? error.message : error}\n${tails}`);
  }
}

/** A fresh instance (an old one of the same name is stopped and wiped). The binaries must be built. */
export async function startPrivateKube(/** @type {string} */ name) {
  // Another environment may grab a port between our check and the server's bind: try new ports then.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreshPorts(name);
    } catch (error) {
      const portTaken = /address already in use/.test(error instanceof Error ? error.message : '');
      if (!portTaken || attempt === 3) throw error;
    }
  }
}

/** @param {string} name */
async function startOnFreshPorts(name) {
  const dir = dirOf(name);
  await stopPrivateKube(name);
  fs.mkdirSync(dir, { recursive: true });
  const pki = ensureKubePki();
  const taken = new Set(Object.values(PORTS));
  const pick = async () => {
    const port = await freeLowPort(taken);
    taken.add(port);
    return port;
  };
  /** @type {PrivatePorts} */
  const ports = { etcdClient: await pick(), etcdPeer: await pick(), apiserver: await pick() };
  fs.writeFileSync(path.join(dir, 'ports.json'), JSON.stringify(ports) + '\n');
  const instance = info(name);
  writeKubeconfig(instance.kubeconfigPath, pki, ports.apiserver, `private-${name}`);
  await withTails(`private kube ${name}`, dir, async () => {
    await startEtcd(dir, { clientPort: ports.etcdClient, peerPort: ports.etcdPeer });
    await startApiserver(dir, KUBE_BIN_DIR, pki, { port: ports.apiserver, etcdPort: ports.etcdClient });
  });
  return instance;
}

/** Stops only the API server; etcd and its data stay. */
export async function stopPrivateApiserver(/** @type {string} */ name) {
  await stopDaemon(dirOf(name), 'kube-apiserver');
  return info(name);
}

/** (Re)starts the API server on the same port with the same etcd data; starts etcd too if it is down. */
export async function restartPrivateKube(/** @type {string} */ name) {
  const instance = info(name);
  const pki = ensureKubePki();
  await stopDaemon(instance.dir, 'kube-apiserver');
  await withTails(`private kube ${name}`, instance.dir, async () => {
    const etcdUp =
      isRunning(readPid(instance.dir, 'etcd')) &&
      (await etcdHealthy(instance.ports.etcdClient).catch(() => false));
    if (!etcdUp) {
      await stopDaemon(instance.dir, 'etcd');
      await startEtcd(instance.dir, {
        clientPort: instance.ports.etcdClient,
        peerPort: instance.ports.etcdPeer,
      });
    }
    await startApiserver(instance.dir, KUBE_BIN_DIR, pki, {
      port: instance.ports.apiserver,
      etcdPort: instance.ports.etcdClient,
    });
  });
  return instance;
}

/** Stops the API server and etcd and deletes the instance's folder (etcd preallocates 62 MB per instance). */
export async function stopPrivateKube(/** @type {string} */ name) {
  const dir = dirOf(name);
  await stopDaemon(dir, 'kube-apiserver');
  await stopDaemon(dir, 'etcd');
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Stops and deletes every private instance (used by `down`). @returns {Promise<string[]>} the names found */
export async function stopAllPrivateKubes() {
  const names = fs.existsSync(PRIVATE_ROOT) ? fs.readdirSync(PRIVATE_ROOT) : [];
  await Promise.all(names.map((name) => stopPrivateKube(name).catch(() => undefined)));
  return names;
}

/** Names of private instances whose API server runs. */
export function runningPrivateKubes() {
  const names = fs.existsSync(PRIVATE_ROOT) ? fs.readdirSync(PRIVATE_ROOT) : [];
  return names.filter((name) => isRunning(readPid(path.join(PRIVATE_ROOT, name), 'kube-apiserver')));
}
