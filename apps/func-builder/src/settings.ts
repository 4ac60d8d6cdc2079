import { readFileSync } from 'node:fs';

/** How the build service runs; from the environment (a Deployment's env and a mounted Secret). */
export interface BuilderSettings {
  host: string;
  port: number;
  /** The bearer token clients must send; from FUNC_BUILDER_TOKEN or the file FUNC_BUILDER_TOKEN_FILE (a Secret). */
  token: string;
  /** Registry images go to when the request names no image: `<registry>/<name>:latest`. */
  registry?: string;
  registryUsername?: string;
  registryPassword?: string;
  insecureRegistry: boolean;
  baseImage?: string;
  /** Largest accepted source tarball (compressed bytes). */
  maxSourceBytes: number;
  /** Builds running at once; more wait in a queue of `maxQueued`, beyond which requests get 429. */
  concurrency: number;
  maxQueued: number;
  workDir?: string;
  cacheDir?: string;
  /** Accept file:// git URLs (tests and single-machine setups only). */
  allowFileGit?: boolean;
}

export const DEFAULT_MAX_SOURCE_BYTES = 64 << 20;

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): BuilderSettings {
  const token =
    env.FUNC_BUILDER_TOKEN ??
    (env.FUNC_BUILDER_TOKEN_FILE ? readFileSync(env.FUNC_BUILDER_TOKEN_FILE, 'utf8').trim() : undefined);
  if (!token)
    throw new Error(
      'FUNC_BUILDER_TOKEN (or FUNC_BUILDER_TOKEN_FILE, a mounted Secret) must be set: the service refuses to run unauthenticated',
    );
  const int = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${name}: "${raw}" must be a positive integer`);
    return value;
  };
  const optional = (name: string): Record<string, string> => (env[name] ? { [name]: env[name]! } : {});
  const o = {
    ...optional('FUNC_BUILDER_REGISTRY'),
    ...optional('FUNC_BUILDER_BASE_IMAGE'),
    ...optional('FUNC_BUILDER_WORK_DIR'),
    ...optional('FUNC_BUILDER_CACHE_DIR'),
  };
  const username = env.FUNC_BUILDER_REGISTRY_USERNAME ?? env.KUACK_REGISTRY_USERNAME;
  const password = env.FUNC_BUILDER_REGISTRY_PASSWORD ?? env.KUACK_REGISTRY_PASSWORD;
  return {
    host: env.FUNC_BUILDER_HOST ?? '127.0.0.1',
    port: int('FUNC_BUILDER_PORT', 8080),
    token,
    ...(o.FUNC_BUILDER_REGISTRY ? { registry: o.FUNC_BUILDER_REGISTRY } : {}),
    ...(username !== undefined ? { registryUsername: username } : {}),
    ...(password !== undefined ? { registryPassword: password } : {}),
    insecureRegistry: env.FUNC_BUILDER_INSECURE_REGISTRY === 'true',
    allowFileGit: env.FUNC_BUILDER_ALLOW_FILE_GIT === 'true',
    ...(o.FUNC_BUILDER_BASE_IMAGE ? { baseImage: o.FUNC_BUILDER_BASE_IMAGE } : {}),
    maxSourceBytes: int('FUNC_BUILDER_MAX_SOURCE_BYTES', DEFAULT_MAX_SOURCE_BYTES),
    concurrency: int('FUNC_BUILDER_CONCURRENCY', 2),
    maxQueued: int('FUNC_BUILDER_MAX_QUEUED', 16),
    ...(o.FUNC_BUILDER_WORK_DIR ? { workDir: o.FUNC_BUILDER_WORK_DIR } : {}),
    ...(o.FUNC_BUILDER_CACHE_DIR ? { cacheDir: o.FUNC_BUILDER_CACHE_DIR } : {}),
  };
}
