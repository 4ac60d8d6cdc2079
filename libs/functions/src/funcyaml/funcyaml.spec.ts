import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  FuncYamlError,
  formatFuncYaml,
  parseFuncYaml,
  readFuncYaml,
  requireFuncYaml,
  writeFuncYaml,
} from './file';
import { interpolateEnvs, toContainerEnv } from './envs';
import { parseDuration } from './schema';
import type { FuncYaml } from './types';

// A func.yaml as `func` 1.2x writes it, with every section used.
const KNATIVE_FUNC_YAML = `# $schema: https://raw.githubusercontent.com/knative/func/release-1.20/schema/func_yaml-schema.json
specVersion: 0.36.0
name: hello
runtime: typescript
registry: registry.example.com/alice
image: registry.example.com/alice/hello:latest
namespace: default
created: 2026-01-02T03:04:05.123456Z
invoke: cloudevent
build:
  builder: host
  buildEnvs:
  - name: BP_NODE_RUN_SCRIPTS
    value: build
  baseImage: node:20-slim
run:
  envs:
  - name: GREETING
    value: hi
  - name: USER_FROM_ENV
    value: '{{ env:USER }}'
  - name: PASSWORD
    value: '{{ secret:creds:password }}'
  - value: '{{ configMap:settings }}'
  volumes:
  - secret: creds
    path: /etc/creds
  - emptyDir:
      medium: Memory
    path: /tmp/scratch
  startTimeout: 1m30s
deploy:
  namespace: default
  image: registry.example.com/alice/hello@sha256:0123
  annotations:
    team: a
  options:
    scale:
      min: 0
      max: 5
      metric: concurrency
      target: 10
      utilization: 70
    resources:
      requests:
        cpu: 100m
        memory: 64Mi
      limits:
        cpu: "1"
        memory: 256Mi
        concurrency: 20
  labels:
  - key: app.kubernetes.io/part-of
    value: shop
  healthEndpoints:
    liveness: /health/liveness
    readiness: /health/readiness
  serviceAccountName: fn
  subscriptions:
  - source: default
    filters:
      type: com.example.order
`;

function problemsOf(text: string): string[] {
  try {
    parseFuncYaml(text, 'func.yaml');
  } catch (err) {
    if (err instanceof FuncYamlError) return err.problems;
    throw err;
  }
  return [];
}

