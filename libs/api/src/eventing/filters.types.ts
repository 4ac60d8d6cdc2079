import { Type } from '@sinclair/typebox';
import { PreserveUnknown, StringMap } from '../core/schema';

/** Trigger `spec.filter`: the legacy attributes filter (every key equal; "" = present). */
export interface TriggerFilter {
  attributes?: Record<string, string>;
}

/** One entry of Trigger `spec.filters` (Subscriptions API dialects): exactly one dialect per entry. */
export interface SubscriptionsAPIFilter {
  all?: SubscriptionsAPIFilter[];
  any?: SubscriptionsAPIFilter[];
  not?: SubscriptionsAPIFilter;
  exact?: Record<string, string>;
  prefix?: Record<string, string>;
  suffix?: Record<string, string>;
  cesql?: string;
}

export const TriggerFilterSchema = Type.Object({ attributes: Type.Optional(StringMap()) });

// Structural schemas cannot recurse, so nested all/any/not entries keep unknown fields, as Knative's CRD does.
export const SubscriptionsAPIFilterSchema = Type.Object({
  all: Type.Optional(Type.Array(PreserveUnknown<SubscriptionsAPIFilter>())),
  any: Type.Optional(Type.Array(PreserveUnknown<SubscriptionsAPIFilter>())),
  not: Type.Optional(PreserveUnknown<SubscriptionsAPIFilter>()),
  exact: Type.Optional(StringMap()),
  prefix: Type.Optional(StringMap()),
  suffix: Type.Optional(StringMap()),
  cesql: Type.Optional(Type.String()),
});
