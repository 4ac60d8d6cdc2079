import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  answerProbe,
  BreakerOverloadError,
  Header,
  isKubeletProbe,
  parseDest,
  ProbeValue,
  ProxyRequestValue,
  proxyRequest,
  proxyUpgrade,
  sendError,
  withTimeouts,
  writeRawError,
  type Handler,
} from '@kuack/dataplane';
import type { RevisionInfo } from './revision-info';
import type { ConcurrencyReporter } from './stats-reporter';
import type { Throttler } from './throttler';

const REVISION_HEADERS = [Header.Revision, Header.Namespace];
const TIMEOUT_MESSAGE = 'activator request timeout';

export interface ActivatorHandlerDeps {
  /** The Revision from the informer cache, or undefined when it does not exist. */
  revision: (namespace: string, name: string) => RevisionInfo | undefined;
  throttler: Throttler;
  reporter: ConcurrencyReporter;
  agent: http.Agent;
  /** False while shutting down: health checks and activator probes fail. */
  healthy: () => boolean;
  /** Cluster domain of `<rev>.<ns>.svc.<domain>` Host headers (Knative's fallback when the headers are absent). */
  clusterDomain?: string;
  onError?: (message: string, fields: Record<string, unknown>) => void;
}

export interface RevisionTarget {
  namespace: string;
  name: string;
}

type Resolution = { target: RevisionTarget } | { status: number; message: string };

/** The revision a request is for: Knative-Serving-Namespace / -Revision, or a `<rev>.<ns>.svc.<domain>` Host. */
export function resolveRevisionTarget(
  headers: IncomingMessage['headers'],
  clusterDomain = 'cluster.local',
): Resolution {
  const ns = headers[Header.Namespace];
  const name = headers[Header.Revision];
  if (typeof ns === 'string' && ns !== '' && typeof name === 'string' && name !== '') {
    return { target: { namespace: ns, name } };
  }
  const host = (headers.host ?? '').split(':')[0];
  const parts = host.split('.');
  if (parts.length >= 4 && parts[2] === 'svc' && parts.slice(3).join('.') === clusterDomain) {
    return { target: { namespace: parts[1], name: parts[0] } };
  }
  const missing =
    typeof name !== 'string' || name === '' ? 'Knative-Serving-Revision' : 'Knative-Serving-Namespace';
  return { status: 400, message: `missing header ${missing}: the activator needs the revision to route to` };
}

/**
 * The activator's handler stack (cmd/activator): health → network probe → revision context → concurrency
 * reporter → revision timeouts → throttled proxy to a pod's queue-proxy with `K-Proxy-Request: activator`.
 */
export function createActivatorHandler(deps: ActivatorHandlerDeps): {
  handler: Handler;
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
} {
  const activate: Handler = async (req, res, signal) => {
    const { target, info } = contextOf(req);
    const key = `${target.namespace}/${target.name}`;
    try {
      await deps.throttler.forRevision(key, info.containerConcurrency).try(
        (dest) =>
          proxyRequest(req, res, parseDest(dest), {
            agent: deps.agent,
            signal,
            headers: { [Header.ProxyRequest]: ProxyRequestValue.Activator },
            removeHeaders: REVISION_HEADERS,
          }),
        signal,
      );
    } catch (err) {
      if (err instanceof BreakerOverloadError) {
        sendError(res, 503, `revision ${key}: ${err.message}`);
      } else if (!signal.aborted) {
        throw err;
      }
    }
  };

  const contexts = new WeakMap<IncomingMessage, { target: RevisionTarget; info: RevisionInfo }>();
  const contextOf = (req: IncomingMessage) => contexts.get(req)!;

  const timed = withTimeouts(
    activate,
    (req) => {
      const { info } = contextOf(req);
      return {
        totalMs: info.timeoutSeconds * 1000,
        responseStartMs: info.responseStartTimeoutSeconds * 1000,
        idleMs: info.idleTimeoutSeconds * 1000,
      };
    },
    {
      message: TIMEOUT_MESSAGE,
      onTimeout: (kind, req) => {
        const { target } = contextOf(req);
        deps.onError?.('activator request timeout', { kind, revision: `${target.namespace}/${target.name}` });
      },
    },
  );

  /** Resolves the revision or answers the error; returns the context when the request may go on. */
  const withContext = (req: IncomingMessage) => {
    const resolved = resolveRevisionTarget(req.headers, deps.clusterDomain);
    if ('status' in resolved) return { error: resolved };
    const info = deps.revision(resolved.target.namespace, resolved.target.name);
    if (!info) {
      return {
        error: {
          status: 404,
          message: `revision ${resolved.target.namespace}/${resolved.target.name} not found`,
        },
      };
    }
    const ctx = { target: resolved.target, info };
    contexts.set(req, ctx);
    return { ctx };
  };

  const handler: Handler = async (req, res, signal) => {
    // Health: the kubelet's probe of the activator itself.
    if (isKubeletProbe(req) && req.headers[Header.Probe] === undefined) {
      return void res.writeHead(deps.healthy() ? 200 : 500).end(deps.healthy() ? 'ok' : 'shutting down');
    }
    // Network probes: `activator` (the SKS's probe of the activator), `probe` with a hash (the ingress).
    const probe = req.headers[Header.Probe];
    if (probe !== undefined) {
      if (probe === ProbeValue.Activator) return answerProbe(res, ProbeValue.Activator, deps.healthy());
      const hash = req.headers[Header.Hash];
      if (probe === 'probe' && typeof hash === 'string' && hash !== '') {
        return void res.writeHead(200, { [Header.Hash]: hash }).end();
      }
      return sendError(res, 400, `unexpected probe header value: ${String(probe)}`);
    }
    const { error, ctx } = withContext(req);
    if (error) return sendError(res, error.status, error.message);
    const key = `${ctx.target.namespace}/${ctx.target.name}`;
    deps.reporter.requestIn(key);
    try {
      await timed(req, res, signal);
    } finally {
      deps.reporter.requestOut(key);
    }
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { error, ctx } = withContext(req);
    if (error) return writeRawError(socket, error.status, error.message);
    const key = `${ctx.target.namespace}/${ctx.target.name}`;
    const ctl = new AbortController();
    socket.once('close', () => ctl.abort());
    deps.reporter.requestIn(key);
    const timer = setTimeout(() => {
      ctl.abort();
      writeRawError(socket, 504, TIMEOUT_MESSAGE);
    }, ctx.info.timeoutSeconds * 1000);
    void deps.throttler
      .forRevision(key, ctx.info.containerConcurrency)
      .try(async (dest) => {
        clearTimeout(timer);
        const outcome = await proxyUpgrade(req, socket, head, parseDest(dest), {
          headers: { [Header.ProxyRequest]: ProxyRequestValue.Activator },
        });
        // The pod's slot stays taken for the life of an upgraded connection.
        if (outcome === 'upgraded' && !socket.destroyed) await new Promise((r) => socket.once('close', r));
      }, ctl.signal)
      .catch((err: unknown) => {
        if (err instanceof BreakerOverloadError)
          writeRawError(socket, 503, `revision ${key}: ${err.message}`);
      })
      .finally(() => {
        clearTimeout(timer);
        deps.reporter.requestOut(key);
      });
  };

  return { handler, upgrade };
}
