import { type EndpointsObject, UpstreamPicker, readyUpstreams } from './endpoints';

const ep = (subsets: EndpointsObject['subsets']): EndpointsObject => ({
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'hello-00001', namespace: 'default' },
  subsets,
});

describe('readyUpstreams', () => {
  it('uses the port named http and only ready addresses', () => {
    const e = ep([
      {
        addresses: [{ ip: '127.1.0.5' }, { ip: '127.1.0.6' }],
        notReadyAddresses: [{ ip: '127.1.0.7' }],
        ports: [
          { name: 'http-queueadm', port: 8022 },
          { name: 'http', port: 8012 },
        ],
      },
    ]);
    expect(readyUpstreams(e, 80)).toEqual([
      { host: '127.1.0.5', port: 8012 },
      { host: '127.1.0.6', port: 8012 },
    ]);
  });

  it('a string servicePort names the port', () => {
    const e = ep([
      {
        addresses: [{ ip: '10.0.0.1' }],
        ports: [
          { name: 'http', port: 1 },
          { name: 'h2c', port: 2 },
        ],
      },
    ]);
    expect(readyUpstreams(e, 'h2c')).toEqual([{ host: '10.0.0.1', port: 2 }]);
  });

  it('falls back to the only port of a subset', () => {
    const e = ep([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ name: 'web', port: 9000 }] }]);
    expect(readyUpstreams(e, 80)).toEqual([{ host: '10.0.0.1', port: 9000 }]);
  });

  it.each([
    ['no Endpoints', undefined],
    ['no subsets', ep(undefined)],
    [
      'only not-ready addresses',
      ep([{ notReadyAddresses: [{ ip: '1.1.1.1' }], ports: [{ name: 'http', port: 1 }] }]),
    ],
    [
      'no matching port',
      ep([
        {
          addresses: [{ ip: '1.1.1.1' }],
          ports: [
            { name: 'a', port: 1 },
            { name: 'b', port: 2 },
          ],
        },
      ]),
    ],
  ])('%s → none', (_name, e) => {
    expect(readyUpstreams(e, 80)).toEqual([]);
  });
});

describe('UpstreamPicker', () => {
  it('round-robins over the ready addresses of each service', () => {
    const e = ep([{ addresses: [{ ip: 'a' }, { ip: 'b' }], ports: [{ name: 'http', port: 8012 }] }]);
    const picker = new UpstreamPicker((key) => (key === 'default/hello-00001' ? e : undefined));
    const hosts = [1, 2, 3, 4].map(() => picker.pick('default', 'hello-00001', 80)?.host);
    expect(hosts).toEqual(['a', 'b', 'a', 'b']);
    expect(picker.pick('default', 'missing', 80)).toBeUndefined();
  });
});
