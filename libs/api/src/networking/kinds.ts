// networking.internal.knative.dev kinds (facts from knative.dev/networking's CRDs).
import type { KindDefinition, PrinterColumn } from '../core/registry';
import { certificateConditionSet } from './certificate.lifecycle';
import { CertificateSchema, type Certificate } from './certificate.types';
import { validateCertificate } from './certificate.validation';
import { defaultIngress } from './ingress.defaults';
import { ingressConditionSet } from './ingress.lifecycle';
import { IngressSchema, type Ingress } from './ingress.types';
import { validateIngress } from './ingress.validation';
import { serverlessServiceConditionSet } from './serverlessservice.lifecycle';
import { ServerlessServiceSchema, type ServerlessService } from './serverlessservice.types';
import { validateServerlessService } from './serverlessservice.validation';

const READY: PrinterColumn[] = [
  { name: 'Ready', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" },
  { name: 'Reason', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].reason" },
];
const common = {
  group: 'networking.internal.knative.dev',
  version: 'v1alpha1',
  categories: ['knative-internal', 'networking'],
  scope: 'Namespaced' as const,
  subresources: { status: true },
  crdLabels: {
    'app.kubernetes.io/name': 'kuack',
    'app.kubernetes.io/component': 'networking',
    'knative.dev/crd-install': 'true',
  },
};

export const ingressKind: KindDefinition<Ingress> = {
  ...common,
  kind: 'Ingress',
  plural: 'ingresses',
  singular: 'ingress',
  shortNames: ['kingress', 'king'],
  printerColumns: READY,
  schema: IngressSchema,
  conditionSet: ingressConditionSet,
  defaults: (o) => defaultIngress(o),
  validate: (o) => validateIngress(o),
};

export const serverlessServiceKind: KindDefinition<ServerlessService> = {
  ...common,
  kind: 'ServerlessService',
  plural: 'serverlessservices',
  singular: 'serverlessservice',
  shortNames: ['sks'],
  printerColumns: [
    { name: 'Mode', type: 'string', jsonPath: '.spec.mode' },
    { name: 'Activators', type: 'integer', jsonPath: '.spec.numActivators' },
    { name: 'ServiceName', type: 'string', jsonPath: '.status.serviceName' },
    { name: 'PrivateServiceName', type: 'string', jsonPath: '.status.privateServiceName' },
    ...READY,
  ],
  schema: ServerlessServiceSchema,
  conditionSet: serverlessServiceConditionSet,
  defaults: () => undefined,
  validate: (o) => validateServerlessService(o),
};

export const certificateKind: KindDefinition<Certificate> = {
  ...common,
  kind: 'Certificate',
  plural: 'certificates',
  singular: 'certificate',
  shortNames: ['kcert'],
  printerColumns: READY,
  schema: CertificateSchema,
  conditionSet: certificateConditionSet,
  defaults: () => undefined,
  validate: (o) => validateCertificate(o),
};

export const networkingKinds = [
  ingressKind,
  serverlessServiceKind,
  certificateKind,
] as unknown as KindDefinition[];
