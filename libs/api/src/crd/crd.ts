// apiextensions.k8s.io/v1 CustomResourceDefinitions built from the kind registry: names, scope, status
// subresource, printer columns and the structural schema of each kind.
import { stringify } from 'yaml';
import { type KindDefinition, crdName } from '../core/registry';
import { toStructural } from './structural';

export interface CrdFile {
  fileName: string;
  crd: Record<string, unknown>;
  yaml: string;
}

export const CRD_HEADER = '# Generated from libs/api by `npx nx run api:generate-crds`. Do not edit.\n';

export function buildCrd(def: KindDefinition): Record<string, unknown> {
  const version: Record<string, unknown> = {
    name: def.version,
    served: true,
    storage: true,
  };
  if (def.subresources.status || def.subresources.scale) {
    version.subresources = {
      ...(def.subresources.status ? { status: {} } : {}),
      ...(def.subresources.scale ? { scale: def.subresources.scale } : {}),
    };
  }
  if (def.printerColumns.length) version.additionalPrinterColumns = def.printerColumns.map((c) => ({ ...c }));
  version.schema = { openAPIV3Schema: toStructural(def.schema, `${def.kind}`) };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdName(def), ...(def.crdLabels ? { labels: { ...def.crdLabels } } : {}) },
    spec: {
      group: def.group,
      names: {
        kind: def.kind,
        listKind: `${def.kind}List`,
        plural: def.plural,
        singular: def.singular,
        ...(def.shortNames.length ? { shortNames: [...def.shortNames] } : {}),
        ...(def.categories.length ? { categories: [...def.categories] } : {}),
      },
      scope: def.scope,
      versions: [version],
    },
  };
}

export function crdFiles(defs: KindDefinition[]): CrdFile[] {
  return defs
    .map((def) => {
      const crd = buildCrd(def);
      return { fileName: `${crdName(def)}.yaml`, crd, yaml: CRD_HEADER + stringify(crd, { lineWidth: 0 }) };
    })
    .sort((a, b) => a.fileName.localeCompare(b.fileName));
}
