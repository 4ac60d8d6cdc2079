import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../program';
import { captureCli } from '../../testing/capture-cli';

jest.setTimeout(120_000);

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-func-cli-'));

async function cli(args: string[]) {
  const c = captureCli();
  const code = await runCli(args, c.ctx);
  return { code, out: c.out(), err: c.err() };
}

/** `kuack func run --json` in-process: resolves once the function answers, with its address and exit. */
async function startRun(root: string) {
  const c = captureCli();
  const done = runCli(['func', 'run', '--json', '--path', root], c.ctx);
  let exited = false;
  void done.then(() => (exited = true));
  for (let i = 0; i < 600 && !c.out().includes('\n') && !exited; i++)
    await new Promise((r) => setTimeout(r, 50));
  if (!c.out().includes('\n')) throw new Error(`func run did not start:\n${c.err()}`);
  const info = JSON.parse(c.out().split('\n')[0]) as {
    address: string;
    host: string;
    port: string;
    pid: number;
  };
  return { info, done, err: c.err };
}

describe.each([
  ['node', 'http', [], '{"message":"Hello World"}'],
  ['node', 'cloudevents', [], '"received": {\n      "message": "Hello World"'],
  ['typescript', 'http', ['--data', '{"name":"tiger"}'], '{"name":"tiger"}'],
  ['typescript', 'cloudevents', ['--id', 'evt-1', '-e', 'trace=abc'], 'type: function.response'],
  ['typescript', 'instance', [], '"message":"Hello, World!"'],
])('kuack func: the %s %s template', (language, template, invokeArgs, expected) => {
  const root = path.join(tmp(), `fn-${language}-${template}`);

  it('create → npm test passes → run → invoke answers', async () => {
    const created = await cli(['func', 'create', root, '-l', language, '-t', template]);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toContain(`Created ${language} function "fn-${language}-${template}"`);
    const funcYaml = fs.readFileSync(path.join(root, 'func.yaml'), 'utf8');
    expect(funcYaml).toContain(`runtime: ${language}`);
    if (template === 'cloudevents') expect(funcYaml).toContain('invoke: cloudevent');
    expect(fs.readFileSync(path.join(root, '.gitignore'), 'utf8')).toContain('/.func');
    expect(fs.existsSync(path.join(root, '.funcignore'))).toBe(true);
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`# fn-${language}-${template}`);

    const tests = execFileSync('npm', ['test'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(tests).toMatch(/# fail 0/);
    expect(tests).toMatch(/# pass [1-9]/);

    const run = await startRun(root);
    try {
      expect(run.info.address).toBe(`http://127.0.0.1:${run.info.port}`);
      const invoked = await cli(['func', 'invoke', '--path', root, ...invokeArgs]);
      expect(invoked.err).toBe('');
      expect(invoked.code).toBe(0);
      expect(invoked.out).toContain(expected);
      if (template === 'cloudevents') expect(invoked.out).toContain('Context Attributes,');
    } finally {
      process.kill(run.info.pid, 'SIGTERM');
    }
    expect(await run.done).toBe(0);
    expect(fs.existsSync(path.join(root, '.func', 'runs', run.info.port))).toBe(false);
  });
});

describe('kuack func create refusals', () => {
  it('refuses a folder that already holds a function', async () => {
    const root = path.join(tmp(), 'twice');
    expect((await cli(['func', 'create', root, '--no-link'])).code).toBe(0);
    const again = await cli(['func', 'create', root, '--no-link']);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`${root} already holds a function (twice, node)`);
  });

  it('refuses files the template would overwrite, and writes nothing', async () => {
    const root = path.join(tmp(), 'taken');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'index.js'), '// mine');
    fs.writeFileSync(path.join(root, 'notes.txt'), 'kept');
    const res = await cli(['func', 'create', root, '--no-link']);
    expect(res.code).toBe(1);
    expect(res.err).toContain('already has files the node/http template would overwrite: index.js');
    expect(fs.readdirSync(root).sort()).toEqual(['index.js', 'notes.txt']);
  });

  it.each([
    [['-l', 'rust'], 'unknown language "rust" (--language): one of node, typescript'],
    [['-t', 'grpc'], 'unknown template "grpc" for node (--template): one of cloudevents, http'],
  ])('refuses %j', async (flags, message) => {
    const res = await cli(['func', 'create', path.join(tmp(), 'x'), '--no-link', ...flags]);
    expect(res.code).toBe(1);
    expect(res.err).toContain(message);
  });

  it('refuses a folder name that is not a function name', async () => {
    const res = await cli(['func', 'create', path.join(tmp(), 'Hello_World'), '--no-link']);
    expect(res.err).toContain('"Hello_World" is not valid');
  });
});

