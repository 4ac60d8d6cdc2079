import { jsonPatch, mergePatch, strategicMergeKey, strategicMergePatch } from './patch';

describe('mergePatch (RFC 7386)', () => {
  it('merges objects, deletes on null, replaces arrays and scalars', () => {
    expect(
      mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3], f: 'x' }),
    ).toEqual({
      a: 1,
      b: { d: 3, e: 4 },
      l: [3],
      f: 'x',
    });
    expect(mergePatch({ a: 1 }, 'text')).toBe('text');
  });
});

describe('jsonPatch (RFC 6902)', () => {
  const doc = { a: { b: [1, 2, 3] }, 'x/y': 1, 't~': 2 };

  it('applies add, remove, replace, move, copy and test', () => {
    const out = jsonPatch(doc, [
      { op: 'add', path: '/a/b/1', value: 9 },
      { op: 'add', path: '/a/b/-', value: 4 },
      { op: 'remove', path: '/a/b/0' },
      { op: 'replace', path: '/x~1y', value: 5 },
      { op: 'copy', from: '/t~0', path: '/c' },
      { op: 'move', from: '/c', path: '/d' },
      { op: 'test', path: '/d', value: 2 },
    ]);
    expect(out).toEqual({ a: { b: [9, 2, 3, 4] }, 'x/y': 5, 't~': 2, d: 2 });
    expect(doc.a.b).toEqual([1, 2, 3]);
  });

  it('fails with 422 on a failed test or a missing path, naming the path', () => {
    expect(() => jsonPatch(doc, [{ op: 'test', path: '/x~1y', value: 2 }])).toThrow(
      /test operation for path "\/x~1y" failed/,
    );
    expect(() => jsonPatch(doc, [{ op: 'remove', path: '/nope' }])).toThrow(/"\/nope" does not exist/);
    expect(() => jsonPatch(doc, [{ op: 'replace', path: '/a/b/7', value: 1 }])).toThrow(/does not exist/);
    expect(() => jsonPatch(doc, [{ op: 'add', path: '/a/b/7', value: 1 }])).toThrow(/index out of range/);
    expect(() => jsonPatch(doc, { op: 'add' })).toThrow(/array of operations/);
  });
});

describe('strategicMergePatch', () => {
  it('knows the merge keys of core lists by their path', () => {
    expect(strategicMergeKey(['spec', 'template', 'spec', 'containers'])).toBe('name');
    expect(strategicMergeKey(['spec', 'containers', 'ports'])).toBe('containerPort');
    expect(strategicMergeKey(['spec', 'ports'])).toBe('port');
    expect(strategicMergeKey(['spec', 'containers', 'env'])).toBe('name');
    expect(strategicMergeKey(['metadata', 'finalizers'])).toBe('primitive');
    expect(strategicMergeKey(['spec', 'args'])).toBeUndefined();
  });

  const pod = {
    metadata: { finalizers: ['a'] },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'x:1',
          env: [{ name: 'A', value: '1' }],
          ports: [{ containerPort: 80, name: 'http' }],
          args: ['--a'],
        },
        { name: 'side', image: 'y:1' },
      ],
    },
  };

  it('merges keyed lists, replaces unkeyed ones, unions primitive sets', () => {
    const out = strategicMergePatch(pod, {
      metadata: { finalizers: ['b', 'a'] },
      spec: {
        containers: [
          {
            name: 'app',
            env: [{ name: 'B', value: '2' }],
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            args: ['--b'],
          },
        ],
      },
    }) as typeof pod;
    expect(out.metadata.finalizers).toEqual(['a', 'b']);
    expect(out.spec.containers).toHaveLength(2);
    expect(out.spec.containers[0]).toEqual({
      name: 'app',
      image: 'x:1',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
      args: ['--b'],
    });
  });

  it('honours $patch: delete / replace and $deleteFromPrimitiveList, and null deletes a field', () => {
    const out = strategicMergePatch(pod, {
      $setElementOrder: 'ignored',
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
      spec: {
        containers: [
          { name: 'side', $patch: 'delete' },
          { name: 'app', args: null },
        ],
      },
    }) as typeof pod;
    expect(out.metadata.finalizers).toEqual([]);
    expect(out.spec.containers.map((c) => c.name)).toEqual(['app']);
    expect(out.spec.containers[0].args).toBeUndefined();
    const replaced = strategicMergePatch(pod, {
      spec: { $patch: 'replace', containers: [{ name: 'only' }] },
    }) as typeof pod;
    expect(replaced.spec).toEqual({ containers: [{ name: 'only' }] });
  });
});
