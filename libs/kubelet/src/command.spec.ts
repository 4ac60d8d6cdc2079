import { planLaunch } from './command';

const root = '/data/rootfs/sha256-abc';

describe('planLaunch', () => {
  it.each([
    [
      'image Entrypoint + Cmd',
      {},
      { Entrypoint: ['node'], Cmd: ['/app/server.js'], WorkingDir: '/app' },
      ['/data/rootfs/sha256-abc/app/server.js'],
      `${root}/app`,
    ],
    [
      'args replace Cmd',
      { args: ['other.js', '--port', '1'] },
      { Entrypoint: ['/usr/local/bin/node'], Cmd: ['server.js'], WorkingDir: '/app' },
      [`${root}/app/other.js`, '--port', '1'],
      `${root}/app`,
    ],
    [
      'command drops Cmd',
      { command: ['node', '--enable-source-maps', 'main.js'] },
      { Entrypoint: ['x'], Cmd: ['y'] },
      ['--enable-source-maps', `${root}/main.js`],
      root,
    ],
    [
      'workingDir overrides',
      { workingDir: '/srv', command: ['nodejs', 'a.js'] },
      { WorkingDir: '/app' },
      [`${root}/srv/a.js`],
      `${root}/srv`,
    ],
    [
      'paths cannot escape the root',
      { command: ['node', '../../etc/passwd'] },
      { WorkingDir: '/app' },
      [`${root}/etc/passwd`],
      `${root}/app`,
    ],
  ])('%s', (_name, container, image, args, cwd) => {
    expect(planLaunch({ name: 'c', image: 'i', ...container }, image, root, '/host/node')).toEqual({
      runnable: true,
      program: '/host/node',
      args,
      cwd,
    });
  });

  it.each([
    [{}, {}, 'the image has no entrypoint and the container no command'],
    [
      {},
      { Entrypoint: ['/bin/sh', '-c'], Cmd: ['run'] },
      'local mode runs Node.js programs only, the entrypoint is "/bin/sh -c run"',
    ],
    [{ command: ['python3', 'app.py'] }, { Entrypoint: ['node'] }, 'the entrypoint is "python3 app.py"'],
  ])('refuses what is not a Node.js program (%#)', (container, image, message) => {
    const plan = planLaunch({ name: 'c', image: 'i', ...container }, image, root, '/host/node');
    expect(plan).toMatchObject({ runnable: false, reason: 'ImageNotRunnableLocally' });
    expect(plan.runnable ? '' : plan.message).toContain(message);
  });
});
