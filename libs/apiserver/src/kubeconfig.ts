import YAML from 'yaml';

export interface KubeconfigInput {
  server: string;
  caPem: string;
  token: string;
  name?: string;
}

/** A kubeconfig with the CA and the bearer token embedded (no file references). */
export function renderKubeconfig({ server, caPem, token, name = 'kuack' }: KubeconfigInput): string {
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } },
    ],
    users: [{ name: `${name}-admin`, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}

export interface KubeconfigFacts {
  server: string;
  caPem: string;
  token: string;
}

/** Reads back what renderKubeconfig wrote (the current context's cluster and user). */
export function readKubeconfig(text: string): KubeconfigFacts {
  const doc = YAML.parse(text) as {
    'current-context'?: string;
    contexts?: { name: string; context: { cluster: string; user: string } }[];
    clusters?: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
    users?: { name: string; user: { token?: string } }[];
  };
  const ctx = doc.contexts?.find((c) => c.name === doc['current-context']) ?? doc.contexts?.[0];
  const cluster = doc.clusters?.find((c) => c.name === ctx?.context.cluster)?.cluster;
  const user = doc.users?.find((u) => u.name === ctx?.context.user)?.user;
  if (!cluster?.server) throw new Error('kubeconfig: no cluster server for the current context');
  if (!cluster['certificate-authority-data'])
    throw new Error('kubeconfig: certificate-authority-data missing');
  if (!user?.token) throw new Error('kubeconfig: token missing');
  return {
    server: cluster.server,
    caPem: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'),
    token: user.token,
  };
}
