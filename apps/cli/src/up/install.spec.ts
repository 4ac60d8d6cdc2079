import { localConfigOverrides } from './install';

const options = {
  servingNamespace: 'knative-serving',
  eventingNamespace: 'knative-eventing',
  gatewayHttpPort: 9080,
};

describe('the keys kuack up owns in Knative config maps', () => {
  it('puts the gateway port into config-network and the local queue-proxy image into config-deployment', () => {
    expect(localConfigOverrides({ ...options, localMode: true })).toEqual({
      'config-network': { 'kuack-gateway-http-port': '9080' },
      'config-deployment': { 'queue-sidecar-image': 'kuack.local/queue-proxy:dev' },
    });
  });

  it('owns no key on a cluster', () => {
    expect(localConfigOverrides({ ...options, localMode: false })).toEqual({});
  });
});
