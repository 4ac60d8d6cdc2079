// Typed access to the connection settings the testenv exports (see docs/testing.md). Each getter fails with
// a message saying how to get the setting, so a test never runs against a service that is not there.

export type ServiceName = 'kube' | 'kafka' | 'rabbitmq' | 'registry' | 'tools';

export interface RegistrySettings {
  /** host:port, as in image references (`127.0.0.1:35000/repo:tag`). */
  host: string;
  /** Base URL of the distribution API (plain HTTP on loopback). */
  url: string;
}

export interface AuthRegistrySettings extends RegistrySettings {
  username: string;
  password: string;
  /** The `Authorization` header value for Basic auth. */
  authorization: string;
}

export interface TestEnv {
  /** `podCidr`: the range routed to `lo` that node agents joining this control plane give Pods (KUACK_POD_CIDR). */
  kube: { kubeconfigPath: string; podCidr: string };
  kafka: { brokers: string[] };
  rabbitmq: { url: string };
  registry: RegistrySettings;
  registryAuth: AuthRegistrySettings;
  tools: { pebbleConfigPath: string; caCertPath: string };
}

function required(name: string, service: ServiceName): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: the ${service} service of tools/testenv is not up for this test. Run integration tests ` +
        `through \`npm test\` (its Jest global setup starts every service), or call \`await requireServices(['${service}'])\` ` +
        `from @kuack/testenv in beforeAll.`,
    );
  }
  return value;
}

function registryAt(host: string): RegistrySettings {
  return { host, url: `http://${host}` };
}

/** The settings; reading one of a service that is not up throws with the way to bring it up. */
export function testEnv(): TestEnv {
  return {
    get kube() {
      return {
        kubeconfigPath: required('KUBECONFIG', 'kube'),
        get podCidr() {
          return required('KUACK_POD_CIDR', 'kube');
        },
      };
    },
    get kafka() {
      return { brokers: required('KAFKA_BROKERS', 'kafka').split(',') };
    },
    get rabbitmq() {
      return { url: required('AMQP_URL', 'rabbitmq') };
    },
    get registry() {
      return registryAt(required('OCI_REGISTRY', 'registry'));
    },
    get registryAuth() {
      const username = required('OCI_REGISTRY_AUTH_USER', 'registry');
      const password = required('OCI_REGISTRY_AUTH_PASSWORD', 'registry');
      return {
        ...registryAt(required('OCI_REGISTRY_AUTH', 'registry')),
        username,
        password,
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      };
    },
    get tools() {
      return {
        pebbleConfigPath: required('PEBBLE_CONFIG', 'tools'),
        caCertPath: required('TESTENV_CA_CERT', 'tools'),
      };
    },
  };
}
