import { type ConfigParser, ConfigReader } from './parse';

export interface MetricsExport {
  protocol: 'grpc' | 'http/protobuf' | 'prometheus' | 'none';
  endpoint: string;
  exportIntervalMs: number;
}

/** config-observability (serving pkg/observability + knative.dev/pkg/observability). */
export interface ObservabilityConfig {
  metrics: MetricsExport;
  requestMetrics: MetricsExport;
  tracing: { protocol: 'grpc' | 'http/protobuf' | 'none' | 'stdout'; endpoint: string; samplingRate: number };
  runtime: { profiling: 'enabled' | 'disabled'; exportIntervalMs: number };
  enableVarLogCollection: boolean;
  loggingUrlTemplate: string;
  enableRequestLog: boolean;
  requestLogTemplate: string;
  enableProbeRequestLog: boolean;
}

export const DEFAULT_REQUEST_LOG_TEMPLATE =
  '{"httpRequest": {"requestMethod": "{{.Request.Method}}", "requestUrl": "{{js .Request.RequestURI}}", "requestSize": "{{.Request.ContentLength}}", "status": {{.Response.Code}}, "responseSize": "{{.Response.Size}}", "userAgent": "{{js .Request.UserAgent}}", "remoteIp": "{{js .Request.RemoteAddr}}", "serverIp": "{{.Revision.PodIP}}", "referer": "{{js .Request.Referer}}", "latency": "{{.Response.Latency}}s", "protocol": "{{.Request.Proto}}"}, "traceId": "{{.TraceID}}"}';

export function defaultObservability(): ObservabilityConfig {
  return {
    metrics: { protocol: 'none', endpoint: '', exportIntervalMs: 0 },
    requestMetrics: { protocol: 'none', endpoint: '', exportIntervalMs: 0 },
    tracing: { protocol: 'none', endpoint: '', samplingRate: 0 },
    runtime: { profiling: 'disabled', exportIntervalMs: 15_000 },
    enableVarLogCollection: false,
    loggingUrlTemplate: '',
    enableRequestLog: false,
    requestLogTemplate: DEFAULT_REQUEST_LOG_TEMPLATE,
    enableProbeRequestLog: false,
  };
}

export const observabilityConfig: ConfigParser<ObservabilityConfig> = {
  name: 'config-observability',
  defaults: defaultObservability,
  parse(data) {
    const r = new ConfigReader('config-observability', data);
    const d = defaultObservability();
    const c: ObservabilityConfig = {
      metrics: metrics(r, ''),
      requestMetrics: metrics(r, 'request-'),
      tracing: {
        protocol: r.string(
          'tracing-protocol',
          d.tracing.protocol,
        ) as ObservabilityConfig['tracing']['protocol'],
        endpoint: r.string('tracing-endpoint', ''),
        samplingRate: r.float('tracing-sampling-rate', 0),
      },
      runtime: {
        profiling: r.string(
          'runtime-profiling',
          d.runtime.profiling,
        ) as ObservabilityConfig['runtime']['profiling'],
        exportIntervalMs: r.durationMs('runtime-export-interval', d.runtime.exportIntervalMs),
      },
      enableVarLogCollection: r.bool('logging.enable-var-log-collection', false),
      loggingUrlTemplate: r.string('logging.revision-url-template', ''),
      enableRequestLog: r.bool('logging.enable-request-log', false),
      requestLogTemplate: r.string('logging.request-log-template', d.requestLogTemplate),
      enableProbeRequestLog: r.bool('logging.enable-probe-request-log', false),
    };
    const t = c.tracing;
    if (t.protocol === 'grpc' || t.protocol === 'http/protobuf') {
      if (!t.endpoint) r.fail('tracing-endpoint', `must be set when tracing-protocol is "${t.protocol}"`);
    } else if (t.protocol === 'none' || t.protocol === 'stdout') {
      if (t.endpoint) r.fail('tracing-endpoint', `must not be set when tracing-protocol is "${t.protocol}"`);
    } else r.fail('tracing-protocol', `unsupported protocol "${t.protocol}"`);
    if (t.samplingRate < 0 || t.samplingRate > 1)
      r.fail('tracing-sampling-rate', `must be in [0, 1], was ${t.samplingRate}`);
    if (c.runtime.profiling !== 'enabled' && c.runtime.profiling !== 'disabled')
      r.fail('runtime-profiling', `unsupported setting "${c.runtime.profiling}"`);
    if (c.runtime.exportIntervalMs < 0) r.fail('runtime-export-interval', 'must not be negative');
    if (c.enableRequestLog && !c.requestLogTemplate)
      r.fail('logging.enable-request-log', 'is true but logging.request-log-template is empty');
    return c;
  },
};

function metrics(r: ConfigReader, prefix: string): MetricsExport {
  const m: MetricsExport = {
    protocol: r.string(`${prefix}metrics-protocol`, 'none') as MetricsExport['protocol'],
    endpoint: r.string(`${prefix}metrics-endpoint`, ''),
    exportIntervalMs: r.durationMs(`${prefix}metrics-export-interval`, 0),
  };
  if (m.protocol === 'grpc' || m.protocol === 'http/protobuf') {
    if (!m.endpoint)
      r.fail(`${prefix}metrics-endpoint`, `must be set when ${prefix}metrics-protocol is "${m.protocol}"`);
  } else if (m.protocol === 'none') {
    if (m.endpoint)
      r.fail(`${prefix}metrics-endpoint`, `must not be set when ${prefix}metrics-protocol is "none"`);
  } else if (m.protocol !== 'prometheus')
    r.fail(`${prefix}metrics-protocol`, `unsupported protocol "${m.protocol}"`);
  if (m.exportIntervalMs < 0) r.fail(`${prefix}metrics-export-interval`, 'must not be negative');
  return m;
}
