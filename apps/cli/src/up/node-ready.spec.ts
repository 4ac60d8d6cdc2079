import { nodeIsReady } from './node-ready';

describe('nodeIsReady', () => {
  it.each([
    [{}, false],
    [{ status: { conditions: [{ type: 'Ready', status: 'False' }] } }, false],
    [{ status: { conditions: [{ type: 'MemoryPressure', status: 'True' }] } }, false],
    [
      {
        status: {
          conditions: [
            { type: 'MemoryPressure', status: 'False' },
            { type: 'Ready', status: 'True' },
          ],
        },
      },
      true,
    ],
  ])('%j → %s', (node, ready) => {
    expect(nodeIsReady(node)).toBe(ready);
  });
});
