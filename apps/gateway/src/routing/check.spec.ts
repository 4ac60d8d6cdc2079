import type { Ingress } from '@kuack/api';
import { ingressProblem } from './check';
import { ingress, rule, toRevision } from './ingress-builder';

const bad = (rules: unknown): Ingress => ({ ...ingress('x', []), spec: { rules: rules as never } });

describe('ingressProblem', () => {
  it('accepts a well-formed Ingress', () => {
    expect(
      ingressProblem(ingress('ok', [rule(['a.example'], [{ path: '/a', splits: [toRevision('r', 100)] }])])),
    ).toBe(undefined);
    expect(ingressProblem(ingress('empty', []))).toBeUndefined();
  });

  it.each([
    ['rules not a list', {}, 'spec.rules: must be a list'],
    ['hosts not strings', [{ hosts: [1] }], 'spec.rules[0].hosts: must be a list of host names'],
    [
      'bad visibility',
      [{ visibility: 'Public' }],
      'spec.rules[0].visibility: "Public" is not ExternalIP or ClusterLocal',
    ],
    ['paths missing', [{ http: {} }], 'spec.rules[0].http.paths: must be a list'],
    [
      'no splits',
      [{ http: { paths: [{ splits: [] }] } }],
      'spec.rules[0].http.paths[0].splits: must not be empty',
    ],
    [
      'relative path',
      [{ http: { paths: [{ path: 'api', splits: [toRevision('r')] }] } }],
      'spec.rules[0].http.paths[0].path: "api" must start with /',
    ],
    [
      'split without service',
      [{ http: { paths: [{ splits: [{ serviceNamespace: 'n', servicePort: 80 }] }] } }],
      'spec.rules[0].http.paths[0].splits[0].serviceName: required',
    ],
    [
      'percent out of range',
      [{ http: { paths: [{ splits: [toRevision('r', 150)] }] } }],
      'spec.rules[0].http.paths[0].splits[0].percent: 150 is not a whole number from 0 to 100',
    ],
  ])('%s', (_name, rules, message) => {
    expect(ingressProblem(bad(rules))).toBe(message);
  });
});
