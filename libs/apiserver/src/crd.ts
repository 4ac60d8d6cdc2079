import type { FieldError } from './errors';
import { isPlainObject, timestamp, type KubeObject } from './object';
import { AGE_COLUMN, NAME_COLUMN } from './printers';
import { storageKey, type PrinterColumn, type ResourceType } from './resource-type';
import type { Schema } from './schema';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CrdNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

/** Field errors of a CustomResourceDefinition (the checks clients hit in practice). */
export function validateCrd(crd: KubeObject): FieldError[] {
  const spec = (crd.spec ?? {}) as Any;
  const errors: FieldError[] = [];
  const names = (spec.names ?? {}) as Partial<CrdNames>;
  if (!spec.group) errors.push({ type: 'FieldValueRequired', field: 'spec.group', detail: '' });
  if (!names.plural) errors.push({ type: 'FieldValueRequired', field: 'spec.names.plural', detail: '' });
  if (!names.kind) errors.push({ type: 'FieldValueRequired', field: 'spec.names.kind', detail: '' });
  if (spec.group && names.plural && crd.metadata.name !== `${names.plural}.${spec.group}`) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'metadata.name',
      value: crd.metadata.name,
      detail: `must be spec.names.plural+"."+spec.group`,
    });
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    errors.push({
      type: 'FieldValueNotSupported',
      field: 'spec.scope',
      value: spec.scope ?? '',
      detail: 'supported values: "Cluster", "Namespaced"',
    });
  }
  const versions = (spec.versions ?? []) as Any[];
  if (versions.length === 0) errors.push({ type: 'FieldValueRequired', field: 'spec.versions', detail: '' });
  if (versions.length > 0 && versions.filter((v) => v.storage).length !== 1) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.versions',
      value: versions.map((v) => v.name),
      detail: 'must have exactly one version marked as storage version',
    });
  }
  versions.forEach((v, i) => {
    if (!v.schema?.openAPIV3Schema) {
      errors.push({
        type: 'FieldValueRequired',
        field: `spec.versions[${i}].schema.openAPIV3Schema`,
        detail: 'schemas are required',
      });
    } else if (v.schema.openAPIV3Schema.type !== 'object') {
      errors.push({
        type: 'FieldValueRequired',
        field: `spec.versions[${i}].schema.openAPIV3Schema.type`,
        detail: 'must not be empty at the root',
      });
    }
  });
  return errors;
}

/** Fills the defaults kube-apiserver sets on a CRD (singular, listKind, conversion, subresources). */
export function defaultCrd(crd: KubeObject): void {
  const spec = ((crd.spec as Any) ??= {});
  const names = (spec.names ??= {});
  if (names.kind && !names.singular) names.singular = String(names.kind).toLowerCase();
  if (names.kind && !names.listKind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
  for (const v of (spec.versions ?? []) as Any[]) {
    v.served ??= true;
    v.storage ??= false;
  }
}

/** Status of a CRD the server accepted: names accepted, established, stored versions. */
export function crdStatus(crd: KubeObject, old?: KubeObject): Any {
  const spec = crd.spec as Any;
  const now = timestamp();
  const storage = ((spec.versions ?? []) as Any[]).find((v) => v.storage)?.name;
  const prevStored = ((old?.status as Any)?.storedVersions ?? []) as string[];
  const stored = prevStored.includes(storage) ? prevStored : [...prevStored, storage];
  const prevConditions = ((old?.status as Any)?.conditions ?? []) as Any[];
  const cond = (type: string, reason: string, message: string) =>
    prevConditions.find((c) => c.type === type && c.status === 'True') ?? {
      type,
      status: 'True',
      lastTransitionTime: now,
      reason,
      message,
    };
  return {
    conditions: [
      cond('NamesAccepted', 'NoConflicts', 'no conflicts found'),
      cond('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
    ],
    acceptedNames: { ...spec.names },
    storedVersions: stored,
  };
}

function printerColumns(version: Any): PrinterColumn[] {
  const declared = (version.additionalPrinterColumns ?? []) as Any[];
  if (declared.length === 0) return [NAME_COLUMN, AGE_COLUMN];
  return [
    NAME_COLUMN,
    ...declared.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format,
      description: c.description ?? '',
      priority: c.priority ?? 0,
      jsonPath: c.jsonPath,
    })),
  ];
}

/** The served resource of a CRD (one entry; each served version shares the storage). */
export function resourceTypeOfCrd(crd: KubeObject): ResourceType | undefined {
  const spec = crd.spec as Any;
  if (!spec?.names?.plural || !spec.group || crd.metadata.deletionTimestamp) return undefined;
  const served = ((spec.versions ?? []) as Any[]).filter((v) => v.served !== false);
  if (served.length === 0) return undefined;
  const storage = ((spec.versions ?? []) as Any[]).find((v) => v.storage) ?? served[0];
  const names = spec.names as CrdNames;
  const schema = storage.schema?.openAPIV3Schema as Schema | undefined;
  return {
    group: spec.group,
    version: served[0].name,
    versions: served.map((v) => v.name),
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    namespaced: spec.scope === 'Namespaced',
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    statusSubresource: isPlainObject(storage.subresources?.status),
    generation: 'non-metadata',
    strategicMerge: false,
    storageKey: storageKey(spec.group, names.plural),
    fieldSelectors: ((storage.selectableFields ?? []) as Any[]).map((f) =>
      String(f.jsonPath).replace(/^\./, ''),
    ),
    printerColumns: printerColumns(storage),
    schema,
    custom: true,
    subresources: [
      ...(isPlainObject(storage.subresources?.status) ? ['status'] : []),
      ...(isPlainObject(storage.subresources?.scale) ? ['scale'] : []),
    ],
    scale: isPlainObject(storage.subresources?.scale)
      ? {
          specReplicasPath: String(storage.subresources.scale.specReplicasPath ?? '.spec.replicas').replace(
            /^\./,
            '',
          ),
          statusReplicasPath: String(
            storage.subresources.scale.statusReplicasPath ?? '.status.replicas',
          ).replace(/^\./, ''),
          labelSelectorPath: storage.subresources.scale.labelSelectorPath
            ? String(storage.subresources.scale.labelSelectorPath).replace(/^\./, '')
            : undefined,
        }
      : undefined,
  };
}
