import crypto from 'node:crypto';
import { applyDefaults, prune, validateSchema } from './schema';
import { crdStatus, defaultCrd, resourceTypeOfCrd, validateCrd } from './crd';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  unsupportedMediaType,
  type FieldError,
} from './errors';
import { coreEventToEventsV1, eventsV1ToCoreEvent } from './events-conversion';
import { validateLabels, validateName, type NameRule } from './names';
import { deepCopy, deepEqual, isPlainObject, timestamp, type KubeObject } from './object';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch';
import { Registry } from './registry';
import { apiVersionOf, type ResourceType } from './resource-type';
import { matchFields, matchLabels, type FieldRequirement, type LabelRequirement } from './selectors';
import type { Store, StoreEvent } from './store';

/** Admission for kinds another library owns (Knative kinds through @kuack/api). */
export type Admission = (
  type: ResourceType,
  obj: KubeObject,
  old: KubeObject | undefined,
) => { object: KubeObject; errors: FieldError[] } | undefined;

export interface ListOptions {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  limit?: number;
  continueToken?: string;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const NAME_RULES: Record<string, NameRule> = {
  'core/namespaces': 'label',
  'core/services': 'dns1035',
  'core/nodes': 'subdomain',
};

/** The semantics of the Kubernetes API over the store: every verb, independent of HTTP. */
export class Api {
  readonly registry = new Registry();

  constructor(
    readonly store: Store,
    private readonly admission?: Admission,
  ) {
    this.refreshCustomResources();
  }

  refreshCustomResources(): void {
    const types: ResourceType[] = [];
    for (const crd of this.store.list('apiextensions.k8s.io/customresourcedefinitions')) {
      const t = resourceTypeOfCrd(crd);
      if (t) types.push(t);
    }
    this.registry.setCustom(types);
  }

  // ---- shapes: storage ↔ served version --------------------------------------------------------------------

  /** The object as served at `type`'s group/version. */
  present(type: ResourceType, stored: KubeObject): KubeObject {
    if (type.group === 'events.k8s.io') return coreEventToEventsV1(stored);
    if (type.custom) return { ...stored, apiVersion: apiVersionOf(type) };
    return { apiVersion: apiVersionOf(type), kind: type.kind, ...stored };
  }

  private toStorage(type: ResourceType, obj: KubeObject): KubeObject {
    if (type.group === 'events.k8s.io') return eventsV1ToCoreEvent(obj);
    return obj;
  }

  // ---- reads ------------------------------------------------------------------------------------------------

  get(type: ResourceType, namespace: string, name: string): KubeObject {
    const obj = this.store.get(type.storageKey, namespace, name);
    if (!obj) throw notFound(type.group, type.plural, name);
    return this.present(type, obj);
  }

  matches(type: ResourceType, obj: KubeObject, opts: Pick<ListOptions, 'labels' | 'fields'>): boolean {
    if (!matchLabels(opts.labels, obj.metadata.labels)) return false;
    return opts.fields.length === 0 || matchFields(opts.fields, this.present(type, obj));
  }

