import { testEnv } from './settings';

describe('testEnv()', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads the exported settings into typed values', () => {
    Object.assign(process.env, {
      KUBECONFIG: '/state/kube/admin.kubeconfig',
      KUACK_POD_CIDR: '10.248.0.0/16',
      KAFKA_BROKERS: '127.0.0.1:29092',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:24672',
      OCI_REGISTRY: '127.0.0.1:25000',
      OCI_REGISTRY_AUTH: '127.0.0.1:25001',
      OCI_REGISTRY_AUTH_USER: 'kuack',
      OCI_REGISTRY_AUTH_PASSWORD: 'secret',
    });
    const env = testEnv();
    expect(env.kube).toEqual({ kubeconfigPath: '/state/kube/admin.kubeconfig', podCidr: '10.248.0.0/16' });
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

  it('reads the pod CIDR only when asked, naming KUACK_POD_CIDR when it is missing', () => {
    process.env.KUBECONFIG = '/state/kube/admin.kubeconfig';
    delete process.env.KUACK_POD_CIDR;
    const kube = testEnv().kube;
    expect(kube.kubeconfigPath).toBe('/state/kube/admin.kubeconfig');
    expect(() => kube.podCidr).toThrow(
      /KUACK_POD_CIDR is not set: the kube service of tools\/testenv is not up/,
    );
  });
});
