import { defaultedYaml, formatProblems, parseManifests, validateManifests } from './validate-manifests';

const svc = (
  name: string,
  image = 'ghcr.io/knative/helloworld-go:latest',
) => `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
        - image: ${image}
`;

describe('validateManifests', () => {
  it('reads multi-document YAML, JSON and Lists, skipping empty documents', () => {
    expect(
      parseManifests({ name: 'a.yaml', content: `---\n${svc('a')}---\n---\n${svc('b')}` }).map(
        (p) => p.object?.metadata?.name,
      ),
    ).toEqual(['a', 'b']);
    expect(
      parseManifests({
        name: 'a.json',
        content: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ kind: 'X' }, { kind: 'Y' }] }),
      }).map((p) => p.object?.kind),
    ).toEqual(['X', 'Y']);
  });

  it('reports FILE: KIND NAMESPACE/NAME: PATH: MESSAGE, unknown kinds and parse errors', () => {
    const results = validateManifests([
      { name: 'ok.yaml', content: svc('ok') },
      {
        name: 'bad.yaml',
        content: `${svc('bad', '')}---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: ns\n---\nkind: Service\n`,
      },
      { name: 'broken.yaml', content: 'a: [1,\n' },
    ]);
    expect(formatProblems(results)).toEqual([
      'bad.yaml: Service default/bad: spec.template.spec.containers[0].image: missing field(s)',
      'bad.yaml: Widget ns/w: kind: unknown kind: Widget in example.com/v1',
      'bad.yaml: Service default/(no name): apiVersion: missing field(s)',
      expect.stringMatching(/^broken\.yaml: document 1: \.: cannot parse document 1: /),
    ]);
  });

  it('prints the defaulted objects', () => {
    const yaml = defaultedYaml(validateManifests([{ name: 'a.yaml', content: svc('a') }]));
    expect(yaml).toContain('name: user-container');
    expect(yaml).toContain('timeoutSeconds: 300');
    expect(yaml).toContain('latestRevision: true');
  });

  it('warnings only when asked', () => {
    const results = validateManifests([{ name: 'a.yaml', content: svc('a') }]);
    expect(formatProblems(results)).toEqual([]);
    expect(formatProblems(results, true)[0]).toBe(
      'a.yaml: Service default/a: spec.template.spec.containers[0].securityContext.runAsNonRoot: warning: Kubernetes default value is insecure, Knative may default this to secure in a future release',
    );
  });
});
