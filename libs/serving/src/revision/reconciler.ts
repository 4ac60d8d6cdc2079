import {
  type PodAutoscaler,
  ReasonContainerMissing,
  ReasonDeploying,
  ReasonNotOwned,
  ReasonResolvingDigests,
  type Revision,
  getCondition,
  resourceNotOwnedMessage,
  revisionStatus,
} from '@kuack/api';
import {
  type KubeClient,
  type Lister,
  NotOwnedError,
  type ReconcileContext,
  type Reconciler,
  controllerOf,
  createOrUpdate,
  ownerRefTo,
  semanticEqual,
} from '@kuack/controller';
import { podFailure, deploymentReadyCondition, hasDeploymentTimedOut } from './deployment-status';
import type { ResolveOptions } from './digest';
import type { RevisionConfig } from './resources/config';
import { makeDeployment } from './resources/deploy';
import { makePodAutoscaler } from './resources/pa';
import { deploymentName, podAutoscalerName } from './resources/names';
import type { Deployment, Pod, PodAutoscalerObject, RevisionObject } from './types';
import { AUTOSCALING_GROUP, AutoscalingAnnotations } from '@kuack/api';
import type { ContainerStatus } from '@kuack/api';

export interface DigestResolution {
  resolve(
    key: string,
    rev: Revision,
    options: ResolveOptions,
  ): { statuses: ContainerStatus[] } | { error: Error } | undefined;
  clear(key: string): void;
}

export interface RevisionReconcilerDeps {
  /** The config maps in force (read once per reconcile). */
  config(): RevisionConfig;
  deployments: Lister<Deployment>;
  podAutoscalers: Lister<PodAutoscalerObject>;
  /** Pods of revisions (the informer of Pods labelled serving.knative.dev/revision). */
  pods: { list(namespace?: string): Pod[] };
  resolver: DigestResolution;
  clock?: () => Date;
}

const DEFAULTED_PA_ANNOTATIONS: ReadonlySet<string> = new Set([
  AutoscalingAnnotations.class[0],
  AutoscalingAnnotations.metric[0],
]);
const isAutoscaling = (k: string) => k.startsWith(AUTOSCALING_GROUP);

/**
 * Whether the PA's annotations lack what the revision asks for (Knative annotationsNeedReconcilingForKPA): an
 * autoscaling annotation the revision dropped, or any wanted annotation missing or different. Class and
 * metric, which the PA webhook defaults, never count as dropped.
 */
export function paAnnotationsNeedUpdate(
  have: Record<string, string> = {},
  want: Record<string, string> = {},
) {
  for (const k of Object.keys(have))
    if (isAutoscaling(k) && !DEFAULTED_PA_ANNOTATIONS.has(k) && !(k in want)) return true;
  return Object.entries(want).some(([k, v]) => have[k] !== v);
}

/** The PA's annotations after the sync: autoscaling keys come from the revision only, others are kept. */
export function syncPaAnnotations(have: Record<string, string> = {}, want: Record<string, string> = {}) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(have))
    if (!isAutoscaling(k) || DEFAULTED_PA_ANNOTATIONS.has(k)) out[k] = v;
  return { ...out, ...want };
}

const asApi = (rev: RevisionObject) => rev as unknown as Revision;

