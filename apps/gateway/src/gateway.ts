import http from 'node:http';
import type { Ingress } from '@kuack/api';
import {
  type Informer,
  InformerFactory,
  type KubeClient,
  type KubeObject,
  connect,
  keyOf,
  reconcilerController,
} from '@kuack/controller';
import { type Logger, createMetricsRegistry, metricsHandler } from '@kuack/observability';
import { Counter, Histogram, type Registry } from 'prom-client';
import { CertificateStore, SECRET_GVK, type SecretObject } from './certificates';
import { createGatewayHandlers } from './handler';
import { KUACK_INGRESS_CLASS, hasIngressClass } from './ingress-class';
import {
  DEFAULT_LOAD_BALANCERS,
  type LoadBalancerNames,
  markIngressInvalid,
  markIngressLoaded,
} from './ingress-status';
import { closeServer, createHttpListener, createHttpsListener, listen } from './listeners';
import { ENDPOINTS_GVK, type EndpointsObject, UpstreamPicker } from './routing/endpoints';
import { Router } from './routing/router';
import { ingressKey } from './routing/table';
import { TlsTable } from './routing/tls';

export const INGRESS_GVK = {
  apiVersion: 'networking.internal.knative.dev/v1alpha1',
  kind: 'Ingress',
} as const;

type IngressObject = Ingress & KubeObject;

export interface GatewayOptions {
  /** Defaults to connect({ kubeconfigPath }). */
  client?: KubeClient;
  kubeconfigPath?: string;
  ingressClass?: string;
  /** Address the listeners bind (default 127.0.0.1; never the wildcard in local mode). */
  bind?: string;
  /** 0 = ephemeral. Default 8080. */
  httpPort?: number;
  /** 0 = ephemeral; null = no HTTPS listener. Default 8443. */
  httpsPort?: number | null;
  /**
   * Knative's internal gateway: plain HTTP answering ClusterLocal and ExternalIP rules alike (for clusters,
   * with `serveClusterLocal: false` on the public listeners). 0 = ephemeral; null (default) = none.
   */
  internalHttpPort?: number | null;
  /** /healthz, /readyz, /metrics; 0 = ephemeral; null = none. Default 9081. */
  adminPort?: number | null;
  loadBalancers?: LoadBalancerNames;
  /** Answer ClusterLocal hosts on the public listeners too (local mode: one machine). Default true. */
  serveClusterLocal?: boolean;
  /** Request line + headers limit in bytes (beyond → 431). Default 65536 (Envoy's is 60 KiB). */
  maxHeaderBytes?: number;
  /** How long in-flight requests may finish at close. Default 10 s. */
  drainMs?: number;
  logger: Logger;
  registry?: Registry;
}

export interface RunningGateway {
  httpPort: number;
  httpsPort?: number;
  internalHttpPort?: number;
  adminPort?: number;
  router: Router;
  close(): Promise<void>;
}

