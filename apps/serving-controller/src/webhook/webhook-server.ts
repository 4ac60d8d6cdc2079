import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Server, createServer } from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { type ApiConfig, defaultApiConfig } from '@kuack/api';
import {
  type ConfigStore,
  type KubeClient,
  type KubeObject,
  autoscalerConfig,
  defaultsConfig,
  featuresConfig,
  isNotFound,
} from '@kuack/controller';
import type { Logger } from 'pino';
import { parseHostPort } from '../flags';
import {
  type AdmissionReview,
  BadReviewError,
  DEFAULTING_PATH,
  VALIDATION_PATH,
  parseReview,
  reviewResponse,
} from './admission-review';
import { decideWebhookCerts, loadWebhookCerts } from './webhook-certs';
import {
  type WebhookTarget,
  makeMutatingWebhookConfiguration,
  makeValidatingWebhookConfiguration,
} from './webhook-configurations';

const MAX_BODY_BYTES = 8 << 20;

export interface WebhookServer {
  port: number;
  caPem: string;
  stop(): Promise<void>;
}

/** The admission view of the config maps the controller watches. */
export function apiConfigFrom(store: ConfigStore | undefined): ApiConfig {
  if (!store) return defaultApiConfig();
  return defaultApiConfig({
    defaults: store.get(defaultsConfig),
    autoscaler: store.get(autoscalerConfig),
    features: store.get(featuresConfig),
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadReviewError(`body: larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The HTTP handler of both webhook paths (exported for tests). */
export function admissionHandler(config: () => ApiConfig, logger: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (path !== DEFAULTING_PATH && path !== VALIDATION_PATH)
      return send(404, { error: `no webhook at ${path}` });
    if (req.method !== 'POST') return send(405, { error: 'POST an AdmissionReview' });
    try {
      const body = await readBody(req);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new BadReviewError('body: not JSON');
      }
      const request = parseReview(parsed);
      const response = reviewResponse(path, request, config());
      logger.debug(
        { path, kind: request.kind.kind, name: request.object?.metadata?.name, allowed: response.allowed },
        'admission review',
      );
      const review: AdmissionReview = {
        apiVersion: (parsed as { apiVersion?: string }).apiVersion ?? 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response,
      };
      send(200, review);
    } catch (err) {
      if (err instanceof BadReviewError) return send(400, { error: err.message });
      logger.error({ err: (err as Error).message }, 'admission review failed');
      send(500, { error: (err as Error).message });
    }
  };
}

async function upsert(client: KubeClient, desired: KubeObject): Promise<void> {
  const gvk = { apiVersion: desired.apiVersion!, kind: desired.kind! };
  try {
    const existing = await client.get(gvk, desired.metadata.name!);
    await client.update({
      ...existing,
      ...desired,
      metadata: {
        ...existing.metadata,
        labels: { ...(existing.metadata.labels ?? {}), ...(desired.metadata.labels ?? {}) },
      },
    });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await client.create(desired);
  }
}

function parseService(value: string): WebhookTarget {
  const m = /^([^/]+)\/([^:]+)(?::(\d+))?$/.exec(value)!;
  return { service: { namespace: m[1], name: m[2], port: m[3] ? Number(m[3]) : 443 } };
}

/**
 * Starts the HTTPS admission webhook with its serving certificate (from @kuack/tls; kept in a Secret of
 * `secretNamespace`, renewed when due) and creates or updates the webhook configurations with its CA and
 * this address.
 */
export async function startWebhook(options: {
  client: KubeClient;
  logger: Logger;
  address: string;
  /** host:port for the configurations' URL (default: the address). */
  urlHost?: string;
  /** `namespace/name[:port]`: point the configurations at a Service instead. */
  service?: string;
  config?: ConfigStore;
  /** Keep the CA and certificate in Secret `serving-webhook-certs` there (else a fresh pair per start). */
  secretNamespace?: string;
  /** Other configuration names / namespace selector (tests on a shared cluster); Knative's by default. */
  configurations?: {
    mutatingName?: string;
    validatingName?: string;
    namespaceSelector?: Record<string, unknown>;
  };
}): Promise<WebhookServer> {
  const { host, port } = parseHostPort('--webhook-address', options.address);
  const urlHostPort = options.urlHost ? parseHostPort('--webhook-url-host', options.urlHost) : undefined;
  const serviceTarget = options.service ? parseService(options.service) : undefined;
  const dnsNames = ['localhost'];
  const ipAddresses: string[] = [];
  for (const h of [host, urlHostPort?.host]) {
    if (!h) continue;
    if (net.isIP(h)) ipAddresses.push(h);
    else dnsNames.push(h);
  }
  if (serviceTarget && 'service' in serviceTarget) {
    const { name, namespace } = serviceTarget.service;
    dnsNames.push(
      name,
      `${name}.${namespace}`,
      `${name}.${namespace}.svc`,
      `${name}.${namespace}.svc.cluster.local`,
    );
  }
  const wanted = {
    dnsNames: [...new Set(dnsNames)],
    ipAddresses: [...new Set(ipAddresses.filter((ip) => ip !== '0.0.0.0' && ip !== '::'))],
  };
  const { ca, cert } = options.secretNamespace
    ? await loadWebhookCerts(options.client, options.secretNamespace, wanted, options.logger)
    : decideWebhookCerts(undefined, wanted);
  const handler = admissionHandler(() => apiConfigFrom(options.config), options.logger);
  const server: Server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    void handler(req, res);
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
  const urlHost = urlHostPort
    ? `${urlHostPort.host.includes(':') ? `[${urlHostPort.host}]` : urlHostPort.host}:${urlHostPort.port || bound}`
    : `${host.includes(':') ? `[${host}]` : host}:${bound}`;
  const target: WebhookTarget = serviceTarget ?? { url: `https://${urlHost}` };
  try {
    const c = options.configurations ?? {};
    await upsert(
      options.client,
      makeMutatingWebhookConfiguration(target, ca.certPem, {
        name: c.mutatingName,
        namespaceSelector: c.namespaceSelector,
      }),
    );
    await upsert(
      options.client,
      makeValidatingWebhookConfiguration(target, ca.certPem, {
        name: c.validatingName,
        namespaceSelector: c.namespaceSelector,
      }),
    );
  } catch (err) {
    server.close();
    throw new Error(`registering the webhook configurations: ${(err as Error).message}`);
  }
  options.logger.info({ port: bound, target }, 'admission webhook serving; configurations registered');
  return {
    port: bound,
    caPem: ca.certPem,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
