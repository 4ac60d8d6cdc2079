import {
  ActivatorEndpointsPopulated,
  AutoscalingAnnotations,
  KPA,
  PodAutoscalerConditionActive,
  getAnnotation,
  getCondition,
  podAutoscalerStatus,
} from '@kuack/api';
import {
  type AutoscalerSpec,
  type ConditionStatus,
  type MetricCollector,
  SCALE_UNKNOWN,
  type ScrapeTarget,
  STATS_PORT,
  autoscalerSpecFor,
  decideScale,
  numActivators,
  sksModeFor,
} from '@kuack/autoscaler';
import {
  type AutoscalerConfig,
  type Lister,
  NotOwnedError,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
  type StatusHooks,
  createOrUpdate,
} from '@kuack/controller';
import type { ActivatorProbe } from './activator-probe';
import { computeActiveCondition } from './active-condition';
import type { Deciders } from './deciders';
import { makeServerlessService } from './resources/sks';
import type { EndpointsObject, PodAutoscalerObject, ScalableObject, ServerlessServiceObject } from './types';

export const NO_PRIVATE_SERVICE_NAME = 'No Private Service Name';
const MIN_ACTIVATORS = 2;
const METRICS_PORT_NAME = 'http-autometric';

export interface PodAutoscalerConfig {
  autoscaler: AutoscalerConfig;
  deployment: { progressDeadlineSeconds: number };
}

/** Which Endpoints hold a revision's pods: the SKS's private Service, remembered per PA key. */
export class PrivateEndpoints {
  private readonly names = new Map<string, string>();

  constructor(private readonly endpoints: Lister<EndpointsObject>) {}

  remember(paKey: string, privateServiceName: string): void {
    this.names.set(paKey, privateServiceName);
  }
  forget(paKey: string): void {
    this.names.delete(paKey);
  }

  private of(paKey: string): EndpointsObject | undefined {
    const name = this.names.get(paKey);
    if (!name) return undefined;
    const namespace = paKey.split('/')[0];
    return this.endpoints.get(`${namespace}/${name}`);
  }

