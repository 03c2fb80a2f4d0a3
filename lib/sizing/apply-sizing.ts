/**
 * A sizing result taken by the constructs: it fills the props it covers, under anything set by
 * hand (a prop given explicitly wins, like a Helm value over the chart's default), and refuses a
 * sampling policy that contradicts the load the sizing assumed.
 */
import { invalidProp } from '../k8s/errors';
import { parseDuration } from '../k8s/validate';
import type { JaegerRoleProp, JaegerStackProps } from '../jaeger/jaeger-stack-props';
import type { OtelCollectorProps } from '../otel/otel-collector-props';
import type { HorizontalAutoscaling } from '../collector/autoscaling';
import { SizedTiers, sizedTiers } from './tracing-sizing';

/** The sampling props must be the ones the sizing assumed, or it sized the wrong volumes. */
function checkSamplingAgrees(where: string, load: SizedTiers['load'], sampling: OtelCollectorProps['sampling']): void {
  if (sampling?.baselinePercentage !== undefined && sampling.baselinePercentage !== load.baselinePercentage) {
    invalidProp(where, 'sampling.baselinePercentage', sampling.baselinePercentage,
      `differs from the ${load.baselinePercentage} % the sizing assumed`, `give baselinePercentage: ${sampling.baselinePercentage} in the load passed to TracingSizing.forLoad, or drop it here`);
  }
  // Compared as durations: '10000ms' is the 10 s the load states.
  if (sampling?.decisionWait !== undefined && parseDuration(sampling.decisionWait) !== load.decisionWaitSeconds * 1000) {
    invalidProp(where, 'sampling.decisionWait', sampling.decisionWait,
      `differs from the ${load.decisionWaitSeconds}s the sizing assumed`, 'give the same decisionWaitSeconds in the load passed to TracingSizing.forLoad, or drop it here');
  }
}

/** OtelCollector props with the sizing's agent, gateway and tail-sampling figures filled in. */
export function withOtelSizing(where: string, props: OtelCollectorProps): OtelCollectorProps {
  // Anything but an object is left for the construct's own prop checks to refuse.
  if (typeof props !== 'object' || props === null || props.sizing === undefined) return props;
  const { agent, gateway, load } = sizedTiers(props.sizing, where);
  const mode = props.mode ?? 'agent-and-gateway';
  const hasGateway = mode !== 'agent-only';
  if (hasGateway) checkSamplingAgrees(where, load, props.sampling);
  return {
    ...props,
    agent: mode === 'gateway-only' ? props.agent : { ...props.agent, resources: { ...agent.resources, ...props.agent?.resources } },
    gateway: !hasGateway ? props.gateway : {
      queueSize: gateway.queueSize,
      queueStorageSize: gateway.queueStorageSize,
      ...props.gateway,
      // Under an HPA the sized count is its floor; the user's own minReplicas (or replicas) wins.
      ...sizedReplicas(gateway.replicas, props.gateway),
      resources: { ...gateway.resources, ...props.gateway?.resources },
    },
    sampling: !hasGateway ? props.sampling : {
      numTraces: gateway.numTraces,
      decisionWait: `${load.decisionWaitSeconds}s`,
      baselinePercentage: load.baselinePercentage,
      ...props.sampling,
    },
  };
}

/** JaegerStack props with the sizing's figures filled in for the roles the storage mode has. */
export function withJaegerSizing(where: string, props: JaegerStackProps, roles: readonly JaegerRoleProp[]): JaegerStackProps {
  if (typeof props !== 'object' || props === null || props.sizing === undefined) return props;
  const { jaeger } = sizedTiers(props.sizing, where);
  return {
    ...props,
    volumeSize: props.volumeSize ?? jaeger.volumeSize,
    retention: props.retention ?? jaeger.retention,
    ...(roles.includes('allInOne') ? { allInOne: { ...props.allInOne, resources: { ...jaeger.resources, ...props.allInOne?.resources } } } : {}),
    ...(roles.includes('collector') ? {
      collector: { ...props.collector, ...sizedReplicas(jaeger.collectorReplicas, props.collector), resources: { ...jaeger.resources, ...props.collector?.resources } },
    } : {}),
  };
}

/** The sized replica count, as `replicas` or, under an HPA, as its minimum; the user's own count wins. */
function sizedReplicas(sized: number, own: { readonly replicas?: number; readonly autoscaling?: HorizontalAutoscaling } | undefined):
  { replicas?: number; autoscaling?: HorizontalAutoscaling } {
  if (!own?.autoscaling) return { replicas: own?.replicas ?? sized };
  const floor = own.autoscaling.minReplicas ?? own.replicas ?? sized;
  return { autoscaling: { ...own.autoscaling, minReplicas: floor } };
}
