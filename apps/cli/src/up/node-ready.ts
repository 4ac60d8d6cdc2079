import type { KubeObject } from '@kuack/controller';

interface NodeLike {
  status?: { conditions?: { type: string; status: string }[] };
}

/** Whether a Node object reports the Ready condition True. */
export function nodeIsReady(node: NodeLike): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Polls the API server (any kubeconfig: the embedded cluster's or an external one) until the Node is Ready. */
export async function waitForNodeReady(
  kubeconfigPath: string,
  name: string,
  signal: AbortSignal,
): Promise<void> {
  const { connect, NotFoundError } = await import('@kuack/controller');

  const client = connect({ kubeconfigPath });
  while (!signal.aborted) {
    try {
      const node = await client.get<NodeLike & KubeObject>({ apiVersion: 'v1', kind: 'Node' }, name);
      if (nodeIsReady(node)) return;
    } catch (err) {
      if (!(err instanceof NotFoundError) && !isConnectionError(err)) throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`stopped waiting for node ${name} to be Ready`);
}

function isConnectionError(err: unknown): boolean {
  return /ECONNREFUSED|ECONNRESET|socket hang up/.test(String((err as Error)?.message ?? err));
}
