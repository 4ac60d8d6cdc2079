import { type AdmitOptions, type AdmitResult, admitWith } from './core/admit';
import type { ApiConfig } from './core/config';
import type { KObject } from './core/object';
import type { KindRef } from './core/registry';
import { defaultRegistry } from './kinds';

/**
 * Admission over every registered kind: `admit(kindOrGVK, obj, oldObj?, config)` → defaulted object and all
 * field errors. Pass `undefined` as the kind to take it from obj.apiVersion/kind.
 */
export function admit<T extends KObject = KObject>(
  kind: KindRef | undefined,
  obj: T,
  oldObj?: T,
  config?: ApiConfig | AdmitOptions,
): AdmitResult<T> {
  return admitWith(defaultRegistry, kind, obj, oldObj, config ?? {});
}
