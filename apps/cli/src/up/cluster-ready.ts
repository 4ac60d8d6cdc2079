import fs from 'node:fs';
import https from 'node:https';
import YAML from 'yaml';

interface KubeconfigFacts {
  server: string;
  ca: string;
  token: string;
}

/** The server, CA and token of the kubeconfig the embedded cluster writes (current context). */
export function readClusterKubeconfig(file: string): KubeconfigFacts {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as {
    clusters?: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users?: { user: { token: string } }[];
  };
  const cluster = doc.clusters?.[0]?.cluster;
  const token = doc.users?.[0]?.user?.token;
  if (!cluster?.server || !cluster['certificate-authority-data'] || !token) {
    throw new Error(
      `${file}: not a kubeconfig written by the embedded cluster (server, CA data and token needed)`,
    );
  }
  return {
    server: cluster.server,
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'),
    token,
  };
}

function readyzOnce(facts: KubeconfigFacts, expectedServer: string): Promise<boolean> {
  if (facts.server !== expectedServer) return Promise.resolve(false);
  const url = new URL('/readyz', facts.server);
  return new Promise((resolve) => {
    const req = https.get(
      url,
      { ca: facts.ca, headers: { Authorization: `Bearer ${facts.token}` }, timeout: 1000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** Polls /readyz over TLS (verified with the cluster's CA) until the embedded cluster answers 200. */
export async function waitForClusterReady(
  kubeconfigPath: string,
  server: string,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      if (await readyzOnce(readClusterKubeconfig(kubeconfigPath), server)) return;
    } catch {
      // the kubeconfig is not written yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('stopped waiting for the embedded cluster');
}
