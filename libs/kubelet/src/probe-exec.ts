import { spawn } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Container, Probe } from './pod.types';
import { resolveProbePort } from './probe-state';

export interface ProbeTarget {
  container: Container;
  podIP: string;
  /** For exec probes: how the container's processes run. */
  cwd: string;
  env: Record<string, string>;
  hostNode: string;
}

export interface ProbeOutcome {
  ok: boolean;
  message?: string;
}

function httpProbe(
  probe: NonNullable<Probe['httpGet']>,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const port = resolveProbePort(probe.port, target.container);
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/kuack', Accept: '*/*' };
  for (const h of probe.httpHeaders ?? []) headers[h.name] = h.value;
  const client = probe.scheme === 'HTTPS' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      {
        host: probe.host ?? target.podIP,
        port,
        path: probe.path ?? '/',
        method: 'GET',
        headers,
        timeout: timeoutMs,
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        // kubelet: 200 <= status < 400 is a success.
        resolve(
          status >= 200 && status < 400
            ? { ok: true }
            : { ok: false, message: `HTTP probe failed with statuscode: ${status}` },
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', (err) =>
      resolve({
        ok: false,
        message: `Get "http://${probe.host ?? target.podIP}:${port}${probe.path ?? '/'}": ${err.message}`,
      }),
    );
    req.end();
  });
}

function tcpProbe(
  probe: NonNullable<Probe['tcpSocket']>,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const port = resolveProbePort(probe.port, target.container);
  const host = probe.host ?? target.podIP;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, message: `dial tcp ${host}:${port}: timeout` });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: true });
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `dial tcp ${host}:${port}: ${err.message}` });
    });
  });
}

function execProbe(
  probe: NonNullable<Probe['exec']>,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const [program, ...args] = probe.command;
  if (!program) return Promise.resolve({ ok: false, message: 'exec probe: command is empty' });
  const bin = program === 'node' || program.endsWith('/node') ? target.hostNode : program;
  return new Promise((resolve) => {
    const child = spawn(bin, args, {
      cwd: target.cwd,
      env: target.env,
      stdio: 'ignore',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    child.once('error', (err) => resolve({ ok: false, message: `exec probe: ${err.message}` }));
    child.once('exit', (code, signal) =>
      resolve(
        code === 0
          ? { ok: true }
          : { ok: false, message: signal ? `exec probe killed by ${signal}` : `command exited with ${code}` },
      ),
    );
  });
}

/** Runs a probe once against the Pod's address. */
export function runProbe(probe: Probe, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  try {
    if (probe.httpGet) return httpProbe(probe.httpGet, target, timeoutMs);
    if (probe.tcpSocket) return tcpProbe(probe.tcpSocket, target, timeoutMs);
    if (probe.exec) return execProbe(probe.exec, target, timeoutMs);
  } catch (err) {
    return Promise.resolve({ ok: false, message: (err as Error).message });
  }
  return Promise.resolve({ ok: false, message: 'probe has no handler (httpGet, tcpSocket or exec)' });
}
