import { withActivatorAddress } from './registration';

describe('withActivatorAddress', () => {
  it('creates the http subset for the first activator', () => {
    expect(withActivatorAddress(undefined, '10.0.0.5', 8012)).toEqual([
      { addresses: [{ ip: '10.0.0.5' }], ports: [{ name: 'http', port: 8012, protocol: 'TCP' }] },
    ]);
  });

  it('adds a second activator once and removes only its own address', () => {
    const one = withActivatorAddress(undefined, '10.0.0.5', 8012);
    const two = withActivatorAddress(withActivatorAddress(one, '10.0.0.4', 8012), '10.0.0.4', 8012);
    expect(two[0].addresses).toEqual([{ ip: '10.0.0.4' }, { ip: '10.0.0.5' }]);
    expect(withActivatorAddress(two, '10.0.0.5', 8012, true)[0].addresses).toEqual([{ ip: '10.0.0.4' }]);
  });

  it('drops the subset when the last address leaves and leaves other ports alone', () => {
    const other = { addresses: [{ ip: '1.1.1.1' }], ports: [{ name: 'http', port: 9999 }] };
    const mine = withActivatorAddress([other], '10.0.0.5', 8012);
    expect(mine).toHaveLength(2);
    expect(withActivatorAddress(mine, '10.0.0.5', 8012, true)).toEqual([other]);
  });
});
