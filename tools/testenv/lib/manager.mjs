// up / down / status / env over the services, with the lock, parallel starts and log tails on failure.
import fs from 'node:fs';
import path from 'node:path';

import { RUN_DIR } from './config.mjs';
import { ensureCommands } from './apt.mjs';
import { withLock } from './lock.mjs';
import { logTail } from './proc.mjs';
import { kafka } from '../services/kafka.mjs';
import { kube } from '../services/kube.mjs';
import { stopAllPrivateKubes } from '../services/private-kube.mjs';
import { rabbitmq } from '../services/rabbitmq.mjs';
import { registry } from '../services/registry.mjs';
import { toolPathDirs, tools } from '../services/tools.mjs';

/** @typedef {import('../services/service.mjs').Service} Service */

/** @type {Record<string, Service>} */
export const SERVICES = { kube, kafka, rabbitmq, registry, tools };
export const ALL = Object.keys(SERVICES);
export const LOCK = path.join(RUN_DIR, 'testenv.lock');

/** @param {string[]} names @returns {Service[]} */
export function select(names) {
  const wanted = names.length > 0 ? names : ALL;
  for (const name of wanted) {
    if (!SERVICES[name]) throw new UsageError(`unknown service "${name}" (services: ${ALL.join(', ')})`);
  }
  return [...new Set(wanted)].map((name) => SERVICES[name]);
}

export class UsageError extends Error {}

/** A service that did not start, with the tail of its logs. */
export class StartError extends Error {
  /** @param {string} service @param {string} reason @param {string[]} logs */
  constructor(service, reason, logs) {
    const written = logs.filter((log) => fs.existsSync(log));
    const tails = written.map((log) => `--- ${log} (last lines) ---\n${logTail(log, 30)}`).join('\n');
    super(`${service}: failed to start: ${reason}\n${tails}`);
    this.service = service;
  }
}

/** @param {string} message */
function say(message) {
  process.stderr.write(`testenv: ${message}\n`);
}

/**
 * Brings the services up (reusing running ones) under the lock. Resolves with what happened to each;
 * rejects with every StartError message joined when any failed (the others stay up).
 * @param {Service[]} services
 */
export async function up(services) {
  return withLock(LOCK, `up ${services.map((s) => s.name).join(' ')}`, async () => {
    ensureCommands(services.flatMap((service) => service.needs));
    const results = await Promise.allSettled(services.map((service) => upOne(service)));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (failures.length > 0) {
      throw new Error(
        failures
          .map((failure) => (failure instanceof Error ? failure.message : String(failure)))
          .join('\n\n'),
      );
    }
    return Object.fromEntries(
      services.map((service, i) => [
        service.name,
        /** @type {PromiseFulfilledResult<string>} */ (results[i]).value,
      ]),
    );
  });
}

/** @param {Service} service @returns {Promise<'reused' | 'started'>} */
async function upOne(service) {
  const began = Date.now();
  try {
    await service.prepare();
  } catch (error) {
    throw new StartError(service.name, error instanceof Error ? error.message : String(error), []);
  }
  const prepared = (Date.now() - began) / 1000;
  if (await service.isUp().catch(() => false)) {
    say(
      `${service.name}: ${prepared >= 1 ? `ready (installs and builds took ${prepared.toFixed(1)} s)` : 'already up'}`,
    );
    return 'reused';
  }
  await service.stop(); // leftovers of an earlier run that died
  keepPreviousLogs(service);
  try {
    await service.start();
  } catch (error) {
    const failure = new StartError(
      service.name,
      error instanceof Error ? error.message : String(error),
      service.logFiles(),
    );
    await service.stop().catch(() => undefined);
    throw failure;
  }
  say(`${service.name}: up in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return 'started';
}

/** Moves the logs of the last run aside (<name>.prev.log), so a failure shows only what this start wrote. @param {Service} service */
function keepPreviousLogs(service) {
  for (const log of service.logFiles()) {
    if (fs.existsSync(log)) fs.renameSync(log, log.replace(/\.log$/, '.prev.log'));
  }
}

/** Stops the services (and, when all are meant, every private control plane) under the lock. @param {Service[]} services */
export async function down(services) {
  return withLock(LOCK, `down ${services.map((s) => s.name).join(' ')}`, async () => {
    await Promise.all(services.map((service) => service.stop()));
    const privates = services.length === ALL.length ? await stopAllPrivateKubes() : [];
    say(
      `stopped ${services.map((s) => s.name).join(', ')}${privates.length ? ` and private kubes ${privates.join(', ')}` : ''}`,
    );
  });
}

/** @param {Service[]} services @returns {Promise<Record<string, boolean>>} */
export async function status(services) {
  const states = await Promise.all(services.map((service) => service.isUp().catch(() => false)));
  return Object.fromEntries(services.map((service, i) => [service.name, states[i]]));
}

/** The settings of the services as environment variables, and the tool folders for PATH. @param {Service[]} services */
export function settings(services) {
  return { env: Object.assign({}, ...services.map((service) => service.env())), pathDirs: toolPathDirs() };
}
