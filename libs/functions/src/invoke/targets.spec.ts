import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordRun } from '../run/run-registry';
import { resolveInvokeTarget } from './targets';

function functionFolder(yaml = 'specVersion: 0.36.0\nname: hello\n') {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-target-'));
  fs.writeFileSync(path.join(root, 'func.yaml'), yaml);
  return root;
}

describe('resolveInvokeTarget', () => {
  const remote = jest.fn(
    async (name: string, namespace: string) => `http://${name}.${namespace}.localhost:8080`,
  );
  beforeEach(() => remote.mockClear());

  it('a URL is used as given', async () => {
    expect(await resolveInvokeTarget('/nowhere', 'https://fn.example.com/x', remote)).toBe(
      'https://fn.example.com/x',
    );
  });

  it('no target: the local instance first', async () => {
    const root = functionFolder();
    recordRun(root, { port: 8089, url: 'http://127.0.0.1:8089/', pid: process.pid });
    expect(await resolveInvokeTarget(root, undefined, remote)).toBe('http://127.0.0.1:8089/');
    expect(remote).not.toHaveBeenCalled();
  });

  it('no target and nothing local: the deployed Service in deploy.namespace', async () => {
    const root = functionFolder('specVersion: 0.36.0\nname: hello\ndeploy:\n  namespace: shop\n');
    expect(await resolveInvokeTarget(root, undefined, remote)).toBe('http://hello.shop.localhost:8080/');
    expect(remote).toHaveBeenCalledWith('hello', 'shop');
  });

  it.each([
    ['local', async () => undefined, 'is not running locally (start it with: kuack func run)'],
    [
      'remote',
      async () => undefined,
      'the function default/hello is not deployed or has no URL yet (kuack func deploy)',
    ],
    [
      'remote',
      async () => Promise.reject(new Error('services "hello" not found')),
      'cannot find the deployed function default/hello: services "hello" not found',
    ],
    [
      undefined,
      async () => Promise.reject(new Error('no kubeconfig')),
      'not running locally or in the cluster (start it with: kuack func run)',
    ],
    ['staging', async () => undefined, '-t/--target: "staging" must be local, remote or a URL'],
  ])('-t %s with nothing found explains what to do', async (target, resolver, message) => {
    await expect(resolveInvokeTarget(functionFolder(), target, resolver)).rejects.toThrow(message);
  });
});
