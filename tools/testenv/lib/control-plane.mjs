// The pieces of a Kubernetes control plane on loopback: etcd, kube-apiserver (RBAC on, flags as
// controller-runtime's envtest uses), kube-controller-manager and kube-scheduler, plus the kubeconfig that
// @kubernetes/client-node and kubectl read. Used by the main `kube` service and by private instances.
import fs from 'node:fs';
import path from 'node:path';

import { HOST } from './config.mjs';
import { httpGet, waitUntil } from './health.mjs';
import { isRunning, readPid, startDaemon } from './proc.mjs';

/** @typedef {import('./certs.mjs').Pki} Pki */

/** @param {string} dir @param {{ clientPort: number, peerPort: number }} ports */
export async function startEtcd(dir, { clientPort, peerPort }) {
  const client = `http://${HOST}:${clientPort}`;
  const peer = `http://${HOST}:${peerPort}`;
  const record = startDaemon({
    dir,
    name: 'etcd',
    command: 'etcd',
    args: [
      '--name=testenv',
      `--data-dir=${path.join(dir, 'etcd-data')}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=testenv=${peer}`,
      '--logger=zap',
      '--log-level=warn',
      '--snapshot-count=10000',
      '--quota-backend-bytes=2147483648',
    ],
  });
  await waitUntil('etcd /health', () => etcdHealthy(clientPort), {
    timeoutMs: 30000,
    alive: () => isRunning(record),
  });
}

/** @param {number} clientPort */
export async function etcdHealthy(clientPort) {
  const { status, body } = await httpGet(`http://${HOST}:${clientPort}/health`);
  return status === 200 && /"health":\s*"true"/.test(body);
}

/**
 * @param {string} dir @param {string} binDir @param {Pki} pki
 * @param {{ port: number, etcdPort: number }} ports
 */
export async function startApiserver(dir, binDir, pki, { port, etcdPort }) {
  const record = startDaemon({
    dir,
    name: 'kube-apiserver',
    command: path.join(binDir, 'kube-apiserver'),
    args: [
      `--etcd-servers=http://${HOST}:${etcdPort}`,
      `--bind-address=${HOST}`,
      `--advertise-address=${HOST}`,
      `--secure-port=${port}`,
      `--tls-cert-file=${pki.servingCert}`,
      `--tls-private-key-file=${pki.servingKey}`,
      `--client-ca-file=${pki.ca}`,
      '--authorization-mode=RBAC',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--disable-admission-plugins=ServiceAccount',
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      '--endpoint-reconciler-type=none',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      `--cert-dir=${path.join(dir, 'apiserver-certs')}`,
    ],
  });
  await waitUntil('kube-apiserver /readyz', () => apiserverReady(pki, port), {
    timeoutMs: 90000,
    alive: () => isRunning(record),
  });
}

/** @param {Pki} pki @param {number} port */
export async function apiserverReady(pki, port) {
  const { status } = await httpGet(`https://${HOST}:${port}/readyz`, { tls: clientTls(pki) });
  return status === 200;
}

/**
 * kube-controller-manager or kube-scheduler, authenticated with the admin kubeconfig.
 * @param {string} dir @param {string} binDir @param {Pki} pki @param {string} kubeconfig
 * @param {'kube-controller-manager' | 'kube-scheduler'} component @param {number} port its /healthz port
 */
export async function startComponent(dir, binDir, pki, kubeconfig, component, port) {
  const common = [
    `--kubeconfig=${kubeconfig}`,
    '--leader-elect=false',
    `--bind-address=${HOST}`,
    `--secure-port=${port}`,
    `--cert-dir=${path.join(dir, `${component}-certs`)}`,
  ];
  const own =
    component === 'kube-controller-manager'
      ? [
          `--service-account-private-key-file=${pki.saKey}`,
          `--root-ca-file=${pki.ca}`,
          '--controllers=*',
          '--use-service-account-credentials=false',
          `--cluster-signing-cert-file=${pki.ca}`,
          `--cluster-signing-key-file=${path.join(pki.dir, 'ca.key')}`,
        ]
      : [];
  const record = startDaemon({
    dir,
    name: component,
    command: path.join(binDir, component),
    args: [...common, ...own],
  });
  await waitUntil(`${component} /healthz`, () => componentHealthy(port), {
    timeoutMs: 60000,
    alive: () => isRunning(record),
  });
}

/** @param {number} port */
export async function componentHealthy(port) {
  const { status } = await httpGet(`https://${HOST}:${port}/healthz`, { tls: { rejectUnauthorized: false } });
  return status === 200;
}

/** @param {Pki} pki */
export function clientTls(pki) {
  return {
    ca: fs.readFileSync(pki.ca),
    cert: fs.readFileSync(pki.adminCert),
    key: fs.readFileSync(pki.adminKey),
  };
}

/**
 * A kubeconfig (JSON, which is YAML) with the certificates embedded, so it works from any folder.
 * @param {string} file @param {Pki} pki @param {number} port @param {string} name context/cluster name
 */
export function writeKubeconfig(file, pki, port, name) {
  const b64 = (/** @type {string} */ f) => fs.readFileSync(f).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name, cluster: { server: `https://${HOST}:${port}`, 'certificate-authority-data': b64(pki.ca) } },
    ],
    users: [
      {
        name: `${name}-admin`,
        user: { 'client-certificate-data': b64(pki.adminCert), 'client-key-data': b64(pki.adminKey) },
      },
    ],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  };
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Whether every named daemon in `dir` is alive. @param {string} dir @param {string[]} names */
export function allRunning(dir, names) {
  return names.every((name) => isRunning(readPid(dir, name)));
}
