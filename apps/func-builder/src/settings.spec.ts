import { settingsFromEnv } from './settings';

describe('settingsFromEnv', () => {
  it('refuses to run without a token', () => {
    expect(() => settingsFromEnv({})).toThrow(/FUNC_BUILDER_TOKEN .* must be set/);
  });

  it('reads the defaults and the overrides, naming a bad number', () => {
    expect(settingsFromEnv({ FUNC_BUILDER_TOKEN: 't' })).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      concurrency: 2,
      maxSourceBytes: 64 << 20,
    });
    expect(
      settingsFromEnv({
        FUNC_BUILDER_TOKEN: 't',
        FUNC_BUILDER_REGISTRY: 'r:5000',
        KUACK_REGISTRY_USERNAME: 'u',
        KUACK_REGISTRY_PASSWORD: 'p',
        FUNC_BUILDER_CONCURRENCY: '4',
      }),
    ).toMatchObject({ registry: 'r:5000', registryUsername: 'u', registryPassword: 'p', concurrency: 4 });
    expect(() => settingsFromEnv({ FUNC_BUILDER_TOKEN: 't', FUNC_BUILDER_PORT: 'x' })).toThrow(
      'FUNC_BUILDER_PORT: "x" must be a positive integer',
    );
  });
});
