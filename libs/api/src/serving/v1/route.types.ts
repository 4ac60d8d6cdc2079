import { Type, type Static } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../../core/conditions';
import { AddressableSchema, type Addressable } from '../../core/duck/addressable';
import type { KObject } from '../../core/object';
import { ResourceSchema } from '../../core/schema';

export const TrafficTargetSchema = Type.Object({
  tag: Type.Optional(Type.String()),
  revisionName: Type.Optional(Type.String()),
  configurationName: Type.Optional(Type.String()),
  latestRevision: Type.Optional(Type.Boolean()),
  percent: Type.Optional(Type.Integer({ format: 'int64' })),
  url: Type.Optional(Type.String()),
});
export type TrafficTarget = Static<typeof TrafficTargetSchema>;

export const RouteSpecFields = {
  traffic: Type.Optional(Type.Array(TrafficTargetSchema)),
};
export const RouteSpecSchema = Type.Object(RouteSpecFields);
export interface RouteSpec {
  traffic?: TrafficTarget[];
}

export const RouteStatusFields = {
  url: Type.Optional(Type.String()),
  address: Type.Optional(AddressableSchema),
  traffic: Type.Optional(Type.Array(TrafficTargetSchema)),
};
export const RouteStatusSchema = Type.Object({ ...StatusFieldsSchema, ...RouteStatusFields });
export type RouteStatus = Status & { url?: string; address?: Addressable; traffic?: TrafficTarget[] };

export const RouteSchema = ResourceSchema({
  spec: RouteSpecSchema,
  status: RouteStatusSchema,
  description: 'Route is responsible for configuring ingress over a collection of Revisions.',
});
export type Route = KObject<RouteSpec, RouteStatus>;

export const RouteConditionReady = 'Ready';
export const RouteConditionAllTrafficAssigned = 'AllTrafficAssigned';
export const RouteConditionIngressReady = 'IngressReady';
export const RouteConditionCertificateProvisioned = 'CertificateProvisioned';
