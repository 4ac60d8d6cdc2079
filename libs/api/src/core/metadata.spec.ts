import {
  validateAnnotations,
  validateKnativeObjectMeta,
  validateKubernetesObjectMeta,
  validateLabels,
} from './metadata';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from './names';

const txt = (e: { list(): Array<{ path: string; message: string }> }) =>
  e.list().map((x) => `${x.path}: ${x.message}`);

describe('Kubernetes name rules', () => {
  it.each<[string, (v: string) => string[], string, boolean]>([
    ['label ok', isDNS1123Label, 'my-name', true],
    ['label uppercase', isDNS1123Label, 'My', false],
    ['label 64 chars', isDNS1123Label, 'a'.repeat(64), false],
    ['subdomain dots', isDNS1123Subdomain, 'a.b-c.example.com', true],
    ['subdomain trailing dot', isDNS1123Subdomain, 'a.', false],
    ['1035 digit first', isDNS1035Label, '1abc', false],
    ['qualified with prefix', isQualifiedName, 'serving.knative.dev/service', true],
    ['qualified two slashes', isQualifiedName, 'a/b/c', false],
    ['qualified empty name', isQualifiedName, 'example.com/', false],
    ['label value empty', isValidLabelValue, '', true],
    ['label value trailing dash', isValidLabelValue, 'abc-', false],
  ])('%s', (_n, fn, value, ok) => {
    expect(fn(value).length === 0).toBe(ok);
  });

  it('uses the apimachinery messages', () => {
    expect(isDNS1035Label('1x')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(isDNS1123Label('a'.repeat(64))[0]).toBe('must be no more than 63 characters');
  });
});

describe('ObjectMeta validation', () => {
  it('Knative: DNS-1035 names, generateName prefixes, one of them required', () => {
    expect(txt(validateKnativeObjectMeta({ name: 'hello' }))).toEqual([]);
    expect(txt(validateKnativeObjectMeta({ generateName: 'hello-' }))).toEqual([]);
    expect(txt(validateKnativeObjectMeta({}))).toEqual(['name: name or generateName is required']);
    expect(txt(validateKnativeObjectMeta({ name: 'a.b' }))[0]).toMatch(
      /^name: not a DNS 1035 label: \[a DNS-1035 label must/,
    );
    expect(txt(validateKnativeObjectMeta({ generateName: '9-' }))[0]).toMatch(
      /^generateName: not a DNS 1035 label prefix: \[/,
    );
  });

  it('API server rules: name by rule, label and annotation keys and values', () => {
    expect(txt(validateKubernetesObjectMeta({ name: 'a.b' }))).toEqual([]);
    expect(txt(validateKubernetesObjectMeta({ name: 'a.b' }, { nameRule: 'label' }))[0]).toMatch(
      /^name: Invalid value: "a\.b": a lowercase RFC 1123 label/,
    );
    expect(txt(validateLabels({ 'ok/key': 'v', 'bad key': 'v', good: 'bad value' }))).toEqual([
      expect.stringMatching(/^: Invalid value: "bad key": name part must consist of/),
      expect.stringMatching(/^\[good\]: Invalid value: "bad value": a valid label must be/),
    ]);
    expect(txt(validateAnnotations({ big: 'x'.repeat(256 * 1024) }))).toEqual([
      ': Too long: may not be more than 262144 bytes',
    ]);
    expect(txt(validateKubernetesObjectMeta({ name: 'x', labels: { 'a b': 'c' } }))[0]).toMatch(
      /^labels: Invalid value/,
    );
  });
});
