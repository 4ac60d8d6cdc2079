import { Annotation, type ContainerConfig } from '@kuack/oci';
import type { FunctionBuildEnv } from './function-config';
import { RUNTIME_IMAGE_PATH } from './runtime-bundle';

export const FUNCTION_ROOT = '/func/';
export const FUNCTION_USER = '1000:1000';
export const FUNCTION_PORT = 8080;

export interface FunctionImageConfigInput {
  name: string;
  /** The base image's own config (PATH, NODE_VERSION…), when there is a base image. */
  base?: ContainerConfig;
  /** func.yaml `created`: fixed at creation, so rebuilding gives the same digest. */
  created?: string;
  /** `git describe` of the source, when it is a git checkout. */
  version?: string;
  /** The commit of the source. */
  revision?: string;
  envs?: FunctionBuildEnv[];
}

/** `run.envs` that can be baked into an image: literal values (templates are resolved at deploy time). */
export function literalEnvs(envs: FunctionBuildEnv[] = []): {
  env: Array<[string, string]>;
  skipped: string[];
} {
  const env: Array<[string, string]> = [];
  const skipped: string[] = [];
  for (const e of envs) {
    if (!e.name) continue;
    const value = e.value ?? '';
    if (/\{\{.*\}\}/.test(value)) skipped.push(e.name);
    else env.push([e.name, value]);
  }
  return { env, skipped };
}

/**
 * The container config of a function image: the runtime as entrypoint, /func/ as working directory, user
 * 1000:1000, port 8080, env = base env + NODE_ENV + FUNC_CREATED + FUNC_VERSION + literal run.envs (later wins),
 * and OCI labels naming the function and its source revision.
 */
export function makeFunctionContainerConfig(input: FunctionImageConfigInput): ContainerConfig {
  const env = new Map<string, string>();
  for (const entry of input.base?.Env ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  env.set('NODE_ENV', 'production');
  if (input.created) env.set('FUNC_CREATED', input.created);
  if (input.version) env.set('FUNC_VERSION', input.version);
  for (const [name, value] of literalEnvs(input.envs).env) env.set(name, value);

  const labels: Record<string, string> = { ...(input.base?.Labels ?? {}) };
  labels[Annotation.title] = input.name;
  if (input.created) labels[Annotation.created] = input.created;
  if (input.revision) labels[Annotation.revision] = input.revision;
  if (input.version) labels[Annotation.version] = input.version;
  labels['function.knative.dev/name'] = input.name;

  return {
    User: FUNCTION_USER,
    ExposedPorts: { [`${FUNCTION_PORT}/tcp`]: {} },
    Env: [...env].map(([k, v]) => `${k}=${v}`),
    Entrypoint: ['node', RUNTIME_IMAGE_PATH],
    WorkingDir: FUNCTION_ROOT,
    Labels: Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    StopSignal: 'SIGTERM',
  };
}
