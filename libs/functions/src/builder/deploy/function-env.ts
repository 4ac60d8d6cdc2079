import type { V1EnvFromSource, V1EnvVar } from '@kubernetes/client-node';
import { FunctionBuildError } from '../build-error';
import type { FunctionBuildEnv } from '../function-config';

export interface FunctionContainerEnv {
  env: V1EnvVar[];
  envFrom: V1EnvFromSource[];
  /** Secrets and ConfigMaps the function refers to (deploy checks they exist). */
  secrets: string[];
  configMaps: string[];
}

const TEMPLATE = /^\{\{\s*(.*?)\s*\}\}$/;

/**
 * func.yaml `run.envs` → container env, as Knative's deployer does: `NAME=value`; `{{ env:X }}` from the
 * deploying machine's environment (an error when unset); `{{ secret:s:key }}` / `{{ configMap:c:key }}` →
 * valueFrom; a nameless `{{ secret:s }}` / `{{ configMap:c }}` → envFrom. `ADDRESS=0.0.0.0` is added unless set.
 */
export function containerEnv(
  envs: FunctionBuildEnv[] = [],
  processEnv: NodeJS.ProcessEnv = process.env,
): FunctionContainerEnv {
  const out: FunctionContainerEnv = { env: [], envFrom: [], secrets: [], configMaps: [] };
  const refer = (kind: 'secret' | 'configMap', name: string) => {
    const list = kind === 'secret' ? out.secrets : out.configMaps;
    if (!list.includes(name)) list.push(name);
  };
  envs.forEach((entry, i) => {
    const where = `func.yaml run.envs[${i}]${entry.name ? ` (${entry.name})` : ''}`;
    const value = entry.value ?? '';
    const template = TEMPLATE.exec(value.trim());
    if (!template) {
      if (!entry.name)
        throw new FunctionBuildError(
          `${where}: an env without a name must be {{ secret:NAME }} or {{ configMap:NAME }}`,
        );
      out.env.push({ name: entry.name, value });
      return;
    }
    const parts = template[1]!.split(':').map((p) => p.trim());
    const [kind, name, key] = parts;
    if (kind === 'env') {
      if (!entry.name || parts.length !== 2 || !name)
        throw new FunctionBuildError(`${where}: use NAME with value {{ env:VARIABLE }}`);
      const local = processEnv[name];
      if (local === undefined)
        throw new FunctionBuildError(`${where}: the environment variable ${name} is not set on this machine`);
      out.env.push({ name: entry.name, value: local });
      return;
    }
    if (kind !== 'secret' && kind !== 'configMap') {
      throw new FunctionBuildError(`${where}: unsupported source "${kind}" (use env, secret or configMap)`);
    }
    if (!name) throw new FunctionBuildError(`${where}: the ${kind} name is empty`);
    refer(kind, name);
    if (!entry.name) {
      if (parts.length !== 2)
        throw new FunctionBuildError(`${where}: a nameless env takes a whole ${kind}: {{ ${kind}:NAME }}`);
      out.envFrom.push(kind === 'secret' ? { secretRef: { name } } : { configMapRef: { name } });
      return;
    }
    if (parts.length !== 3 || !key) throw new FunctionBuildError(`${where}: use {{ ${kind}:NAME:KEY }}`);
    out.env.push({
      name: entry.name,
      valueFrom: kind === 'secret' ? { secretKeyRef: { name, key } } : { configMapKeyRef: { name, key } },
    });
  });
  if (!out.env.some((e) => e.name === 'ADDRESS')) out.env.push({ name: 'ADDRESS', value: '0.0.0.0' });
  return out;
}

/** `-e NAME=VALUE` flags (and `-e NAME-` to remove) applied over func.yaml's run.envs, as `func deploy -e` does. */
export function applyEnvFlags(envs: FunctionBuildEnv[] = [], flags: string[] = []): FunctionBuildEnv[] {
  const result = envs.map((e) => ({ ...e }));
  for (const flag of flags) {
    if (flag.endsWith('-') && !flag.includes('=')) {
      const name = flag.slice(0, -1);
      const at = result.findIndex((e) => e.name === name);
      if (at >= 0) result.splice(at, 1);
      continue;
    }
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new FunctionBuildError(`-e ${flag}: use NAME=VALUE (or NAME- to remove a variable)`);
    const name = flag.slice(0, eq);
    const value = flag.slice(eq + 1);
    const existing = result.find((e) => e.name === name);
    if (existing) existing.value = value;
    else result.push({ name, value });
  }
  return result;
}
