import { nodeResources, parseCpuMillis, parseMemoryBytes, parseReserved } from './resources';

describe('node resources', () => {
  const machine = { cpus: 4, memoryBytes: 8 * 2 ** 30 };

  it('allocatable is capacity minus reserved', () => {
    expect(nodeResources(20, { cpu: '500m', memory: '1Gi' }, machine)).toEqual({
      capacity: { cpu: '4', memory: `${8 * 2 ** 20}Ki`, pods: '20', 'ephemeral-storage': '100Gi' },
      allocatable: { cpu: '3500m', memory: `${7 * 2 ** 20}Ki`, pods: '20', 'ephemeral-storage': '100Gi' },
    });
    expect(nodeResources(5, {}, machine).allocatable.cpu).toBe('4');
    expect(nodeResources(5, { cpu: '8' }, machine).allocatable.cpu).toBe('0');
  });

  it.each([
    ['500m', 500],
    ['2', 2000],
    ['0.25', 250],
  ])('cpu %s = %d millicores', (text, millis) => expect(parseCpuMillis(text, 'f')).toBe(millis));

  it.each([
    ['512Mi', 512 * 2 ** 20],
    ['1G', 1e9],
    ['1000', 1000],
  ])('memory %s = %d bytes', (text, bytes) => expect(parseMemoryBytes(text, 'f')).toBe(bytes));

  it('names the bad part of --reserved', () => {
    expect(parseReserved('cpu=1,memory=256Mi')).toEqual({ cpu: '1', memory: '256Mi' });
    expect(() => parseReserved('cpu=lots')).toThrow('--reserved cpu: "lots" is not a CPU quantity');
    expect(() => parseReserved('gpu=1')).toThrow(
      '--reserved: "gpu=1" is not cpu=<quantity> or memory=<quantity>',
    );
  });
});
