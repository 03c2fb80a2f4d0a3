/**
 * Dynamic provisioning of dist/'s StorageClasses on the node: rancher's local-path-provisioner (a
 * process of the test, as the cluster's controllers are), registered under each class's
 * provisioner name (fast-ssd names `ebs.csi.aws.com`), so the claims the StatefulSets make are
 * bound as in a cloud cluster: when their first pod is scheduled (WaitForFirstConsumer), to a
 * volume made for them, which the class's reclaim policy deletes with the claim.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { BUSYBOX_IMAGE } from './images';
import { RealNode } from './node';

const NAMESPACE = 'local-path-storage';
const CONFIG_MAP = 'local-path-config';
const SERVICE_ACCOUNT = 'local-path-provisioner';

/** The provisioner names of the StorageClasses among `objects`. */
export function provisionersOf(objects: any[]): string[] {
  return [...new Set(objects.filter((o) => o.kind === 'StorageClass').map((o) => o.provisioner as string))].sort();
}

/**
 * Starts one provisioner per name. Volumes are directories under the node's `volumes/`, made and
 * removed by a helper pod in `local-path-storage` (the provisioner's own mechanism), mode 0777 so
 * any non-root pod writes to them (hostPath volumes get no fsGroup ownership).
 */
export function startLocalPathProvisioners(node: RealNode, provisioners: string[]): void {
  const volumes = path.join(node.dir, 'volumes');
  fs.mkdirSync(volumes, { recursive: true });
  const helperPod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'helper-pod' },
    spec: { containers: [{ name: 'helper-pod', image: BUSYBOX_IMAGE, imagePullPolicy: 'IfNotPresent' }] },
  };
  node.controlPlane.apply([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: SERVICE_ACCOUNT, namespace: NAMESPACE }, automountServiceAccountToken: false },
    {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: CONFIG_MAP, namespace: NAMESPACE },
      data: {
        'config.json': JSON.stringify({ nodePathMap: [{ node: 'DEFAULT_PATH_FOR_NON_LISTED_NODES', paths: [volumes] }] }),
        setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"\n',
        teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"\n',
        'helperPod.yaml': stringify(helperPod),
      },
    },
  ]);
  provisioners.forEach((name, i) => node.spawn(`local-path-provisioner-${i}`, node.binary('local-path-provisioner'), [
    '--debug', 'start', `--kubeconfig=${node.controlPlane.kubeconfig}`, `--namespace=${NAMESPACE}`, `--provisioner-name=${name}`,
    `--helper-image=${BUSYBOX_IMAGE}`, `--service-account-name=${SERVICE_ACCOUNT}`, `--configmap-name=${CONFIG_MAP}`,
  ]));
}
