// Helpers for the table tests of this library (not exported).
import { admit } from '../admit';
import { type ApiConfig, defaultApiConfig } from '../core/config';
import type { KObject } from '../core/object';

export function lines(obj: KObject, old?: KObject, config: ApiConfig = defaultApiConfig()): string[] {
  return admit(undefined, obj, old, config).errors.map(
    (e) => `${e.path}: ${e.message}${e.details ? ` (${e.details})` : ''}`,
  );
}

export function defaulted<T extends KObject>(
  obj: T,
  old?: T,
  config: ApiConfig = defaultApiConfig(),
  userInfo?: { username: string },
): T {
  return admit(undefined, obj, old, userInfo ? { config, userInfo } : config).object;
}

export function ksvc(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'hello', namespace: 'default', ...meta },
    spec,
  } as KObject;
}

export function template(
  podSpec: Record<string, unknown>,
  meta?: Record<string, unknown>,
): Record<string, unknown> {
  return { template: { ...(meta ? { metadata: meta } : {}), spec: podSpec } };
}

export const IMAGE = 'ghcr.io/knative/helloworld-go:latest';

export function svcWithContainer(
  container: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): KObject {
  return ksvc(template({ containers: [{ image: IMAGE, ...container }], ...extra }));
}

export function config(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return defaultApiConfig(overrides);
}
