import path from 'node:path';
import type { ComponentSpec } from '@kuack/supervisor';
import { waitForClusterReady } from './cluster-ready';
import { waitForNodeReady } from './node-ready';
import { waitForHttp, waitForPort } from './wait';

export interface UpOptions {
  rootDir: string;
  dataDir: string;
  examples: boolean;
  /** The embedded cluster's HTTPS port on 127.0.0.1 (default 6443). */
  apiPort?: number;
  /** An existing API server to run on instead of the embedded cluster. */
  externalKubeconfig?: string;
  gatewayHttpPort: number;
  gatewayHttpsPort: number;
  /** host:port the activator listens on (a pod-network address on a real API server: no loopback there). */
  activatorAddress: string;
  /** 127.0.0.1 port of the serving controller's stats endpoint (activator → autoscaler). */
  autoscalerPort: number;
  podCidr: string;
  nodeName: string;
  /** Where Knative's serving config maps live (Knative's SYSTEM_NAMESPACE). */
  systemNamespace: string;
  /** The local image store every component shares (images of `kuack func deploy`, the queue-proxy). */
  imageStore: string;
}

/** The kubeconfig every component uses: the embedded cluster's, or the external one. */
export function kubeconfigOf(options: UpOptions): string {
  return options.externalKubeconfig ?? path.join(options.dataDir, 'kubeconfig');
}

function platformEnv(options: UpOptions): Record<string, string> {
  return { SYSTEM_NAMESPACE: options.systemNamespace, KUACK_IMAGE_STORE: options.imageStore };
}

/** The embedded cluster: writes <dataDir>/kubeconfig, installs the CRDs and Knative's config maps before ready. */
export function embeddedClusterSpec(options: UpOptions): ComponentSpec {
  const port = options.apiPort ?? 6443;
  const kubeconfig = path.join(options.dataDir, 'kubeconfig');
  const server = `https://127.0.0.1:${port}`;
  return {
    ...appSpec(options, 'embedded-cluster', [
      '--data-dir',
      options.dataDir,
      '--port',
      String(port),
      '--crd-dir',
      path.join(options.rootDir, 'charts/kuack/files/crds'),
    ]),
    ready: (signal) => waitForClusterReady(kubeconfig, server, signal),
    readyTimeoutMs: 30_000,
    describe: () => [`Kubernetes API ${server}`, `export KUBECONFIG=${kubeconfig}`],
  };
}

/** The node agent: runs Pods as local processes; logs where the embedded cluster serves `kubectl logs`. */
export function nodeAgentSpec(options: UpOptions): ComponentSpec {
  const kubeconfig = kubeconfigOf(options);
  return {
    ...appSpec(options, 'node-agent', [
      '--data-dir',
      path.join(options.dataDir, 'node-agent'),
      '--kubeconfig',
      kubeconfig,
      '--pods-log-dir',
      path.join(options.dataDir, 'pods'),
      '--node-name',
      options.nodeName,
      '--pod-cidr',
      options.podCidr,
    ]),
    ready: (signal) => waitForNodeReady(kubeconfig, options.nodeName, signal),
    readyTimeoutMs: 30_000,
    // Its Pods run in process groups of their own: killed before it stops them, it would leave them behind.
    // It caps their grace at 3 s on a platform stop, then marks the Node NotReady.
    stopReserveMs: 4_500,
    describe: () => [`node ${options.nodeName}: Pods run as local processes on ${options.podCidr}`],
  };
}

/** Knative Serving's reconcilers and the KPA autoscaler (stats endpoint on 127.0.0.1). */
export function servingControllerSpec(options: UpOptions): ComponentSpec {
  return {
    ...appSpec(options, 'serving-controller', [
      '--kubeconfig',
      kubeconfigOf(options),
      '--autoscaler-address',
      `127.0.0.1:${options.autoscalerPort}`,
      '--health-address',
      '127.0.0.1:0',
      '--system-namespace',
      options.systemNamespace,
      '--image-store',
      options.imageStore,
    ]),
    ready: (signal) => waitForPort('127.0.0.1', options.autoscalerPort, signal),
    readyTimeoutMs: 30_000,
  };
}

/** The activator: buffers requests for revisions at zero and pokes the autoscaler. */
export function activatorSpec(options: UpOptions): ComponentSpec {
  const [host, port] = splitAddress(options.activatorAddress);
  return {
    ...appSpec(options, 'activator', [
      '--kubeconfig',
      kubeconfigOf(options),
      '--address',
      options.activatorAddress,
      '--autoscaler-url',
      `http://127.0.0.1:${options.autoscalerPort}`,
      '--register-endpoints',
      '--system-namespace',
      options.systemNamespace,
      '--drain-seconds',
      '1',
    ]),
    ready: (signal) => waitForHttp(`http://${host}:${port}/`, { 'K-Network-Probe': 'activator' }, signal),
    readyTimeoutMs: 30_000,
  };
}

/** The gateway: Kuack's ingress, the URLs of every route. */
export function gatewaySpec(options: UpOptions): ComponentSpec {
  return {
    ...appSpec(options, 'gateway', [
      '--kubeconfig',
      kubeconfigOf(options),
      '--http-port',
      String(options.gatewayHttpPort),
      '--https-port',
      String(options.gatewayHttpsPort),
      '--admin-port',
      'none',
      '--drain-seconds',
      '1',
    ]),
    ready: (signal) => waitForPort('127.0.0.1', options.gatewayHttpPort, signal),
    readyTimeoutMs: 30_000,
    describe: () => [
      `routes at http://<name>.<namespace>.localhost:${options.gatewayHttpPort} (https :${options.gatewayHttpsPort})`,
    ],
  };
}

export function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}

/** A component of the local platform; `spec` is absent until the issue that builds it lands. */
export interface PlatformComponent {
  name: string;
  what: string;
  issue: number;
  spec?: (options: UpOptions) => ComponentSpec;
}

/** Runs a bundled app of this repo (dist/apps/<app>/main.js) with the host's Node.js. */
export function appSpec(options: UpOptions, app: string, args: string[] = []): ComponentSpec {
  return {
    name: app,
    command: process.execPath,
    args: [path.join(options.rootDir, 'dist/apps', app, 'main.js'), ...args],
    env: platformEnv(options),
  };
}

/** The local platform in start order. Each issue that builds a component fills in its `spec`. */
export const PLATFORM_COMPONENTS: PlatformComponent[] = [
  {
    name: 'embedded-cluster',
    what: 'Kubernetes API on SQLite + workload controllers',
    issue: 7,
    spec: embeddedClusterSpec,
  },
  { name: 'node-agent', what: 'runs Pods as local processes', issue: 9, spec: nodeAgentSpec },
  {
    name: 'serving-controller',
    what: 'Knative Serving reconcilers + autoscaler',
    issue: 10,
    spec: servingControllerSpec,
  },
  { name: 'activator', what: 'buffers requests for revisions at zero', issue: 11, spec: activatorSpec },
  { name: 'gateway', what: 'ingress on 127.0.0.1:8080', issue: 11, spec: gatewaySpec },
  { name: 'eventing-controller', what: 'Broker, Trigger and sources reconcilers', issue: 0 },
  { name: 'broker', what: 'broker ingress and dispatchers', issue: 0 },
];

export function componentNames(): string[] {
  return PLATFORM_COMPONENTS.map((c) => c.name);
}
