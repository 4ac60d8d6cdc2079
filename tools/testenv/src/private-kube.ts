// A Kubernetes API server of a test's own (its own etcd, ports and folder), for tests that stop or restart
// the API server; the shared `kube` service is never disturbed.
import { runTestenvCli } from './cli';

export interface PrivateKube {
  readonly name: string;
  /** A kubeconfig (certificates embedded) for this instance only. */
  readonly kubeconfigPath: string;
  /** https://127.0.0.1:<port>; the port stays the same across restarts. */
  readonly server: string;
  /** Stops the API server only; etcd keeps the data until restart(). */
  stopApiServer(): Promise<void>;
  /** Starts the API server again (stopping it first if it runs) with the same etcd data and port. */
  restart(): Promise<void>;
  /** Stops the API server and its etcd and deletes its data; final (call it in afterAll). */
  stop(): Promise<void>;
}

interface PrivateKubeInfo {
  name: string;
  kubeconfigPath: string;
  server: string;
}

/**
 * Starts a fresh private control plane (etcd + kube-apiserver, RBAC on; no controller-manager, no scheduler).
 * `name` (lowercase letters, digits, dashes, at most 40) must be unique among test files running at the same
 * time; an earlier instance of the same name is stopped and wiped first. Needs the Kubernetes binaries, built
 * by the testenv on first use. When the start fails, the error carries the logs' tail.
 */
export async function startPrivateKube({ name }: { name: string }): Promise<PrivateKube> {
  const info = (await runTestenvCli(['private-kube', 'start', name])) as PrivateKubeInfo;
  const run = async (action: string) => {
    await runTestenvCli(['private-kube', action, name]);
  };
  return {
    name: info.name,
    kubeconfigPath: info.kubeconfigPath,
    server: info.server,
    stopApiServer: () => run('stop-apiserver'),
    restart: () => run('restart'),
    stop: () => run('stop'),
  };
}
