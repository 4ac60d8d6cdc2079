import { assertPodCidrBindable } from './pod-network';

describe('assertPodCidrBindable', () => {
  it('accepts a loopback range', async () => {
    await expect(assertPodCidrBindable('127.9.0.0/24')).resolves.toBeUndefined();
  });

  it('names the route to add for a range that is not routed here', async () => {
    // TEST-NET-3 (RFC 5737) is never assigned to a machine.
    await expect(assertPodCidrBindable('203.0.113.0/24')).rejects.toThrow(
      'ip route add local 203.0.113.0/24 dev lo',
    );
  });
});
