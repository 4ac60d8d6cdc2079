import { defaultDestination, validateDestination } from './destination';
import { validateKReference } from './kreference';

const txt = (e: { list(): Array<{ path: string; message: string; details?: string }> }) =>
  e.list().map((x) => `${x.path}: ${x.message}${x.details ? ` (${x.details})` : ''}`);
const ref = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello' };

describe('KReference', () => {
  it.each<
    [string, Parameters<typeof validateKReference>[0], Parameters<typeof validateKReference>[1], string[]]
  >([
    ['complete', ref, {}, []],
    [
      'missing everything',
      undefined,
      {},
      ['name: missing field(s)', 'apiVersion: missing field(s)', 'kind: missing field(s)'],
    ],
    [
      'group without the feature',
      { ...ref, group: 'serving.knative.dev' },
      {},
      ['group: must not set the field(s)'],
    ],
    [
      'group instead of apiVersion with the feature',
      { kind: 'Service', name: 'x', group: 'serving.knative.dev' },
      { groupAllowed: true },
      [],
    ],
    [
      'group and apiVersion disagree',
      { ...ref, group: 'eventing.knative.dev' },
      { groupAllowed: true },
      [
        'apiVersion: both apiVersion and group are specified and they refer to different API groups (Only one of them must be specified)',
        'group: both apiVersion and group are specified and they refer to different API groups (Only one of them must be specified)',
      ],
    ],
    [
      'other namespace',
      { ...ref, namespace: 'b' },
      { parentNamespace: 'a' },
      ['namespace: mismatched namespaces (parent namespace: "a" does not match ref: "b")'],
    ],
    [
      'other namespace allowed',
      { ...ref, namespace: 'b' },
      { parentNamespace: 'a', crossNamespaceAllowed: true },
      [],
    ],
  ])('%s', (_n, r, opts, want) => {
    expect(txt(validateKReference(r, opts))).toEqual(want);
  });
});

describe('Destination', () => {
  it.each<[string, Parameters<typeof validateDestination>[0], string[]]>([
    ['ref', { ref }, []],
    ['absolute uri', { uri: 'https://example.com/hook' }, []],
    ['relative uri with ref', { ref, uri: '/path' }, []],
    ['neither', {}, ['ref: expected at least one, got none', 'uri: expected at least one, got none']],
    [
      'relative uri alone',
      { uri: '/path' },
      ['uri: invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent'],
    ],
    [
      'absolute uri with ref',
      { ref, uri: 'http://x' },
      [
        '[apiVersion, kind, name]: Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present',
        'ref: Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present',
        'uri: Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present',
      ],
    ],
    ['ref missing kind', { ref: { ...ref, kind: '' } }, ['ref.kind: missing field(s)']],
    [
      'CA certs not PEM',
      { uri: 'https://x', CACerts: 'nope' },
      ['caCert: invalid value: CA Cert provided is invalid'],
    ],
    [
      'CA certs wrong block',
      { uri: 'https://x', CACerts: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' },
      ['caCert: invalid value: CA Cert provided is not a certificate'],
    ],
  ])('%s', (_n, d, want) => {
    expect(txt(validateDestination(d))).toEqual(want);
  });

  it('defaults the ref namespace to the parent', () => {
    const d = { ref: { ...ref } };
    defaultDestination(d, 'team');
    expect(d.ref).toMatchObject({ namespace: 'team' });
  });
});
