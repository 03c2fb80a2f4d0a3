import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import { ComponentIdentity, namespacedMeta, PortSpec } from '../k8s';
import { collectorConfigMap, collectorContainer, collectorVolumes } from '../collector/workload';
import {
  SAMPLING_SERVER_ARGS, SAMPLING_SERVER_CONFIG_DIR, SAMPLING_SERVER_HEALTH, SAMPLING_SERVER_PORTS, SAMPLING_SERVER_RESOURCES,
  SAMPLING_SERVER_STRATEGIES_DIR, SAMPLING_SERVER_STRATEGIES_KEY, samplingServerConfig,
} from '../jaeger/sampling-server';
import type { ISamplingStrategiesSource } from '../jaeger/sampling-strategies';

/** Base name of the server's objects: `<name>-config` (its config) and `<name>-strategies`. */
export const AGENT_SAMPLING_SERVER_NAME = 'otel-agent-sampling';
/** The ConfigMap with the agents' copy of the strategies. */
export const AGENT_SAMPLING_STRATEGIES = `${AGENT_SAMPLING_SERVER_NAME}-strategies`;

const CONFIG_VOLUME = 'sampling-config';
const STRATEGIES_VOLUME = 'sampling-strategies';

/** What the agent's pod template gets from the server. */
export interface AgentSamplingServer {
  /** The server's container. */
  readonly container: k8s.Container;
  /** The ports it serves. */
  readonly ports: readonly PortSpec[];
  /** Its config and strategies volumes (it shares the pod's `/tmp`). */
  readonly volumes: k8s.Volume[];
  /** Its config, for the pod's config checksum (a changed config rolls the agents). */
  readonly config: string;
}

/**
 * Jaeger's remote-sampling server in every agent pod, serving the agents' copy of a JaegerStack's
 * strategies on the node (see lib/jaeger/sampling-server.ts for why a Jaeger process).
 *
 * The copy lives in the agents' namespace, as a pod mounts only ConfigMaps of its own. It is
 * left out of the pod's checksum on purpose, as Jaeger's is: the server re-reads it every
 * `samplingReloadInterval`, so a changed strategy reaches the clients without restarting the
 * agents (and dropping what they hold).
 */
export function addAgentSamplingServer(
  scope: Construct, namespace: string, identity: ComponentIdentity, source: ISamplingStrategiesSource,
): AgentSamplingServer {
  const config = samplingServerConfig(AGENT_SAMPLING_SERVER_NAME, source.samplingReloadInterval);
  const configMapName = collectorConfigMap(scope, { identity, namespace, name: AGENT_SAMPLING_SERVER_NAME, config }, 'SamplingServerConfig');
  new k8s.KubeConfigMap(scope, 'SamplingStrategies', {
    metadata: namespacedMeta(AGENT_SAMPLING_STRATEGIES, namespace, identity),
    data: { [SAMPLING_SERVER_STRATEGIES_KEY]: source.samplingStrategiesJson },
  });
  const container = collectorContainer({
    containerName: 'sampling',
    image: source.samplingServerImage,
    args: SAMPLING_SERVER_ARGS,
    configDir: SAMPLING_SERVER_CONFIG_DIR,
    configVolume: CONFIG_VOLUME,
    health: SAMPLING_SERVER_HEALTH,
    ports: SAMPLING_SERVER_PORTS,
    resources: SAMPLING_SERVER_RESOURCES,
    volumeMounts: [{ name: STRATEGIES_VOLUME, mountPath: SAMPLING_SERVER_STRATEGIES_DIR, readOnly: true }],
  });
  return {
    container,
    ports: SAMPLING_SERVER_PORTS,
    volumes: [
      ...collectorVolumes(configMapName, { configVolume: CONFIG_VOLUME, scratch: false }),
      { name: STRATEGIES_VOLUME, configMap: { name: AGENT_SAMPLING_STRATEGIES } },
    ],
    config,
  };
}
