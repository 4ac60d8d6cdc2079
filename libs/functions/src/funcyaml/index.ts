export {
  SPEC_VERSION,
  type FuncYaml,
  type Env,
  type BuildSpec,
  type RunSpec,
  type DeploySpec,
  type Volume,
  type Label,
  type ScaleOptions,
  type ResourcesOptions,
  type Subscription,
} from './types';
export {
  parseFuncYaml,
  readFuncYaml,
  requireFuncYaml,
  writeFuncYaml,
  formatFuncYaml,
  FuncYamlError,
  type LoadedFuncYaml,
} from './file';
export { validateFuncYaml, type ValidationResult } from './validate';
export { interpolateEnvs, toContainerEnv, validateEnvs, type FuncYamlContainerEnv } from './envs';
export { parseDuration } from './schema';
export * from './edit';
