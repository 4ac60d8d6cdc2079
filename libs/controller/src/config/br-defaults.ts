import type { BrDefaultsConfig, BrokerDefaults } from '@kuack/api';
import { parse as parseYaml } from 'yaml';
import { type ConfigParser, ConfigReader } from './parse';

export type { BrDefaultsConfig, BrokerDefaults } from '@kuack/api';

/** Knative Eventing's shipped default: MTChannelBasedBroker over config-br-default-channel. */
export function defaultBrDefaults(): BrDefaultsConfig {
  return {
    clusterDefault: {
      brokerClass: 'MTChannelBasedBroker',
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'config-br-default-channel',
      namespace: 'knative-eventing',
      delivery: { retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' },
    },
  };
}

const KEY = 'default-br-config';

/** config-br-defaults (eventing pkg/apis/config/defaults.go): YAML under `default-br-config`. */
export const brDefaultsConfig: ConfigParser<BrDefaultsConfig> = {
  name: 'config-br-defaults',
  defaults: defaultBrDefaults,
  parse(data) {
    const r = new ConfigReader('config-br-defaults', data);
    if (!data[KEY]?.trim()) r.fail(KEY, 'is missing or empty');
    let parsed: unknown;
    try {
      parsed = parseYaml(data[KEY]);
    } catch (err) {
      r.fail(KEY, `is not YAML: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      r.fail(KEY, 'must be a mapping with clusterDefault/namespaceDefaults');
    const p = parsed as { clusterDefault?: unknown; namespaceDefaults?: unknown };
    const out: BrDefaultsConfig = {};
    if (p.clusterDefault !== undefined) out.clusterDefault = entry(r, p.clusterDefault, 'clusterDefault');
    if (p.namespaceDefaults !== undefined) {
      if (typeof p.namespaceDefaults !== 'object' || p.namespaceDefaults === null)
        r.fail(KEY, 'namespaceDefaults must map namespaces to defaults');
      out.namespaceDefaults = {};
      for (const [ns, v] of Object.entries(p.namespaceDefaults as Record<string, unknown>))
        out.namespaceDefaults[ns] = entry(r, v, `namespaceDefaults.${ns}`);
    }
    return out;
  },
};

function entry(r: ConfigReader, v: unknown, path: string): BrokerDefaults {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return r.fail(KEY, `${path} must be a mapping`);
  const e = v as Record<string, unknown>;
  for (const f of ['brokerClass', 'apiVersion', 'kind', 'name', 'namespace']) {
    if (e[f] !== undefined && typeof e[f] !== 'string') r.fail(KEY, `${path}.${f} must be a string`);
  }
  if (e.delivery !== undefined) {
    const d = e.delivery as Record<string, unknown>;
    if (typeof d !== 'object' || d === null) r.fail(KEY, `${path}.delivery must be a mapping`);
    if (d.retry !== undefined && (!Number.isInteger(d.retry) || (d.retry as number) < 0))
      r.fail(KEY, `${path}.delivery.retry must be a non-negative integer`);
    if (d.backoffPolicy !== undefined && d.backoffPolicy !== 'linear' && d.backoffPolicy !== 'exponential')
      r.fail(KEY, `${path}.delivery.backoffPolicy must be linear or exponential`);
  }
  return e as BrokerDefaults;
}

/** The defaults for a Broker in `namespace`: the namespace's entry, else the cluster default. */
export function brokerDefaultsFor(config: BrDefaultsConfig, namespace: string): BrokerDefaults | undefined {
  return config.namespaceDefaults?.[namespace] ?? config.clusterDefault;
}
