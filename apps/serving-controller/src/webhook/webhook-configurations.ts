import type { KubeObject } from '@kuack/controller';
import { DEFAULTING_PATH, VALIDATION_PATH } from './admission-review';

export const MUTATING_WEBHOOK_NAME = 'webhook.serving.knative.dev';
export const VALIDATING_WEBHOOK_NAME = 'validation.webhook.serving.knative.dev';
export const MUTATING_GVK = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'MutatingWebhookConfiguration',
};
export const VALIDATING_GVK = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
};

/** Where kube-apiserver reaches the webhook: a URL (local, tests) or a Service in the cluster. */
export type WebhookTarget = { url: string } | { service: { namespace: string; name: string; port: number } };

const RULES = [
  {
    apiGroups: ['serving.knative.dev'],
    apiVersions: ['v1'],
    operations: ['CREATE', 'UPDATE'],
    resources: ['services', 'configurations', 'routes', 'revisions'],
    scope: 'Namespaced',
  },
  {
    apiGroups: ['serving.knative.dev'],
    apiVersions: ['v1beta1'],
    operations: ['CREATE', 'UPDATE'],
    resources: ['domainmappings'],
    scope: 'Namespaced',
  },
];

function clientConfig(target: WebhookTarget, path: string, caBundle: string) {
  const ca = Buffer.from(caBundle).toString('base64');
  if ('url' in target) return { url: `${target.url.replace(/\/$/, '')}${path}`, caBundle: ca };
  return { service: { ...target.service, path }, caBundle: ca };
}

/** Knative's opt-out label for a namespace. */
export const DEFAULT_NAMESPACE_SELECTOR = {
  matchExpressions: [{ key: 'webhooks.knative.dev/exclude', operator: 'DoesNotExist' }],
};

export interface WebhookConfigurationOptions {
  /** Configuration and webhook name (default Knative's). */
  name?: string;
  namespaceSelector?: Record<string, unknown>;
}

function webhook(
  name: string,
  target: WebhookTarget,
  path: string,
  caBundle: string,
  namespaceSelector: Record<string, unknown> = DEFAULT_NAMESPACE_SELECTOR,
) {
  return {
    name,
    admissionReviewVersions: ['v1'],
    clientConfig: clientConfig(target, path, caBundle),
    rules: RULES,
    failurePolicy: 'Fail',
    sideEffects: 'None',
    timeoutSeconds: 10,
    namespaceSelector,
  };
}

/** The MutatingWebhookConfiguration `webhook.serving.knative.dev` (defaults as JSON patches). */
export function makeMutatingWebhookConfiguration(
  target: WebhookTarget,
  caBundle: string,
  options: WebhookConfigurationOptions = {},
): KubeObject {
  const name = options.name ?? MUTATING_WEBHOOK_NAME;
  return {
    ...MUTATING_GVK,
    metadata: { name, labels: { 'app.kubernetes.io/name': 'kuack' } },
    webhooks: [
      {
        ...webhook(name, target, DEFAULTING_PATH, caBundle, options.namespaceSelector),
        reinvocationPolicy: 'IfNeeded',
      },
    ],
  };
}

/** The ValidatingWebhookConfiguration `validation.webhook.serving.knative.dev`. */
export function makeValidatingWebhookConfiguration(
  target: WebhookTarget,
  caBundle: string,
  options: WebhookConfigurationOptions = {},
): KubeObject {
  const name = options.name ?? VALIDATING_WEBHOOK_NAME;
  return {
    ...VALIDATING_GVK,
    metadata: { name, labels: { 'app.kubernetes.io/name': 'kuack' } },
    webhooks: [webhook(name, target, VALIDATION_PATH, caBundle, options.namespaceSelector)],
  };
}
