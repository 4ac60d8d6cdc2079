import type { KindDefinition } from '../../core/registry';
import { defaultDomainMapping } from './domainmapping.defaults';
import { domainMappingConditionSet } from './domainmapping.lifecycle';
import { DomainMappingSchema, type DomainMapping } from './domainmapping.types';
import { validateDomainMapping } from './domainmapping.validation';

export const domainMappingKind: KindDefinition<DomainMapping> = {
  group: 'serving.knative.dev',
  version: 'v1beta1',
  kind: 'DomainMapping',
  plural: 'domainmappings',
  singular: 'domainmapping',
  shortNames: ['dm'],
  categories: ['all', 'knative', 'serving'],
  scope: 'Namespaced',
  printerColumns: [
    { name: 'URL', type: 'string', jsonPath: '.status.url' },
    { name: 'Ready', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" },
    { name: 'Reason', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].reason" },
  ],
  schema: DomainMappingSchema,
  subresources: { status: true },
  crdLabels: { 'app.kubernetes.io/name': 'kuack', 'knative.dev/crd-install': 'true' },
  conditionSet: domainMappingConditionSet,
  defaults: defaultDomainMapping,
  validate: validateDomainMapping,
};
