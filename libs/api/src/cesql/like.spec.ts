import { likeMatches, likePatternToRegExp } from './like';

describe('likeMatches', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'ab', false],
    ['', '', true],
    ['x', '', false],
    ['anything', '%', true],
    ['a', '_', true],
    ['', '_', false],
    ['ab', '_', false],
    ['a.b', 'a.b', true],
    ['axb', 'a.b', false],
    ['a*b', 'a*b', true],
    ['aab', 'a*b', false],
    ['a\\b', 'a\\b', true],
    ['ab\\', 'ab\\', true],
    ['50%', '50\\%', true],
    ['500', '50\\%', false],
    ['x_y', 'x\\_y', true],
    ['xzy', 'x\\_y', false],
    ['😀b', '_b', true],
    ['[a]', '[_]', true],
    ['a-b', 'a-b', true],
  ])('%j LIKE %j is %s', (value, pattern, expected) => {
    expect(likeMatches(value, pattern)).toBe(expected);
  });

  it('compiles every pattern to a valid anchored expression', () => {
    expect(likePatternToRegExp('a%b_c').source).toBe('^a.*b.c$');
  });
});
