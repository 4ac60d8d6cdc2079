import { admit } from '../../admit';
import { defaultApiConfig } from '../../core/config';
import { IMAGE, ksvc, lines, svcWithContainer, template } from '../../test/support';

const T = 'spec.template.spec';
const C0 = `${T}.containers[0]`;

describe('revision template validation (PodSpec rules)', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ['a minimal container is valid', {}, {}, []],
    ['image is required', { image: '' }, {}, [`${C0}.image: missing field(s)`]],
    [
      'image must parse',
      { image: 'Not A Ref' },
      {},
      [
        `${C0}.image: Failed to parse image reference (image: "Not A Ref", error: could not parse reference: Not A Ref)`,
      ],
    ],
    [
      'queue-proxy is a reserved container name',
      { name: 'queue-proxy' },
      {},
      [`${C0}.name: "queue-proxy" is a reserved container name`],
    ],
    [
      'PORT is a reserved env var',
      { env: [{ name: 'PORT', value: '1' }] },
      {},
      [`${C0}.env[0].name: "PORT" is a reserved environment variable`],
    ],
    [
      'K_REVISION is a reserved env var',
      {
        env: [
          { name: 'OK', value: '1' },
          { name: 'K_REVISION', value: 'x' },
        ],
      },
      {},
      [`${C0}.env[1].name: "K_REVISION" is a reserved environment variable`],
    ],
    ['env name is required', { env: [{ value: '1' }] }, {}, [`${C0}.env[0].name: missing field(s)`]],
    [
      'fieldRef needs its feature flag',
      { env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] },
      {},
      [`${C0}.env[0].valueFrom.fieldRef: must not set the field(s)`],
    ],
    [
      'envFrom needs exactly one source',
      { envFrom: [{ prefix: 'X' }] },
      {},
      [
        `${C0}.envFrom.configMapRef: expected exactly one, got neither`,
        `${C0}.envFrom.secretRef: expected exactly one, got neither`,
      ],
    ],
    ...[8012, 8013, 8022, 9090, 9091].map(
      (p): [string, Record<string, unknown>, Record<string, unknown>, string[]] => [
        `port ${p} is reserved`,
        { ports: [{ containerPort: p }] },
        {},
        [
          `${C0}.ports.containerPort: invalid value: ${p} is a reserved port (${p} is a reserved port, please use a different value)`,
        ],
      ],
    ),
    [
      'port out of range',
      { ports: [{ containerPort: 70000 }] },
      {},
      [`${C0}.ports.containerPort: expected 0 <= 70000 <= 65535`],
    ],
    [
      'port name must be h2c/http1',
      { ports: [{ containerPort: 8080, name: 'grpc' }] },
      {},
      [`${C0}.ports: Port name grpc is not allowed (Name must be empty, or one of: 'h2c', 'http1')`],
    ],
    [
      'port protocol must be TCP',
      { ports: [{ containerPort: 8080, protocol: 'UDP' }] },
      {},
      [`${C0}.ports.protocol: invalid value: UDP`],
    ],
    [
      'hostPort is not allowed',
      { ports: [{ containerPort: 8080, hostPort: 80 }] },
      {},
      [`${C0}.ports.hostPort: must not set the field(s)`],
    ],
    [
      'only one port',
      { ports: [{ containerPort: 8080 }, { containerPort: 8081 }] },
      {},
      [
        `${T}.containers[*].ports: more than one container port is set (Only a single port is allowed across all containers)`,
      ],
    ],
    [
      'lifecycle and stdin are not allowed',
      { lifecycle: { preStop: {} }, stdin: true },
      {},
      [`${C0}.lifecycle: must not set the field(s)`, `${C0}.stdin: must not set the field(s)`],
    ],
    [
      'probe port must match the container port name',
      { readinessProbe: { httpGet: { port: 'admin' } } },
      {},
      [`${C0}.readinessProbe.httpGet.port: invalid value: admin (Probe port must match container port)`],
    ],
    [
      'probe with two handlers',
      { livenessProbe: { httpGet: {}, tcpSocket: {} } },
      {},
      [
        `${C0}.livenessProbe.httpGet: expected exactly one, got both`,
        `${C0}.livenessProbe.tcpSocket: expected exactly one, got both`,
      ],
    ],
    [
      'probe with no handler',
      { livenessProbe: { periodSeconds: 1 } },
      {},
      ['httpGet', 'tcpSocket', 'exec', 'grpc'].map(
        (h) => `${C0}.livenessProbe.${h}: expected exactly one, got neither`,
      ),
    ],
    [
      'readiness timeoutSeconds needs periodSeconds',
      { readinessProbe: { tcpSocket: {}, timeoutSeconds: 2 } },
      {},
      [`${C0}.readinessProbe.timeoutSeconds: timeoutSeconds is disallowed when periodSeconds is zero`],
    ],
    [
      'readiness failureThreshold ≥ 1 with a period',
      { readinessProbe: { tcpSocket: {}, periodSeconds: 2, failureThreshold: -1, timeoutSeconds: 1 } },
      {},
      [`${C0}.readinessProbe.failureThreshold: expected 1 <= -1 <= 2147483647`],
    ],
    [
      'mountPath is reserved',
      { volumeMounts: [{ name: 'v', mountPath: '/dev/', readOnly: true }] },
      { volumes: [{ name: 'v', secret: { secretName: 's' } }] },
      [`${C0}.volumeMounts[0].mountPath: mountPath "/dev" is a reserved path`],
    ],
    [
      'volumeMount needs a volume',
      { volumeMounts: [{ name: 'nope', mountPath: '/x', readOnly: true }] },
      {},
      [`${C0}.volumeMounts[0].name: volumeMount has no matching volume`],
    ],
    [
      'privileged true is not allowed',
      { securityContext: { privileged: true } },
      {},
      [`${C0}.securityContext.privileged: must not set the field(s)`],
    ],
    [
      'runAsUser bounds',
      { securityContext: { runAsUser: -1 } },
      {},
      [`${C0}.securityContext.runAsUser: expected 0 <= -1 <= 2147483647`],
    ],
    [
      'capabilities.add needs its flag',
      { securityContext: { capabilities: { add: ['NET_ADMIN'] } } },
      {},
      [`${C0}.securityContext.capabilities.add: must not set the field(s)`],
    ],
  ])('%s', (_name, container, podExtra, want) => {
    expect(lines(svcWithContainer(container, podExtra))).toEqual(want);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'timeoutSeconds above max-revision-timeout-seconds',
      { timeoutSeconds: 601 },
      [`${T}.timeoutSeconds: expected 0 <= 601 <= 600`],
    ],
    ['negative timeout', { timeoutSeconds: -1 }, [`${T}.timeoutSeconds: expected 0 <= -1 <= 600`]],
    [
      'containerConcurrency above 1000',
      { containerConcurrency: 1001 },
      [`${T}.containerConcurrency: expected 0 <= 1001 <= 1000`],
    ],
    [
      'nodeSelector needs its feature flag',
      { nodeSelector: { a: 'b' } },
      [`${T}.nodeSelector: must not set the field(s)`],
    ],
    [
      'restartPolicy and hostname are never allowed',
      { restartPolicy: 'Always', hostname: 'h' },
      [`${T}.hostname: must not set the field(s)`, `${T}.restartPolicy: must not set the field(s)`],
    ],
    [
      'automountServiceAccountToken true is not allowed',
      { automountServiceAccountToken: true },
      [`${T}.automountServiceAccountToken: must not set the field(s)`],
    ],
    [
      'serviceAccountName must be a DNS subdomain',
      { serviceAccountName: 'Bad_Name' },
      [
        expect.stringMatching(
          new RegExp(
            `^${T.replace(/\./g, '\\.')}\\.serviceAccountName: invalid value: Bad_Name \\(a lowercase RFC 1123 subdomain`,
          ),
        ) as unknown as string,
      ],
    ],
    [
      'init containers need their flag',
      { initContainers: [{ image: IMAGE }] },
      [
        `${T}.initContainers: must not set the field(s)`,
        `${T}: pod spec support for init-containers is off, but found 1 init containers`,
      ],
    ],
    [
      'unmounted volume',
      { volumes: [{ name: 'v', secret: { secretName: 's' } }] },
      [`${T}.volumes[0].name: volume with name "v" not mounted`],
    ],
    [
      'hostPath volumes need their flag',
      { volumes: [{ name: 'v', hostPath: { path: '/' } }] },
      [
        `${T}.volumes[0].name: volume with name "v" not mounted`,
        `${T}.volumes[0]: HostPath volume support is disabled, but found HostPath volume v`,
        `${T}.volumes[0].hostPath: must not set the field(s)`,
      ],
    ],
  ])('%s', (_name, podExtra, want) => {
    expect(lines(ksvc(template({ containers: [{ image: IMAGE }], ...podExtra })))).toEqual(want);
  });

  it('no containers', () => {
    expect(lines(ksvc(template({ containers: [] })))).toEqual([`${T}.containers: missing field(s)`]);
  });

  it('multi-container: one port across containers, unique names, sidecars without probes', () => {
    const pod = {
      containers: [
        { name: 'a', image: IMAGE, ports: [{ containerPort: 8080 }] },
        { name: 'a', image: IMAGE, readinessProbe: { httpGet: { port: 9000 } } },
      ],
    };
    expect(lines(ksvc(template(pod)))).toEqual([
      `${T}.containers[1].name: duplicate container name "a"`,
      // The defaulted successThreshold is refused too: sidecars may not probe without multi-container-probing.
      `${T}.containers[1].readinessProbe.httpGet: must not set the field(s)`,
      `${T}.containers[1].readinessProbe.successThreshold: must not set the field(s)`,
    ]);
    expect(lines(ksvc(template({ containers: [{ image: IMAGE }, { image: IMAGE }] })))).toEqual([
      `${T}.containers[*].ports: missing field(s)`,
    ]);
    const off = defaultApiConfig({ features: { 'multi-container': 'Disabled' } });
    expect(lines(ksvc(template(pod)), undefined, off)).toEqual([
      `${T}: multi-container is off, but found 2 containers`,
    ]);
  });

  it('feature flags open gated fields', () => {
    const cfg = defaultApiConfig({
      features: { 'kubernetes.podspec-nodeselector': 'Enabled', 'kubernetes.podspec-fieldref': 'Enabled' },
    });
    const svc = svcWithContainer(
      { env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] },
      { nodeSelector: { disk: 'ssd' } },
    );
    expect(lines(svc, undefined, cfg)).toEqual([]);
  });

  it('allow-container-concurrency-zero=false makes 0 out of bounds', () => {
    const cfg = defaultApiConfig({
      defaults: { ...defaultApiConfig().defaults, allowContainerConcurrencyZero: false },
    });
    expect(
      lines(ksvc(template({ containers: [{ image: IMAGE }], containerConcurrency: 0 })), undefined, cfg),
    ).toEqual([`${T}.containerConcurrency: expected 1 <= 0 <= 1000`]);
  });

  it('reports insecure security defaults as warnings, not errors', () => {
    const r = admit(undefined, svcWithContainer({}));
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.path)).toEqual(
      ['runAsNonRoot', 'allowPrivilegeEscalation', 'seccompProfile', 'capabilities'].map(
        (f) => `${C0}.securityContext.${f}`,
      ),
    );
  });
});