/**
 * Kuack's KIngress implementation: watches Ingresses of its class, Endpoints and Secrets; keeps the routing
 * table and the SNI table current; marks each Ingress Ready once its routes are loaded; serves HTTP(S).
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  const ingressClass = options.ingressClass ?? KUACK_INGRESS_CLASS;
  const bind = options.bind ?? '127.0.0.1';
  const lbs = options.loadBalancers ?? DEFAULT_LOAD_BALANCERS;
  const limits = { maxHeaderBytes: options.maxHeaderBytes ?? 65536 };
  const registry = options.registry ?? createMetricsRegistry({ defaultLabels: { component: 'gateway' } });
  const client =
    options.client ??
    connect({ kubeconfigPath: options.kubeconfigPath, userAgent: 'kuack-gateway', registry });
  const factory = new InformerFactory(client, { logger });

  const router = new Router();
  const publicClusterLocal = options.serveClusterLocal ?? true;
  let tlsTable = TlsTable.build([]);
  const ours = new Map<string, Ingress>();
  const reloadTls = () => (tlsTable = TlsTable.build(ours.values()));
  const load = (ing: IngressObject) => {
    const key = ingressKey(ing);
    if (hasIngressClass(ing, ingressClass) && !ing.metadata.deletionTimestamp) {
      const changed = router.upsert(ing);
      const problem = router.problemOf(key);
      if (problem) {
        logger.warn({ ingress: key, generation: ing.metadata.generation, problem }, 'Ingress not loaded');
        return;
      }
      ours.set(key, ing);
      if (changed) {
        reloadTls();
        logger.info({ ingress: key, generation: ing.metadata.generation }, 'routes loaded');
      }
    } else {
      unload(key);
    }
  };
  const unload = (key: string) => {
    ours.delete(key);
    if (router.remove(key)) {
      reloadTls();
      logger.info({ ingress: key }, 'routes removed');
    }
  };

  const { controller, informer: ingresses } = reconcilerController<IngressObject>({
    name: 'gateway-kingress',
    gvk: INGRESS_GVK,
    factory,
    logger,
    registry,
    hooks: { postProcess: () => undefined },
    reconciler: {
      async reconcileKind(_ctx, ing) {
        if (!hasIngressClass(ing, ingressClass)) return;
        // The informer handler normally loaded it already; make sure before reporting it.
        load(ing);
        const problem = router.problemOf(ingressKey(ing));
        if (problem) markIngressInvalid(ing, problem);
        else markIngressLoaded(ing, lbs);
      },
    },
  });
  ingresses.addHandler({
    onAdd: load,
    onUpdate: (_old, ing) => load(ing),
    onDelete: (ing) => unload(keyOf(ing)),
  });
  const endpoints: Informer<EndpointsObject> = factory.informerFor<EndpointsObject>(ENDPOINTS_GVK);
  const secrets: Informer<SecretObject> = factory.informerFor<SecretObject>(SECRET_GVK);
  const picker = new UpstreamPicker((key) => endpoints.get(key));
  const certificates = new CertificateStore(
    (key) => secrets.get(key),
    (message) => logger.warn(message),
  );

  const requests = new Counter({
    name: 'kuack_gateway_requests_total',
    help: 'Requests answered by the gateway, by listener and status code (0: no status sent)',
    labelNames: ['listener', 'code'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'kuack_gateway_request_duration_seconds',
    help: 'Time from a request arriving at the gateway to the end of its exchange, by listener',
    labelNames: ['listener'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const onResult = (listener: string, status: number, seconds: number) => {
    requests.inc({ listener, code: String(status) });
    durations.observe({ listener }, seconds);
  };

  factory.start();
  await factory.waitForSync();

  let httpsPort: number | undefined;
  const httpServer = createHttpListener(
    createGatewayHandlers({
      table: () => router.table,
      picker,
      listener: 'http',
      clusterLocal: publicClusterLocal,
      httpsPort: () => httpsPort,
      logger,
      onResult,
    }),
    limits,
  );
  const httpsServer =
    options.httpsPort === null
      ? undefined
      : createHttpsListener(
          createGatewayHandlers({
            table: () => router.table,
            picker,
            listener: 'https',
            clusterLocal: publicClusterLocal,
            logger,
            onResult,
          }),
          limits,
          (serverName) => {
            const ref = tlsTable.lookup(serverName);
            return ref ? certificates.contextFor(ref) : undefined;
          },
        );
  const internalServer =
    options.internalHttpPort === undefined || options.internalHttpPort === null
      ? undefined
      : createHttpListener(
          createGatewayHandlers({
            table: () => router.table,
            picker,
            listener: 'http',
            clusterLocal: true,
            httpsPort: () => httpsPort,
            logger,
            onResult: (_listener, status, seconds) => onResult('internal', status, seconds),
          }),
          limits,
        );
  let ready = false;
  const adminServer =
    options.adminPort === null
      ? undefined
      : http.createServer((req, res) => {
          const path = (req.url ?? '/').split('?')[0];
          if (path === '/healthz' || path === '/readyz') {
            const ok = path === '/healthz' || ready;
            res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'not ready\n');
          } else if (path === '/metrics') {
            void metricsHandler(registry)(req, res);
          } else {
            res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
          }
        });

  const httpPort = await listen(httpServer, options.httpPort ?? 8080, bind);
  if (httpsServer) httpsPort = await listen(httpsServer, options.httpsPort ?? 8443, bind);
  const internalHttpPort = internalServer
    ? await listen(internalServer, options.internalHttpPort as number, bind)
    : undefined;
  const adminPort = adminServer ? await listen(adminServer, options.adminPort ?? 9081, bind) : undefined;
  controller.start();
  ready = true;
  logger.info({ httpPort, httpsPort, internalHttpPort, adminPort, ingressClass }, 'gateway listening');

  return {
    httpPort,
    httpsPort,
    internalHttpPort,
    adminPort,
    router,
    async close() {
      ready = false;
      const drainMs = options.drainMs ?? 10_000;
      await Promise.all([
        closeServer(httpServer, drainMs),
        httpsServer ? closeServer(httpsServer, drainMs) : undefined,
        internalServer ? closeServer(internalServer, drainMs) : undefined,
        adminServer ? closeServer(adminServer, 0) : undefined,
        controller.stop(),
      ]);
      await factory.stop();
    },
  };
}
