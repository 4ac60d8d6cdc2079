import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { InformerFactory, type KubeClient, type KubeObject } from '@kuack/controller';
import { createKeepAliveAgent, toRequestListener } from '@kuack/dataplane';
import type { Logger } from '@kuack/observability';
import { revisionKeyOfPrivateEndpoints, type EndpointsLike } from './endpoints';
import { createActivatorHandler } from './handler';
import { ENDPOINTS_GVK, registerActivator, unregisterActivator } from './registration';
import { REVISION_GVK, revisionInfo, type RevisionLike } from './revision-info';
import { createStatsSender } from './stats-sender';
import { ConcurrencyReporter } from './stats-reporter';
import { Throttler } from './throttler';

export interface ActivatorOptions {
  client: KubeClient;
  host: string;
  port: number;
  autoscalerUrl: string;
  /** Write this activator into `<systemNamespace>/activator-service` (and take it out on stop). */
  registerEndpoints: boolean;
  systemNamespace: string;
  podName?: string;
  /** After stop() starts: keep serving while failing probes this long (Knative: the drain timeout). */
  drainMs?: number;
  probePeriodMs?: number;
  probeTimeoutMs?: number;
  logger: Logger;
}

export interface RunningActivator {
  port: number;
  throttler: Throttler;
  stop(): Promise<void>;
}

/** Starts the activator: informers for Revisions and private Endpoints, the proxy server, stats to the autoscaler. */
export async function startActivator(o: ActivatorOptions): Promise<RunningActivator> {
  const log = o.logger;
  const factory = new InformerFactory(o.client, { logger: log });
  const revisions = factory.informerFor<RevisionLike & KubeObject>(REVISION_GVK);
  const endpoints = factory.informerFor<EndpointsLike & KubeObject>(ENDPOINTS_GVK);
  const throttler = new Throttler({
    probePeriodMs: o.probePeriodMs,
    probeTimeoutMs: o.probeTimeoutMs,
    onBackendsChanged: (key, healthy) => log.info({ revision: key, healthy }, 'revision backends changed'),
  });
  const onEndpoints = (ep: EndpointsLike) => {
    const key = revisionKeyOfPrivateEndpoints(ep);
    if (key) throttler.updateEndpoints(key, ep);
  };
  endpoints.addHandler({
    onAdd: onEndpoints,
    onUpdate: (_old, ep) => onEndpoints(ep),
    onDelete: (ep) => {
      const key = revisionKeyOfPrivateEndpoints(ep);
      if (key) throttler.removeRevision(key);
    },
  });

  let lastStatsError = 0;
  const sender = createStatsSender(o.autoscalerUrl, (err) => {
    if (Date.now() - lastStatsError > 10_000) {
      lastStatsError = Date.now();
      log.warn({ err: err.message }, 'sending stats to the autoscaler failed');
    }
  });
  const reporter = new ConcurrencyReporter({
    podName: o.podName ?? `activator-${os.hostname()}`,
    send: sender.send,
  });

  let draining = false;
  const agent = createKeepAliveAgent();
  const { handler, upgrade } = createActivatorHandler({
    revision: (namespace, name) => {
      const rev = revisions.get(`${namespace}/${name}`);
      return rev ? revisionInfo(rev) : undefined;
    },
    throttler,
    reporter,
    agent,
    healthy: () => !draining,
    onError: (msg, fields) => log.warn(fields, msg),
  });

  factory.start();
  await factory.waitForSync();
  reporter.start();

  const server = http.createServer(
    { keepAliveTimeout: 65_000 },
    toRequestListener(handler, (err) => log.error({ err }, 'handler failed')),
  );
  server.headersTimeout = 66_000;
  server.on('upgrade', upgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const address = { namespace: o.systemNamespace, ip: o.host, port };
  if (o.registerEndpoints) {
    await registerActivator(o.client, address);
    log.info({ ...address }, 'registered in activator-service');
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      draining = true;
      if (o.registerEndpoints) {
        await unregisterActivator(o.client, address).catch((err: Error) =>
          log.warn({ err: err.message }, 'removing the activator from activator-service failed'),
        );
      }
      if (o.drainMs) await new Promise((r) => setTimeout(r, o.drainMs));
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      clearInterval(sweep);
      reporter.stop();
      throttler.stop();
      sender.close();
      agent.destroy();
      await factory.stop();
    })();
    return stopping;
  };

  return { port, throttler, stop };
}
