import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { FunctionBuildError } from './build-error';

/**
 * The parts of func.yaml (specVersion 0.36.0) the builder and deploy read. The full schema, its validation and
 * env templating belong to the func.yaml module of @kuack/functions; this is a tolerant read of what we need.
 */
export interface FunctionBuildEnv {
  name?: string;
  value?: string;
}

export interface FunctionBuildSubscription {
  source: string;
  filters?: Record<string, string>;
}

export interface FunctionBuildConfig {
  name: string;
  runtime?: string;
  registry?: string;
  image?: string;
  namespace?: string;
  created?: string;
  build?: { baseImage?: string; builder?: string; buildEnvs?: FunctionBuildEnv[] };
  run?: { envs?: FunctionBuildEnv[] };
  deploy?: {
    namespace?: string;
    image?: string;
    annotations?: Record<string, string>;
    labels?: Array<{ key?: string; value?: string }>;
    options?: {
      scale?: { min?: number; max?: number; metric?: string; target?: number; utilization?: number };
      resources?: {
        requests?: { cpu?: string; memory?: string };
        limits?: { cpu?: string; memory?: string; concurrency?: number };
      };
    };
    healthEndpoints?: { liveness?: string; readiness?: string };
    serviceAccountName?: string;
    subscriptions?: FunctionBuildSubscription[];
  };
}

export const FUNC_YAML = 'func.yaml';

/** Reads `<root>/func.yaml`; a missing file or a file without `name` is a clear error naming the file. */
export async function readFunctionForBuild(root: string): Promise<FunctionBuildConfig> {
  const file = path.join(root, FUNC_YAML);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new FunctionBuildError(
        `${file} not found: ${root} is not a function folder (create one with \`kuack func create\`)`,
      );
    }
    throw err;
  }
  return parseFunctionForBuild(text, file);
}

export function parseFunctionForBuild(text: string, where: string): FunctionBuildConfig {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (err) {
    throw new FunctionBuildError(`${where}: invalid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new FunctionBuildError(`${where}: must be a mapping`);
  const config = parsed as FunctionBuildConfig;
  if (typeof config.name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(config.name)) {
    throw new FunctionBuildError(
      `${where}: name "${String(config.name)}" must be lowercase letters, digits and '-' (a DNS label)`,
    );
  }
  return config;
}
