import { DOCKER_CFG, DOCKER_CONFIG_JSON, type PullSecret, pullCredentials } from './pull-credentials';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const configJson = (name: string, auths: Record<string, unknown>): PullSecret => ({
  metadata: { name },
  type: DOCKER_CONFIG_JSON,
  data: { '.dockerconfigjson': b64(JSON.stringify({ auths })) },
});

describe('pullCredentials', () => {
  it('reads dockerconfigjson (auth and username/password) and dockercfg entries for the registry, in order', () => {
    const secrets: PullSecret[] = [
      configJson('other', { 'elsewhere.example:5000': { auth: b64('x:y') } }),
      configJson('json', { 'http://127.0.0.1:25001/v2/': { auth: b64('alice:s3:cret') } }),
      {
        metadata: { name: 'legacy' },
        type: DOCKER_CFG,
        data: {
          '.dockercfg': b64(JSON.stringify({ '127.0.0.1:25001': { username: 'bob', password: 'pw' } })),
        },
      },
      { metadata: { name: 'opaque' }, type: 'Opaque', data: { x: b64('y') } },
    ];
    expect(pullCredentials(secrets, '127.0.0.1:25001')).toEqual([
      { username: 'alice', password: 's3:cret' },
      { username: 'bob', password: 'pw' },
    ]);
  });

  it('finds nothing for a registry no secret names', () => {
    expect(pullCredentials([configJson('a', { 'r.example': { auth: b64('u:p') } })], 'q.example')).toEqual(
      [],
    );
  });

  it('names the secret whose content is broken', () => {
    expect(() =>
      pullCredentials([{ metadata: { name: 'bad' }, type: DOCKER_CONFIG_JSON, data: {} }], 'r.example'),
    ).toThrow('imagePullSecret "bad": no .dockerconfigjson key');
    expect(() =>
      pullCredentials(
        [{ metadata: { name: 'junk' }, type: DOCKER_CONFIG_JSON, data: { '.dockerconfigjson': b64('{') } }],
        'r.example',
      ),
    ).toThrow('imagePullSecret "junk": invalid JSON');
  });
});
