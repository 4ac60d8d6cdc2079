// The pod network of the shared control plane: a non-loopback range routed to `lo`. The real kube-apiserver
// refuses loopback addresses (127.0.0.0/8) in Endpoints and EndpointSlices, so node agents that join it hand
// out Pod addresses from this range instead; a `local` route makes every address of it bindable and reachable
// on this machine, like 127.0.0.0/8. See docs/adr/0015-pod-network-routed-to-lo.md.
import { execFileSync } from 'node:child_process';

/** The range node agents of the tests take Pod addresses from (KUACK_POD_CIDR). */
export const POD_CIDR = process.env.KUACK_TESTENV_POD_CIDR || '10.248.0.0/16';

/** Whether `ip route show table local` has `local <cidr> dev lo`. @param {string} table @param {string} cidr */
export function hasLocalRoute(table, cidr) {
  return table.split('\n').some((line) => line.startsWith(`local ${cidr} `) && / dev lo( |$)/.test(line));
}

function localTable() {
  return execFileSync('ip', ['route', 'show', 'table', 'local'], { encoding: 'utf8' });
}

/**
 * Adds `ip route add local <POD_CIDR> dev lo` when it is missing. Never removed by `down`: it is harmless,
 * other environments (KUACK_TESTENV_RUN_DIR) may share it, and removing it under a running agent would cut its Pods off.
 */
export function ensurePodRoute(cidr = POD_CIDR) {
  if (hasLocalRoute(localTable(), cidr)) return 'present';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `pod network: the route for ${cidr} to lo is missing and the testenv does not run as root; ` +
        `run once: sudo ip route add local ${cidr} dev lo`,
    );
  }
  try {
    execFileSync('ip', ['route', 'add', 'local', cidr, 'dev', 'lo'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    // Another `up` (another run dir, so another lock) may have added it at the same moment.
    if (hasLocalRoute(localTable(), cidr)) return 'present';
    const stderr = /** @type {{ stderr?: Buffer }} */ (error).stderr?.toString().trim();
    throw new Error(`pod network: ip route add local ${cidr} dev lo failed: ${stderr || String(error)}`);
  }
  return 'added';
}
