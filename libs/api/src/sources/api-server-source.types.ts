import { Type } from '@sinclair/typebox';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import {
  type SourceSpec,
  SourceSpecFields,
  type SourceStatus,
  SourceStatusFields,
} from '../eventing/duck/source';
import { type SubscriptionsAPIFilter, SubscriptionsAPIFilterSchema } from '../eventing/filters.types';
import { type LabelSelector, LabelSelectorSchema } from './subject-reference';

export const API_SERVER_MODE = { Reference: 'Reference', Resource: 'Resource' } as const;

/** Event types: `dev.knative.apiserver.{resource|ref}.{add|update|delete}`. */
export function apiServerEventType(mode: string, verb: 'add' | 'update' | 'delete'): string {
  return `dev.knative.apiserver.${mode === API_SERVER_MODE.Resource ? 'resource' : 'ref'}.${verb}`;
}

export interface APIVersionKindSelector {
  apiVersion: string;
  kind: string;
  selector?: LabelSelector;
}

export interface ApiServerSourceSpec extends SourceSpec {
  resources?: APIVersionKindSelector[];
  owner?: { apiVersion: string; kind: string };
  /** Reference (default): events carry a reference; Resource: the whole object. */
  mode?: string;
  serviceAccountName?: string;
  namespaceSelector?: LabelSelector;
  /** Needs the `new-apiserversource-filters` feature. */
  filters?: SubscriptionsAPIFilter[];
}

export interface ApiServerSourceStatus extends SourceStatus {
  namespaces?: string[];
}

export type ApiServerSource = KObject<ApiServerSourceSpec, ApiServerSourceStatus>;

export const ApiServerSourceSchema = ResourceSchema({
  description: 'ApiServerSource turns Kubernetes API watch events into CloudEvents.',
  spec: Type.Object({
    ...SourceSpecFields,
    resources: Type.Optional(
      Type.Array(
        Type.Object({
          apiVersion: Type.String(),
          kind: Type.String(),
          selector: Type.Optional(LabelSelectorSchema),
        }),
      ),
    ),
    owner: Type.Optional(Type.Object({ apiVersion: Type.String(), kind: Type.String() })),
    mode: Type.Optional(Type.String()),
    serviceAccountName: Type.Optional(Type.String()),
    namespaceSelector: Type.Optional(LabelSelectorSchema),
    filters: Type.Optional(Type.Array(SubscriptionsAPIFilterSchema)),
  }),
  status: Type.Object({ ...SourceStatusFields, namespaces: Type.Optional(Type.Array(Type.String())) }),
});