describe('kuack func config', () => {
  const root = path.join(tmp(), 'configured');
  beforeAll(async () => {
    expect((await cli(['func', 'create', root, '--no-link'])).code).toBe(0);
  });

  it('adds, lists and removes envs, labels and volumes in func.yaml', async () => {
    const p = ['--path', root];
    expect(
      (await cli(['func', 'config', 'envs', 'add', ...p, '--name', 'GREETING', '--value', 'hi'])).code,
    ).toBe(0);
    expect(
      (await cli(['func', 'config', 'envs', 'add', ...p, '--name', 'PW', '--value', '{{ secret:creds:pw }}']))
        .code,
    ).toBe(0);
    expect((await cli(['func', 'config', 'envs', 'list', ...p])).out).toBe(
      'GREETING=hi\nPW={{ secret:creds:pw }}\n',
    );
    expect(
      (await cli(['func', 'config', 'labels', 'add', ...p, '--name', 'team', '--value', 'a'])).code,
    ).toBe(0);
    expect(
      (
        await cli([
          'func',
          'config',
          'volumes',
          'add',
          ...p,
          '--type',
          'secret',
          '--source',
          'creds',
          '--mount-path',
          '/etc/creds',
        ])
      ).code,
    ).toBe(0);
    expect(JSON.parse((await cli(['func', 'config', 'volumes', 'list', ...p, '-o', 'json'])).out)).toEqual([
      { secret: 'creds', path: '/etc/creds' },
    ]);
    const yaml = fs.readFileSync(path.join(root, 'func.yaml'), 'utf8');
    expect(yaml).toContain('- name: GREETING\n      value: hi');
    expect(yaml).toContain('- key: team\n      value: a');

    expect((await cli(['func', 'config', 'envs', 'remove', ...p, '--name', 'GREETING'])).code).toBe(0);
    expect((await cli(['func', 'config', 'envs', 'list', ...p])).out).toBe('PW={{ secret:creds:pw }}\n');
    expect(
      (await cli(['func', 'config', 'volumes', 'remove', ...p, '--mount-path', '/etc/creds'])).code,
    ).toBe(0);
    expect((await cli(['func', 'config', 'volumes', 'list', ...p])).out).toBe('(none)\n');
  });

  it.each([
    [
      ['envs', 'add', '--name', 'X', '--value', '{{ vault:x }}'],
      'run.envs[1].value: "{{ vault:x }}" is not a valid template',
    ],
    [['envs', 'remove', '--name', 'NOPE'], '--name: no env "NOPE" in run.envs'],
    [
      ['labels', 'add', '--name', '-bad', '--value', 'x'],
      'deploy.labels[1].key: "-bad" is not a valid label key',
    ],
    [
      ['volumes', 'add', '--type', 'nfs', '--mount-path', '/x'],
      '--type: "nfs" must be secret, configmap, pvc or emptydir',
    ],
    [['volumes', 'add', '--type', 'secret', '--mount-path', '/x'], '--source: required for a secret volume'],
    [
      ['volumes', 'add', '--type', 'emptydir', '--mount-path', 'rel'],
      '--mount-path: "rel" must be an absolute path',
    ],
  ])('refuses %j naming the field or flag, leaving func.yaml unchanged', async (args, message) => {
    const before = fs.readFileSync(path.join(root, 'func.yaml'), 'utf8');
    const res = await cli(['func', 'config', ...args, '--path', root]);
    expect(res.code).toBe(1);
    expect(res.err).toContain(message);
    expect(fs.readFileSync(path.join(root, 'func.yaml'), 'utf8')).toBe(before);
  });

  it('says what to do in a folder without a function', async () => {
    const empty = tmp();
    const res = await cli(['func', 'config', 'envs', '--path', empty]);
    expect(res.code).toBe(1);
    expect(res.err).toContain(`has no func.yaml (create one with: kuack func create ${empty})`);
  });
});

