import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IpPool, PersistentIpPool, formatIpv4, parseCidr, parseIpv4 } from './ip-pool';

describe('parseCidr', () => {
  it.each([
    ['127.1.0.0/16', '127.1.0.1', '127.1.255.254'],
    ['127.1.2.3/24', '127.1.2.1', '127.1.2.254'],
    ['127.0.0.0/30', '127.0.0.1', '127.0.0.2'],
    ['10.248.7.0/24', '10.248.7.1', '10.248.7.254'],
  ])('%s → %s … %s', (cidr, first, last) => {
    const r = parseCidr(cidr);
    expect([formatIpv4(r.first), formatIpv4(r.last)]).toEqual([first, last]);
  });

  it.each([
    ['127.1.0.0', 'the prefix must be between'],
    ['127.1.0.0/31', 'the prefix must be between'],
    ['127.1.0.300/16', 'is not an IPv4 address'],
  ])('refuses %s', (cidr, message) => {
    expect(() => parseCidr(cidr)).toThrow(message);
  });

  it('round-trips addresses', () => {
    expect(formatIpv4(parseIpv4('127.1.254.9'))).toBe('127.1.254.9');
  });
});

describe('IpPool', () => {
  it('gives each owner its own address, the same one again when asked twice', () => {
    const pool = new IpPool(parseCidr('127.1.0.0/16'));
    expect(pool.allocate('a')).toBe('127.1.0.1');
    expect(pool.allocate('b')).toBe('127.1.0.2');
    expect(pool.allocate('a')).toBe('127.1.0.1');
  });

  it('does not hand a released address out again at once, and reuses it when the range wraps', () => {
    const pool = new IpPool(parseCidr('127.1.0.0/30'));
    expect(pool.allocate('a')).toBe('127.1.0.1');
    expect(pool.allocate('b')).toBe('127.1.0.2');
    pool.release('a');
    expect(pool.allocate('c')).toBe('127.1.0.1');
    expect(() => pool.allocate('d')).toThrow('is exhausted');
  });

  it('restores entries, skipping ones outside the range or duplicated', () => {
    const pool = new IpPool(parseCidr('127.1.0.0/24'), { a: '127.1.0.7', b: '127.2.0.1', c: '127.1.0.7' });
    expect(pool.entries()).toEqual({ a: '127.1.0.7' });
    expect(pool.allocate('d')).toBe('127.1.0.1');
  });
});

describe('PersistentIpPool', () => {
  it('keeps addresses across a reopen', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubelet-ip-')), 'ips.json');
    const first = await PersistentIpPool.open(file, '127.1.0.0/16');
    await first.allocate('a');
    await first.allocate('b');
    await first.release('a');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ b: '127.1.0.2' });
    const second = await PersistentIpPool.open(file, '127.1.0.0/16');
    expect(second.get('b')).toBe('127.1.0.2');
    expect(await second.allocate('c')).toBe('127.1.0.1');
    expect(await second.releaseAllBut(new Set(['c']))).toEqual(['b']);
    expect((await PersistentIpPool.open(file, '127.1.0.0/16')).get('b')).toBeUndefined();
  });
});
