import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedCluster, type RunningCluster } from './cluster';
import { RawClient } from './conformance/client';
import { containerLogFile, tail } from './pod-logs';

describe('pods/{name}/log from the node agent files', () => {
  let dir: string;
  let cluster: RunningCluster;
  let c: RawClient;
  let uid: string;
  const pods = '/api/v1/namespaces/default/pods';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-logs-'));
    cluster = await startEmbeddedCluster({ dataDir: dir, port: 0 });
    c = RawClient.fromFile(cluster.kubeconfigPath);
    const pod = await c.post(pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'logger' },
      spec: {
        containers: [
          { name: 'app', image: 'example.test/a:1' },
          { name: 'side', image: 'example.test/b:1' },
        ],
      },
    });
    uid = pod.body.metadata.uid;
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (container: string, restart: number, text: string) => {
    const file = containerLogFile(
      path.join(dir, 'pods'),
      { namespace: 'default', name: 'logger', uid },
      container,
      restart,
    );
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };

  it('lays files out as <pods>/<ns>_<name>_<uid>/<container>/<restart>.log', () => {
    expect(write('app', 0, 'first run\n')).toBe(
      path.join(dir, 'pods', `default_logger_${uid}`, 'app', '0.log'),
    );
  });

  it('serves the newest restart, the previous one, and tailLines', async () => {
    write('app', 1, 'one\ntwo\nthree\n');
    expect((await c.get(`${pods}/logger/log?container=app`)).body).toBe('one\ntwo\nthree\n');
    expect((await c.get(`${pods}/logger/log?container=app&tailLines=2`)).body).toBe('two\nthree\n');
    expect((await c.get(`${pods}/logger/log?container=app&previous=true`)).body).toBe('first run\n');
  });

  it('asks for a container name when the pod has several, and says when a container has not started', async () => {
    const r = await c.get(`${pods}/logger/log`);
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(
      'a container name must be specified for pod logger, choose one of: [app side]',
    );
    const waiting = await c.get(`${pods}/logger/log?container=side`);
    expect(waiting.status).toBe(400);
    expect(waiting.body.message).toContain('is waiting to start');
    expect((await c.get(`${pods}/logger/log?container=nope`)).status).toBe(400);
  });

  it('tail keeps the trailing newline', () => {
    expect(tail('a\nb\nc', 2)).toBe('b\nc');
    expect(tail('a\nb\n', 0)).toBe('');
  });
});
