// Lets one integration test file run alone (`npx jest -c <project>/jest.config.cjs x.int.spec.ts`): it brings
// its services up through the testenv CLI (or reuses what the global setup already verified) and exports
// their settings into process.env.
import { runTestenvCli } from './cli';
import { type ServiceName, type TestEnv, testEnv } from './settings';

/** Set by the Jest global setup and by requireServices: the services verified up in this test run. */
export const SERVICES_UP_VARIABLE = 'TESTENV_SERVICES_UP';

interface UpAnswer {
  env: Record<string, string>;
  pathDirs: string[];
}

/** Applies the CLI's answer to an environment (process.env by default). */
export function applySettings(
  answer: UpAnswer,
  services: string[],
  env: NodeJS.ProcessEnv = process.env,
): void {
  Object.assign(env, answer.env);
  const pathEntries = (env.PATH ?? '').split(':');
  env.PATH = [...answer.pathDirs.filter((dir) => !pathEntries.includes(dir)), ...pathEntries].join(':');
  const up = new Set((env[SERVICES_UP_VARIABLE] ?? '').split(',').filter(Boolean));
  for (const service of services) up.add(service);
  env[SERVICES_UP_VARIABLE] = [...up].join(',');
}

/**
 * Makes sure the services run (starting them if needed; the first start of `kube` on a fresh machine builds
 * Kubernetes, so give beforeAll a long timeout) and returns the settings. Throws with the logs' tail when a
 * service cannot start: an integration test fails, it never skips.
 */
export async function requireServices(services: ServiceName[]): Promise<TestEnv> {
  const up = new Set((process.env[SERVICES_UP_VARIABLE] ?? '').split(','));
  if (!services.every((service) => up.has(service))) {
    const answer = (await runTestenvCli(['up', ...services, '--json'])) as UpAnswer;
    applySettings(answer, services);
  }
  return testEnv();
}
