// serving.knative.dev kinds as the registry and the CRD generator see them (facts from Knative's CRDs).
import type { KindDefinition, PrinterColumn } from '../core/registry';
import { configurationConditionSet } from './v1/configuration.lifecycle';
import { defaultConfiguration } from './v1/configuration.defaults';
import { ConfigurationSchema, type Configuration } from './v1/configuration.types';
import { validateConfiguration } from './v1/configuration.validation';
import { revisionConditionSet } from './v1/revision.lifecycle';
import { defaultRevision } from './v1/revision.defaults';
import { RevisionSchema, type Revision } from './v1/revision.types';
import { validateRevision } from './v1/revision.validation';
import { routeConditionSet } from './v1/route.lifecycle';
import { defaultRoute } from './v1/route.defaults';
import { RouteSchema, type Route } from './v1/route.types';
import { validateRoute } from './v1/route.validation';
import { serviceConditionSet } from './v1/service.lifecycle';
import { defaultService } from './v1/service.defaults';
import { ServiceSchema, type Service } from './v1/service.types';
import { validateService } from './v1/service.validation';
import { domainMappingKind } from './v1beta1/domainmapping.kind';

const READY: PrinterColumn[] = [
  { name: 'Ready', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" },
  { name: 'Reason', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].reason" },
];
const CATEGORIES = ['all', 'knative', 'serving'];
const CRD_LABELS = { 'app.kubernetes.io/name': 'kuack', 'knative.dev/crd-install': 'true' };

export const serviceKind: KindDefinition<Service> = {
  group: 'serving.knative.dev',
  version: 'v1',
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  shortNames: ['kservice', 'ksvc'],
  categories: CATEGORIES,
  scope: 'Namespaced',
  printerColumns: [
    { name: 'URL', type: 'string', jsonPath: '.status.url' },
    { name: 'LatestCreated', type: 'string', jsonPath: '.status.latestCreatedRevisionName' },
    { name: 'LatestReady', type: 'string', jsonPath: '.status.latestReadyRevisionName' },
    ...READY,
  ],
  schema: ServiceSchema,
  subresources: { status: true },
  crdLabels: {
    ...CRD_LABELS,
    'duck.knative.dev/addressable': 'true',
    'duck.knative.dev/podspecable': 'true',
  },
  conditionSet: serviceConditionSet,
  defaults: defaultService,
  validate: validateService,
};

export const configurationKind: KindDefinition<Configuration> = {
  group: 'serving.knative.dev',
  version: 'v1',
  kind: 'Configuration',
  plural: 'configurations',
  singular: 'configuration',
  shortNames: ['config', 'cfg'],
  categories: CATEGORIES,
  scope: 'Namespaced',
  printerColumns: [
    { name: 'LatestCreated', type: 'string', jsonPath: '.status.latestCreatedRevisionName' },
    { name: 'LatestReady', type: 'string', jsonPath: '.status.latestReadyRevisionName' },
    ...READY,
  ],
  schema: ConfigurationSchema,
  subresources: { status: true },
  crdLabels: { ...CRD_LABELS, 'duck.knative.dev/podspecable': 'true' },
  conditionSet: configurationConditionSet,
  defaults: defaultConfiguration,
  validate: validateConfiguration,
};

export const revisionKind: KindDefinition<Revision> = {
  group: 'serving.knative.dev',
  version: 'v1',
  kind: 'Revision',
  plural: 'revisions',
  singular: 'revision',
  shortNames: ['rev'],
  categories: CATEGORIES,
  scope: 'Namespaced',
  printerColumns: [
    {
      name: 'Config Name',
      type: 'string',
      jsonPath: ".metadata.labels['serving\\.knative\\.dev/configuration']",
    },
    {
      name: 'Generation',
      type: 'string',
      jsonPath: ".metadata.labels['serving\\.knative\\.dev/configurationGeneration']",
    },
    ...READY,
    { name: 'Actual Replicas', type: 'integer', jsonPath: '.status.actualReplicas' },
    { name: 'Desired Replicas', type: 'integer', jsonPath: '.status.desiredReplicas' },
  ],
  schema: RevisionSchema,
  subresources: { status: true },
  crdLabels: CRD_LABELS,
  conditionSet: revisionConditionSet,
  defaults: defaultRevision,
  validate: validateRevision,
};

export const routeKind: KindDefinition<Route> = {
  group: 'serving.knative.dev',
  version: 'v1',
  kind: 'Route',
  plural: 'routes',
  singular: 'route',
  shortNames: ['rt'],
  categories: CATEGORIES,
  scope: 'Namespaced',
  printerColumns: [{ name: 'URL', type: 'string', jsonPath: '.status.url' }, ...READY],
  schema: RouteSchema,
  subresources: { status: true },
  crdLabels: { ...CRD_LABELS, 'duck.knative.dev/addressable': 'true' },
  conditionSet: routeConditionSet,
  defaults: defaultRoute,
  validate: validateRoute,
};

export const servingKinds: KindDefinition[] = [
  serviceKind,
  configurationKind,
  revisionKind,
  routeKind,
  domainMappingKind,
] as unknown as KindDefinition[];