describe('func.yaml', () => {
  it('reads every field of a Knative func.yaml with no warnings', () => {
    const { func, warnings } = parseFuncYaml(KNATIVE_FUNC_YAML);
    expect(warnings).toEqual([]);
    expect(func.name).toBe('hello');
    expect(func.created).toBe('2026-01-02T03:04:05.123456Z');
    expect(func.deploy?.options?.scale?.max).toBe(5);
    expect(func.deploy?.subscriptions).toEqual([
      { source: 'default', filters: { type: 'com.example.order' } },
    ]);
    expect(func.run?.envs?.[3]).toEqual({ value: '{{ configMap:settings }}' });
  });

  it('round-trips: parse → format → parse gives the same function', () => {
    const first = parseFuncYaml(KNATIVE_FUNC_YAML).func;
    const text = formatFuncYaml(first);
    expect(text.startsWith('# $schema: ')).toBe(true);
    expect(parseFuncYaml(text).func).toEqual(first);
    expect(formatFuncYaml(parseFuncYaml(text).func)).toBe(text);
  });

  it('keeps unknown fields and warns about each', () => {
    const { func, warnings } = parseFuncYaml(
      'specVersion: 0.36.0\nname: a\nflavour: x\ndeploy:\n  replicas: 3\n',
    );
    expect(warnings).toEqual([
      'func.yaml: unknown field flavour (kept, not used)',
      'func.yaml: unknown field deploy.replicas (kept, not used)',
    ]);
    expect(formatFuncYaml(func)).toContain('flavour: x');
  });

  it.each([
    [
      'a bad name',
      'specVersion: 0.36.0\nname: Hello_World\n',
      ['name: "Hello_World" must be lower-case letters'],
    ],
    [
      'a wrong type',
      'specVersion: 0.36.0\nname: a\nrun:\n  envs: FOO=bar\n',
      ['run.envs: expected a list, got string "FOO=bar"'],
    ],
    ['a bad invoke', 'specVersion: 0.36.0\ninvoke: grpc\n', ['invoke: "grpc" must be http or cloudevent']],
    ['no specVersion', 'name: a\n', ['specVersion: missing']],
    ['YAML syntax', 'name: [a\n', ['YAML syntax:']],
    ['a list at the top', '- a\n', ['expected a mapping at the top level']],
    [
      'bad envs',
      'specVersion: 0.36.0\nrun:\n  envs:\n  - name: A\n    value: x\n  - name: A\n    value: y\n  - name: B\n  - value: plain\n  - name: C\n    value: "{{ vault:x }}"\n  - name: 1BAD-\n    value: v\n',
      [
        'run.envs[1].name: duplicate name "A" (first at run.envs[0])',
        'run.envs[2].value: missing (only name "B" is set)',
        'run.envs[3].value: "plain" without a name must be {{ secret:NAME }} or {{ configMap:NAME }}',
        'run.envs[4].value: "{{ vault:x }}" is not a valid template',
        'run.envs[5].name: "1BAD-" is not a valid environment variable name',
      ],
    ],
    [
      'a secret in buildEnvs',
      'specVersion: 0.36.0\nbuild:\n  buildEnvs:\n  - name: T\n    value: "{{ secret:s:k }}"\n',
      ['build.buildEnvs[0].value: "{{ secret:s:k }}" is not a valid template; allowed: {{ env:MY_ENV }}'],
    ],
    [
      'bad scale options',
      'specVersion: 0.36.0\ndeploy:\n  options:\n    scale:\n      min: 3\n      max: 1\n      metric: cpu\n      target: 0\n      utilization: 150\n',
      [
        'deploy.options.scale.max: 1 must be at least scale.min (3)',
        'deploy.options.scale.metric: "cpu" must be concurrency or rps',
        'deploy.options.scale.target: 0 must be at least 0.01',
        'deploy.options.scale.utilization: 150 must be between 1 and 100',
      ],
    ],
    [
      'a bad quantity',
      'specVersion: 0.36.0\ndeploy:\n  options:\n    resources:\n      limits:\n        memory: lots\n',
      ['deploy.options.resources.limits.memory: "lots" is not a quantity'],
    ],
    [
      'a fractional concurrency',
      'specVersion: 0.36.0\ndeploy:\n  options:\n    resources:\n      limits:\n        concurrency: 1.5\n',
      ['deploy.options.resources.limits.concurrency: expected an integer, got number 1.5'],
    ],
    [
      'bad volumes',
      'specVersion: 0.36.0\nrun:\n  volumes:\n  - path: /a\n  - secret: s\n    configMap: c\n    path: /b\n  - secret: s\n',
      [
        'run.volumes[0]: missing a volume type',
        'run.volumes[1]: more than one volume type (secret, configMap)',
        'run.volumes[2].path: missing',
      ],
    ],
    [
      'bad labels',
      'specVersion: 0.36.0\ndeploy:\n  labels:\n  - value: x\n  - key: -bad\n    value: ok\n  - key: ok\n    value: "not ok!"\n',
      [
        'deploy.labels[0].key: missing',
        'deploy.labels[1].key: "-bad" is not a valid label key',
        'deploy.labels[2].value: "not ok!" is not a valid label value',
      ],
    ],
    [
      'a relative health endpoint',
      'specVersion: 0.36.0\ndeploy:\n  healthEndpoints:\n    liveness: healthz\n',
      ['deploy.healthEndpoints.liveness: "healthz" must be a path starting with /'],
    ],
    [
      'a subscription without source',
      'specVersion: 0.36.0\ndeploy:\n  subscriptions:\n  - filters:\n      type: x\n',
      ['deploy.subscriptions[0].source: missing'],
    ],
    [
      'a bad startTimeout',
      'specVersion: 0.36.0\nrun:\n  startTimeout: soon\n',
      ['run.startTimeout: expected a duration such as 90s or 1m30s, got string "soon"'],
    ],
  ])('refuses %s with messages naming the field', (_name, text, expected) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((message, i) => expect(problems[i]).toContain(message));
  });

  it('the error message names the file and lists every problem', () => {
    expect(() => parseFuncYaml('name: A\n', '/x/func.yaml')).toThrow(
      '/x/func.yaml contains errors:\n  specVersion: missing\n  name: "A" must be',
    );
  });

  it('reads and writes a folder, refuses to write an invalid function, and says what to do without one', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-funcyaml-'));
    expect(readFuncYaml(root)).toBeUndefined();
    expect(() => requireFuncYaml(root)).toThrow(
      `has no func.yaml (create one with: kuack func create ${root})`,
    );
    const func: FuncYaml = { specVersion: '0.36.0', name: 'fn', runtime: 'node', run: { envs: [] } };
    writeFuncYaml(root, func);
    expect(fs.readFileSync(path.join(root, 'func.yaml'), 'utf8')).not.toContain('envs');
    expect(requireFuncYaml(root).func).toEqual({ specVersion: '0.36.0', name: 'fn', runtime: 'node' });
    expect(() => writeFuncYaml(root, { ...func, name: 'Bad' })).toThrow('name: "Bad"');
  });
});

describe('env templating', () => {
  const envs = [
    { name: 'PLAIN', value: 'v' },
    { name: 'FROM_ENV', value: '{{ env:SOURCE }}' },
    { name: 'PW', value: '{{ secret:creds:password }}' },
    { name: 'MODE', value: '{{configMap:settings:mode}}' },
    { value: '{{ secret:all }}' },
    { value: '{{ configMap:every }}' },
  ];

  it('interpolates local env for a local run and reports cluster-only references', () => {
    expect(interpolateEnvs(envs, { SOURCE: 'here' })).toEqual({
      values: { PLAIN: 'v', FROM_ENV: 'here' },
      skipped: [
        'PW={{ secret:creds:password }}',
        'MODE={{configMap:settings:mode}}',
        '{{ secret:all }}',
        '{{ configMap:every }}',
      ],
    });
  });

  it('an unset {{ env:X }} is an error naming the entry and the variable', () => {
    expect(() => interpolateEnvs(envs, {})).toThrow(
      'run.envs[1] (FROM_ENV): the environment variable SOURCE is not set',
    );
  });

  it('maps secrets and config maps to valueFrom / envFrom for a deployment', () => {
    expect(toContainerEnv(envs, { SOURCE: 'here' })).toEqual({
      env: [
        { name: 'PLAIN', value: 'v' },
        { name: 'FROM_ENV', value: 'here' },
        { name: 'PW', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
      ],
      envFrom: [{ secretRef: { name: 'all' } }, { configMapRef: { name: 'every' } }],
    });
  });

  it('parses Go durations', () => {
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('soon')).toBeUndefined();
  });
});
