import { type ApiConfig, defaultApiConfig } from './config';
import { FieldErrors, type FieldError } from './field-error';
import { type KObject, deepCopy } from './object';
import { type KindRef, type KindRegistry, type KindDefinition, apiVersionOf } from './registry';

export interface AdmitOptions {
  config?: ApiConfig;
  userInfo?: { username: string };
  /** `status` for writes to the status subresource: no defaulting, and kinds skip spec validation. */
  subresource?: string;
}

export interface AdmitResult<T extends KObject = KObject> {
  /** The defaulted object (a copy; the input is not changed). */
  object: T;
  /** Errors (level Error): non-empty means the object is refused. */
  errors: FieldError[];
  /** Warnings Knative would return alongside an admitted object. */
  warnings: FieldError[];
  /** The kind that handled it; undefined when the kind is unknown (then `errors` says so). */
  definition?: KindDefinition;
}

/**
 * The one admission path (webhook on clusters, embedded cluster, `kuack validate`): default, then validate,
 * with `oldObj` for updates. Defaulting runs on updates too, like Knative's defaulting webhook.
 */
export function admitWith<T extends KObject = KObject>(
  registry: KindRegistry,
  kindRef: KindRef | undefined,
  obj: T,
  oldObj?: T,
  options: AdmitOptions | ApiConfig = {},
): AdmitResult<T> {
  const opts: AdmitOptions =
    'defaults' in options && 'autoscaler' in options
      ? { config: options as ApiConfig }
      : (options as AdmitOptions);
  const config = opts.config ?? defaultApiConfig();
  const def = registry.lookup(kindRef ?? { apiVersion: obj.apiVersion, kind: obj.kind });
  const object = deepCopy(obj);
  if (!def) {
    const what = obj.kind ? `${obj.kind} in ${obj.apiVersion ?? '(no apiVersion)'}` : '(no kind)';
    return {
      object,
      errors: [{ path: 'kind', message: `unknown kind: ${what}`, level: 'Error' }],
      warnings: [],
    };
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(def)) {
    return {
      object,
      definition: def,
      errors: [
        {
          path: 'apiVersion',
          message: `unsupported apiVersion ${obj.apiVersion} for ${def.kind}, want ${apiVersionOf(def)}`,
          level: 'Error',
        },
      ],
      warnings: [],
    };
  }
  const ctx = {
    operation: oldObj ? ('UPDATE' as const) : ('CREATE' as const),
    config,
    ...(oldObj ? { old: deepCopy(oldObj) } : {}),
    ...(opts.userInfo ? { userInfo: opts.userInfo } : {}),
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
  };
  let errs: FieldErrors;
  try {
    if (!ctx.subresource) def.defaults(object, ctx);
    errs = def.validate(object, ctx);
  } catch (e) {
    errs = FieldErrors.of(`internal error: ${(e as Error).message}`, ['']);
  }
  return {
    object,
    definition: def,
    errors: errs.filter('Error').list(),
    warnings: errs.filter('Warning').list(),
  };
}
