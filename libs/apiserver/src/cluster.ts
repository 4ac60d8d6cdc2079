import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Api, type Admission } from './api';
import { bootstrap } from './bootstrap';
import { GarbageCollector } from './gc';
import { createHandler } from './http';
import { renderKubeconfig } from './kubeconfig';
import { loadOrCreatePki } from './pki';
import { Store } from './store';
import { ServiceAccountController } from './service-accounts';

export interface ClusterOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Kuack's CRD manifests (charts/kuack/files/crds) installed at start. */
  crdDir?: string;
  /** config-domain `localhost` and other local-mode settings (default true). */
  localMode?: boolean;
  historyLimit?: number;
  bookmarkIntervalMs?: number;
  admission?: Admission;
  /** Where the kubeconfig is written; default <dataDir>/kubeconfig. */
  kubeconfigPath?: string;
  log?: (msg: string) => void;
}

export interface RunningCluster {
  url: string;
  port: number;
  kubeconfigPath: string;
  token: string;
  caPem: string;
  api: Api;
  close(): Promise<void>;
}

/** Starts the embedded Kubernetes API server: state in <dataDir>/state.db, HTTPS on 127.0.0.1 only. */
export async function startEmbeddedCluster(options: ClusterOptions): Promise<RunningCluster> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pki = await loadOrCreatePki(dataDir);
  const store = new Store(path.join(dataDir, 'state.db'), { historyLimit: options.historyLimit });
  const fresh = store.resourceVersion === 0;
  const api = new Api(store, options.admission);
  bootstrap(api, {
    crdDir: options.crdDir,
    localMode: options.localMode ?? true,
    crdDigestFile: path.join(dataDir, 'crds.sha256'),
  });
  // Like a watch cache started after the fact: revisions from before the first boot are not resumable.
  if (fresh) store.compactTo(store.resourceVersion);
  const gc = new GarbageCollector(api);
  const serviceAccounts = new ServiceAccountController(api);
  const runControllers = () => {
    try {
      gc.run();
      serviceAccounts.run();
    } catch (err) {
      options.log?.(`controllers: ${(err as Error).message}`);
    }
  };
  runControllers();
  store.flush();
  let scheduled: NodeJS.Timeout | undefined;
  const schedule = () => {
    scheduled ??= setTimeout(() => {
      scheduled = undefined;
      runControllers();
    }, 20);
  };
  // Deletions (and new namespaces) are what the controllers act on; the periodic pass catches the rest.
  store.subscribe((e) => {
    if (e.type === 'DELETED' || e.object.metadata.deletionTimestamp || e.resource === 'core/namespaces')
      schedule();
  });
  const periodic = setInterval(runControllers, 1000);
  periodic.unref();

  let address = '';
  const handler = createHandler({
    api,
    token: pki.token,
    podsDir: path.join(dataDir, 'pods'),
    address: () => address,
    gitVersion: 'v1.33.0-kuack',
    bookmarkIntervalMs: options.bookmarkIntervalMs,
  });
  const server = https.createServer(
    { cert: pki.serving.certPem, key: pki.serving.keyPem, keepAlive: true },
    handler,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${port}`;
  const url = `https://127.0.0.1:${port}`;
  const kubeconfigPath = options.kubeconfigPath ?? path.join(dataDir, 'kubeconfig');
  fs.writeFileSync(
    kubeconfigPath,
    renderKubeconfig({ server: url, caPem: pki.ca.certPem, token: pki.token }),
    { mode: 0o600 },
  );
  fs.chmodSync(kubeconfigPath, 0o600);

  let closed = false;
  return {
    url,
    port,
    kubeconfigPath,
    token: pki.token,
    caPem: pki.ca.certPem,
    api,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(periodic);
      if (scheduled) clearTimeout(scheduled);
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
      store.close();
    },
  };
}
