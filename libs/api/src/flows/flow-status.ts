import { Type } from '@sinclair/typebox';
import { ConditionSchema, type Condition } from '../core/conditions';

/** corev1.ObjectReference as flows report their channels and subscriptions. */
export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

export const ObjectReferenceSchema = Type.Object({
  apiVersion: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
});

export interface ChannelStatusEntry {
  channel: ObjectReference;
  ready: Condition;
}

export interface SubscriptionStatusEntry {
  subscription: ObjectReference;
  ready: Condition;
}

export const ChannelStatusEntrySchema = Type.Object({
  channel: ObjectReferenceSchema,
  ready: ConditionSchema,
});
export const SubscriptionStatusEntrySchema = Type.Object({
  subscription: ObjectReferenceSchema,
  ready: ConditionSchema,
});

/** What a flow needs from a child Channel or Subscription to report on it. */
export interface ChildResource {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  status?: { conditions?: Condition[]; address?: { url?: string; CACerts?: string; audience?: string } };
}

export function referenceTo(child: ChildResource): ObjectReference {
  const ref: ObjectReference = {};
  if (child.apiVersion) ref.apiVersion = child.apiVersion;
  if (child.kind) ref.kind = child.kind;
  if (child.metadata?.name) ref.name = child.metadata.name;
  if (child.metadata?.namespace) ref.namespace = child.metadata.namespace;
  return ref;
}

/** The child's Ready condition, or an Unknown "NoReady" stand-in (the time is set by the caller's clock). */
export function readyOf(child: ChildResource, what: 'Channel' | 'Subscription', now: () => Date): Condition {
  const ready = child.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready) return ready;
  return {
    type: 'Ready',
    status: 'Unknown',
    reason: 'NoReady',
    message: `${what} does not have Ready condition`,
    lastTransitionTime: now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
  };
}
