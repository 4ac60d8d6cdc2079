import { type ApiConfig, type FieldError, type KObject, admit, defaultRegistry } from '@kuack/api';
import { diffJson } from './json-patch';

export const DEFAULTING_PATH = '/defaulting';
export const VALIDATION_PATH = '/validation';

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  subResource?: string;
  object?: KObject;
  oldObject?: KObject;
  userInfo?: { username?: string };
}

export interface AdmissionReview {
  apiVersion: string;
  kind: 'AdmissionReview';
  request?: AdmissionRequest;
  response?: AdmissionResponse;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  patchType?: 'JSONPatch';
  patch?: string;
  warnings?: string[];
  status?: {
    code: number;
    reason?: string;
    message: string;
    details?: { causes: { reason: string; message: string; field: string }[] };
  };
}

/** A request body that is no AdmissionReview: answered 400, naming the field. */
export class BadReviewError extends Error {}

export function parseReview(body: unknown): AdmissionRequest {
  const review = body as Partial<AdmissionReview> | null;
  if (!review || typeof review !== 'object')
    throw new BadReviewError('body: expected an AdmissionReview object');
  if (review.kind !== 'AdmissionReview')
    throw new BadReviewError(`kind: expected AdmissionReview, got ${JSON.stringify(review.kind)}`);
  const req = review.request;
  if (!req || typeof req !== 'object') throw new BadReviewError('request: missing');
  if (typeof req.uid !== 'string' || !req.uid) throw new BadReviewError('request.uid: missing');
  if (!req.kind || typeof req.kind.kind !== 'string') throw new BadReviewError('request.kind: missing');
  return req;
}

const describe = (e: FieldError) =>
  (e.path ? `${e.message}: ${e.path}` : e.message) + (e.details ? `\n${e.details}` : '');

function runAdmit(req: AdmissionRequest, config: ApiConfig) {
  const apiVersion = req.kind.group ? `${req.kind.group}/${req.kind.version}` : req.kind.version;
  const object = { ...(req.object ?? {}), apiVersion, kind: req.kind.kind } as KObject;
  return admit(undefined, object, req.operation === 'UPDATE' ? req.oldObject : undefined, {
    config,
    ...(req.userInfo?.username ? { userInfo: { username: req.userInfo.username } } : {}),
    ...(req.subResource ? { subresource: req.subResource } : {}),
  });
}

/**
 * Knative's two webhooks over @kuack/api's `admit`: `/defaulting` answers the defaults as a JSON patch;
 * `/validation` allows or denies with every field error (kube-apiserver prefixes `admission webhook "<name>"
 * denied the request: `). Kinds admit does not know and DELETE/CONNECT pass.
 */
export function reviewResponse(path: string, req: AdmissionRequest, config: ApiConfig): AdmissionResponse {
  const apiVersion = req.kind.group ? `${req.kind.group}/${req.kind.version}` : req.kind.version;
  const known = defaultRegistry.lookup({ apiVersion, kind: req.kind.kind });
  if (!known || (req.operation !== 'CREATE' && req.operation !== 'UPDATE') || !req.object)
    return { uid: req.uid, allowed: true };
  const result = runAdmit(req, config);
  const warnings = result.warnings.map(describe);
  if (path === DEFAULTING_PATH) {
    const original = req.object as Record<string, unknown>;
    const defaulted = { ...(result.object as Record<string, unknown>) };
    // apiVersion/kind were filled in for admit only when absent; never patch them.
    if (!('apiVersion' in original)) delete defaulted.apiVersion;
    if (!('kind' in original)) delete defaulted.kind;
    const ops = diffJson(original, defaulted);
    return {
      uid: req.uid,
      allowed: true,
      ...(ops.length
        ? { patchType: 'JSONPatch' as const, patch: Buffer.from(JSON.stringify(ops)).toString('base64') }
        : {}),
      ...(warnings.length ? { warnings } : {}),
    };
  }
  if (result.errors.length === 0)
    return { uid: req.uid, allowed: true, ...(warnings.length ? { warnings } : {}) };
  return {
    uid: req.uid,
    allowed: false,
    ...(warnings.length ? { warnings } : {}),
    status: {
      code: 400,
      reason: 'BadRequest',
      message: `validation failed: ${result.errors.map(describe).join('\n')}`,
      details: {
        causes: result.errors.map((e) => ({
          reason: 'FieldValueInvalid',
          message: e.message,
          field: e.path,
        })),
      },
    },
  };
}
