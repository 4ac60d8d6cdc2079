/** The queue-proxy's settings, from the env the Revision's Deployment sets (Knative's names). */
export interface QueueProxyConfig {
  namespace: string;
  service: string;
  configuration: string;
  revision: string;
  pod: string;
  /** The Pod's address: where the user container listens (the node agent's shim binds it there). */
  podIP: string;
  /** Address the queue-proxy's servers bind; undefined = every address (the node agent maps it to the Pod IP). */
  bindAddress: string | undefined;
  servingPort: number;
  adminPort: number;
  metricsPort: number;
  userPort: number;
  containerConcurrency: number;
  timeoutMs: number;
  responseStartTimeoutMs: number;
  idleTimeoutMs: number;
  /** Raw JSON of the user readiness probe (SERVING_READINESS_PROBE), or undefined for "always ready". */
  readinessProbe: string | undefined;
  /** How long to keep serving while failing probes after SIGTERM (Knative: 30 s). */
  drainPeriodMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const v = env[name];
  if (v === undefined || v === '') throw new ConfigError(name, 'is required');
  return v;
}

function integer(
  env: Env,
  name: string,
  fallback: number | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw new ConfigError(name, 'is required');
    return fallback;
  }
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(name, `must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return v;
}

function seconds(env: Env, name: string, fallbackSeconds: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallbackSeconds * 1000;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0)
    throw new ConfigError(name, `must be a number of seconds ≥ 0, got "${raw}"`);
  return Math.round(v * 1000);
}

/**
 * Reads the env of the Revision Pod contract. Kuack extensions: QUEUE_BIND_ADDRESS (default: every address),
 * QUEUE_ADMIN_PORT (default 8022), QUEUE_DRAIN_PERIOD_SECONDS (default 30, fractions allowed for tests).
 */
export function parseQueueProxyEnv(env: Env): QueueProxyConfig {
  const podIP = required(env, 'SERVING_POD_IP');
  return {
    namespace: required(env, 'SERVING_NAMESPACE'),
    service: env.SERVING_SERVICE ?? '',
    configuration: env.SERVING_CONFIGURATION ?? '',
    revision: required(env, 'SERVING_REVISION'),
    pod: required(env, 'SERVING_POD'),
    podIP,
    bindAddress: env.QUEUE_BIND_ADDRESS || undefined,
    servingPort: integer(env, 'QUEUE_SERVING_PORT', 8012, 0, 65535),
    adminPort: integer(env, 'QUEUE_ADMIN_PORT', 8022, 0, 65535),
    metricsPort: integer(env, 'METRICS_PORT', 9090, 0, 65535),
    userPort: integer(env, 'USER_PORT', undefined, 1, 65535),
    containerConcurrency: integer(env, 'CONTAINER_CONCURRENCY', 0, 0),
    timeoutMs: integer(env, 'REVISION_TIMEOUT_SECONDS', 300, 0) * 1000,
    responseStartTimeoutMs: integer(env, 'REVISION_RESPONSE_START_TIMEOUT_SECONDS', 0, 0) * 1000,
    idleTimeoutMs: integer(env, 'REVISION_IDLE_TIMEOUT_SECONDS', 0, 0) * 1000,
    readinessProbe: env.SERVING_READINESS_PROBE || undefined,
    drainPeriodMs: seconds(env, 'QUEUE_DRAIN_PERIOD_SECONDS', 30),
  };
}
