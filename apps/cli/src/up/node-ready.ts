import https from 'node:https';
import { readClusterKubeconfig } from './cluster-ready';

interface NodeLike {
  status?: { conditions?: { type: string; status: string }[] };
}

/** Whether a Node object reports the Ready condition True. */
export function nodeIsReady(node: NodeLike): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function getNode(kubeconfigPath: string, name: string): Promise<NodeLike | undefined> {
  const facts = readClusterKubeconfig(kubeconfigPath);
  const url = new URL(`/api/v1/nodes/${encodeURIComponent(name)}`, facts.server);
  return new Promise((resolve) => {
    const req = https.get(
      url,
      { ca: facts.ca, headers: { Authorization: `Bearer ${facts.token}` }, timeout: 1000 },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          try {
            resolve(res.statusCode === 200 ? (JSON.parse(body) as NodeLike) : undefined);
          } catch {
            resolve(undefined);
          }
        });
      },
    );
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
  });
}

/** Polls the embedded cluster until the node agent's Node reports Ready. */
export async function waitForNodeReady(
  kubeconfigPath: string,
  name: string,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const node = await getNode(kubeconfigPath, name);
      if (node && nodeIsReady(node)) return;
    } catch {
      // kubeconfig not readable yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`stopped waiting for node ${name} to be Ready`);
}
