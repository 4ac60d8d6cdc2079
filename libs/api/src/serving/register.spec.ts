import { childName } from '../core/names';
import { revisionNameFor } from './register';

describe('child and revision names', () => {
  it('appends the zero-padded generation', () => {
    expect(revisionNameFor('hello', 1)).toBe('hello-00001');
    expect(revisionNameFor('hello', 123456)).toBe('hello-123456');
  });

  it('hashes a parent too long for the suffix, staying within 63 characters', () => {
    const parent = 'a'.repeat(60);
    const name = revisionNameFor(parent, 7);
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^a{25}[0-9a-f]{32}-00007$/);
    expect(revisionNameFor(parent, 7)).toBe(name);
    expect(revisionNameFor(`${parent}b`, 7)).not.toBe(name);
  });

  it('hashes parent and suffix together when the suffix alone is too long', () => {
    expect(childName('parent', `-${'x'.repeat(40)}`)).toBe(`parent-${'x'.repeat(40)}`); // fits: unchanged
    const n = childName('p'.repeat(30), `-${'x'.repeat(40)}`);
    // 30 + 32 hex = 62; the one character left would be "-", which a name may not end with.
    expect(n).toMatch(/^p{30}[0-9a-f]{32}$/);
  });
});