  readyPods(paKey: string): number {
    return (this.of(paKey)?.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  }

  /** The ready pods' queue-proxy metrics addresses (port `http-autometric`, else 9090). */
  scrapeTargets(paKey: string): ScrapeTarget[] {
    const targets: ScrapeTarget[] = [];
    for (const s of this.of(paKey)?.subsets ?? []) {
      const port = s.ports?.find((p) => p.name === METRICS_PORT_NAME)?.port ?? STATS_PORT;
      for (const a of s.addresses ?? []) targets.push({ podName: a.targetRef?.name, address: a.ip, port });
    }
    return targets;
  }
}

export interface PodAutoscalerReconcilerDeps {
  config: () => PodAutoscalerConfig;
  serverlessServices: Lister<ServerlessServiceObject>;
  scaleTargets: Lister<ScalableObject>;
  privateEndpoints: PrivateEndpoints;
  deciders: Deciders;
  collector: MetricCollector;
  probeActivator: ActivatorProbe;
  now?: () => number;
}

/** The wrapper hooks: conditions initialized before each reconcile (observedGeneration after, by default). */
export function podAutoscalerHooks(now: () => number = Date.now): StatusHooks<PodAutoscalerObject> {
  return {
    preProcess: (pa) => {
      podAutoscalerStatus((pa.status ??= {}), () => new Date(now())).initializeConditions();
    },
  };
}

export function isKpa(pa: { metadata: { annotations?: Record<string, string> } }): boolean {
  return (getAnnotation(pa.metadata.annotations, AutoscalingAnnotations.class)?.value ?? KPA) === KPA;
}

function activeOf(pa: PodAutoscalerObject): { status: ConditionStatus; sinceMs: number } | undefined {
  const c = getCondition(pa.status, PodAutoscalerConditionActive);
  if (!c?.lastTransitionTime) return undefined;
  return { status: c.status as ConditionStatus, sinceMs: Date.parse(c.lastTransitionTime) };
}

function proxySinceMs(sks: ServerlessServiceObject): number | undefined {
  const c = getCondition(sks.status, ActivatorEndpointsPopulated);
  return c?.status === 'True' && c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined;
}

/**
 * The KPA PodAutoscaler reconciler (Knative pkg/reconciler/autoscaling/kpa): keeps the ServerlessService
 * (Serve/Proxy, activator count), feeds the revision's KPA and metric collection, applies bounds and scale
 * to zero, writes the scale target's replicas and the PA status (desired/actual scale, service names,
 * Active / ScaleTargetInitialized / SKSReady).
 */
export function podAutoscalerReconciler(deps: PodAutoscalerReconcilerDeps): Reconciler<PodAutoscalerObject> {
  const now = deps.now ?? Date.now;

  async function reconcileSks(
    ctx: ReconcileContext,
    pa: PodAutoscalerObject,
    mode: 'Serve' | 'Proxy',
    activators: number,
  ): Promise<ServerlessServiceObject> {
    try {
      const { action, object } = await createOrUpdate(
        ctx.client,
        pa,
        makeServerlessService(pa, mode, activators),
        {
          lister: deps.serverlessServices,
        },
      );
      if (action !== 'unchanged')
        ctx.logger.info({ mode, activators, action }, 'ServerlessService reconciled');
      return object;
    } catch (err) {
      if (err instanceof NotOwnedError) {
        podAutoscalerStatus((pa.status ??= {}), () => new Date(now())).markResourceNotOwned(
          'ServerlessService',
          pa.metadata.name!,
        );
      }
      throw err;
    }
  }

  async function applyScale(ctx: ReconcileContext, pa: PodAutoscalerObject, want: number): Promise<void> {
    const ref = pa.spec.scaleTargetRef;
    const target = deps.scaleTargets.get(`${pa.metadata.namespace}/${ref.name}`);
    if (!target)
      throw new Error(`failed to get scale target ${ref.kind} ${JSON.stringify(ref.name)}: not found`);
    const current = target.spec?.replicas ?? 1;
    if (current === want) return;
    ctx.logger.info({ from: current, to: want }, 'scaling');
    await ctx.client.patch(
      { apiVersion: ref.apiVersion ?? 'apps/v1', kind: ref.kind ?? 'Deployment' },
      ref.name!,
      pa.metadata.namespace,
      { spec: { replicas: want } },
    );
  }

  function computeStatus(pa: PodAutoscalerObject, spec: AutoscalerSpec, want: number, ready: number): void {
    const status = (pa.status ??= {});
    const helpers = podAutoscalerStatus(status, () => new Date(now()));
    status.actualScale = ready;
    if (!(want === SCALE_UNKNOWN && status.desiredScale !== undefined && status.desiredScale >= 0))
      status.desiredScale = want;
    computeActiveCondition(helpers, !!status.serviceName, spec, want, ready);
  }

  return {
    async reconcileKind(ctx, pa): Promise<ReconcileResult | void> {
      if (!isKpa(pa)) return;
      const key = ctx.key;
      const cfg = deps.config();
      const spec = autoscalerSpecFor(pa as never, cfg.autoscaler, cfg.deployment);
      const status = (pa.status ??= {});
      const helpers = podAutoscalerStatus(status, () => new Date(now()));

      const sksKey = `${pa.metadata.namespace}/${pa.metadata.name}`;
      let sks = deps.serverlessServices.get(sksKey);
      if (!sks?.status?.privateServiceName) {
        await reconcileSks(ctx, pa, 'Proxy', MIN_ACTIVATORS);
        helpers.markSKSNotReady(NO_PRIVATE_SERVICE_NAME);
        computeStatus(pa, spec, SCALE_UNKNOWN, 0);
        return;
      }
      status.metricsServiceName = sks.status.privateServiceName;
      deps.privateEndpoints.remember(key, sks.status.privateServiceName);

      deps.collector.createOrUpdate(key, {
        stableWindowMs: spec.stableWindowMs,
        panicWindowMs: spec.panicWindowMs,
        aggregation: spec.aggregation,
        scrape: spec.targetBurstCapacity !== -1,
      });
      const decision = deps.deciders.ensure(key, spec);

      const input = {
        nowMs: now(),
        desiredScale: decision.desiredScale,
        spec,
        active: activeOf(pa),
        scaleTargetInitialized: helpers.isScaleTargetInitialized(),
        sksMode: sks.spec.mode,
        proxySinceMs: proxySinceMs(sks),
      };
      let scale = decideScale(input);
      if (scale.probeActivator) {
        const activatorReady = await deps.probeActivator(pa);
        ctx.logger.debug({ activatorReady }, 'probed the activator');
        scale = decideScale({ ...input, activatorReady });
      }
      if (scale.apply) await applyScale(ctx, pa, scale.want);

      const ready = deps.privateEndpoints.readyPods(key);
      const mode = sksModeFor(scale.want, decision.excessBurstCapacity, helpers.isInactive());
      sks = await reconcileSks(ctx, pa, mode, numActivators(spec, ready));
      status.serviceName = sks.status?.serviceName;
      const sksReady = getCondition(sks.status, 'Ready');
      if (sksReady?.status === 'True') helpers.markSKSReady();
      else helpers.markSKSNotReady(sksReady?.message ?? '');

      ctx.logger.debug(
        { want: scale.want, reason: scale.reason, ready, mode, ebc: decision.excessBurstCapacity },
        'PodAutoscaler scale',
      );
      computeStatus(pa, spec, scale.want, ready);
      if (scale.requeueAfterMs !== undefined)
        return { requeueAfterMs: Math.max(1, Math.ceil(scale.requeueAfterMs)) };
    },
  };
}
