import { existsSync } from 'node:fs';
import {
  FuncYamlError,
  requireFuncYaml,
  type Env,
  type FuncYaml,
  type Subscription,
  type Volume,
} from '../funcyaml';
import { FunctionBuildError } from './build-error';

/** func.yaml as the builder and deploy use it: validated by the func.yaml module, with a name. */
export type FunctionBuildConfig = FuncYaml & { name: string };
export type FunctionBuildEnv = Env;
export type FunctionVolume = Volume;
export type FunctionBuildSubscription = Subscription;

/**
 * Reads and validates `<root>/func.yaml` (the func.yaml module's rules), as one-line errors naming the file
 * and fields; warnings (unknown fields) go to `warn`.
 */
export async function readFunctionForBuild(
  root: string,
  warn: (line: string) => void = () => undefined,
): Promise<FunctionBuildConfig> {
  let loaded;
  try {
    loaded = requireFuncYaml(root);
  } catch (err) {
    if (err instanceof FuncYamlError) {
      // A missing file's one problem already names the folder and what to do.
      const where = existsSync(err.file) ? `${err.file}: ` : '';
      throw new FunctionBuildError(`${where}${err.problems.join('; ')}`);
    }
    throw err;
  }
  loaded.warnings.forEach(warn);
  if (!loaded.func.name) throw new FunctionBuildError(`${loaded.file}: name is missing`);
  return loaded.func as FunctionBuildConfig;
}
