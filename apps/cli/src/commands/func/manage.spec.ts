import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../program';
import { captureCli } from '../../testing/capture-cli';
import { describeFunction, formatDescription } from './describe';
import { formatList } from './list';
import { parseFilters } from './subscribe';
import type { ServiceObject } from './service-apply';

const service: ServiceObject = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'hello', namespace: 'fns', labels: { 'function.knative.dev/runtime': 'typescript' } },
  spec: { template: { spec: { containers: [{ image: 'kuack.local/hello@sha256:abc' }] } } },
  status: {
    url: 'http://hello.fns.localhost:8080',
    conditions: [{ type: 'Ready', status: 'False', reason: 'RevisionFailed', message: 'boom' }],
  },
};

describe('describe / list output', () => {
  it('describes a Service and its Triggers', () => {
    const d = describeFunction(service, [
      { spec: { broker: 'default', filter: { attributes: { type: 'com.example' } } } },
    ]);
    expect(formatDescription(d)).toBe(
      [
        'Function name: hello',
        'Namespace:     fns',
        'Runtime:       typescript',
        'Image:         kuack.local/hello@sha256:abc',
        'URL:           http://hello.fns.localhost:8080',
        'Ready:         False (RevisionFailed: boom)',
        'Subscriptions:',
        '  default (type=com.example)',
        '',
      ].join('\n'),
    );
  });

  it('lists functions as a table', () => {
    const other = describeFunction({ ...service, metadata: { name: 'a', namespace: 'fns' }, status: {} }, []);
    expect(formatList([describeFunction(service, []), other])).toBe(
      [
        'NAME   NAMESPACE  RUNTIME     URL                              READY',
        'hello  fns        typescript  http://hello.fns.localhost:8080  False',
        'a      fns        -           -                                Unknown',
        '',
      ].join('\n'),
    );
    expect(formatList([])).toBe('no functions\n');
  });
});

describe('kuack func subscribe', () => {
  it('adds a subscription to func.yaml once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-subscribe-'));
    const root = path.join(dir, 'pinger');
    try {
      expect(
        await runCli(['func', 'create', root, '-l', 'node', '-t', 'cloudevents'], captureCli().ctx),
      ).toBe(0);
      const first = captureCli();
      expect(
        await runCli(
          ['func', 'subscribe', '-p', root, '--source', 'default', '-f', 'type=com.example.ping'],
          first.ctx,
        ),
      ).toBe(0);
      expect(first.out()).toContain('subscribed');
      const again = captureCli();
      expect(
        await runCli(
          ['func', 'subscribe', '-p', root, '--source', 'default', '-f', 'type=com.example.ping'],
          again.ctx,
        ),
      ).toBe(0);
      expect(again.out()).toContain('already subscribed');
      const { readFuncYaml } = await import('@kuack/functions');
      expect(readFuncYaml(root)!.func.deploy?.subscriptions).toEqual([
        { source: 'default', filters: { type: 'com.example.ping' } },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed or repeated filter', () => {
    expect(() => parseFilters(['type'])).toThrow('--filter type: use attribute=value');
    expect(() => parseFilters(['type=a', 'type=b'])).toThrow('--filter: attribute type is given twice');
  });
});
