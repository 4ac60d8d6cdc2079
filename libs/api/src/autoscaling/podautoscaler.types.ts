import type { V1ObjectReference } from '@kubernetes/client-node';
import { Type } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../core/conditions';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import { ObjectReferenceSchema } from '../networking/object-reference';
import type { ProtocolType } from '../networking/register';

export const PodAutoscalerSpecSchema = Type.Object({
  containerConcurrency: Type.Optional(Type.Integer({ format: 'int64' })),
  scaleTargetRef: ObjectReferenceSchema,
  reachability: Type.Optional(Type.String()),
  protocolType: Type.String(),
});
export type ReachabilityType = '' | 'Reachable' | 'Unreachable';
export interface PodAutoscalerSpec {
  containerConcurrency?: number;
  scaleTargetRef: V1ObjectReference;
  reachability?: ReachabilityType;
  protocolType: ProtocolType;
}

export const PodAutoscalerStatusSchema = Type.Object({
  ...StatusFieldsSchema,
  serviceName: Type.Optional(Type.String()),
  metricsServiceName: Type.Optional(Type.String()),
  desiredScale: Type.Optional(Type.Integer({ format: 'int32' })),
  actualScale: Type.Optional(Type.Integer({ format: 'int32' })),
});
export type PodAutoscalerStatus = Status & {
  serviceName?: string;
  metricsServiceName?: string;
  desiredScale?: number;
  actualScale?: number;
};

export const PodAutoscalerSchema = ResourceSchema({
  spec: PodAutoscalerSpecSchema,
  status: PodAutoscalerStatusSchema,
  description:
    'PodAutoscaler is a Knative abstraction that encapsulates the interface by which Knative components instantiate autoscalers.',
});
export type PodAutoscaler = KObject<PodAutoscalerSpec, PodAutoscalerStatus>;

export const PodAutoscalerConditionReady = 'Ready';
export const PodAutoscalerConditionActive = 'Active';
export const PodAutoscalerConditionScaleTargetInitialized = 'ScaleTargetInitialized';
export const PodAutoscalerConditionSKSReady = 'SKSReady';
