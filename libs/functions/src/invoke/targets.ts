import { readFuncYaml } from '../funcyaml/file';
import { localRuns } from '../run/run-registry';

/** Finds the URL of a deployed function: the status.url of its Knative Service. */
export type RemoteResolver = (name: string, namespace: string) => Promise<string | undefined>;

/**
 * The URL `kuack func invoke -t` means: a URL as given; `local` → the instance `kuack func run` started;
 * `remote` → the deployed Service; nothing → local, else remote (Knative's order).
 */
export async function resolveInvokeTarget(
  root: string,
  target: string | undefined,
  remote: RemoteResolver,
): Promise<string> {
  if (target && /^https?:\/\//.test(target)) return target;
  if (target && target !== 'local' && target !== 'remote') {
    throw new Error(`-t/--target: "${target}" must be local, remote or a URL (http://…)`);
  }
  if (target !== 'remote') {
    const [run] = localRuns(root);
    if (run) return run.url;
    if (target === 'local')
      throw new Error(`the function in ${root} is not running locally (start it with: kuack func run)`);
  }
  const func = readFuncYaml(root)?.func;
  if (!func?.name) throw new Error(`no function in ${root} (func.yaml missing or without name)`);
  const namespace = func.deploy?.namespace ?? func.namespace ?? 'default';
  let url: string | undefined;
  try {
    url = await remote(func.name, namespace);
  } catch (err) {
    if (target === 'remote')
      throw new Error(
        `cannot find the deployed function ${namespace}/${func.name}: ${(err as Error).message}`,
      );
  }
  if (url) return url.endsWith('/') ? url : `${url}/`;
  throw new Error(
    target === 'remote'
      ? `the function ${namespace}/${func.name} is not deployed or has no URL yet (kuack func deploy)`
      : `the function is not running locally or in the cluster (start it with: kuack func run)`,
  );
}
