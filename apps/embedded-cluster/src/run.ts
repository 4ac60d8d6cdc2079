import path from 'node:path';
import { watchParent } from '@kuack/observability';
import { knativeAdmission, startEmbeddedCluster, type RunningCluster } from '@kuack/apiserver';
import { startWorkloads } from './workloads';

export interface ClusterFlags {
  dataDir: string;
  port: number;
  crdDir?: string;
}

/** Parses `--data-dir DIR --port N [--crd-dir DIR]`; names the flag that is wrong. */
export function parseFlags(argv: string[], rootDir: string): ClusterFlags {
  const flags: Partial<ClusterFlags> = { port: 6443, crdDir: path.join(rootDir, 'charts/kuack/files/crds') };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${name}: a value is required`);
    if (name === '--data-dir') flags.dataDir = value;
    else if (name === '--crd-dir') flags.crdDir = value;
    else if (name === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port: "${value}" is not a port number`);
      flags.port = port;
    } else throw new Error(`unknown flag ${name}`);
  }
  if (!flags.dataDir) throw new Error('--data-dir: required');
  return flags as ClusterFlags;
}

/** Starts the cluster with Knative admission and stops it on SIGINT/SIGTERM (releasing the port at once). */
export async function runCluster(flags: ClusterFlags, out: (line: string) => void): Promise<RunningCluster> {
  const started = Date.now();
  const cluster = await startEmbeddedCluster({
    dataDir: flags.dataDir,
    port: flags.port,
    crdDir: flags.crdDir,
    admission: knativeAdmission(),
    log: out,
  });
  const workloads = await startWorkloads(cluster.kubeconfigPath);
  out(
    `embedded cluster ready at ${cluster.url} in ${Date.now() - started} ms; kubeconfig: ${cluster.kubeconfigPath}`,
  );
  const stop = () => {
    workloads
      .stop()
      .catch(() => undefined)
      .then(() => cluster.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  watchParent(stop);
  return cluster;
}

export async function runClusterMain(argv: string[], rootDir: string): Promise<void> {
  await runCluster(parseFlags(argv, rootDir), (line) => process.stdout.write(line + '\n'));
}
