import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { k8s } from 'cdk8s-plus-33';
import { Node } from 'constructs';
import { constructLabel, invalidProp, checkProps } from '../k8s';
import { ENV_GROUPS, OtelEnv, OtelEnvironmentOptions, otelEnvironment } from './otel-environment';

/** What to do when a container already sets a variable the instrumentation would add. */
export enum ExistingVariablePolicy {
  /** Keep the container's own value (the default). */
  KEEP = 'keep',
  /** Fail synth naming the variable. */
  ERROR = 'error',
}

/** Options for {@link ServiceInstrumentation.instrumentWorkload}. */
export interface InstrumentWorkloadOptions extends OtelEnvironmentOptions {
  /**
   * A container that already sets a variable keeps its value (`keep`, the default: the service
   * owner's explicit setting wins, e.g. a sampler tuned for one service), or instrumenting
   * fails (`error`). Related variables move together: a container with its own
   * OTEL_EXPORTER_OTLP_ENDPOINT also keeps its own protocol, one with its own sampler keeps
   * its own sampler argument. OTEL_TRACES_EXPORTER=jaeger is always an error (removed from the
   * SDKs: the process would export nothing).
   * @default 'keep'
   */
  readonly existing?: ExistingVariablePolicy;
  /**
   * Restrict the instrumentation to these containers (by name), e.g. to leave out a proxy
   * sidecar that reports under its own service name. Init containers are included by default:
   * an init container that migrates a schema is part of the service, and each container's
   * spans carry `k8s.container.name` so they can be told apart.
   * @default - every container and init container
   */
  readonly containers?: string[];
}

/** One container's outcome. */
export interface InstrumentedContainer {
  /** The container name. */
  readonly name: string;
  /** Whether it is an init container. */
  readonly init: boolean;
  /** Variables added. */
  readonly added: string[];
  /** Variables the container already set (and kept). */
  readonly kept: string[];
}

/** What {@link ServiceInstrumentation.instrumentWorkload} did. */
export interface InstrumentationResult {
  /** The service name written to every container. */
  readonly serviceName: string;
  /** The OTLP endpoint written to every container (unless one kept its own). */
  readonly endpoint: string;
  /** The instrumented containers, in pod-spec order (containers, then init containers). */
  readonly containers: InstrumentedContainer[];
}

/** Something that carries a pod template: a cdk8s-plus workload or a raw pod-bearing ApiObject. */
export type InstrumentableWorkload = kplus.AbstractPod | ApiObject;

/** Where each pod-bearing kind keeps its pod spec, as a JSON pointer. */
const POD_SPEC_PATH: Readonly<Record<string, string>> = {
  Pod: '/spec',
  Deployment: '/spec/template/spec',
  StatefulSet: '/spec/template/spec',
  DaemonSet: '/spec/template/spec',
  ReplicaSet: '/spec/template/spec',
  Job: '/spec/template/spec',
  CronJob: '/spec/jobTemplate/spec/template/spec',
};

interface ContainerView {
  readonly name: string;
  readonly init: boolean;
  /** Existing variables, name → literal value (undefined for valueFrom). */
  readonly existing: Map<string, string | undefined>;
  /** Appends variables, in order. */
  add(vars: k8s.EnvVar[]): void;
}

/**
 * Adds the OpenTelemetry SDK environment to every container (and init container) of a
 * workload: OTEL_SERVICE_NAME, the node-local agent's OTLP endpoint and protocol, resource
 * attributes from the downward API, sampler, propagators.
 *
 * Works on a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod) or a
 * raw `ApiObject` of a pod-bearing kind (`k8s.KubeDeployment`, ...; patched with JSON patches).
 * Call it after the workload's containers are defined: containers added later are not
 * instrumented.
 *
 * Variables are appended after the container's own, so `$(NAME)` references resolve; a
 * variable the container already sets is never duplicated (see `existing`).
 */
