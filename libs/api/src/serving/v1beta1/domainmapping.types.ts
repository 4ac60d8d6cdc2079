import { Type, type Static } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../../core/conditions';
import { AddressableSchema, type Addressable } from '../../core/duck/addressable';
import { KReferenceSchema } from '../../core/duck/kreference';
import type { KObject } from '../../core/object';
import { ResourceSchema } from '../../core/schema';

export const DomainMappingSpecSchema = Type.Object({
  ref: KReferenceSchema,
  tls: Type.Optional(Type.Object({ secretName: Type.String() })),
});
export type DomainMappingSpec = Static<typeof DomainMappingSpecSchema>;

export const DomainMappingStatusSchema = Type.Object({
  ...StatusFieldsSchema,
  url: Type.Optional(Type.String()),
  address: Type.Optional(AddressableSchema),
});
export type DomainMappingStatus = Status & { url?: string; address?: Addressable };

export const DomainMappingSchema = ResourceSchema({
  spec: DomainMappingSpecSchema,
  status: DomainMappingStatusSchema,
  description: 'DomainMapping is a mapping from a custom hostname to an Addressable.',
});
export type DomainMapping = KObject<DomainMappingSpec, DomainMappingStatus>;

export const DomainMappingConditionReady = 'Ready';
export const DomainMappingConditionReferenceResolved = 'ReferenceResolved';
export const DomainMappingConditionIngressReady = 'IngressReady';
export const DomainMappingConditionDomainClaimed = 'DomainClaimed';
export const DomainMappingConditionCertificateProvisioned = 'CertificateProvisioned';
