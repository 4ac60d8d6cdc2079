import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOCKER_HUB } from './reference';

export interface Credentials {
  username: string;
  password: string;
}

/** Env variables read when no credentials are passed explicitly. */
export const CREDENTIAL_ENV = {
  username: 'KUACK_REGISTRY_USERNAME',
  password: 'KUACK_REGISTRY_PASSWORD',
} as const;

interface DockerConfigAuth {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

/** Where docker keeps its config: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker'), 'config.json');
}

/**
 * Finds the credentials for `registry` in the text of a docker config.json: `auths` entries with a base64
 * `auth` ("user:password") or `username`/`password`, keyed by host or URL. `where` names the file in errors.
 */
export function credentialsFromDockerConfig(
  text: string,
  registry: string,
  where: string,
): Credentials | undefined {
  let parsed: { auths?: Record<string, DockerConfigAuth> };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (err) {
    throw new Error(`${where}: invalid JSON (${(err as Error).message})`);
  }
  const auths = parsed.auths ?? {};
  const wanted = normalizeConfigKey(registry);
  for (const [key, entry] of Object.entries(auths)) {
    if (normalizeConfigKey(key) !== wanted) continue;
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new Error(`${where}: auths["${key}"].auth is not base64 of "user:password"`);
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (entry.username !== undefined && entry.password !== undefined) {
      return { username: entry.username, password: entry.password };
    }
  }
  return undefined;
}

/** `https://index.docker.io/v1/`, `docker.io`, `http://host:5000/v2/` → a bare host[:port]. */
function normalizeConfigKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? DOCKER_HUB : host;
}

export interface CredentialSources {
  /** Explicit credentials (flags) win. */
  credentials?: Credentials;
  env?: NodeJS.ProcessEnv;
  /** Path of a docker config.json; default {@link defaultDockerConfigPath}. */
  dockerConfigPath?: string;
}

/** Credentials for `registry`: explicit, then env, then docker config.json; undefined for anonymous access. */
export async function resolveCredentials(
  registry: string,
  sources: CredentialSources = {},
): Promise<Credentials | undefined> {
  if (sources.credentials) return sources.credentials;
  const env = sources.env ?? process.env;
  const username = env[CREDENTIAL_ENV.username];
  const password = env[CREDENTIAL_ENV.password];
  if (username && password !== undefined) return { username, password };
  const configPath = sources.dockerConfigPath ?? defaultDockerConfigPath(env);
  let text: string;
  try {
    text = await fs.readFile(configPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return credentialsFromDockerConfig(text, registry, configPath);
}
