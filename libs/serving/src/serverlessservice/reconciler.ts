import { type SKSOperationMode, serverlessServiceStatus } from '@kuack/api';
import {
  type Lister,
  NotOwnedError,
  type ReconcileContext,
  type Reconciler,
  controllerOf,
  createOrUpdate,
  ownerRefTo,
  semanticEqual,
} from '@kuack/controller';
import { activatorSubsets, normalizeSubsets, readyAddressCount, servingSubsets } from './endpoints';
import { privateServiceName } from './resources/names';
import { makePrivateService, makePublicEndpoints, makePublicService } from './resources/services';
import type { EndpointsObject, ServerlessServiceObject, ServiceObject } from './types';

export const ACTIVATOR_SERVICE_NAME = 'activator-service';

export interface ServerlessServiceReconcilerDeps {
  services: Lister<ServiceObject>;
  endpoints: Lister<EndpointsObject>;
  /** Where the activator registers its Endpoints (`knative-serving`). */
  systemNamespace: string;
  clock?: () => Date;
}

/**
 * The ServerlessService reconciler (knative/serving pkg/reconciler/serverlessservice): the private Service
 * selecting the revision's pods, the public Service without selector, and the public Endpoints pointing at
 * the ready pods (Serve) or at the activators (Proxy). Proxy is forced while no pod is ready; Serve while no
 * activator is registered.
 */
export function serverlessServiceReconciler(
  deps: ServerlessServiceReconcilerDeps,
): Reconciler<ServerlessServiceObject> {
  return {
    async reconcileKind(ctx, sks) {
      if (sks.metadata.deletionTimestamp) return;
      const status = (sks.status ??= {});
      serverlessServiceStatus(status, deps.clock).initializeConditions();
      await reconcilePrivateService(ctx, sks);
      await reconcilePublicService(ctx, sks);
      await reconcilePublicEndpoints(ctx, sks);
    },
  };

  async function ensure(
    ctx: ReconcileContext,
    sks: ServerlessServiceObject,
    desired: ServiceObject,
    creatingReason: string,
  ): Promise<void> {
    const m = serverlessServiceStatus(sks.status!, deps.clock);
    try {
      const { action } = await createOrUpdate(ctx.client, sks, desired, { lister: deps.services });
      if (action === 'created') m.markEndpointsNotReady(creatingReason);
      if (action !== 'unchanged')
        ctx.logger.info({ service: desired.metadata.name, action }, 'Service reconciled');
    } catch (err) {
      if (err instanceof NotOwnedError) {
        m.markEndpointsNotOwned('Service', desired.metadata.name!);
        throw new Error(`SKS: ${sks.metadata.name} does not own Service: ${desired.metadata.name}`);
      }
      throw err;
    }
  }

  async function reconcilePrivateService(ctx: ReconcileContext, sks: ServerlessServiceObject) {
    await ensure(ctx, sks, makePrivateService(sks), 'CreatingPrivateService');
    sks.status!.privateServiceName = privateServiceName(sks.metadata.name!);
  }

  async function reconcilePublicService(ctx: ReconcileContext, sks: ServerlessServiceObject) {
    await ensure(ctx, sks, makePublicService(sks), 'CreatingPublicService');
    sks.status!.serviceName = sks.metadata.name;
  }

  async function reconcilePublicEndpoints(ctx: ReconcileContext, sks: ServerlessServiceObject) {
    const m = serverlessServiceStatus(sks.status!, deps.clock);
    const ns = sks.metadata.namespace;
    const name = sks.metadata.name!;
    const activator = deps.endpoints.get(`${deps.systemNamespace}/${ACTIVATOR_SERVICE_NAME}`);
    const pvt = deps.endpoints.get(`${ns}/${privateServiceName(name)}`);
    const pvtReady = readyAddressCount(pvt);
    const activatorReady = readyAddressCount(activator);

    let mode: SKSOperationMode = sks.spec.mode ?? 'Serve';
    if (pvtReady === 0) mode = 'Proxy';
    if (activatorReady === 0) mode = 'Serve';
    const subsets =
      mode === 'Serve' ? servingSubsets(pvt) : activatorSubsets(activator, sks.spec.numActivators ?? 0, name);
    ctx.logger.debug({ mode: sks.spec.mode, effective: mode, pvtReady, activatorReady }, 'SKS endpoints');

    const existing = deps.endpoints.get(`${ns}/${name}`);
    if (!existing) {
      m.markEndpointsNotReady('CreatingPublicEndpoints');
      const want = makePublicEndpoints(sks, subsets);
      await ctx.client.create({
        ...want,
        metadata: { ...want.metadata, ownerReferences: [ownerRefTo(sks)] },
      });
    } else if (controllerOf(existing)?.uid !== sks.metadata.uid) {
      m.markEndpointsNotOwned('Endpoints', name);
      throw new Error(`SKS: ${name} does not own Endpoints: ${name}`);
    } else if (!semanticEqual(normalizeSubsets(existing.subsets), normalizeSubsets(subsets))) {
      ctx.logger.info({ endpoints: name, mode }, 'public Endpoints changed');
      await ctx.client.update({ ...existing, subsets });
    }

    if (pvtReady > 0) m.markEndpointsReady();
    else m.markEndpointsNotReady('NoHealthyBackends');
    if (pvtReady === 0 || sks.spec.mode === 'Proxy') m.markActivatorEndpointsPopulated();
    else m.markActivatorEndpointsRemoved();
  }
}
