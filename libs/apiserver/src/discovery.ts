import type { Registry } from './registry';
import type { ResourceType } from './resource-type';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resourceEntry(t: ResourceType): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: VERBS,
  };
  if (t.shortNames.length) entry.shortNames = t.shortNames;
  if (t.categories.length) entry.categories = t.categories;
  return entry;
}

function subresourceEntries(t: ResourceType): Record<string, unknown>[] {
  return t.subresources.map((sub) => {
    if (sub === 'status')
      return {
        name: `${t.plural}/status`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['get', 'patch', 'update'],
      };
    if (sub === 'scale') {
      return {
        name: `${t.plural}/scale`,
        singularName: '',
        namespaced: t.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      };
    }
    if (sub === 'binding')
      return {
        name: `${t.plural}/binding`,
        singularName: '',
        namespaced: true,
        kind: 'Binding',
        verbs: ['create'],
      };
    return {
      name: `${t.plural}/${sub}`,
      singularName: '',
      namespaced: t.namespaced,
      kind: sub === 'log' ? 'Pod' : t.kind,
      verbs: ['get'],
    };
  });
}

/** APIResourceList of one group/version. */
export function resourceList(
  registry: Registry,
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const types = registry.all().filter((t) => t.group === group && t.versions.includes(version));
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: types.flatMap((t) => [resourceEntry(t), ...subresourceEntries(t)]),
  };
}

function groupEntry(g: { group: string; versions: string[]; preferred: string }): Record<string, unknown> {
  const v = (version: string) => ({ groupVersion: `${g.group}/${version}`, version });
  return { name: g.group, versions: g.versions.map(v), preferredVersion: v(g.preferred) };
}

export function apiVersions(address: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }],
  };
}

export function groupList(registry: Registry): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groupVersions()
      .filter((g) => g.group !== '')
      .map(groupEntry),
  };
}

export function group(registry: Registry, name: string): Record<string, unknown> | undefined {
  const g = registry.groupVersions().find((x) => x.group === name);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g) } : undefined;
}
