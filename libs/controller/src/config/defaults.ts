import { defaultServingDefaults, type ServingDefaults } from '@kuack/api';
import { type ConfigParser, ConfigReader, isQuantity, renderTemplate } from './parse';

export type { ServingDefaults } from '@kuack/api';

/** config-defaults (serving pkg/apis/config/defaults.go) is parsed into @kuack/api's ServingDefaults. */
export { defaultServingDefaults } from '@kuack/api';

const QUANTITIES: [string, keyof ServingDefaults][] = [
  ['revision-cpu-request', 'revisionCpuRequest'],
  ['revision-memory-request', 'revisionMemoryRequest'],
  ['revision-ephemeral-storage-request', 'revisionEphemeralStorageRequest'],
  ['revision-cpu-limit', 'revisionCpuLimit'],
  ['revision-memory-limit', 'revisionMemoryLimit'],
  ['revision-ephemeral-storage-limit', 'revisionEphemeralStorageLimit'],
];

const NAME_TEMPLATE = { fields: ['Name', 'Namespace', 'GenerateName'], maps: ['Annotations', 'Labels'] };

export const defaultsConfig: ConfigParser<ServingDefaults> = {
  name: 'config-defaults',
  defaults: defaultServingDefaults,
  parse(data) {
    const r = new ConfigReader('config-defaults', data);
    const d = defaultServingDefaults();
    const c: ServingDefaults = {
      ...d,
      initContainerNameTemplate: r.string('init-container-name-template', d.initContainerNameTemplate),
      userContainerNameTemplate: r.string('container-name-template', d.userContainerNameTemplate),
      allowContainerConcurrencyZero: r.bool(
        'allow-container-concurrency-zero',
        d.allowContainerConcurrencyZero,
      ),
      revisionTimeoutSeconds: r.int('revision-timeout-seconds', d.revisionTimeoutSeconds),
      maxRevisionTimeoutSeconds: r.int('max-revision-timeout-seconds', d.maxRevisionTimeoutSeconds),
      revisionIdleTimeoutSeconds: r.int('revision-idle-timeout-seconds', d.revisionIdleTimeoutSeconds),
      containerConcurrency: r.int('container-concurrency', d.containerConcurrency),
      containerConcurrencyMaxLimit: r.int('container-concurrency-max-limit', d.containerConcurrencyMaxLimit),
    };
    // Tri-state: true/false, anything else leaves it unset.
    if (r.has('enable-service-links')) {
      const v = data['enable-service-links'].toLowerCase();
      c.enableServiceLinks = v === 'true' ? true : v === 'false' ? false : undefined;
    }
    for (const [key, field] of QUANTITIES) {
      if (!r.has(key)) continue;
      if (!isQuantity(data[key])) r.fail(key, `"${data[key]}" is not a quantity (e.g. 100m, 128Mi)`);
      (c as unknown as Record<string, unknown>)[field] = data[key].trim();
    }
    c.revisionResponseStartTimeoutSeconds = r.int(
      'revision-response-start-timeout-seconds',
      c.revisionTimeoutSeconds,
    );

    if (c.revisionTimeoutSeconds > c.maxRevisionTimeoutSeconds) {
      r.fail(
        'revision-timeout-seconds',
        `(${c.revisionTimeoutSeconds}) cannot be greater than max-revision-timeout-seconds (${c.maxRevisionTimeoutSeconds})`,
      );
    }
    if (
      c.revisionResponseStartTimeoutSeconds > 0 &&
      c.revisionResponseStartTimeoutSeconds > c.revisionTimeoutSeconds
    ) {
      r.fail(
        'revision-response-start-timeout-seconds',
        `(${c.revisionResponseStartTimeoutSeconds}) cannot be greater than revision-timeout-seconds (${c.revisionTimeoutSeconds})`,
      );
    }
    if (c.revisionIdleTimeoutSeconds > 0 && c.revisionIdleTimeoutSeconds > c.revisionTimeoutSeconds) {
      r.fail(
        'revision-idle-timeout-seconds',
        `(${c.revisionIdleTimeoutSeconds}) cannot be greater than revision-timeout-seconds (${c.revisionTimeoutSeconds})`,
      );
    }
    if (c.containerConcurrencyMaxLimit < 1)
      r.fail('container-concurrency-max-limit', `must be at least 1, was ${c.containerConcurrencyMaxLimit}`);
    if (c.containerConcurrency < 0 || c.containerConcurrency > c.containerConcurrencyMaxLimit) {
      r.fail(
        'container-concurrency',
        `must be in [0, ${c.containerConcurrencyMaxLimit}], was ${c.containerConcurrency}`,
      );
    }
    for (const [key, tpl] of [
      ['container-name-template', c.userContainerNameTemplate],
      ['init-container-name-template', c.initContainerNameTemplate],
    ] as const) {
      try {
        renderTemplate(tpl, {}, NAME_TEMPLATE);
      } catch (err) {
        r.fail(key, (err as Error).message);
      }
    }
    return c;
  },
};
