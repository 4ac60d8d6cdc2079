import { defaultApiConfig } from '@kuack/api';
import { BadReviewError, parseReview, reviewResponse } from './admission-review';

const config = defaultApiConfig();
const request = (object: object, extra: object = {}) =>
  parseReview({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'u-1',
      kind: { group: 'serving.knative.dev', version: 'v1', kind: 'Service' },
      operation: 'CREATE',
      userInfo: { username: 'alice' },
      object,
      ...extra,
    },
  });
const service = (spec: object) => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'hello', namespace: 'default' },
  spec,
});
const decode = (patch?: string) =>
  JSON.parse(Buffer.from(patch ?? '', 'base64').toString('utf8')) as unknown[];

describe('reviewResponse', () => {
  it('/defaulting answers Knative defaults as a JSON patch', () => {
    const res = reviewResponse(
      '/defaulting',
      request(service({ template: { spec: { containers: [{ image: 'x' }] } } })),
      config,
    );
    expect(res).toMatchObject({ uid: 'u-1', allowed: true, patchType: 'JSONPatch' });
    const ops = decode(res.patch);
    expect(ops).toContainEqual({
      op: 'add',
      path: '/spec/traffic',
      value: [{ latestRevision: true, percent: 100 }],
    });
    expect(ops).toContainEqual({ op: 'add', path: '/spec/template/spec/timeoutSeconds', value: 300 });
    expect(JSON.stringify(ops)).toContain('"name":"user-container"');
    expect(JSON.stringify(ops)).toContain('serving.knative.dev/creator');
  });

  it('/validation denies an invalid Service with the field named', () => {
    const res = reviewResponse(
      '/validation',
      request(service({ template: { spec: { containers: [{ image: 'x' }], timeoutSeconds: 6000 } } })),
      config,
    );
    expect(res.allowed).toBe(false);
    expect(res.status?.code).toBe(400);
    expect(res.status?.message).toMatch(/^validation failed: .*spec\.template\.spec\.timeoutSeconds/s);
    expect(res.status?.details?.causes).toContainEqual(
      expect.objectContaining({ field: 'spec.template.spec.timeoutSeconds' }),
    );
  });

  it('/validation allows a valid Service; DELETE and unknown kinds pass', () => {
    const valid = reviewResponse(
      '/validation',
      request(service({ template: { spec: { containers: [{ image: 'x' }] } } })),
      config,
    );
    expect(valid).toMatchObject({ uid: 'u-1', allowed: true });
    expect(valid.status).toBeUndefined();
    // Knative's warnings about insecure Kubernetes defaults travel along.
    expect(valid.warnings?.[0]).toMatch(/securityContext/);
    expect(reviewResponse('/validation', request({}, { operation: 'DELETE' }), config)).toEqual({
      uid: 'u-1',
      allowed: true,
    });
    expect(
      reviewResponse(
        '/validation',
        request({}, { kind: { group: 'example.com', version: 'v1', kind: 'Thing' } }),
        config,
      ),
    ).toEqual({ uid: 'u-1', allowed: true });
  });

  it('refuses a body that is no AdmissionReview, naming the field', () => {
    expect(() => parseReview({ kind: 'Pod' })).toThrow(BadReviewError);
    expect(() => parseReview({ kind: 'AdmissionReview' })).toThrow('request: missing');
    expect(() => parseReview({ kind: 'AdmissionReview', request: { kind: { kind: 'Service' } } })).toThrow(
      'request.uid: missing',
    );
  });
});
