/**
 * Builds what the node tier runs, before its tests start (`npm run node:build`): the control
 * plane's and the node's programs, the image builder, and the images from the cached binaries.
 */
import { Binary, ensureBinaries } from '../../e2e/harness/binaries';
import { buildImages, imageBinaries } from './images';

/** Every binary the node tier needs, by image key. */
export function nodeTierBinaries(): Map<string, Binary> {
  return ensureBinaries(['etcd', 'kube-apiserver', 'kubectl', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'kube-router', 'kustomize-controller', 'prometheus-operator', 'local-path-provisioner', ...imageBinaries()]);
}

if (require.main === module) {
  const start = Date.now();
  const images = buildImages(nodeTierBinaries());
  process.stderr.write(`[node build] ${images.length} images in ${Math.round((Date.now() - start) / 1000)} s\n`);
}
