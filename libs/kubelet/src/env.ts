import type { Container, Pod } from './pod.types';

/** ConfigMap/Secret data the container refers to, fetched beforehand (Secret values already base64-decoded). */
export interface EnvSources {
  configMaps: Map<string, Record<string, string> | undefined>;
  secrets: Map<string, Record<string, string> | undefined>;
}

export interface EnvContext {
  pod: Pod;
  container: Container;
  podIP: string;
  hostIP: string;
  imageEnv?: string[];
  sources: EnvSources;
}

/** Names of the ConfigMaps and Secrets a container's env and envFrom refer to. */
export function referencedSources(container: Container): { configMaps: string[]; secrets: string[] } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  for (const e of container.env ?? []) {
    if (e.valueFrom?.configMapKeyRef) configMaps.add(e.valueFrom.configMapKeyRef.name);
    if (e.valueFrom?.secretKeyRef) secrets.add(e.valueFrom.secretKeyRef.name);
  }
  for (const f of container.envFrom ?? []) {
    if (f.configMapRef) configMaps.add(f.configMapRef.name);
    if (f.secretRef) secrets.add(f.secretRef.name);
  }
  return { configMaps: [...configMaps], secrets: [...secrets] };
}

export class EnvError extends Error {}

function fieldValue(ctx: EnvContext, fieldPath: string, envName: string): string {
  const meta = ctx.pod.metadata;
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'spec.nodeName':
      return ctx.pod.spec.nodeName ?? '';
    case 'status.podIP':
      return ctx.podIP;
    case 'status.hostIP':
      return ctx.hostIP;
  }
  const label = /^metadata\.labels\['(.+)'\]$/.exec(fieldPath);
  if (label) return meta.labels?.[label[1]] ?? '';
  const annotation = /^metadata\.annotations\['(.+)'\]$/.exec(fieldPath);
  if (annotation) return meta.annotations?.[annotation[1]] ?? '';
  throw new EnvError(`env ${envName}: fieldRef.fieldPath "${fieldPath}" is not supported`);
}

function fromSource(
  kind: 'ConfigMap' | 'Secret',
  data: Map<string, Record<string, string> | undefined>,
  ref: { name: string; key: string; optional?: boolean },
  envName: string,
): string | undefined {
  const values = data.get(ref.name);
  if (!values) {
    if (ref.optional) return undefined;
    throw new EnvError(`env ${envName}: ${kind} "${ref.name}" not found`);
  }
  if (!(ref.key in values)) {
    if (ref.optional) return undefined;
    throw new EnvError(`env ${envName}: key "${ref.key}" not found in ${kind} "${ref.name}"`);
  }
  return values[ref.key];
}

/** Expands $(VAR) references to earlier variables, `$$(VAR)` to a literal `$(VAR)` (Kubernetes expansion rules). */
export function expandReferences(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && name in vars ? vars[name] : match;
  });
}

/**
 * The environment of a container process, in Kubernetes order: image Env, then envFrom, then env (later wins);
 * then KUACK_POD_IP for the listen shim (a variable of its own, so a user POD_IP stays as set). Throws EnvError naming the variable for a missing non-optional reference.
 */
export function buildContainerEnv(ctx: EnvContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of ctx.imageEnv ?? []) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  for (const from of ctx.container.envFrom ?? []) {
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const values = (from.configMapRef ? ctx.sources.configMaps : ctx.sources.secrets).get(ref.name);
    if (!values) {
      if (ref.optional) continue;
      throw new EnvError(`envFrom: ${kind} "${ref.name}" not found`);
    }
    for (const [key, value] of Object.entries(values)) env[`${from.prefix ?? ''}${key}`] = value;
  }
  for (const e of ctx.container.env ?? []) {
    let value: string | undefined;
    if (e.valueFrom?.fieldRef) value = fieldValue(ctx, e.valueFrom.fieldRef.fieldPath, e.name);
    else if (e.valueFrom?.configMapKeyRef)
      value = fromSource('ConfigMap', ctx.sources.configMaps, e.valueFrom.configMapKeyRef, e.name);
    else if (e.valueFrom?.secretKeyRef)
      value = fromSource('Secret', ctx.sources.secrets, e.valueFrom.secretKeyRef, e.name);
    else if (e.valueFrom) throw new EnvError(`env ${e.name}: this valueFrom source is not supported locally`);
    else value = expandReferences(e.value ?? '', env);
    if (value !== undefined) env[e.name] = value;
  }
  env.KUACK_POD_IP = ctx.podIP;
  return env;
}