describe('kuack func invoke and run errors', () => {
  it('-t local when the function is not running says how to start it', async () => {
    const root = path.join(tmp(), 'idle');
    await cli(['func', 'create', root, '--no-link']);
    const res = await cli(['func', 'invoke', '--path', root, '-t', 'local']);
    expect(res.code).toBe(1);
    expect(res.err).toContain('is not running locally (start it with: kuack func run)');
  });

  it('refuses a bad format and a bad extension', async () => {
    const url = 'http://127.0.0.1:9/';
    expect((await cli(['func', 'invoke', '-t', url, '-f', 'grpc'])).err).toContain(
      '-f/--format: "grpc" must be http or cloudevent',
    );
    expect((await cli(['func', 'invoke', '-t', url, '-e', 'novalue'])).err).toContain(
      '-e/--extension: "novalue" is not key=value',
    );
  });

  it('reports an unreachable URL', async () => {
    const net = await import('node:net');
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const res = await cli(['func', 'invoke', '-t', `http://127.0.0.1:${port}/`]);
    expect(res.code).toBe(1);
    expect(res.err).toContain(`cannot reach the function at http://127.0.0.1:${port}/: ECONNREFUSED`);
  });

  it('run refuses an --address in use', async () => {
    const root = path.join(tmp(), 'busy');
    await cli(['func', 'create', root]);
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const res = await cli(['func', 'run', '--path', root, '--address', `127.0.0.1:${port}`]);
      expect(res.code).toBe(1);
      expect(res.err).toContain(`--address: 127.0.0.1:${port} is in use`);
    } finally {
      blocker.close();
    }
  });

  it('run passes run.envs to the function, {{ env:X }} from this environment, and refuses an unset X', async () => {
    const root = path.join(tmp(), 'envs');
    await cli(['func', 'create', root]);
    fs.writeFileSync(
      path.join(root, 'index.js'),
      'module.exports = { handle: () => `${process.env.GREETING} ${process.env.PLAIN}` };',
    );
    await cli([
      'func',
      'config',
      'envs',
      'add',
      '--path',
      root,
      '--name',
      'GREETING',
      '--value',
      '{{ env:KUACK_TEST_GREETING }}',
    ]);
    await cli(['func', 'config', 'envs', 'add', '--path', root, '--name', 'PLAIN', '--value', 'as-written']);

    delete process.env.KUACK_TEST_GREETING;
    const refused = await cli(['func', 'run', '--path', root]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'run.envs[0] (GREETING): the environment variable KUACK_TEST_GREETING is not set',
    );

    process.env.KUACK_TEST_GREETING = 'howdy';
    try {
      const run = await startRun(root);
      try {
        const invoked = await cli(['func', 'invoke', '--path', root, '-t', 'local']);
        expect(invoked.out).toBe('howdy as-written\n');
      } finally {
        process.kill(run.info.pid, 'SIGTERM');
      }
      expect(await run.done).toBe(0);
    } finally {
      delete process.env.KUACK_TEST_GREETING;
    }
  });

  it('run reports a function that fails to load', async () => {
    const root = path.join(tmp(), 'broken');
    await cli(['func', 'create', root]);
    fs.writeFileSync(path.join(root, 'index.js'), 'module.exports = { nothing: 1 };');
    const res = await cli(['func', 'run', '--path', root]);
    expect(res.code).toBe(1);
    expect(res.err).toContain('the function exited before it was ready');
    expect(res.err).toContain('exports no function');
  });
});
