/** A compact description of func.yaml's structure, walked to find type errors and unknown fields. */
export type FieldType =
  | 'string'
  | 'boolean'
  | 'number'
  | 'integer'
  | 'date'
  | 'duration'
  | { object: Record<string, FieldType> }
  | { array: FieldType }
  | { map: 'string' };

const env: FieldType = { object: { name: 'string', value: 'string' } };
const quantity = 'string' as const;

export const FUNC_YAML_SCHEMA: FieldType = {
  object: {
    specVersion: 'string',
    name: 'string',
    domain: 'string',
    runtime: 'string',
    registry: 'string',
    registryInsecure: 'boolean',
    image: 'string',
    namespace: 'string',
    deployer: 'string',
    created: 'date',
    invoke: 'string',
    build: {
      object: {
        git: { object: { url: 'string', revision: 'string', contextDir: 'string' } },
        builderImages: { map: 'string' },
        buildpacks: { array: 'string' },
        builder: 'string',
        buildEnvs: { array: env },
        pvcSize: 'string',
        remoteStorageClass: 'string',
        baseImage: 'string',
        volumes: { array: { object: { hostPath: 'string', path: 'string' } } },
      },
    },
    run: {
      object: {
        volumes: {
          array: {
            object: {
              secret: 'string',
              configMap: 'string',
              persistentVolumeClaim: { object: { claimName: 'string', readOnly: 'boolean' } },
              emptyDir: { object: { medium: 'string', sizeLimit: quantity } },
              path: 'string',
            },
          },
        },
        envs: { array: env },
        startTimeout: 'duration',
        kafka: { object: { brokers: 'string', topic: 'string', consumerGroup: 'string' } },
      },
    },
    deploy: {
      object: {
        namespace: 'string',
        image: 'string',
        annotations: { map: 'string' },
        options: {
          object: {
            scale: {
              object: {
                min: 'integer',
                max: 'integer',
                metric: 'string',
                target: 'number',
                utilization: 'number',
              },
            },
            resources: {
              object: {
                requests: { object: { cpu: quantity, memory: quantity } },
                limits: { object: { cpu: quantity, memory: quantity, concurrency: 'integer' } },
              },
            },
          },
        },
        labels: { array: { object: { key: 'string', value: 'string' } } },
        healthEndpoints: { object: { liveness: 'string', readiness: 'string' } },
        serviceAccountName: 'string',
        imagePullSecret: 'string',
        deployer: 'string',
        subscriptions: { array: { object: { source: 'string', filters: { map: 'string' } } } },
        managementDisabled: 'boolean',
      },
    },
  },
};

/** Type errors (`field: message`) and unknown fields found walking `value` against `type`. */
export function walkSchema(
  value: unknown,
  type: FieldType,
  at: string,
  errors: string[],
  unknown: string[],
): void {
  if (value === null || value === undefined) return;
  const name = at || '(top level)';
  if (typeof type === 'string') {
    const problem = scalarProblem(value, type);
    if (problem) errors.push(`${name}: ${problem}`);
    return;
  }
  if ('array' in type) {
    if (!Array.isArray(value)) return void errors.push(`${name}: expected a list, got ${describe(value)}`);
    value.forEach((item, i) => walkSchema(item, type.array, `${at}[${i}]`, errors, unknown));
    return;
  }
  if (!isPlainObject(value)) return void errors.push(`${name}: expected a mapping, got ${describe(value)}`);
  if ('map' in type) {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v !== 'string') errors.push(`${at}.${key}: expected a string, got ${describe(v)}`);
    }
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const field = at ? `${at}.${key}` : key;
    const fieldType = type.object[key];
    if (!fieldType) unknown.push(field);
    else walkSchema(v, fieldType, field, errors, unknown);
  }
}

function scalarProblem(
  value: unknown,
  type: 'string' | 'boolean' | 'number' | 'integer' | 'date' | 'duration',
) {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : `expected a string, got ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${describe(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `expected a number, got ${describe(value)}`;
    case 'integer':
      return Number.isInteger(value) ? undefined : `expected an integer, got ${describe(value)}`;
    case 'date':
      return (typeof value === 'string' && !Number.isNaN(Date.parse(value))) || value instanceof Date
        ? undefined
        : `expected an RFC 3339 time, got ${describe(value)}`;
    case 'duration':
      return (typeof value === 'number' && value >= 0) ||
        (typeof value === 'string' && parseDuration(value) !== undefined)
        ? undefined
        : `expected a duration such as 90s or 1m30s, got ${describe(value)}`;
  }
}

/** Go duration syntax (`1h2m3.5s`, `300ms`) or nanoseconds as a number → milliseconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return value / 1e6;
  if (value === '0') return 0;
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    total += Number(m[1]) * units[m[2]];
    matched = re.lastIndex;
  }
  return matched === value.length && matched > 0 ? total : undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
