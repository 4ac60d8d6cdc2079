import { podDestinations, revisionKeyOfPrivateEndpoints } from './endpoints';

describe('revisionKeyOfPrivateEndpoints', () => {
  it.each([
    [{ name: 'hello-00001-private', namespace: 'default' }, 'default/hello-00001'],
    [
      { name: 'x-private', namespace: 'ns', labels: { 'serving.knative.dev/revision': 'hello-00002' } },
      'ns/hello-00002',
    ],
    [{ name: 'hello-00001', namespace: 'default' }, undefined],
    [{ name: 'hello-00001-private' }, undefined],
  ])('%p → %p', (metadata, key) => expect(revisionKeyOfPrivateEndpoints({ metadata })).toBe(key));
});

describe('podDestinations', () => {
  it('takes ready and not-ready addresses on the port named http', () => {
    expect(
      podDestinations({
        metadata: {},
        subsets: [
          {
            addresses: [{ ip: '10.0.0.2' }, { ip: '10.0.0.1' }],
            notReadyAddresses: [{ ip: '10.0.0.3' }],
            ports: [
              { name: 'http-autometric', port: 9090 },
              { name: 'http', port: 8012 },
            ],
          },
        ],
      }),
    ).toEqual({ ready: ['10.0.0.1:8012', '10.0.0.2:8012'], notReady: ['10.0.0.3:8012'] });
  });

  it('falls back to the only port, then 8012, and handles no subsets', () => {
    expect(
      podDestinations({ metadata: {}, subsets: [{ addresses: [{ ip: '1.1.1.1' }], ports: [{ port: 9 }] }] }),
    ).toEqual({ ready: ['1.1.1.1:9'], notReady: [] });
    expect(podDestinations({ metadata: {}, subsets: [{ addresses: [{ ip: '1.1.1.1' }] }] })).toEqual({
      ready: ['1.1.1.1:8012'],
      notReady: [],
    });
    expect(podDestinations({ metadata: {} })).toEqual({ ready: [], notReady: [] });
  });
});
