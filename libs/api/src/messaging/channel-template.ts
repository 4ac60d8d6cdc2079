import { Type } from '@sinclair/typebox';
import type { ApiConfig } from '../core/config';
import { FieldErrors, errMissingField } from '../core/field-error';
import { deepCopy } from '../core/object';
import { PreserveUnknown } from '../core/schema';

/** messaging ChannelTemplateSpec: the kind of channel to create and its spec, passed through verbatim. */
export interface ChannelTemplateSpec {
  apiVersion?: string;
  kind?: string;
  spec?: Record<string, unknown>;
}

export const ChannelTemplateSpecSchema = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  spec: Type.Optional(PreserveUnknown({ description: 'Passed in verbatim to the Channel CRD as its spec.' })),
});

/** ChannelDefaults.GetChannelConfig (default-ch-webhook): the namespace's template, else the cluster's. */
export function defaultChannelTemplate(
  config: ApiConfig,
  namespace: string,
): ChannelTemplateSpec | undefined {
  const found =
    config.channelDefaults.namespaceDefaults?.[namespace] ?? config.channelDefaults.clusterDefault;
  if (!found) return undefined;
  const template: ChannelTemplateSpec = { apiVersion: found.apiVersion, kind: found.kind };
  if (found.spec) template.spec = deepCopy(found.spec);
  return template;
}

/** IsValidChannelTemplate: kind and apiVersion are required. Paths relative to the template. */
export function validateChannelTemplate(template: ChannelTemplateSpec): FieldErrors {
  let errs = FieldErrors.none;
  if (!template.kind) errs = errs.also(errMissingField('kind'));
  if (!template.apiVersion) errs = errs.also(errMissingField('apiVersion'));
  return errs;
}

export const SUBSCRIBABLE_DUCK_VERSION_ANNOTATION = 'messaging.knative.dev/subscribable';
export const SUBSCRIBABLE_CRD_LABELS = {
  'messaging.knative.dev/subscribable': 'true',
  'duck.knative.dev/addressable': 'true',
};
