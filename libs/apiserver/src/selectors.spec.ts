import {
  fieldValue,
  matchFields,
  matchLabels,
  parseFieldSelector,
  parseLabelSelector,
  requirementsFromLabelSelector,
} from './selectors';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', 'example.com/x': 'y' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['missing!=web', true],
    ['app in (web, api)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['tier', true],
    ['!tier', false],
    ['example.com/x=y,app', true],
    ['app=web,tier=back', false],
    ['', true],
  ])('%s → %s', (selector, expected) => {
    expect(matchLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('refuses malformed selectors with 400 naming the part', () => {
    expect(() => parseLabelSelector('app=web,=x')).toThrow(/unable to parse requirement/);
    expect(() => parseLabelSelector('in valid')).toThrow(/unable to parse requirement/);
  });

  it('turns matchLabels/matchExpressions into requirements', () => {
    const reqs = requirementsFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }],
    });
    expect(matchLabels(reqs, labels)).toBe(true);
    expect(() =>
      requirementsFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }),
    ).toThrow(/Bogus/);
  });
});

describe('field selectors', () => {
  const obj = {
    metadata: { name: 'a', namespace: 'n' },
    spec: { nodeName: 'node-1' },
    involvedObject: { kind: 'Pod' },
  };
  const supported = (f: string) => ['metadata.name', 'spec.nodeName', 'involvedObject.kind'].includes(f);

  it('matches =, == and != on dotted paths; absent fields read as empty', () => {
    expect(matchFields(parseFieldSelector('spec.nodeName=node-1,metadata.name!=b', supported), obj)).toBe(
      true,
    );
    expect(matchFields(parseFieldSelector('involvedObject.kind==Node', supported), obj)).toBe(false);
    expect(matchFields(parseFieldSelector('spec.nodeName=', supported), { metadata: {} })).toBe(true);
    expect(fieldValue(obj, 'spec.missing.deeper')).toBe('');
  });

  it('refuses unsupported fields with 400', () => {
    expect(() => parseFieldSelector('data.x=1', supported)).toThrow('field label not supported: data.x');
  });
});
