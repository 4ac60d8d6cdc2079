import { diffJson } from './json-patch';

function apply(doc: unknown, ops: ReturnType<typeof diffJson>): unknown {
  const root = { v: JSON.parse(JSON.stringify(doc)) as unknown };
  for (const op of ops) {
    const parts = op.path
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let parent: Record<string, unknown> = root as Record<string, unknown>;
    let key = 'v';
    for (const p of parts) {
      parent = parent[key] as Record<string, unknown>;
      key = p;
    }
    if (op.op === 'remove') delete parent[key];
    else parent[key] = op.value;
  }
  return root.v;
}

describe('diffJson', () => {
  it.each([
    ['identical', { a: 1 }, { a: 1 }],
    ['added nested', { spec: {} }, { spec: { timeoutSeconds: 300 } }],
    ['removed', { a: 1, b: 2 }, { a: 1 }],
    ['replaced scalar', { a: 1 }, { a: 2 }],
    ['array changed', { c: [{ name: 'x' }] }, { c: [{ name: 'x', image: 'i' }] }],
    ['escaped keys', { m: { 'a/b': '1' } }, { m: { 'a/b': '1', 'c~d': '2' } }],
  ])('%s: applying the patch gives the target', (_n, from, to) => {
    expect(apply(from, diffJson(from, to))).toEqual(to);
  });

  it('is empty for equal documents and escapes JSON pointers', () => {
    expect(diffJson({ a: [1] }, { a: [1] })).toEqual([]);
    expect(diffJson({ m: {} }, { m: { 'a/b~': 'x' } })).toEqual([
      { op: 'add', path: '/m/a~1b~0', value: 'x' },
    ]);
  });
});
