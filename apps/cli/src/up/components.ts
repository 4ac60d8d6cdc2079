import path from 'node:path';
import type { ComponentSpec } from '@kuack/supervisor';
import { waitForClusterReady } from './cluster-ready';
import { waitForNodeReady } from './node-ready';

export interface UpOptions {
  rootDir: string;
  dataDir: string;
  examples: boolean;
  /** The embedded cluster's HTTPS port on 127.0.0.1 (default 6443). */
  apiPort?: number;
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
  const kubeconfig = path.join(options.dataDir, 'kubeconfig');
  return {
    ...appSpec(options, 'node-agent', [
      '--data-dir',
      path.join(options.dataDir, 'node-agent'),
      '--kubeconfig',
      kubeconfig,
      '--pods-log-dir',
      path.join(options.dataDir, 'pods'),
    ]),
    ready: (signal) => waitForNodeReady(kubeconfig, 'kuack-local', signal),
    readyTimeoutMs: 30_000,
    describe: () => ['node kuack-local: Pods run as local processes on 127.1.0.0/16'],
  };
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
  { name: 'serving-controller', what: 'Knative Serving reconcilers + autoscaler', issue: 10 },
  { name: 'gateway', what: 'ingress on 127.0.0.1:8080', issue: 11 },
  { name: 'activator', what: 'buffers requests for revisions at zero', issue: 11 },
  { name: 'eventing-controller', what: 'Broker, Trigger and sources reconcilers', issue: 0 },
  { name: 'broker', what: 'broker ingress and dispatchers', issue: 0 },
];

export function componentNames(): string[] {
  return PLATFORM_COMPONENTS.map((c) => c.name);
}
