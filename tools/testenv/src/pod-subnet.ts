// A /24 of a pod network for one test process, so node agents of test files running at the same time never hand
// out the same address. Claims are files named by subnet index holding the claiming pid, created with O_EXCL in a
// folder shared by every worker; a claim whose process is gone is taken over. A Jest worker runs its files one
// after another, so the files of one worker share its claim.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PodSubnetOptions {
  /** The range to carve from (a /16 or larger); default testEnv().kube.podCidr (KUACK_POD_CIDR). */
  base?: string;
  /** Where claims are kept; default <tmpdir>/kuack-pod-subnets. */
  claimsDir?: string;
  /** The claiming process; default this one. */
  pid?: number;
  /**
   * Another /24 for the same process, e.g. `'activator'` for addresses of components that are not Pods but
   * must appear in Endpoints on the real API server (which refuses loopback addresses). Default: the Pods' one.
   */
  slot?: string;
}

function parseBase(base: string): { octets: [number, number]; count: number } {
  const match = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}\/(\d{1,2})$/.exec(base);
  const prefix = Number(match?.[3]);
  if (!match || prefix > 16 || prefix < 8)
    throw new Error(`pod subnet base "${base}": expected an IPv4 CIDR with a prefix between /8 and /16`);
  // Only the /24s of the first /16 of the range are used: 256 parallel test processes are plenty.
  return { octets: [Number(match[1]), Number(match[2])], count: 256 };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Claims (or finds this process's existing claim on) a /24 of `base` and returns it, e.g. "10.248.17.0/24". */
export function podSubnet(options: PodSubnetOptions = {}): string {
  const base = options.base ?? requiredPodCidr();
  const pid = options.pid ?? process.pid;
  if (options.slot !== undefined && !/^[a-z0-9-]+$/.test(options.slot))
    throw new Error(`pod subnet slot "${options.slot}": use lowercase letters, digits and dashes`);
  // The claim's content: the pid, then the slot (a dead pid frees every slot it held).
  const owner = options.slot ? `${pid} ${options.slot}` : String(pid);
  const { octets, count } = parseBase(base);
  const dir = path.join(
    options.claimsDir ?? path.join(os.tmpdir(), 'kuack-pod-subnets'),
    base.replace(/[./]/g, '_'),
  );
  mkdirSync(dir, { recursive: true });
  const cidrOf = (i: number) => `${octets[0]}.${octets[1]}.${i}.0/24`;
  for (let n = 0; n < count; n++) {
    const i = (pid + n) % count;
    const file = path.join(dir, String(i));
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, owner);
      closeSync(fd);
      return cidrOf(i);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readFileSync(file, 'utf8').trim();
    if (holder === owner) return cidrOf(i);
    if (!holderAlive(holder)) {
      if (withTakeoverLock(dir, () => takeOver(file, owner))) return cidrOf(i);
    }
  }
  throw new Error(`pod subnet: all ${count} /24s of ${base} are claimed by running processes`);
}

function requiredPodCidr(): string {
  const value = process.env.KUACK_POD_CIDR;
  if (!value)
    throw new Error(
      'KUACK_POD_CIDR is not set: the kube service of tools/testenv is not up for this test; call ' +
        "`await requireServices(['kube'])` from @kuack/testenv in beforeAll, or pass { base }.",
    );
  return value;
}

/** Whether the process of a claim ("<pid>" or "<pid> <slot>") still runs. */
function holderAlive(holder: string): boolean {
  const pid = Number(holder.split(' ')[0]);
  return Number.isInteger(pid) && pid > 0 && alive(pid);
}

/** Replaces a stale claim with ours; false when its owner turned out to be alive (or another process took it). */
function takeOver(file: string, owner: string): boolean {
  const holder = readFileSync(file, 'utf8').trim();
  if (holder === owner) return true;
  if (holderAlive(holder)) return false;
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, owner);
  closeSync(fd);
  renameSync(tmp, file);
  return true;
}

/** Serializes takeovers (a claim file exists throughout, so plain O_EXCL creates never race with them). */
function withTakeoverLock<T>(dir: string, fn: () => T): T {
  const lock = path.join(dir, '.takeover.lock');
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() > deadline) rmdirSync(lock); // left by a process killed while holding it
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(lock);
  }
}