  list(type: ResourceType, namespace: string | undefined, opts: ListOptions): KubeObject {
    let after: { namespace: string; name: string } | undefined;
    let listRv = this.store.resourceVersion;
    if (opts.continueToken) {
      const token = decodeContinue(opts.continueToken);
      if (token.rv < this.store.compactedRevision) {
        throw new ApiError(
          410,
          'Expired',
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
      }
      after = { namespace: token.namespace, name: token.name };
      listRv = token.rv;
    }
    const items: KubeObject[] = [];
    let remaining = 0;
    let last: KubeObject | undefined;
    for (const obj of this.store.list(type.storageKey, namespace, after)) {
      if (!this.matches(type, obj, opts)) continue;
      if (opts.limit && items.length >= opts.limit) {
        remaining++;
        continue;
      }
      items.push(this.present(type, obj));
      last = obj;
    }
    const metadata: Record<string, unknown> = { resourceVersion: String(listRv) };
    if (remaining > 0 && last) {
      metadata.continue = encodeContinue({
        rv: listRv,
        namespace: last.metadata.namespace ?? '',
        name: last.metadata.name ?? '',
      });
      // Like kube-apiserver: a count only when no selector filters the list.
      if (opts.labels.length === 0 && opts.fields.length === 0) metadata.remainingItemCount = remaining;
    }
    return { kind: type.listKind, apiVersion: apiVersionOf(type), metadata, items } as unknown as KubeObject;
  }

  // ---- writes -----------------------------------------------------------------------------------------------

  private checkNamespace(type: ResourceType, namespace: string, forCreate: boolean): void {
    if (!type.namespaced) return;
    const ns = this.store.get('core/namespaces', '', namespace);
    if (!ns) throw notFound('', 'namespaces', namespace);
    if (forCreate && ns.metadata.deletionTimestamp) {
      throw new ApiError(
        403,
        'Forbidden',
        `${type.plural}${type.group ? '.' + type.group : ''} "" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        {
          kind: type.plural,
          group: type.group || undefined,
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      );
    }
  }

  private checkTypeMeta(type: ResourceType, obj: KubeObject): void {
    if (!isPlainObject(obj) || !isPlainObject(obj.metadata ?? {}))
      throw badRequest('the body must be a JSON object with metadata');
    const versionOk =
      obj.apiVersion === undefined ||
      (type.custom
        ? type.versions.some((v) => `${type.group}/${v}` === obj.apiVersion)
        : obj.apiVersion === apiVersionOf(type));
    if (!versionOk) {
      throw badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(type)})`,
      );
    }
    if (obj.kind !== undefined && obj.kind !== type.kind) {
      throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${type.kind})`);
    }
  }

  /** Defaults, pruning and validation shared by create and update; returns the object to store. */
  private admit(type: ResourceType, obj: KubeObject, old: KubeObject | undefined): KubeObject {
    const errors: FieldError[] = [];
    if (type.custom && type.schema) {
      prune(obj, type.schema);
      applyDefaults(obj, type.schema);
      errors.push(...validateSchema(obj, type.schema, ''));
    }
    if (type.storageKey === 'apiextensions.k8s.io/customresourcedefinitions') {
      defaultCrd(obj);
      errors.push(...validateCrd(obj));
    }
    type.defaults?.(obj, old);
    errors.push(...validateLabels(obj.metadata.labels));
    errors.push(...(type.validate?.(obj, old) ?? []));
    if (errors.length === 0 && this.admission) {
      const result = this.admission(type, obj, old);
      if (result) {
        errors.push(...result.errors);
        obj = result.object;
      }
    }
    if (errors.length > 0) throw invalid(type.kind, type.group, obj.metadata.name ?? '', errors);
    return obj;
  }

  create(type: ResourceType, namespace: string, body: KubeObject, dryRun = false): KubeObject {
    this.checkTypeMeta(type, body);
    let obj = this.toStorage(type, deepCopy(body));
    obj.metadata ??= {};
    const meta = obj.metadata;
    if (type.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = namespace;
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    if (!meta.name) {
      throw invalid(type.kind, type.group, '', [
        { type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' },
      ]);
    }
    const nameErrors = validateName(meta.name, NAME_RULES[type.storageKey] ?? 'subdomain');
    if (nameErrors.length > 0) throw invalid(type.kind, type.group, meta.name, nameErrors);
    this.checkNamespace(type, namespace, true);
    obj.apiVersion = type.group === 'events.k8s.io' ? 'v1' : apiVersionOf(type);
    obj.kind = type.kind;
    meta.uid = crypto.randomUUID();
    meta.creationTimestamp = timestamp();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    delete meta.managedFields;
    if (type.generation !== 'none') meta.generation = 1;
    else delete meta.generation;
    if (type.statusSubresource && type.custom) delete obj.status;
    type.prepareCreate?.(obj);
    obj = this.admit(type, obj, undefined);
    if (type.storageKey === 'apiextensions.k8s.io/customresourcedefinitions') obj.status = crdStatus(obj);
    const ns = type.namespaced ? namespace : '';
    if (this.store.get(type.storageKey, ns, meta.name))
      throw alreadyExists(type.group, type.plural, meta.name);
    if (dryRun) return this.present(type, obj);
    const event = this.store.commit('ADDED', type.storageKey, ns, meta.name, (rv) => withRv(obj, rv));
    this.afterWrite(event);
    return this.present(type, event.object);
  }

  /** PUT: the main resource (status kept) or the `status` subresource (only status taken). */
  update(
    type: ResourceType,
    namespace: string,
    name: string,
    body: KubeObject,
    subresource?: string,
    dryRun = false,
  ): KubeObject {
    this.checkTypeMeta(type, body);
    const ns = type.namespaced ? namespace : '';
    const old = this.store.get(type.storageKey, ns, name);
    if (!old) throw notFound(type.group, type.plural, name);
    const incoming = this.toStorage(type, deepCopy(body));
    incoming.metadata ??= {};
    if (incoming.metadata.name !== undefined && incoming.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (type.namespaced && incoming.metadata.namespace && incoming.metadata.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const rv = incoming.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) {
      throw conflict(
        type.group,
        type.plural,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    if (incoming.metadata.uid && incoming.metadata.uid !== old.metadata.uid) {
      throw conflict(
        type.group,
        type.plural,
        name,
        `Precondition failed: UID in precondition: ${incoming.metadata.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    let next: KubeObject;
    if (subresource === 'status') {
      next = deepCopy(old);
      if (incoming.status === undefined) delete next.status;
      else next.status = incoming.status;
    } else {
      next = incoming;
      next.apiVersion = old.apiVersion;
      next.kind = old.kind;
      const m = next.metadata;
      m.name = name;
      if (type.namespaced) m.namespace = namespace;
      m.uid = old.metadata.uid;
      m.creationTimestamp = old.metadata.creationTimestamp;
      if (old.metadata.deletionTimestamp) {
        m.deletionTimestamp = old.metadata.deletionTimestamp;
        m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
      } else {
        delete m.deletionTimestamp;
        delete m.deletionGracePeriodSeconds;
      }
      if (old.metadata.generation !== undefined) m.generation = old.metadata.generation;
      else delete m.generation;
      delete m.managedFields;
      if (type.statusSubresource) {
        if (old.status === undefined) delete next.status;
        else next.status = deepCopy(old.status);
      }
      if (old.metadata.deletionTimestamp) {
        const added = (m.finalizers ?? []).filter((f) => !(old.metadata.finalizers ?? []).includes(f));
        if (added.length > 0) {
          throw invalid(type.kind, type.group, name, [
            {
              type: 'FieldValueForbidden',
              field: 'metadata.finalizers',
              detail: 'no new finalizers can be added if the object is being deleted',
            },
          ]);
        }
      }
      // Admission may return a new object: bump the generation on what it returned, not on `m`.
      next = this.admit(type, next, old);
      if (type.generation !== 'none' && generationChanged(type, old, next))
        next.metadata.generation = (old.metadata.generation ?? 0) + 1;
      if (type.storageKey === 'apiextensions.k8s.io/customresourcedefinitions')
        next.status = crdStatus(next, old);
    }
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (deepEqual(next, old)) return this.present(type, old);
    if (dryRun) return this.present(type, next);
    if (
      next.metadata.deletionTimestamp &&
      (next.metadata.finalizers ?? []).length === 0 &&
      type.storageKey !== 'core/namespaces'
    ) {
      const event = this.store.commit('DELETED', type.storageKey, ns, name, (r) => withRv(next, r), old);
      this.afterWrite(event);
      return this.present(type, event.object);
    }
    const event = this.store.commit('MODIFIED', type.storageKey, ns, name, (r) => withRv(next, r), old);
    this.afterWrite(event);
    return this.present(type, event.object);
  }

  patch(
    type: ResourceType,
    namespace: string,
    name: string,
    patchType: PatchType,
    patch: unknown,
    subresource?: string,
    dryRun = false,
  ): KubeObject {
    const ns = type.namespaced ? namespace : '';
    const stored = this.store.get(type.storageKey, ns, name);
    if (!stored) {
      if (patchType === 'apply') return this.create(type, namespace, patch as KubeObject, dryRun);
      throw notFound(type.group, type.plural, name);
    }
    const current = this.present(type, stored);
    let patched: unknown;
    switch (patchType) {
      case 'json':
        patched = jsonPatch(current, patch);
        break;
      case 'merge':
      case 'apply':
        if (!isPlainObject(patch)) throw badRequest('merge patch must be a JSON object');
        patched = mergePatch(current, patch);
        break;
      case 'strategic':
        if (!type.strategicMerge) {
          throw unsupportedMediaType(
            'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
          );
        }
        if (!isPlainObject(patch)) throw badRequest('strategic merge patch must be a JSON object');
        patched = strategicMergePatch(current, patch);
        break;
    }
    if (!isPlainObject(patched)) throw badRequest('the patch did not produce an object');
    const obj = patched as KubeObject;
    obj.metadata ??= {};
    // The patched object carries the current resourceVersion unless the patch set one (a precondition).
    return this.update(type, namespace, name, obj, subresource, dryRun);
  }

  delete(type: ResourceType, namespace: string, name: string, opts: DeleteOptions = {}): KubeObject {
    const ns = type.namespaced ? namespace : '';
    const old = this.store.get(type.storageKey, ns, name);
    if (!old) throw notFound(type.group, type.plural, name);
    const pre = opts.preconditions ?? {};
    if (pre.uid && pre.uid !== old.metadata.uid) {
      throw conflict(
        type.group,
        type.plural,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(
        type.group,
        type.plural,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    }
    if (opts.dryRun) return this.present(type, old);
    if (type.storageKey === 'core/namespaces') return this.markNamespaceTerminating(old);
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (opts.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    if (opts.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
      finalizers.push('foregroundDeletion');
    const graceful = this.podGracePeriod(type, old, opts);
    if (finalizers.length > 0 || graceful > 0) {
      if (old.metadata.deletionTimestamp && deepEqual(finalizers, old.metadata.finalizers ?? []))
        return this.present(type, old);
      const next = deepCopy(old);
      next.metadata.finalizers = finalizers.length > 0 ? finalizers : undefined;
      if (!next.metadata.finalizers) delete next.metadata.finalizers;
      next.metadata.deletionTimestamp ??= timestamp(new Date(Date.now() + graceful * 1000));
      next.metadata.deletionGracePeriodSeconds ??= graceful;
      if (next.metadata.generation !== undefined && !old.metadata.deletionTimestamp)
        next.metadata.generation++;
      const event = this.store.commit('MODIFIED', type.storageKey, ns, name, (r) => withRv(next, r), old);
      this.afterWrite(event);
      return this.present(type, event.object);
    }
    if (type.storageKey === 'apiextensions.k8s.io/customresourcedefinitions') this.deleteCustomResources(old);
    const event = this.store.commit('DELETED', type.storageKey, ns, name, (r) => withRv(old, r), old);
    this.afterWrite(event);
    return this.present(type, event.object);
  }

  /** Deleting a CRD deletes its objects (kube-apiserver's customresourcecleanup finalizer), finalizers or not. */
  private deleteCustomResources(crd: KubeObject): void {
    const t = resourceTypeOfCrd(crd);
    if (!t) return;
    for (const obj of this.store.list(t.storageKey)) {
      this.store.commit(
        'DELETED',
        t.storageKey,
        obj.metadata.namespace ?? '',
        obj.metadata.name!,
        (r) => withRv(obj, r),
        obj,
      );
    }
  }

  /** Pods bound to a node end gracefully: the node agent confirms with gracePeriodSeconds=0. */
  private podGracePeriod(type: ResourceType, pod: KubeObject, opts: DeleteOptions): number {
    if (type.storageKey !== 'core/pods') return 0;
    const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const status = (pod.status ?? {}) as { phase?: string };
    if (!spec.nodeName || status.phase === 'Succeeded' || status.phase === 'Failed') return 0;
    return opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
  }

  private markNamespaceTerminating(old: KubeObject): KubeObject {
    const type = this.registry.find('', 'v1', 'namespaces')!;
    if (old.metadata.deletionTimestamp) return this.present(type, old);
    const next = deepCopy(old);
    next.metadata.deletionTimestamp = timestamp();
    next.metadata.deletionGracePeriodSeconds = 0;
    next.status = { ...((next.status as object) ?? {}), phase: 'Terminating' };
    const event = this.store.commit(
      'MODIFIED',
      'core/namespaces',
      '',
      old.metadata.name!,
      (r) => withRv(next, r),
      old,
    );
    this.afterWrite(event);
    return this.present(type, event.object);
  }

  /** POST pods/{name}/binding: assigns the node, once. */
  bind(namespace: string, name: string, binding: KubeObject): void {
    const type = this.registry.find('', 'v1', 'pods')!;
    const pod = this.store.get('core/pods', namespace, name);
    if (!pod) throw notFound('', 'pods', name);
    const target = (binding as { target?: { name?: string } }).target;
    if (!target?.name)
      throw invalid('Binding', '', name, [{ type: 'FieldValueRequired', field: 'target.name', detail: '' }]);
    const spec = (pod.spec ?? {}) as { nodeName?: string };
    if (spec.nodeName)
      throw conflict('', 'pods', name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    if (pod.metadata.deletionTimestamp)
      throw conflict('', 'pods', name, `pod ${name} is being deleted, cannot be assigned to a host`);
    const next = deepCopy(pod);
    (next.spec as { nodeName?: string }).nodeName = target.name;
    const status = ((next.status as Record<string, unknown>) ??= {});
    const conditions = ((status.conditions as Record<string, unknown>[]) ?? []).filter(
      (c) => c.type !== 'PodScheduled',
    );
    conditions.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: timestamp(),
    });
    status.conditions = conditions;
    const event = this.store.commit('MODIFIED', 'core/pods', namespace, name, (r) => withRv(next, r), pod);
    this.afterWrite(event);
    void type;
  }

  private afterWrite(event: StoreEvent): void {
    if (event.resource === 'apiextensions.k8s.io/customresourcedefinitions') this.refreshCustomResources();
  }

  forbidden(message: string): never {
    throw forbidden(message);
  }
}

function withRv(obj: KubeObject, rv: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
}

/** Which changes bump metadata.generation. */
export function generationChanged(type: ResourceType, old: KubeObject, next: KubeObject): boolean {
  if (type.generation === 'spec') return !deepEqual(old.spec, next.spec);
  const strip = (o: KubeObject) => {
    const copy: Record<string, unknown> = { ...o };
    delete copy.metadata;
    delete copy.apiVersion;
    delete copy.kind;
    if (type.statusSubresource) delete copy.status;
    return copy;
  };
  return !deepEqual(strip(old), strip(next));
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
function randomSuffix(): string {
  let s = '';
  for (const b of crypto.randomBytes(5)) s += ALPHANUMS[b % ALPHANUMS.length];
  return s;
}

interface ContinueToken {
  rv: number;
  namespace: string;
  name: string;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'kuack/1', rv: t.rv, ns: t.namespace, n: t.name })).toString(
    'base64url',
  );
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      v: string;
      rv: number;
      ns: string;
      n: string;
    };
    if (t.v !== 'kuack/1' || typeof t.rv !== 'number') throw new Error('bad version');
    return { rv: t.rv, namespace: t.ns, name: t.n };
  } catch {
    throw badRequest(`invalid continue token: "${token}"`);
  }
}
