// Debian packages the services need: installed when missing (one `apt-get update` per run), never twice.
// Some packages start a system instance on install (etcd, rabbitmq-server + epmd, docker-registry); the
// testenv runs its own instances on its own ports, so those are stopped and disabled again right away.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Package → the system service its install may start. */
const SYSTEM_SERVICES = new Map([
  ['etcd-server', 'etcd'],
  ['rabbitmq-server', 'rabbitmq-server'],
  ['docker-registry', 'docker-registry'],
]);

let updated = false;

/** @param {string} name */
export function isInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === 'install ok installed';
}

/** Whether `command` (a name looked up on PATH, or an absolute path) can be run. @param {string} command */
export function hasCommand(command) {
  const candidates = path.isAbsolute(command)
    ? [command]
    : (process.env.PATH ?? '')
        .split(':')
        .filter(Boolean)
        .map((dir) => path.join(dir, command));
  return candidates.some((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Installs the Debian package of every command that is missing. Call under the testenv lock.
 * @param {Array<{ command: string, pkg: string }>} needs
 */
export function ensureCommands(needs) {
  ensurePackages(needs.filter((need) => !hasCommand(need.command)).map((need) => need.pkg));
}

/** Installs the missing ones among `packages`. Call under the testenv lock. @param {string[]} packages */
export function ensurePackages(packages) {
  const missing = [...new Set(packages)].filter((name) => !isInstalled(name));
  if (missing.length === 0) return;
  process.stderr.write(`testenv: installing Debian packages: ${missing.join(' ')}\n`);
  const apt = ['apt-get', '-o', 'DPkg::Lock::Timeout=600'];
  if (!updated) {
    mustRun([...apt, 'update', '-qq']);
    updated = true;
  }
  mustRun([...apt, 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
  for (const name of missing) {
    const service = SYSTEM_SERVICES.get(name);
    if (service) stopSystemService(service);
  }
  if (missing.includes('rabbitmq-server')) stopIdleDefaultEpmd();
}

/** @param {string[]} argv */
function asRoot(argv) {
  return process.getuid && process.getuid() !== 0 ? ['sudo', '-n', ...argv] : argv;
}

/** @param {string[]} argv @param {import('node:child_process').SpawnSyncOptions} [options] */
function run(argv, options = {}) {
  const full = asRoot(argv);
  return spawnSync(full[0], full.slice(1), {
    stdio: 'ignore',
    ...options,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** @param {string[]} argv */
function mustRun(argv) {
  const result = run(argv, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(
      `\`${asRoot(argv).join(' ')}\` failed (exit ${result.status ?? result.signal}); run it by hand to see why`,
    );
  }
}

/** @param {string} service */
function stopSystemService(service) {
  const systemd = spawnSync('systemctl', ['is-system-running'], { encoding: 'utf8' });
  const underSystemd = !systemd.error && !['', 'offline'].includes(systemd.stdout.trim());
  if (underSystemd) run(['systemctl', 'disable', '--now', service]);
  else run(['service', service, 'stop']);
}

/** The package's RabbitMQ start leaves epmd on its default port; stop it when nothing is registered. */
function stopIdleDefaultEpmd() {
  const names = spawnSync('epmd', ['-port', '4369', '-names'], { encoding: 'utf8' });
  if (names.status === 0 && !/^name /m.test(names.stdout)) run(['epmd', '-port', '4369', '-kill']);
}
