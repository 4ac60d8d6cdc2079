import { validateEnvs, LOCAL_ENV } from './envs';
import { FUNC_YAML_SCHEMA, isPlainObject, walkSchema } from './schema';
import type { FuncYaml } from './types';

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SEMVER = /^\d+\.\d+\.\d+$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+|[EPTGMk]i?|[munk]|)$/i;

export interface ValidationResult {
  errors: string[];
  /** Unknown fields, as `field` paths: kept on write, reported as warnings. */
  unknown: string[];
}

/** Every problem of a parsed func.yaml, each naming its field (`deploy.options.scale.max: …`). */
export function validateFuncYaml(doc: unknown): ValidationResult {
  const errors: string[] = [];
  const unknown: string[] = [];
  if (!isPlainObject(doc))
    return { errors: [`expected a mapping at the top level, got ${typeof doc}`], unknown };
  walkSchema(doc, FUNC_YAML_SCHEMA, '', errors, unknown);
  if (errors.length > 0) return { errors, unknown };
  const f = doc as FuncYaml;

  if (f.specVersion === undefined) errors.push('specVersion: missing');
  else if (!SEMVER.test(f.specVersion))
    errors.push(`specVersion: "${f.specVersion}" is not a version like 0.36.0`);
  if (f.name !== undefined && !NAME.test(f.name)) {
    errors.push(
      `name: "${f.name}" must be lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  } else if (f.name !== undefined && f.name.length > 63)
    errors.push(`name: "${f.name}" is longer than 63 characters`);
  if (f.invoke !== undefined && f.invoke !== 'http' && f.invoke !== 'cloudevent') {
    errors.push(`invoke: "${String(f.invoke)}" must be http or cloudevent`);
  }
  errors.push(...validateEnvs(f.run?.envs ?? [], 'run.envs'));
  errors.push(...validateEnvs(f.build?.buildEnvs ?? [], 'build.buildEnvs', true));
  errors.push(...validateVolumes(f));
  errors.push(...validateLabels(f));
  errors.push(...validateOptions(f));
  const health = f.deploy?.healthEndpoints ?? {};
  for (const probe of ['liveness', 'readiness'] as const) {
    const p = health[probe];
    if (p !== undefined && !p.startsWith('/'))
      errors.push(`deploy.healthEndpoints.${probe}: "${p}" must be a path starting with /`);
  }
  (f.deploy?.subscriptions ?? []).forEach((s, i) => {
    if (!s.source) errors.push(`deploy.subscriptions[${i}].source: missing (the broker to subscribe to)`);
  });
  return { errors, unknown };
}

function validateVolumes(f: FuncYaml): string[] {
  const errors: string[] = [];
  const seen = new Map<string, number>();
  (f.run?.volumes ?? []).forEach((v, i) => {
    const at = `run.volumes[${i}]`;
    const kinds = (['secret', 'configMap', 'persistentVolumeClaim', 'emptyDir'] as const).filter(
      (k) => v[k] !== undefined,
    );
    if (kinds.length === 0)
      errors.push(`${at}: missing a volume type (secret, configMap, persistentVolumeClaim or emptyDir)`);
    if (kinds.length > 1) errors.push(`${at}: more than one volume type (${kinds.join(', ')})`);
    if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName)
      errors.push(`${at}.persistentVolumeClaim.claimName: missing`);
    if (v.emptyDir?.medium !== undefined && v.emptyDir.medium !== '' && v.emptyDir.medium !== 'Memory') {
      errors.push(`${at}.emptyDir.medium: "${v.emptyDir.medium}" must be empty or Memory`);
    }
    if (v.path === undefined) errors.push(`${at}.path: missing`);
    else {
      const clean = v.path.replace(/\/+$/, '') || '/';
      const first = seen.get(clean);
      if (first !== undefined)
        errors.push(`${at}.path: duplicate path "${v.path}" (first at run.volumes[${first}])`);
      else seen.set(clean, i);
    }
  });
  return errors;
}

function validateLabels(f: FuncYaml): string[] {
  const errors: string[] = [];
  (f.deploy?.labels ?? []).forEach((label, i) => {
    const at = `deploy.labels[${i}]`;
    if (label.key === undefined) {
      errors.push(label.value === undefined ? `${at}: neither key nor value is set` : `${at}.key: missing`);
      return;
    }
    const slash = label.key.lastIndexOf('/');
    const prefix = slash === -1 ? undefined : label.key.slice(0, slash);
    const name = slash === -1 ? label.key : label.key.slice(slash + 1);
    if (
      (prefix !== undefined && (!DNS_SUBDOMAIN.test(prefix) || prefix.length > 253)) ||
      !LABEL_NAME.test(name) ||
      name.length > 63
    ) {
      errors.push(`${at}.key: "${label.key}" is not a valid label key`);
    }
    const value = label.value;
    if (value === undefined) return;
    if (value.startsWith('{{')) {
      if (!LOCAL_ENV.test(value))
        errors.push(`${at}.value: "${value}" is not a valid template; allowed: {{ env:MY_ENV }}`);
    } else if (value !== '' && (!LABEL_NAME.test(value) || value.length > 63)) {
      errors.push(`${at}.value: "${value}" is not a valid label value`);
    }
  });
  return errors;
}

function validateOptions(f: FuncYaml): string[] {
  const errors: string[] = [];
  const scale = f.deploy?.options?.scale;
  const at = 'deploy.options';
  if (scale) {
    if (scale.min !== undefined && scale.min < 0)
      errors.push(`${at}.scale.min: ${scale.min} must not be negative`);
    if (scale.max !== undefined && scale.max < 0)
      errors.push(`${at}.scale.max: ${scale.max} must not be negative`);
    if (scale.min !== undefined && scale.max !== undefined && scale.max < scale.min) {
      errors.push(`${at}.scale.max: ${scale.max} must be at least scale.min (${scale.min})`);
    }
    if (scale.metric !== undefined && scale.metric !== 'concurrency' && scale.metric !== 'rps') {
      errors.push(`${at}.scale.metric: "${String(scale.metric)}" must be concurrency or rps`);
    }
    if (scale.target !== undefined && scale.target < 0.01)
      errors.push(`${at}.scale.target: ${scale.target} must be at least 0.01`);
    if (scale.utilization !== undefined && (scale.utilization < 1 || scale.utilization > 100)) {
      errors.push(`${at}.scale.utilization: ${scale.utilization} must be between 1 and 100`);
    }
  }
  const resources = f.deploy?.options?.resources;
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory'] as const) {
      const q = resources?.[kind]?.[resource];
      if (q !== undefined && !QUANTITY.test(q))
        errors.push(`${at}.resources.${kind}.${resource}: "${q}" is not a quantity (e.g. 500m, 128Mi)`);
    }
  }
  const concurrency = resources?.limits?.concurrency;
  if (concurrency !== undefined && concurrency < 0)
    errors.push(`${at}.resources.limits.concurrency: ${concurrency} must not be negative`);
  return errors;
}
