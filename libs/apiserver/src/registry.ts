import {
  defaultDeployment,
  defaultNamespace,
  defaultPod,
  defaultReplicaSet,
  defaultSecret,
  defaultService,
  preparePodCreate,
  prepareServiceCreate,
  validateDeployment,
  validatePod,
  validateService,
} from './builtin-defaults';
import type { KubeObject } from './object';
import { AGE_COLUMN, BUILTIN_COLUMNS, NAME_COLUMN } from './printers';
import { storageKey, type ResourceType } from './resource-type';

type Builtin = Partial<ResourceType> &
  Pick<ResourceType, 'group' | 'version' | 'kind' | 'plural' | 'namespaced'>;

const resetStatus = (obj: KubeObject) => {
  obj.status = {};
};

const BUILTINS: Builtin[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
    shortNames: ['ns'],
    statusSubresource: true,
    defaults: defaultNamespace,
  },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] },
  {
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    namespaced: true,
    defaults: defaultSecret,
    fieldSelectors: ['type'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    statusSubresource: true,
    defaults: defaultService,
    validate: validateService,
    prepareCreate: prepareServiceCreate,
  },
  { group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', namespaced: true, shortNames: ['ep'] },
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    statusSubresource: true,
    defaults: defaultPod,
    validate: validatePod,
    prepareCreate: preparePodCreate,
    fieldSelectors: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
    subresources: ['status', 'binding', 'log'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    namespaced: true,
    shortNames: ['ev'],
    fieldSelectors: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Node',
    plural: 'nodes',
    namespaced: false,
    shortNames: ['no'],
    statusSubresource: true,
    fieldSelectors: ['spec.unschedulable'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    statusSubresource: true,
    generation: 'spec',
    defaults: defaultDeployment,
    validate: validateDeployment,
    prepareCreate: resetStatus,
    subresources: ['status', 'scale'],
    scale: { specReplicasPath: 'spec.replicas', statusReplicasPath: 'status.replicas' },
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    plural: 'replicasets',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    statusSubresource: true,
    generation: 'spec',
    defaults: defaultReplicaSet,
    validate: validateDeployment,
    prepareCreate: (o) => {
      o.status = { replicas: 0 };
    },
    subresources: ['status', 'scale'],
    scale: { specReplicasPath: 'spec.replicas', statusReplicasPath: 'status.replicas' },
  },
  {
    group: 'events.k8s.io',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    namespaced: true,
    shortNames: ['ev'],
    storageKey: 'core/events',
    fieldSelectors: ['regarding.kind', 'regarding.name', 'regarding.namespace', 'reason', 'type'],
  },
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true },
  {
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    namespaced: true,
    generation: 'non-metadata',
    fieldSelectors: ['addressType'],
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    statusSubresource: true,
    generation: 'spec',
  },
];

function complete(b: Builtin): ResourceType {
  const key = storageKey(b.group, b.plural);
  return {
    versions: [b.version],
    listKind: `${b.kind}List`,
    singular: b.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    statusSubresource: false,
    generation: 'none',
    strategicMerge: true,
    fieldSelectors: [],
    custom: false,
    ...b,
    storageKey: b.storageKey ?? key,
    printerColumns: b.printerColumns ?? BUILTIN_COLUMNS[b.storageKey ?? key] ?? [NAME_COLUMN, AGE_COLUMN],
    subresources: b.subresources ?? (b.statusSubresource ? ['status'] : []),
  };
}

/** Every resource the server serves: the built-in ones and those of established CRDs. */
export class Registry {
  private readonly builtins = BUILTINS.map(complete);
  private custom = new Map<string, ResourceType>();

  all(): ResourceType[] {
    return [...this.builtins, ...this.custom.values()];
  }

  /** The resource served at group/version/plural, if any. */
  find(group: string, version: string, plural: string): ResourceType | undefined {
    for (const t of this.builtins)
      if (t.group === group && t.version === version && t.plural === plural) return t;
    const t = this.custom.get(`${group}/${plural}`);
    if (t && t.versions.includes(version)) return { ...t, version };
    return undefined;
  }

  /** The resource of an apiVersion + kind (owner references, admission). */
  findKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.all().find((t) => t.group === group && t.versions.includes(version) && t.kind === kind);
  }

  byStorageKey(key: string): ResourceType | undefined {
    return this.all().find((t) => t.storageKey === key);
  }

  /** Replaces every custom resource type (called whenever a CRD changes). */
  setCustom(types: ResourceType[]): void {
    this.custom = new Map(types.map((t) => [`${t.group}/${t.plural}`, t]));
  }

  groupVersions(): { group: string; versions: string[]; preferred: string }[] {
    const groups = new Map<string, string[]>();
    for (const t of this.all()) {
      const vs = groups.get(t.group) ?? [];
      for (const v of t.versions) if (!vs.includes(v)) vs.push(v);
      groups.set(t.group, vs);
    }
    return [...groups.entries()].map(([group, versions]) => ({ group, versions, preferred: versions[0] }));
  }
}
