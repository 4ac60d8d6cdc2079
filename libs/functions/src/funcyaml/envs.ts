import type { Env } from './types';

// The value templates of func.yaml envs (Knative's patterns).
export const LOCAL_ENV = /^{{\s*env:(\w+)\s*}}$/;
export const SECRET_KEY = /^{{\s*secret:((?:\w|['-]\w)+):([-._a-zA-Z0-9]+)\s*}}$/;
export const CONFIGMAP_KEY = /^{{\s*configMap:((?:\w|['-]\w)+):([-._a-zA-Z0-9]+)\s*}}$/;
export const WHOLE_SECRET = /^{{\s*secret:((?:\w|['-]\w)+)\s*}}$/;
export const WHOLE_CONFIGMAP = /^{{\s*configMap:((?:\w|['-]\w)+)\s*}}$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Problems of an env list, Knative's rules; `field` is e.g. `run.envs`. */
export function validateEnvs(envs: Env[], field: string, buildTime = false): string[] {
  const errors: string[] = [];
  const seen = new Map<string, number>();
  envs.forEach((env, i) => {
    const at = `${field}[${i}]`;
    if (env.name !== undefined) {
      const first = seen.get(env.name);
      if (first !== undefined)
        errors.push(`${at}.name: duplicate name "${env.name}" (first at ${field}[${first}])`);
      else seen.set(env.name, i);
    }
    if (env.name === undefined && env.value === undefined)
      return void errors.push(`${at}: neither name nor value is set`);
    if (env.value === undefined)
      return void errors.push(`${at}.value: missing (only name "${env.name}" is set)`);
    if (env.name === undefined) {
      if (buildTime || !(WHOLE_SECRET.test(env.value) || WHOLE_CONFIGMAP.test(env.value))) {
        errors.push(
          buildTime
            ? `${at}.name: missing (only value "${env.value}" is set)`
            : `${at}.value: "${env.value}" without a name must be {{ secret:NAME }} or {{ configMap:NAME }}`,
        );
      }
      return;
    }
    if (!ENV_NAME.test(env.name))
      errors.push(`${at}.name: "${env.name}" is not a valid environment variable name`);
    if (env.value.startsWith('{{')) {
      const allowed = buildTime
        ? LOCAL_ENV.test(env.value)
        : LOCAL_ENV.test(env.value) || SECRET_KEY.test(env.value) || CONFIGMAP_KEY.test(env.value);
      if (!allowed) {
        errors.push(
          `${at}.value: "${env.value}" is not a valid template; allowed: {{ env:MY_ENV }}` +
            (buildTime ? '' : ', {{ secret:name:key }}, {{ configMap:name:key }}'),
        );
      }
    }
  });
  return errors;
}

/**
 * The environment for running the function on this machine: plain values as written, `{{ env:X }}` from
 * `local` (an error naming the env entry when X is unset). Secrets and config maps exist only in a cluster:
 * their entries are returned in `skipped` for the caller to report.
 */
export function interpolateEnvs(
  envs: Env[] | undefined,
  local: NodeJS.ProcessEnv = process.env,
  field = 'run.envs',
): { values: Record<string, string>; skipped: string[] } {
  const values: Record<string, string> = {};
  const skipped: string[] = [];
  (envs ?? []).forEach((env, i) => {
    if (env.value === undefined) return;
    if (env.name === undefined) return void skipped.push(env.value);
    const match = LOCAL_ENV.exec(env.value);
    if (match) {
      const value = local[match[1]];
      if (value === undefined) {
        throw new Error(`${field}[${i}] (${env.name}): the environment variable ${match[1]} is not set`);
      }
      values[env.name] = value;
    } else if (SECRET_KEY.test(env.value) || CONFIGMAP_KEY.test(env.value)) {
      skipped.push(`${env.name}=${env.value}`);
    } else {
      values[env.name] = env.value;
    }
  });
  return { values, skipped };
}

export interface FuncYamlContainerEnv {
  env: Array<{
    name: string;
    value?: string;
    valueFrom?: {
      secretKeyRef?: { name: string; key: string };
      configMapKeyRef?: { name: string; key: string };
    };
  }>;
  envFrom: Array<{ secretRef?: { name: string }; configMapRef?: { name: string } }>;
}

/** The container env of a deployed function: secrets and config maps as valueFrom/envFrom references. */
export function toContainerEnv(
  envs: Env[] | undefined,
  local: NodeJS.ProcessEnv = process.env,
): FuncYamlContainerEnv {
  const result: FuncYamlContainerEnv = { env: [], envFrom: [] };
  (envs ?? []).forEach((entry, i) => {
    const value = entry.value;
    if (value === undefined) return;
    if (entry.name === undefined) {
      const secret = WHOLE_SECRET.exec(value);
      const configMap = WHOLE_CONFIGMAP.exec(value);
      if (secret) result.envFrom.push({ secretRef: { name: secret[1] } });
      else if (configMap) result.envFrom.push({ configMapRef: { name: configMap[1] } });
      return;
    }
    const secret = SECRET_KEY.exec(value);
    const configMap = CONFIGMAP_KEY.exec(value);
    const localEnv = LOCAL_ENV.exec(value);
    if (secret)
      result.env.push({ name: entry.name, valueFrom: { secretKeyRef: { name: secret[1], key: secret[2] } } });
    else if (configMap) {
      result.env.push({
        name: entry.name,
        valueFrom: { configMapKeyRef: { name: configMap[1], key: configMap[2] } },
      });
    } else if (localEnv) {
      const v = local[localEnv[1]];
      if (v === undefined)
        throw new Error(`run.envs[${i}] (${entry.name}): the environment variable ${localEnv[1]} is not set`);
      result.env.push({ name: entry.name, value: v });
    } else result.env.push({ name: entry.name, value });
  });
  return result;
}
