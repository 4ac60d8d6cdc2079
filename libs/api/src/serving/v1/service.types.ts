import { Type } from '@sinclair/typebox';
import { StatusFieldsSchema } from '../../core/conditions';
import { AddressableSchema } from '../../core/duck/addressable';
import type { KObject } from '../../core/object';
import { ResourceSchema } from '../../core/schema';
import {
  ConfigurationSpecFields,
  ConfigurationStatusFields,
  type ConfigurationSpec,
  type ConfigurationStatus,
} from './configuration.types';
import { RouteSpecFields, TrafficTargetSchema, type RouteSpec, type RouteStatus } from './route.types';

/** ServiceSpec = ConfigurationSpec + RouteSpec, inline. */
export const ServiceSpecSchema = Type.Object({ ...ConfigurationSpecFields, ...RouteSpecFields });
export type ServiceSpec = ConfigurationSpec & RouteSpec;

export const ServiceStatusSchema = Type.Object({
  ...StatusFieldsSchema,
  ...ConfigurationStatusFields,
  url: Type.Optional(Type.String()),
  address: Type.Optional(AddressableSchema),
  traffic: Type.Optional(Type.Array(TrafficTargetSchema)),
});
export type ServiceStatus = ConfigurationStatus & RouteStatus;

export const ServiceSchema = ResourceSchema({
  spec: ServiceSpecSchema,
  status: ServiceStatusSchema,
  description: 'Service manages a Route and a Configuration which together implement a network service.',
});
export type Service = KObject<ServiceSpec, ServiceStatus>;

export const ServiceConditionReady = 'Ready';
export const ServiceConditionConfigurationsReady = 'ConfigurationsReady';
export const ServiceConditionRoutesReady = 'RoutesReady';
