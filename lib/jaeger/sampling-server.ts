import { CONFIG_KEY } from '../collector/config';
import { ResolvedResources, Ports, PortSpec } from '../k8s';
import { HEALTH_PATH, JaegerComponents, healthExtension, remoteSamplingExtension, renderJaegerConfig, telemetryResource } from './jaeger-config';

/**
 * A Jaeger process that does one thing: serve a strategies file over Jaeger's remote-sampling
 * APIs, on 5778 (HTTP) and 5779 (gRPC), in Jaeger's own format.
 *
 * Why a Jaeger process beside the node agent rather than the Collector's `jaegerremotesampling`
 * extension: that extension answers HTTP with Go's JSON of the proto (no `strategyType` for
 * PROBABILISTIC, enums as numbers; opentelemetry-collector-contrib#18058), which the legacy
 * Jaeger clients (Python `jaeger-client`, npm `jaeger-client`) cannot parse: they stay on their
 * 0.1 % fallback. Jaeger's handler writes `"strategyType": "PROBABILISTIC"`, which every client
 * parses: legacy Jaeger clients, OpenTelemetry SDKs over gRPC, Go's `jaegerremote` over HTTP.
 */

/** Where the server reads its config (beside, not above, the strategies: no mount inside a ConfigMap's). */
export const SAMPLING_SERVER_CONFIG_DIR = '/etc/jaeger-sampling/config';
/** Where the strategies ConfigMap is mounted (its own volume: it is re-read, never restarts the pod). */
export const SAMPLING_SERVER_STRATEGIES_DIR = '/etc/jaeger-sampling/strategies';
/** The strategies' key in their ConfigMap, as Jaeger's own. */
export const SAMPLING_SERVER_STRATEGIES_KEY = 'strategies.json';

/** The ports the server's container serves. */
export const SAMPLING_SERVER_PORTS: readonly PortSpec[] = [Ports.SAMPLING_HTTP, Ports.SAMPLING_GRPC, Ports.SAMPLING_HEALTH];

/**
 * Its resources: measured at about 50 MB resident and no CPU to speak of while serving a node's
 * clients (they poll every minute by default); the limit leaves room for a strategies file of
 * thousands of services.
 */
export const SAMPLING_SERVER_RESOURCES: ResolvedResources = { cpuRequest: '10m', memoryRequest: '64Mi', memoryLimit: '128Mi' };

/** The health path and start-up allowance of the server's probes. */
export const SAMPLING_SERVER_HEALTH = { path: HEALTH_PATH, startupSeconds: 30, port: Ports.SAMPLING_HEALTH } as const;

/** The arguments that point Jaeger at the server's config. */
export const SAMPLING_SERVER_ARGS: readonly string[] = ['--config', `${SAMPLING_SERVER_CONFIG_DIR}/${CONFIG_KEY}`];

/**
 * The server's config file.
 * @param serviceName `service.name` of the process's own logs
 * @param reloadInterval how often the strategies file is re-read
 */
export function samplingServerConfig(serviceName: string, reloadInterval: string): string {
  return renderJaegerConfig({
    extensions: {
      [JaegerComponents.HEALTH]: healthExtension(Ports.SAMPLING_HEALTH),
      // remote_sampling depends on jaeger_storage (Dependencies() in its extension.go), though
      // a file source reads nothing from it: the smallest backend there is.
      [JaegerComponents.STORAGE]: { backends: { unused: { memory: { max_traces: 1 } } } },
      [JaegerComponents.REMOTE_SAMPLING]: remoteSamplingExtension(
        `${SAMPLING_SERVER_STRATEGIES_DIR}/${SAMPLING_SERVER_STRATEGIES_KEY}`, reloadInterval),
    },
    // The collector core needs one pipeline: a no-op one, as cmd/jaeger/config-query.yaml has.
    receivers: { [JaegerComponents.NOP]: {} },
    processors: {},
    exporters: { [JaegerComponents.NOP]: {} },
    service: {
      extensions: [JaegerComponents.HEALTH, JaegerComponents.STORAGE, JaegerComponents.REMOTE_SAMPLING],
      pipelines: { traces: { receivers: [JaegerComponents.NOP], exporters: [JaegerComponents.NOP] } },
      telemetry: {
        resource: telemetryResource(serviceName),
        logs: { level: 'info' },
        // No metrics server: the pod's Collector owns 8888, and a file server has nothing to report.
        metrics: { level: 'none' },
      },
    },
  });
}
