/**
 * The controllers the node tier runs beside the cluster's own: Flux's kustomize-controller, the
 * prometheus-operator and the local-path volume provisioner, from their published modules.
 */
import { Binary, goInstalled, moduleProgram, moduleReplaces } from './build-tools';

/**
 * Flux's kustomize-controller, the GitOps engine the node tier syncs dist/ with. v1.9.6 is the
 * newest release this Go toolchain builds (v1.10 needs Go 1.27); it reads ExternalArtifact
 * sources behind a feature gate, so no source-controller or Git server is needed.
 */
export const KUSTOMIZE_CONTROLLER_VERSION = 'v1.9.6';
/** The source API kustomize-controller v1.9.6 is built against (its ExternalArtifact CRD). */
export const SOURCE_CONTROLLER_VERSION = 'v1.9.0';

export function kustomizeController(): Binary {
  const module = 'github.com/fluxcd/kustomize-controller';
  return moduleProgram({
    image: 'kustomize-controller', file: `kustomize-controller-${KUSTOMIZE_CONTROLLER_VERSION}`, runs: KUSTOMIZE_CONTROLLER_VERSION, what: 'kustomize-controller',
    require: module, version: KUSTOMIZE_CONTROLLER_VERSION, pkg: module, replaces: () => moduleReplaces(module, KUSTOMIZE_CONTROLLER_VERSION),
  });
}

/**
 * The prometheus-operator at the version of the CRDs in crds/ (v0.93.0), and its config reloader,
 * the sidecar it puts beside each Prometheus it runs.
 */
export const PROMETHEUS_OPERATOR_VERSION = 'v0.93.0';

export function prometheusOperator(program: 'operator' | 'prometheus-config-reloader'): Binary {
  const module = 'github.com/prometheus-operator/prometheus-operator';
  return moduleProgram({
    image: program === 'operator' ? 'prometheus-operator' : 'prometheus-config-reloader',
    file: `prometheus-${program === 'operator' ? 'operator' : 'config-reloader'}-${PROMETHEUS_OPERATOR_VERSION}`, runs: PROMETHEUS_OPERATOR_VERSION, what: program,
    require: module, version: PROMETHEUS_OPERATOR_VERSION, pkg: `${module}/cmd/${program}`, replaces: () => moduleReplaces(module, PROMETHEUS_OPERATOR_VERSION), getOnly: true,
  });
}

/**
 * Rancher's local-path-provisioner: dynamic provisioning of node-local volumes for a
 * StorageClass's claims, each directory made and removed by a helper pod. v0.0.30 is the newest
 * version the module proxy serves.
 */
export const LOCAL_PATH_PROVISIONER_VERSION = 'v0.0.30';

export function localPathProvisioner(): Binary {
  return goInstalled({
    image: 'local-path-provisioner', pkg: 'github.com/rancher/local-path-provisioner', version: LOCAL_PATH_PROVISIONER_VERSION,
    what: 'local-path-provisioner', program: 'local-path-provisioner',
  });
}
