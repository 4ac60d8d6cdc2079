import { SERVICES_UP_VARIABLE, applySettings } from './require-services';

describe('applySettings()', () => {
  it('sets the variables, puts the tool folders first on PATH once, and records the services', () => {
    const env: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin', [SERVICES_UP_VARIABLE]: 'kube' };
    const answer = { env: { KAFKA_BROKERS: '127.0.0.1:29092' }, pathDirs: ['/cache/helm/bin', '/usr/bin'] };
    applySettings(answer, ['kafka'], env);
    applySettings(answer, ['kafka', 'kube'], env);
    expect(env).toEqual({
      PATH: '/cache/helm/bin:/usr/bin:/bin',
      KAFKA_BROKERS: '127.0.0.1:29092',
      [SERVICES_UP_VARIABLE]: 'kube,kafka',
    });
  });
});
