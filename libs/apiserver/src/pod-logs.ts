import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { badRequest } from './errors';
import type { KubeObject } from './object';

/**
 * Container logs live where the node agent writes them:
 *   <podsDir>/<namespace>_<name>_<uid>/<container>/<restartCount>.log
 * (the kubelet's /var/log/pods layout). `previous` reads the log of the restart before the newest.
 */
export function podLogDir(podsDir: string, pod: { namespace: string; name: string; uid: string }): string {
  return path.join(podsDir, `${pod.namespace}_${pod.name}_${pod.uid}`);
}

export function containerLogFile(
  podsDir: string,
  pod: { namespace: string; name: string; uid: string },
  container: string,
  restart: number,
): string {
  return path.join(podLogDir(podsDir, pod), container, `${restart}.log`);
}

function restarts(dir: string): number[] {
  try {
    return fs
      .readdirSync(dir)
      .map((f) => /^(\d+)\.log$/.exec(f)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

export function tail(text: string, lines: number): string {
  if (lines <= 0) return '';
  const parts = text.split('\n');
  const trailing = parts[parts.length - 1] === '' ? parts.pop() : undefined;
  const kept = parts.slice(-lines).join('\n');
  return trailing !== undefined ? `${kept}\n` : kept;
}

export function servePodLog(
  req: IncomingMessage,
  res: ServerResponse,
  pod: KubeObject,
  podsDir: string,
  q: URLSearchParams,
): void {
  const containers = ((pod.spec as { containers?: { name: string }[] })?.containers ?? []).map((c) => c.name);
  const name = pod.metadata.name!;
  let container = q.get('container') ?? undefined;
  if (!container) {
    if (containers.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`,
      );
    }
    container = containers[0];
  }
  if (!containers.includes(container))
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  const dir = path.join(
    podLogDir(podsDir, { namespace: pod.metadata.namespace ?? '', name, uid: pod.metadata.uid ?? '' }),
    container,
  );
  const all = restarts(dir);
  const previous = q.get('previous') === 'true';
  const restart = previous ? all[all.length - 2] : all[all.length - 1];
  if (restart === undefined) {
    if (previous) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
  }
  const file = path.join(dir, `${restart}.log`);
  let text = fs.readFileSync(file, 'utf8');
  if (q.get('tailLines') !== null) text = tail(text, Number(q.get('tailLines')));
  const limit = q.get('limitBytes') !== null ? Number(q.get('limitBytes')) : undefined;
  if (limit !== undefined) text = Buffer.from(text).subarray(0, limit).toString('utf8');
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.write(text);
  if (q.get('follow') !== 'true' || previous) {
    res.end();
    return;
  }
  let offset = fs.statSync(file).size;
  const timer = setInterval(() => {
    try {
      const size = fs.statSync(file).size;
      if (size > offset) {
        const fd = fs.openSync(file, 'r');
        const buf = Buffer.alloc(size - offset);
        fs.readSync(fd, buf, 0, buf.length, offset);
        fs.closeSync(fd);
        offset = size;
        res.write(buf);
      }
    } catch {
      clearInterval(timer);
      res.end();
    }
  }, 250);
  const stop = () => clearInterval(timer);
  req.on('close', stop);
  res.on('close', stop);
}
