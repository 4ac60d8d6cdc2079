import { ConfigError, parseQueueProxyEnv } from './config';

const base = {
  SERVING_NAMESPACE: 'default',
  SERVING_REVISION: 'hello-00001',
  SERVING_CONFIGURATION: 'hello',
  SERVING_SERVICE: 'hello',
  SERVING_POD: 'hello-00001-deployment-abc',
  SERVING_POD_IP: '127.1.0.7',
  USER_PORT: '8080',
};

describe('parseQueueProxyEnv', () => {
  it('reads the Revision Pod env with Knative defaults', () => {
    expect(parseQueueProxyEnv(base)).toEqual({
      namespace: 'default',
      service: 'hello',
      configuration: 'hello',
      revision: 'hello-00001',
      pod: 'hello-00001-deployment-abc',
      podIP: '127.1.0.7',
      bindAddress: undefined,
      servingPort: 8012,
      adminPort: 8022,
      metricsPort: 9090,
      userPort: 8080,
      containerConcurrency: 0,
      timeoutMs: 300_000,
      responseStartTimeoutMs: 0,
      idleTimeoutMs: 0,
      readinessProbe: undefined,
      drainPeriodMs: 30_000,
    });
  });

  it('converts seconds and takes the Kuack extensions', () => {
    const cfg = parseQueueProxyEnv({
      ...base,
      CONTAINER_CONCURRENCY: '1',
      REVISION_TIMEOUT_SECONDS: '10',
      REVISION_RESPONSE_START_TIMEOUT_SECONDS: '3',
      REVISION_IDLE_TIMEOUT_SECONDS: '4',
      QUEUE_DRAIN_PERIOD_SECONDS: '0.25',
      QUEUE_BIND_ADDRESS: '127.0.0.9',
      QUEUE_SERVING_PORT: '0',
    });
    expect(cfg).toMatchObject({
      containerConcurrency: 1,
      timeoutMs: 10_000,
      responseStartTimeoutMs: 3000,
      idleTimeoutMs: 4000,
      drainPeriodMs: 250,
      bindAddress: '127.0.0.9',
      servingPort: 0,
    });
  });

  it.each([
    [{ ...base, USER_PORT: undefined }, 'USER_PORT'],
    [{ ...base, SERVING_POD_IP: '' }, 'SERVING_POD_IP'],
    [{ ...base, SERVING_REVISION: undefined }, 'SERVING_REVISION'],
    [{ ...base, CONTAINER_CONCURRENCY: '-1' }, 'CONTAINER_CONCURRENCY'],
    [{ ...base, USER_PORT: '70000' }, 'USER_PORT'],
    [{ ...base, REVISION_TIMEOUT_SECONDS: 'ten' }, 'REVISION_TIMEOUT_SECONDS'],
    [{ ...base, QUEUE_DRAIN_PERIOD_SECONDS: '-2' }, 'QUEUE_DRAIN_PERIOD_SECONDS'],
  ])('names the bad variable (%#: %s)', (env, variable) => {
    let error: unknown;
    try {
      parseQueueProxyEnv(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message.startsWith(`${variable}:`)).toBe(true);
  });
});
