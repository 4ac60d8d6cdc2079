import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import {
  ConfigStore,
  ControllerManager,
  InformerFactory,
  type KubeClient,
  type KubeObject,
  autoscalerConfig,
  connect,
  defaultsConfig,
  deploymentConfig,
  domainConfig,
  featuresConfig,
  gcConfig,
  networkConfig,
  observabilityConfig,
} from '@kuack/controller';
import { ImageStore, defaultStoreRoot } from '@kuack/oci';
import { createMetricsRegistry } from '@kuack/observability';
import {
  configurationController,
  domainMappingController,
  labelerController,
  ociDigestSource,
  podAutoscalerController,
  revisionConfigFrom,
  revisionController,
  revisionGcController,
  routeController,
  serverlessServiceController,
  serviceController,
} from '@kuack/serving';
import type { Logger } from 'pino';
import type { ControllerFlags } from './flags';
import { parseHostPort } from './flags';
import { autoscalerHandler, close, healthHandler, listen, serve } from './http-servers';
import { type WebhookServer, startWebhook } from './webhook/webhook-server';

export interface ServingControllerHandle {
  ports: { health: number; autoscaler: number; webhook?: number };
  manager: ControllerManager;
  /** Resolves once the informers synced (and, with leader election, the campaign started). */
  started: Promise<void>;
  stop(): Promise<void>;
}

/** The serving ConfigMaps the controllers read (a refused ConfigMap keeps the previous config in force). */
export const SERVING_CONFIG_PARSERS = [
  autoscalerConfig,
  defaultsConfig,
  deploymentConfig,
  observabilityConfig,
  networkConfig,
  domainConfig,
  gcConfig,
  featuresConfig,
];

async function openImageStore(flag: string | undefined, logger: Logger): Promise<ImageStore | undefined> {
  if (flag === '') return undefined;
  const root = flag ?? defaultStoreRoot();
  // The default store is used only where it exists (local mode); an explicit one is created if needed.
  if (flag === undefined && !existsSync(root)) return undefined;
  const store = await ImageStore.open(root);
  logger.info({ imageStore: store.root }, 'resolving digests in the local image store first');
  return store;
}

/**
 * Connects, wires every reconciler of @kuack/serving, serves health/metrics and the autoscaler's stats
 * endpoint, optionally the admission webhook, and starts the controllers (behind the lease when asked).
 */
export async function startServingController(options: {
  flags: ControllerFlags;
  logger: Logger;
  client?: KubeClient;
}): Promise<ServingControllerHandle> {
  const { flags, logger } = options;
  const registry = createMetricsRegistry({ defaultLabels: { component: 'serving-controller' } });
  const client =
    options.client ??
    connect({ kubeconfigPath: flags.kubeconfig, userAgent: 'kuack-serving-controller', registry });
  const factory = new InformerFactory(client, { logger });
  const namespace = flags.systemNamespace;

  // The config store is fed first, so the resyncs other handlers trigger see the new config.
  const config = new ConfigStore(SERVING_CONFIG_PARSERS, { logger });
  const configMaps = factory.informerFor<KubeObject>({ apiVersion: 'v1', kind: 'ConfigMap' }, { namespace });
  configMaps.addHandler(config.handler() as never);

  const imageStore = await openImageStore(flags.imageStore, logger);
  const deps = { factory, logger, config, registry, systemNamespace: namespace };
  const podAutoscalers = podAutoscalerController({
    factory,
    logger,
    config,
    registry,
    workers: flags.workers,
    configMaps,
  });
  const controllers = [
    serviceController(deps).controller,
    configurationController(deps).controller,
    routeController(deps).controller,
    labelerController(deps).controller,
    revisionGcController(deps).controller,
    domainMappingController(deps).controller,
    revisionController({
      factory,
      logger,
      registry,
      workers: flags.workers,
      systemNamespace: namespace,
      config: () => revisionConfigFrom(config),
      digestSource: ociDigestSource({ store: imageStore, insecure: flags.insecureRegistry }),
    }).controller,
    podAutoscalers.controller,
    serverlessServiceController({
      factory,
      logger,
      registry,
      workers: flags.workers,
      systemNamespace: namespace,
    }).controller,
  ];
  logger.info({ controllers: controllers.map((c) => c.name) }, 'controllers wired');
  const manager = new ControllerManager({
    factory,
    controllers,
    logger,
    leaderElection: flags.leaderElect ? { name: flags.leaseName, namespace } : undefined,
  });

  let synced = false;
  const servers: Server[] = [];
  const healthServer = serve(healthHandler({ registry, ready: () => synced }));
  const statsServer = serve(autoscalerHandler(podAutoscalers.statsHandler));
  const health = parseHostPort('--health-address', flags.healthAddress);
  const stats = parseHostPort('--autoscaler-address', flags.autoscalerAddress);
  const ports: ServingControllerHandle['ports'] = {
    health: await listen(healthServer, health.host, health.port),
    autoscaler: await listen(statsServer, stats.host, stats.port),
  };
  servers.push(healthServer, statsServer);

  let webhook: WebhookServer | undefined;
  if (flags.webhookAddress) {
    webhook = await startWebhook({
      client,
      logger: logger.child({ component: 'webhook' }),
      address: flags.webhookAddress,
      urlHost: flags.webhookUrlHost,
      service: flags.webhookService,
      config,
      secretNamespace: namespace,
    });
    ports.webhook = webhook.port;
  }

  const abort = new AbortController();
  const started = manager.start(abort.signal).then(() => {
    synced = true;
    logger.info('caches synced; serving-controller ready');
  });
  return {
    ports,
    manager,
    started,
    async stop() {
      abort.abort();
      await manager.stop();
      await webhook?.stop();
      await Promise.all(servers.map(close));
    },
  };
}