/** The Revision reconciler (knative/serving pkg/reconciler/revision): digests, Deployment, PodAutoscaler, status. */
export function revisionReconciler(deps: RevisionReconcilerDeps): Reconciler<RevisionObject> {
  return {
    async reconcileKind(ctx, rev) {
      const cfg = deps.config();
      const status = (rev.status ??= {});
      const m = revisionStatus(status, deps.clock);
      m.initializeConditions();
      const readyBefore = getCondition(status, 'Ready')?.status === 'True';

      if (cfg.loggingUrlTemplate)
        status.logUrl = cfg.loggingUrlTemplate.replaceAll('${REVISION_UID}', rev.metadata.uid ?? '');
      else delete status.logUrl;

      if (!resolveDigests(ctx, rev, cfg)) {
        m.markResourcesAvailableUnknown(ReasonResolvingDigests, '');
        return;
      }
      const deployment = await reconcileDeployment(ctx, rev, cfg);
      await reconcilePodAutoscaler(ctx, rev, deployment, cfg);

      const readyAfter = getCondition(status, 'Ready')?.status === 'True';
      if (!readyBefore && readyAfter) {
        ctx.logger.info('Revision became ready');
        ctx.event('Normal', 'RevisionReady', 'Revision becomes ready upon all resources being ready');
      } else if (readyBefore && !readyAfter) {
        ctx.logger.info('Revision stopped being ready');
      }
    },
  };

  /** True when every container has its digest status (resolved now or before). */
  function resolveDigests(ctx: ReconcileContext, rev: RevisionObject, cfg: RevisionConfig): boolean {
    const status = rev.status!;
    const wanted = rev.spec?.containers?.length ?? 0;
    if ((status.containerStatuses?.length ?? 0) === wanted) {
      deps.resolver.clear(ctx.key);
      return true;
    }
    const outcome = deps.resolver.resolve(ctx.key, asApi(rev), {
      registriesSkippingTagResolving: cfg.deployment.registriesSkippingTagResolving,
      timeoutMs: cfg.deployment.digestResolutionTimeoutMs,
    });
    if (!outcome) return false;
    deps.resolver.clear(ctx.key);
    if ('error' in outcome) {
      revisionStatus(status, deps.clock).markContainerHealthyFalse(
        ReasonContainerMissing,
        outcome.error.message,
      );
      throw outcome.error;
    }
    status.containerStatuses = outcome.statuses;
    return true;
  }

  async function reconcileDeployment(
    ctx: ReconcileContext,
    rev: RevisionObject,
    cfg: RevisionConfig,
  ): Promise<Deployment> {
    const m = revisionStatus(rev.status!, deps.clock);
    const name = deploymentName(asApi(rev));
    const ns = rev.metadata.namespace;
    const existing = deps.deployments.get(`${ns}/${name}`);
    const desired = makeDeployment(asApi(rev), cfg);
    if (existing) {
      // The PA owns the scale; the selector is immutable.
      desired.spec.replicas = existing.spec?.replicas;
      desired.spec.selector = existing.spec?.selector ?? desired.spec.selector;
    }
    let deployment: Deployment;
    try {
      const { action, object } = await createOrUpdate(ctx.client, rev, desired, { lister: deps.deployments });
      deployment = object;
      if (action === 'created') {
        ctx.logger.info({ deployment: name }, 'created deployment');
        m.markResourcesAvailableUnknown(ReasonDeploying, '');
        m.markContainerHealthyUnknown(ReasonDeploying, '');
        return deployment;
      }
    } catch (err) {
      if (err instanceof NotOwnedError) {
        m.markResourcesAvailableFalse(ReasonNotOwned, resourceNotOwnedMessage('Deployment', name));
        throw new Error(`revision: "${rev.metadata.name}" does not own Deployment: "${name}"`);
      }
      throw new Error(`failed to reconcile deployment "${name}": ${(err as Error).message}`);
    }

    m.propagateDeploymentStatus(deploymentReadyCondition(deployment.status));
    const replicas = deployment.spec?.replicas ?? 0;
    if (replicas > 0 && (deployment.status?.availableReplicas ?? 0) === 0) {
      const uid = rev.metadata.uid;
      const pods = deps.pods
        .list(ns)
        .filter((p) => p.metadata.labels?.['serving.knative.dev/revisionUID'] === uid)
        .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
      const options = {
        deploymentTimedOut: hasDeploymentTimedOut(deployment),
        podIsAlwaysSchedulable: cfg.deployment.podIsAlwaysSchedulable,
      };
      for (const pod of pods) {
        const failure = podFailure(pod, options);
        if (failure.resourcesAvailable)
          m.markResourcesAvailableFalse(
            failure.resourcesAvailable.reason,
            failure.resourcesAvailable.message,
          );
        if (failure.containerHealthy)
          m.markContainerHealthyFalse(failure.containerHealthy.reason, failure.containerHealthy.message);
        if (failure.resourcesAvailable || failure.containerHealthy) break;
      }
    }
    if ((deployment.status?.readyReplicas ?? 0) > 0) m.markContainerHealthyTrue();
    return deployment;
  }

  async function reconcilePodAutoscaler(
    ctx: ReconcileContext,
    rev: RevisionObject,
    deployment: Deployment,
    cfg: RevisionConfig,
  ): Promise<void> {
    const m = revisionStatus(rev.status!, deps.clock);
    const name = podAutoscalerName(asApi(rev));
    const ns = rev.metadata.namespace;
    const want = makePodAutoscaler(asApi(rev), deployment, cfg) as unknown as PodAutoscalerObject;
    const ownerRef = ownerRefTo(rev);
    let pa = deps.podAutoscalers.get(`${ns}/${name}`);
    if (!pa) {
      pa = await create(ctx.client, {
        ...want,
        metadata: { ...want.metadata, namespace: ns, ownerReferences: [ownerRef] },
      });
      ctx.logger.info({ podAutoscaler: name }, 'created PodAutoscaler');
    } else if (controllerOf(pa)?.uid !== ownerRef.uid) {
      m.markResourcesAvailableFalse(ReasonNotOwned, resourceNotOwnedMessage('PodAutoscaler', name));
      throw new Error(`revision: "${rev.metadata.name}" does not own PodAutoscaler: "${name}"`);
    }

    m.propagateAutoscalerStatus((pa.status ?? {}) as PodAutoscaler['status'] & object);

    const haveAnns = pa.metadata.annotations ?? {};
    const wantAnns = want.metadata.annotations ?? {};
    if (!semanticEqual(want.spec, pa.spec) || paAnnotationsNeedUpdate(haveAnns, wantAnns)) {
      await ctx.client.update({
        ...pa,
        metadata: { ...pa.metadata, annotations: syncPaAnnotations(haveAnns, wantAnns) },
        spec: want.spec,
      });
    }
  }

  async function create(client: KubeClient, pa: PodAutoscalerObject): Promise<PodAutoscalerObject> {
    try {
      return await client.create(pa);
    } catch (err) {
      throw new Error(`failed to create PA "${pa.metadata.name}": ${(err as Error).message}`);
    }
  }
}
