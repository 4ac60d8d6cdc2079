import { Type, type Static } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../core/conditions';
import type { KObject } from '../core/object';
import { IntOrString, ResourceSchema } from '../core/schema';

export const CertificateSpecSchema = Type.Object({
  dnsNames: Type.Array(Type.String()),
  domain: Type.Optional(Type.String()),
  secretName: Type.String(),
});
export type CertificateSpec = Static<typeof CertificateSpecSchema>;

export const HTTP01ChallengeSchema = Type.Object({
  url: Type.Optional(Type.String()),
  serviceName: Type.Optional(Type.String()),
  serviceNamespace: Type.Optional(Type.String()),
  servicePort: Type.Optional(IntOrString()),
});
export const CertificateStatusSchema = Type.Object({
  ...StatusFieldsSchema,
  notAfter: Type.Optional(Type.String({ format: 'date-time' })),
  http01Challenges: Type.Optional(Type.Array(HTTP01ChallengeSchema)),
});
export type CertificateStatus = Status & {
  notAfter?: string;
  http01Challenges?: Array<Static<typeof HTTP01ChallengeSchema>>;
};

export const CertificateSchema = ResourceSchema({
  spec: CertificateSpecSchema,
  status: CertificateStatusSchema,
  description: 'Certificate is responsible for provisioning a SSL certificate for the given hosts.',
});
export type Certificate = KObject<CertificateSpec, CertificateStatus>;
