import type { FieldError } from './errors';
import type { KubeObject } from './object';
import type { Schema } from './schema';

/** A column of `kubectl get`, as in a CRD's additionalPrinterColumns. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath?: string;
  /** Built-in kinds compute cells in code. */
  value?: (obj: KubeObject, now: Date) => unknown;
}

/** Everything the server knows about one served resource (one group/version/plural). */
export interface ResourceType {
  group: string;
  version: string;
  /** Other versions served from the same storage (CRDs with several served versions). */
  versions: string[];
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  statusSubresource: boolean;
  /** What bumps metadata.generation: nothing, `spec`, or everything outside metadata and status. */
  generation: 'none' | 'spec' | 'non-metadata';
  /** Custom resources refuse strategic merge patch (415), as kube-apiserver does. */
  strategicMerge: boolean;
  /** The storage bucket: `<group or core>/<plural>`. */
  storageKey: string;
  /** Field selectors supported beyond metadata.name / metadata.namespace. */
  fieldSelectors: string[];
  printerColumns: PrinterColumn[];
  /** Custom resources: the structural schema of the storage version. */
  schema?: Schema;
  /** Built-in defaulting run on create and update (mutates). */
  defaults?: (obj: KubeObject, old?: KubeObject) => void;
  /** Built-in validation beyond names. */
  validate?: (obj: KubeObject, old?: KubeObject) => FieldError[];
  /** Resets server-owned parts on create (e.g. status). */
  prepareCreate?: (obj: KubeObject) => void;
  custom: boolean;
  subresources: string[];
  /** The `scale` subresource: where replicas and the selector live (dotted paths). */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export function storageKey(group: string, plural: string): string {
  return `${group || 'core'}/${plural}`;
}

export function apiVersionOf(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}
