import { promises as fs } from 'node:fs';
import path from 'node:path';
import { VOLUME_SHIM_SOURCE } from './volume-shim';

/**
 * Preloaded into every container process (NODE_OPTIONS=--require): a listen on no host or a wildcard host
 * (`::`, `0.0.0.0`) becomes a listen on the Pod's own loopback address (KUACK_POD_IP), so many Pods can use
 * the same port. It is CommonJS source written to the agent's data dir, so it works from the bundled app.
 */
export const LISTEN_SHIM_SOURCE = `'use strict';
const net = require('net');
const podIP = process.env.KUACK_POD_IP;
if (podIP && !net.Server.prototype.__kuackListenShim) {
  const wildcard = (h) => h === undefined || h === null || h === '' || h === '::' || h === '0.0.0.0' || h === '::0';
  const original = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    const cb = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
    const first = args[0];
    let options;
    if (first !== null && typeof first === 'object') {
      const isHandle = first._handle !== undefined || first.fd !== undefined || first.handle !== undefined || first.path !== undefined;
      if (!isHandle && wildcard(first.host)) options = Object.assign({}, first, { host: podIP, port: first.port === undefined ? 0 : first.port });
    } else if (first === undefined || first === null || typeof first === 'number' || (typeof first === 'string' && /^[0-9]+$/.test(first))) {
      const host = typeof args[1] === 'string' ? args[1] : undefined;
      const backlog = typeof args[1] === 'string' ? args[2] : args[1];
      if (wildcard(host)) options = { port: first === undefined || first === null ? 0 : Number(first), host: podIP, backlog: typeof backlog === 'number' ? backlog : undefined };
    }
    if (options === undefined) return cb ? original.call(this, ...args, cb) : original.apply(this, args);
    return cb ? original.call(this, options, cb) : original.call(this, options);
  };
  net.Server.prototype.__kuackListenShim = true;
}
`;

/** Writes the shim (listen part, then the volume part of volume-shim.ts) under `dir` and returns its path. */
export async function writeListenShim(dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, 'listen-shim.cjs');
  await fs.writeFile(file, LISTEN_SHIM_SOURCE + VOLUME_SHIM_SOURCE);
  return file;
}