export function instrumentWorkload(workload: InstrumentableWorkload, options: InstrumentWorkloadOptions): InstrumentationResult {
  const where = `instrumentWorkload(${workloadLabel(workload)})`;
  checkProps(where, options, 'InstrumentWorkloadOptions');
  const env = otelEnvironment(where, options);
  const policy = options.existing ?? 'keep';
  if (policy !== 'keep' && policy !== 'error') {
    invalidProp(where, 'existing', policy, 'not a policy', 'use "keep" or "error"');
  }
  const views = ApiObject.isApiObject(workload) ? apiObjectContainers(where, workload) : plusContainers(workload);
  if (views.length === 0) {
    invalidProp(where, 'workload', Node.of(workload).path, 'has no containers yet', 'instrument the workload after adding its containers');
  }
  const selected = options.containers;
  if (selected !== undefined) {
    if (!Array.isArray(selected) || selected.length === 0) {
      invalidProp(where, 'containers', selected, 'expected a non-empty list of container names', 'list the containers to instrument, or leave containers out for all');
    }
    if (new Set(selected).size !== selected.length) {
      invalidProp(where, 'containers', selected, 'lists a container twice', 'list each container once');
    }
    for (const name of selected) {
      if (!views.some((v) => v.name === name)) {
        invalidProp(where, 'containers', name, 'no container or init container has this name',
          `use some of ${views.map((v) => v.name).join(', ')}`);
      }
    }
  }

  // Every container is checked before the first is changed: a failure leaves the workload as it was.
  const plans = views.filter((view) => selected === undefined || selected.includes(view.name)).map((view) => {
    if (view.existing.get(OtelEnv.TRACES_EXPORTER) === 'jaeger') {
      invalidProp(where, `container "${view.name}" env ${OtelEnv.TRACES_EXPORTER}`, 'jaeger',
        'the Jaeger exporter was removed from the OpenTelemetry specification and SDKs, so this process would export nothing',
        'remove the variable (the instrumentation sets "otlp")');
    }
    const wanted = env.containerVars(view.name);
    const clashes = wanted.filter((v) => view.existing.has(v.name));
    if (policy === 'error' && clashes.length > 0) {
      const clash = clashes[0];
      invalidProp(where, `container "${view.name}" env ${clash.name}`, view.existing.get(clash.name) ?? '(valueFrom)',
        'the container already sets this variable', 'remove it from the container, or instrument with existing: "keep"');
    }
    // The container's own variables win; related variables move with them (see ENV_GROUPS).
    const taken = new Set(clashes.map((v) => v.name));
    for (const group of ENV_GROUPS) {
      if (group.some((name) => view.existing.has(name))) group.forEach((name) => taken.add(name));
    }
    return { view, clashes, added: wanted.filter((v) => !taken.has(v.name)) };
  });

  const containers: InstrumentedContainer[] = plans.map(({ view, clashes, added }) => {
    view.add(added);
    return {
      name: view.name,
      init: view.init,
      added: added.map((v) => v.name),
      kept: clashes.map((v) => v.name),
    };
  });
  return { serviceName: env.serviceName, endpoint: env.endpoint, containers };
}

function plusContainers(workload: kplus.AbstractPod): ContainerView[] {
  const view = (container: kplus.Container, init: boolean): ContainerView => {
    const existing = new Map<string, string | undefined>(
      Object.entries(container.env.variables).map(([name, value]) => [name, value.value]));
    return {
      name: container.name ?? '',
      init,
      existing,
      add(vars) {
        for (const v of vars) {
          const value = v.valueFrom?.fieldRef
            ? kplus.EnvValue.fromFieldRef(v.valueFrom.fieldRef.fieldPath as kplus.EnvFieldPaths)
            : kplus.EnvValue.fromValue(v.value ?? '');
          // cdk8s-plus renders variables in insertion order, so dependency order is kept.
          container.env.addVariable(v.name, value);
        }
      },
    };
  };
  return [
    ...workload.containers.map((c) => view(c, false)),
    ...workload.initContainers.map((c) => view(c, true)),
  ];
}

function apiObjectContainers(where: string, obj: ApiObject): ContainerView[] {
  const podSpecPath = POD_SPEC_PATH[obj.kind];
  if (!podSpecPath) {
    return invalidProp(where, 'workload', `${obj.apiVersion}/${obj.kind}`, 'not a pod-bearing kind',
      `instrument one of ${Object.keys(POD_SPEC_PATH).join(', ')}`);
  }
  const manifest = obj.toJson();
  const podSpec = podSpecPath.split('/').slice(1).reduce((node: any, key) => node?.[key], manifest);
  const view = (list: 'containers' | 'initContainers', index: number, container: any): ContainerView => {
    const envPath = `${podSpecPath}/${list}/${index}/env`;
    const current: k8s.EnvVar[] = container.env ?? [];
    return {
      name: container.name,
      init: list === 'initContainers',
      existing: new Map(current.map((v) => [v.name, v.value])),
      add(vars) {
        if (vars.length === 0) return;
        // JSON patches apply at synth, after the object's own props are rendered.
        obj.addJsonPatch(...(current.length === 0
          ? [JsonPatch.add(envPath, vars)]
          : vars.map((v) => JsonPatch.add(`${envPath}/-`, v))));
      },
    };
  };
  return [
    ...(podSpec?.containers ?? []).map((c: any, i: number) => view('containers', i, c)),
    ...(podSpec?.initContainers ?? []).map((c: any, i: number) => view('initContainers', i, c)),
  ];
}

/** `Kind "id"` of a workload, for error messages. */
function workloadLabel(workload: InstrumentableWorkload): string {
  return constructLabel(ApiObject.isApiObject(workload) ? workload.kind : workload.constructor.name, Node.of(workload).id);
}
