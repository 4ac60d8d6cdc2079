import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { KubeObject } from '@kuack/controller';
import { kubeconfigOf, type UpOptions } from './components';

export const EXAMPLE_IMAGE = 'kuack.local/examples/hello:latest';

/**
 * Deploys examples/hello: its server.js becomes an image in the local store and its Service is created unless
 * it exists (a user's edits are kept). Returns what to tell the user.
 */
export async function deployExamples(options: UpOptions): Promise<string[]> {
  const dir = path.join(options.rootDir, 'examples/hello');
  const [{ ImageStore, storeNodeProgramImage }, { connect }] = await Promise.all([
    import('@kuack/oci'),
    import('@kuack/controller'),
  ]);
  await storeNodeProgramImage(await ImageStore.open(options.imageStore), {
    reference: EXAMPLE_IMAGE,
    file: path.join(dir, 'server.js'),
    name: 'hello',
  });
  const service = YAML.parse(fs.readFileSync(path.join(dir, 'service.yaml'), 'utf8')) as KubeObject;
  const client = connect({ kubeconfigPath: kubeconfigOf(options) });
  const { name, namespace } = service.metadata;
  try {
    await client.create(service);
  } catch (err) {
    if ((err as Error).name !== 'AlreadyExistsError') throw err;
  }
  return [`${name} (examples/hello): http://${name}.${namespace}.localhost:${options.gatewayHttpPort}`];
}
