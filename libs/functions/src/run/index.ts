export { startLocalRun, type LocalRun, type LocalRunOptions } from './local-run';
export { localRuns, type RunRecord } from './run-registry';
export { parseAddress, nextFreePort, isPortFree, DEFAULT_RUN_ADDRESS } from './address';