describe('revision names', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['BYO name with the service prefix', { name: 'hello-v1' }, []],
    [
      'BYO name without the prefix',
      { name: 'other-v1' },
      ['spec.template.metadata.name: invalid value: "other-v1" must have prefix "hello-"'],
    ],
    [
      'BYO name not DNS-1035',
      { name: 'hello_v1' },
      [
        expect.stringContaining(
          'spec.template.metadata.name: invalid value: not a DNS 1035 label: [a DNS-1035 label',
        ) as unknown as string,
      ],
    ],
  ])('%s', (_n, meta, want) => {
    expect(lines(ksvc(template({ containers: [{ image: IMAGE }] }, meta)))).toEqual(want);
  });

  it('a BYO name under a generateName parent is not allowed', () => {
    const svc = ksvc(template({ containers: [{ image: IMAGE }] }, { name: 'hello-v1' }), {
      name: undefined,
      generateName: 'hello-',
    });
    expect(lines(svc)).toEqual(['spec.template.metadata.name: must not set the field(s)']);
  });
});

describe('Revision kind', () => {
  const rev = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: { name: 'hello-00001', namespace: 'default', ...meta },
    spec,
  });

  it('spec is immutable on update', () => {
    const old = rev({ containers: [{ image: IMAGE, name: 'user-container' }], timeoutSeconds: 300 });
    const next = rev({ containers: [{ image: `${IMAGE}2`, name: 'user-container' }], timeoutSeconds: 300 });
    const out = lines(next, old);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^spec: Immutable fields changed \(-old \+new\) \(\{containers\[0\]\.image\}:/);
    expect(lines(old, old)).toEqual([]);
  });

  it('the configuration label must match an owner reference', () => {
    const r = rev(
      { containers: [{ image: IMAGE }] },
      { labels: { 'serving.knative.dev/configuration': 'hello' } },
    );
    expect(lines(r)).toEqual(['metadata.labels.serving.knative.dev/configuration: missing field(s)']);
    const owned = rev(
      { containers: [{ image: IMAGE }] },
      {
        labels: { 'serving.knative.dev/configuration': 'hello' },
        ownerReferences: [
          { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', name: 'hello', uid: 'u' },
        ],
      },
    );
    expect(lines(owned)).toEqual([]);
  });
});
