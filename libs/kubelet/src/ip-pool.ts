import { promises as fs } from 'node:fs';
import path from 'node:path';

/** An IPv4 CIDR as a range of usable host addresses (network and broadcast excluded when the prefix allows). */
export interface Ipv4Range {
  first: number;
  last: number;
}

export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new Error(`"${text}" is not an IPv4 address`);
  }
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export function parseCidr(cidr: string): Ipv4Range {
  const [addr, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  if (prefixText === undefined || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) {
    throw new Error(`pod CIDR "${cidr}": the prefix must be between /8 and /30`);
  }
  const base = parseIpv4(addr);
  const size = 2 ** (32 - prefix);
  const network = base - (base % size);
  return { first: network + 1, last: network + size - 2 };
}

/**
 * Gives each Pod (by UID) its own loopback address. Allocation is lowest-free-first after the last allocated
 * address, so a released address is not handed out again at once. Pure in-memory; see PersistentIpPool.
 */
export class IpPool {
  private readonly byOwner = new Map<string, number>();
  private readonly used = new Set<number>();
  private cursor: number;

  constructor(
    readonly range: Ipv4Range,
    entries: Record<string, string> = {},
  ) {
    this.cursor = range.first;
    for (const [owner, ip] of Object.entries(entries)) {
      const n = parseIpv4(ip);
      if (n < range.first || n > range.last || this.used.has(n)) continue;
      this.byOwner.set(owner, n);
      this.used.add(n);
    }
  }

  /** The address of `owner`, allocating one if it has none. */
  allocate(owner: string): string {
    const existing = this.byOwner.get(owner);
    if (existing !== undefined) return formatIpv4(existing);
    const size = this.range.last - this.range.first + 1;
    for (let i = 0; i < size; i++) {
      const candidate = this.range.first + ((this.cursor - this.range.first + i) % size);
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        this.byOwner.set(owner, candidate);
        this.cursor = candidate + 1 > this.range.last ? this.range.first : candidate + 1;
        return formatIpv4(candidate);
      }
    }
    throw new Error(
      `the pod address pool ${formatIpv4(this.range.first)}-${formatIpv4(this.range.last)} is exhausted`,
    );
  }

  release(owner: string): void {
    const n = this.byOwner.get(owner);
    if (n === undefined) return;
    this.byOwner.delete(owner);
    this.used.delete(n);
  }

  get(owner: string): string | undefined {
    const n = this.byOwner.get(owner);
    return n === undefined ? undefined : formatIpv4(n);
  }

  owners(): string[] {
    return [...this.byOwner.keys()];
  }

  entries(): Record<string, string> {
    return Object.fromEntries([...this.byOwner].map(([owner, n]) => [owner, formatIpv4(n)]));
  }
}

/** An IpPool saved to a JSON file (temp file + rename) after every change, so a restarted agent keeps addresses. */
export class PersistentIpPool {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly pool: IpPool,
    private readonly file: string,
  ) {}

  static async open(file: string, cidr: string): Promise<PersistentIpPool> {
    let entries: Record<string, string> = {};
    try {
      entries = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, string>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new Error(`pod address file ${file}: ${(err as Error).message}`);
    }
    return new PersistentIpPool(new IpPool(parseCidr(cidr), entries), file);
  }

  async allocate(owner: string): Promise<string> {
    const ip = this.pool.allocate(owner);
    await this.save();
    return ip;
  }

  async release(owner: string): Promise<void> {
    this.pool.release(owner);
    await this.save();
  }

  get(owner: string): string | undefined {
    return this.pool.get(owner);
  }

  /** Releases the addresses of owners not in `keep` (Pods deleted while the agent was down). */
  async releaseAllBut(keep: Set<string>): Promise<string[]> {
    const released = this.pool.owners().filter((o) => !keep.has(o));
    for (const owner of released) this.pool.release(owner);
    if (released.length) await this.save();
    return released;
  }

  private save(): Promise<void> {
    const text = JSON.stringify(this.pool.entries(), null, 2);
    this.writing = this.writing.then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, text);
      await fs.rename(tmp, this.file);
    });
    return this.writing;
  }
}
