import type { V1ObjectReference } from '@kubernetes/client-node';
import { Type } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../core/conditions';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import { ObjectReferenceSchema } from './object-reference';
import type { ProtocolType, SKSOperationMode } from './register';

export const ServerlessServiceSpecSchema = Type.Object({
  mode: Type.Optional(Type.String()),
  objectRef: ObjectReferenceSchema,
  protocolType: Type.String(),
  numActivators: Type.Optional(Type.Integer({ format: 'int32' })),
});
export interface ServerlessServiceSpec {
  mode?: SKSOperationMode;
  objectRef: V1ObjectReference;
  protocolType: ProtocolType;
  numActivators?: number;
}
export const ServerlessServiceStatusSchema = Type.Object({
  ...StatusFieldsSchema,
  serviceName: Type.Optional(Type.String()),
  privateServiceName: Type.Optional(Type.String()),
});
export type ServerlessServiceStatus = Status & { serviceName?: string; privateServiceName?: string };

export const ServerlessServiceSchema = ResourceSchema({
  spec: ServerlessServiceSpecSchema,
  status: ServerlessServiceStatusSchema,
  description:
    'ServerlessService is a proxy for the K8s service objects containing the endpoints for the revision.',
});
export type ServerlessService = KObject<ServerlessServiceSpec, ServerlessServiceStatus>;

export const ServerlessServiceConditionEndpointsPopulated = 'EndpointsPopulated';
export const ActivatorEndpointsPopulated = 'ActivatorEndpointsPopulated';
