import { admit, defaultApiConfig, defaultRegistry, type ApiConfig, type KObject } from '@kuack/api';
import type { Admission } from './api';
import { ApiError } from './errors';
import type { KubeObject } from './object';

/** The user every request of the embedded cluster acts as (one bearer token, one admin). */
export const ADMIN_USER = 'kuack-admin';

/** The webhook Knative registers for a group (the name kube-apiserver quotes when the webhook denies). */
function webhookName(group: string): string {
  if (group.endsWith('serving.knative.dev')) return 'validation.webhook.serving.knative.dev';
  if (
    group.endsWith('eventing.knative.dev') ||
    group.endsWith('sources.knative.dev') ||
    group.endsWith('messaging.knative.dev')
  ) {
    return 'validation.webhook.eventing.knative.dev';
  }
  return `validation.webhook.${group}`;
}

/**
 * Knative kinds go through @kuack/api's `admit` (defaults, validation, update rules), as Knative's webhooks do
 * on a real cluster; a denial reads like kube-apiserver's webhook denial (400 with the webhook named). Other
 * kinds pass untouched.
 */
export function knativeAdmission(config: () => ApiConfig = () => defaultApiConfig()): Admission {
  return (type, obj, old) => {
    const apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
    if (!type.custom || !defaultRegistry.lookup({ apiVersion, kind: type.kind })) return undefined;
    const result = admit(
      undefined,
      { ...obj, apiVersion, kind: type.kind } as KObject,
      old as KObject | undefined,
      {
        config: config(),
        userInfo: { username: ADMIN_USER },
      },
    );
    if (result.errors.length > 0) {
      const text = result.errors
        .map((e) => (e.path ? `${e.message}: ${e.path}` : e.message) + (e.details ? `\n${e.details}` : ''))
        .join('\n');
      throw new ApiError(
        400,
        'BadRequest',
        `admission webhook "${webhookName(type.group)}" denied the request: validation failed: ${text}`,
        {
          causes: result.errors.map((e) => ({
            reason: 'FieldValueInvalid',
            message: e.message,
            field: e.path,
          })),
        },
      );
    }
    return { object: result.object as unknown as KubeObject, errors: [] };
  };
}
