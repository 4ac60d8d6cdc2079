import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { podSubnet } from './pod-subnet';

const base = '10.248.0.0/16';
const claimsDir = () => mkdtempSync(path.join(os.tmpdir(), 'pod-subnet-spec-'));

describe('podSubnet', () => {
  it('gives one process the same /24 every time, and other live processes other /24s', () => {
    const dir = claimsDir();
    const mine = podSubnet({ base, claimsDir: dir, pid: process.pid });
    expect(mine).toMatch(/^10\.248\.\d{1,3}\.0\/24$/);
    expect(podSubnet({ base, claimsDir: dir, pid: process.pid })).toBe(mine);
    // process.ppid is alive too: it must not get this process's /24, even when both start at the same index.
    const parent = podSubnet({ base, claimsDir: dir, pid: process.ppid });
    expect(parent).not.toBe(mine);
  });

  it('gives the same process another /24 per slot (e.g. for an activator address)', () => {
    const dir = claimsDir();
    const pods = podSubnet({ base, claimsDir: dir });
    const activator = podSubnet({ base, claimsDir: dir, slot: 'activator' });
    expect(activator).not.toBe(pods);
    expect(podSubnet({ base, claimsDir: dir, slot: 'activator' })).toBe(activator);
    expect(() => podSubnet({ base, claimsDir: dir, slot: 'Bad Slot' })).toThrow('pod subnet slot "Bad Slot"');
  });

  it('takes over the claim of a process that is gone', () => {
    const dir = claimsDir();
    const index = process.pid % 256;
    mkdirSync(path.join(dir, '10_248_0_0_16'));
    writeFileSync(path.join(dir, '10_248_0_0_16', String(index)), '999999999');
    expect(podSubnet({ base, claimsDir: dir })).toBe(`10.248.${index}.0/24`);
  });

  it('names the setting when no base is given and KUACK_POD_CIDR is unset', () => {
    const saved = process.env.KUACK_POD_CIDR;
    delete process.env.KUACK_POD_CIDR;
    try {
      expect(() => podSubnet({ claimsDir: claimsDir() })).toThrow(/KUACK_POD_CIDR is not set/);
    } finally {
      if (saved !== undefined) process.env.KUACK_POD_CIDR = saved;
    }
  });

  it('refuses a base narrower than /16', () => {
    expect(() => podSubnet({ base: '10.248.3.0/24', claimsDir: claimsDir() })).toThrow(
      /between \/8 and \/16/,
    );
  });
});
