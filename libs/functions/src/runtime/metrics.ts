import type {
  Counter as CounterType,
  Histogram as HistogramType,
  Registry as RegistryType,
} from 'prom-client';

// The three prom-client classes the runtime uses, required from their own files: prom-client's index also
// loads the push gateway, cluster aggregation, default metrics and OpenTelemetry, which cost a cold start
// about 100 ms more (bundled, on this machine) for nothing a function needs.
/* eslint-disable @typescript-eslint/no-require-imports */
const Registry = require('prom-client/lib/registry') as typeof RegistryType;
const Counter = require('prom-client/lib/counter') as typeof CounterType;
const Histogram = require('prom-client/lib/histogram') as typeof HistogramType;
/* eslint-enable @typescript-eslint/no-require-imports */
type Registry = RegistryType;
type Counter = CounterType;
type Histogram = HistogramType;

/** The function's Prometheus metrics (faas-js-runtime names), in a registry of their own. */
export interface FunctionMetrics {
  registry: Registry;
  invocations: Counter;
  errors: Counter;
  latency: Histogram;
  coldStart: Histogram;
}

export function createFunctionMetrics(env: NodeJS.ProcessEnv = process.env): FunctionMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({
    faas_name: env.FAAS_NAME ?? env.K_SERVICE ?? env.FUNC_NAME ?? 'anonymous',
    faas_runtime: 'Node.js',
    ...(env.K_REVISION ? { faas_version: env.K_REVISION } : {}),
    ...(env.POD_NAME ? { faas_instance: env.POD_NAME } : {}),
  });
  return {
    registry,
    invocations: new Counter({
      name: 'faas_invocations',
      help: 'The number of times this function was invoked',
      registers: [registry],
    }),
    errors: new Counter({
      name: 'faas_errors',
      help: 'The number of function invocation failures',
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'faas_execution_latency',
      help: 'The time it took for this function to be invoked and return, in seconds',
      registers: [registry],
    }),
    coldStart: new Histogram({
      name: 'faas_cold_start_latency',
      help: 'The time from process start until the function was ready, in seconds',
      registers: [registry],
    }),
  };
}
