/** What the activator needs from a Revision. */
export interface RevisionInfo {
  containerConcurrency: number;
  timeoutSeconds: number;
  responseStartTimeoutSeconds: number;
  idleTimeoutSeconds: number;
}

export const REVISION_GVK = { apiVersion: 'serving.knative.dev/v1', kind: 'Revision' } as const;

/** Knative's defaults (config-defaults revision-timeout-seconds). */
export const DEFAULT_REVISION_TIMEOUT_SECONDS = 300;

export interface RevisionLike {
  metadata: { name?: string; namespace?: string };
  spec?: {
    containerConcurrency?: number;
    timeoutSeconds?: number;
    responseStartTimeoutSeconds?: number;
    idleTimeoutSeconds?: number;
  };
}

/** The activator's view of a Revision (the webhook defaulted it; missing fields get Knative's defaults). */
export function revisionInfo(rev: RevisionLike): RevisionInfo {
  const s = rev.spec ?? {};
  const n = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  return {
    containerConcurrency: Math.floor(n(s.containerConcurrency, 0)),
    timeoutSeconds: n(s.timeoutSeconds, DEFAULT_REVISION_TIMEOUT_SECONDS) || DEFAULT_REVISION_TIMEOUT_SECONDS,
    responseStartTimeoutSeconds: n(s.responseStartTimeoutSeconds, 0),
    idleTimeoutSeconds: n(s.idleTimeoutSeconds, 0),
  };
}
