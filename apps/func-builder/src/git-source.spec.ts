import { parseGitSource } from './git-source';

describe('parseGitSource', () => {
  it('accepts a URL with revision and context folder', () => {
    expect(
      parseGitSource(
        { git: { url: 'https://example.com/fn.git', revision: 'v1.2', contextDir: 'fns/hello' } },
        false,
      ),
    ).toEqual({
      url: 'https://example.com/fn.git',
      revision: 'v1.2',
      contextDir: 'fns/hello',
    });
  });

  it.each([
    [{}, 'the JSON body must be {"git"'],
    [{ git: {} }, 'git.url: missing'],
    [{ git: { url: 'not a url' } }, 'git.url: "not a url" is not a URL'],
    [{ git: { url: 'file:///etc' } }, 'git.url: scheme file: is not allowed'],
    [
      { git: { url: 'https://x/y.git', revision: '--upload-pack=evil' } },
      'git.revision: "--upload-pack=evil" is not a branch, tag or commit',
    ],
    [
      { git: { url: 'https://x/y.git', contextDir: '../..' } },
      'git.contextDir: "../.." must stay inside the repository',
    ],
  ])('refuses %j (400)', (body, message) => {
    expect(() => parseGitSource(body, false)).toThrow(message);
    try {
      parseGitSource(body, false);
    } catch (err) {
      expect((err as { status: number }).status).toBe(400);
    }
  });

  it('allows file:// only when configured', () => {
    expect(parseGitSource({ git: { url: 'file:///srv/repo' } }, true)).toEqual({ url: 'file:///srv/repo' });
  });
});
