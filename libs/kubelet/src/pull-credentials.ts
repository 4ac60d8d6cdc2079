import { type Credentials, credentialsFromDockerConfig } from '@kuack/oci';

/** A Secret as the API returns it (data base64-encoded). */
export interface PullSecret {
  metadata: { name?: string };
  type?: string;
  data?: Record<string, string>;
}

export const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
export const DOCKER_CFG = 'kubernetes.io/dockercfg';

/**
 * The credentials the Pod's imagePullSecrets hold for `registry`, in the Secrets' order (the kubelet tries each).
 * `kubernetes.io/dockerconfigjson` holds a config.json (`{"auths": {…}}`) under `.dockerconfigjson`;
 * the legacy `kubernetes.io/dockercfg` holds the bare `auths` map under `.dockercfg`. Other types are ignored.
 */
export function pullCredentials(secrets: PullSecret[], registry: string): Credentials[] {
  const found: Credentials[] = [];
  for (const secret of secrets) {
    const name = secret.metadata.name ?? '?';
    let text: string | undefined;
    if (secret.type === DOCKER_CONFIG_JSON) {
      const raw = secret.data?.['.dockerconfigjson'];
      if (raw === undefined) throw new Error(`imagePullSecret "${name}": no .dockerconfigjson key`);
      text = Buffer.from(raw, 'base64').toString('utf8');
    } else if (secret.type === DOCKER_CFG) {
      const raw = secret.data?.['.dockercfg'];
      if (raw === undefined) throw new Error(`imagePullSecret "${name}": no .dockercfg key`);
      text = `{"auths":${Buffer.from(raw, 'base64').toString('utf8')}}`;
    }
    if (text === undefined) continue;
    const credentials = credentialsFromDockerConfig(text, registry, `imagePullSecret "${name}"`);
    if (credentials) found.push(credentials);
  }
  return found;
}
