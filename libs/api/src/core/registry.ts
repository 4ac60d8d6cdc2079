import type { TSchema } from '@sinclair/typebox';
import type { ApiConfig } from './config';
import type { ConditionSet } from './condition-set';
import type { FieldErrors } from './field-error';
import { type KObject, parseApiVersion } from './object';

export type Operation = 'CREATE' | 'UPDATE';

/** What defaulters and validators get (Knative passes these through context.Context). */
export interface AdmissionContext {
  operation: Operation;
  config: ApiConfig;
  /** The stored object on UPDATE (Knative's apis.GetBaseline). */
  old?: KObject;
  /** The requesting user, for creator/lastModifier annotations. */
  userInfo?: { username: string };
  /** Set for writes to a subresource (`status`): Knative then skips spec validation and defaulting. */
  subresource?: string;
}

/** A printer column (CRD additionalPrinterColumns). */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface Subresources {
  status?: boolean;
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

/** Everything Kuack knows about one kind: CRD facts, schema, defaulting, validation, conditions. */
export interface KindDefinition<T extends KObject = KObject> {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  scope: 'Namespaced' | 'Cluster';
  printerColumns: PrinterColumn[];
  /** The whole object's schema (TypeBox, i.e. JSON Schema); the CRD generator makes it structural. */
  schema: TSchema;
  subresources: Subresources;
  /** Labels on the CRD object itself (e.g. duck.knative.dev/addressable: "true"). */
  crdLabels?: Record<string, string>;
  conditionSet?: ConditionSet;
  /** Mutates obj in place (Knative SetDefaults). */
  defaults(obj: T, ctx: AdmissionContext): void;
  /** Every problem at once, paths from the object root (`metadata.name`, `spec.template…`). */
  validate(obj: T, ctx: AdmissionContext): FieldErrors;
}

export function apiVersionOf(def: Pick<KindDefinition, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

export function crdName(def: Pick<KindDefinition, 'group' | 'plural'>): string {
  return `${def.plural}.${def.group}`;
}

/** What `admit` accepts to name a kind: `Service`, `services`, `ksvc`, `serving.knative.dev/v1/Service`, or a GVK. */
export type KindRef =
  string | { group?: string; version?: string; kind: string } | { apiVersion?: string; kind?: string };

export class KindRegistry {
  private readonly defs: KindDefinition[] = [];

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- definitions of any object type
  constructor(defs: Iterable<KindDefinition<any>> = []) {
    for (const d of defs) this.register(d);
  }

  register<T extends KObject>(def: KindDefinition<T>): void {
    const dup = this.defs.find(
      (d) => d.group === def.group && d.version === def.version && d.kind === def.kind,
    );
    if (dup) throw new Error(`kind ${apiVersionOf(def)}, Kind=${def.kind} is registered twice`);
    this.defs.push(def as unknown as KindDefinition);
  }

  all(): KindDefinition[] {
    return [...this.defs];
  }

  /** Exact match on apiVersion + kind (what a manifest names). */
  get(apiVersion: string | undefined, kind: string | undefined): KindDefinition | undefined {
    const { group, version } = parseApiVersion(apiVersion);
    return this.defs.find((d) => d.kind === kind && d.group === group && d.version === version);
  }

  /** Loose lookup for humans and callers: kind name, plural, short name, `group/version/Kind` or GVK. */
  lookup(ref: KindRef): KindDefinition | undefined {
    if (typeof ref !== 'string') {
      if ('apiVersion' in ref && ref.apiVersion) return this.get(ref.apiVersion, ref.kind);
      const r = ref as { group?: string; version?: string; kind?: string };
      return this.defs.find(
        (d) =>
          d.kind === r.kind &&
          (r.group === undefined || d.group === r.group) &&
          (r.version === undefined || d.version === r.version),
      );
    }
    const parts = ref.split('/');
    if (parts.length === 3) return this.get(`${parts[0]}/${parts[1]}`, parts[2]);
    const lower = ref.toLowerCase();
    const [name, group] = lower.includes('.')
      ? [lower.slice(0, lower.indexOf('.')), lower.slice(lower.indexOf('.') + 1)]
      : [lower, undefined];
    return this.defs.find(
      (d) =>
        (group === undefined || d.group === group) &&
        (d.kind.toLowerCase() === name ||
          d.plural === name ||
          d.singular === name ||
          d.shortNames.includes(name)),
    );
  }
}
