/**
 * The controllers the node tier runs beside the cluster's own: Flux's kustomize-controller and the
 * prometheus-operator, from their published modules.
 */
import * as path from 'path';
import { BIN_DIR, Binary, WORK_DIR, buildFromModule, moduleReplaces, step } from './build-tools';

/**
 * Flux's kustomize-controller, the GitOps engine the node tier syncs dist/ with. v1.9.6 is the
 * newest release this Go toolchain builds (v1.10 needs Go 1.27); it reads ExternalArtifact
 * sources behind a feature gate, so no source-controller or Git server is needed.
 */
export const KUSTOMIZE_CONTROLLER_VERSION = 'v1.9.6';
/** The source API kustomize-controller v1.9.6 is built against (its ExternalArtifact CRD). */
export const SOURCE_CONTROLLER_VERSION = 'v1.9.0';

export function kustomizeController(): Binary {
  const out = path.join(BIN_DIR, `kustomize-controller-${KUSTOMIZE_CONTROLLER_VERSION}`);
  const module = 'github.com/fluxcd/kustomize-controller';
  return {
    image: 'kustomize-controller',
    path: out,
    runs: KUSTOMIZE_CONTROLLER_VERSION,
    build() {
      step(`kustomize-controller ${KUSTOMIZE_CONTROLLER_VERSION} (module ${module})`, () => buildFromModule({
        name: 'kustomize-controller', dir: path.join(WORK_DIR, 'kustomize-controller'), require: module, version: KUSTOMIZE_CONTROLLER_VERSION,
        pkg: module, replaces: moduleReplaces(module, KUSTOMIZE_CONTROLLER_VERSION), out,
      }));
    },
  };
}

/**
 * The prometheus-operator at the version of the CRDs in crds/ (v0.93.0), and its config reloader,
 * the sidecar it puts beside each Prometheus it runs.
 */
export const PROMETHEUS_OPERATOR_VERSION = 'v0.93.0';

export function prometheusOperator(program: 'operator' | 'prometheus-config-reloader'): Binary {
  const module = 'github.com/prometheus-operator/prometheus-operator';
  const out = path.join(BIN_DIR, `prometheus-${program === 'operator' ? 'operator' : 'config-reloader'}-${PROMETHEUS_OPERATOR_VERSION}`);
  return {
    image: program === 'operator' ? 'prometheus-operator' : 'prometheus-config-reloader',
    path: out,
    runs: PROMETHEUS_OPERATOR_VERSION,
    build() {
      step(`${program} ${PROMETHEUS_OPERATOR_VERSION} (module ${module})`, () => buildFromModule({
        name: program, dir: path.join(WORK_DIR, program), require: module, version: PROMETHEUS_OPERATOR_VERSION,
        pkg: `${module}/cmd/${program}`, replaces: moduleReplaces(module, PROMETHEUS_OPERATOR_VERSION), out, getOnly: true,
      }));
    },
  };
}
