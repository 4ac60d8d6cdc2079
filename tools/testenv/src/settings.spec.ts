import { testEnv } from './settings';

describe('testEnv()', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads the exported settings into typed values', () => {
    Object.assign(process.env, {
      KUBECONFIG: '/state/kube/admin.kubeconfig',
      KAFKA_BROKERS: '127.0.0.1:29092',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:24672',
      OCI_REGISTRY: '127.0.0.1:25000',
      OCI_REGISTRY_AUTH: '127.0.0.1:25001',
      OCI_REGISTRY_AUTH_USER: 'kuack',
      OCI_REGISTRY_AUTH_PASSWORD: 'secret',
    });
    const env = testEnv();
    expect(env.kube).toEqual({ kubeconfigPath: '/state/kube/admin.kubeconfig' });
    expect(env.kafka).toEqual({ brokers: ['127.0.0.1:29092'] });
    expect(env.rabbitmq).toEqual({ url: 'amqp://guest:guest@127.0.0.1:24672' });
    expect(env.registry).toEqual({ host: '127.0.0.1:25000', url: 'http://127.0.0.1:25000' });
    expect(env.registryAuth).toEqual({
      host: '127.0.0.1:25001',
      url: 'http://127.0.0.1:25001',
      username: 'kuack',
      password: 'secret',
      authorization: `Basic ${Buffer.from('kuack:secret').toString('base64')}`,
    });
  });

  it('names the missing variable, its service and how to bring it up', () => {
    delete process.env.KAFKA_BROKERS;
    expect(() => testEnv().kafka).toThrow(
      /KAFKA_BROKERS is not set.*kafka service.*requireServices\(\['kafka'\]\)/s,
    );
  });

  it('only fails for the service that is read', () => {
    delete process.env.KAFKA_BROKERS;
    process.env.OCI_REGISTRY = '127.0.0.1:25000';
    expect(testEnv().registry.host).toBe('127.0.0.1:25000');
  });
});
