import { k8s } from 'cdk8s-plus-33';

/**
 * The Kubernetes "restricted" Pod Security Standard, applied by default to every pod:
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */

/**
 * The non-root UID/GID the Jaeger and OpenTelemetry Collector images run as. Set explicitly so
 * `runAsNonRoot` can be verified by the kubelet even for images whose USER is a name.
 */
export const NON_ROOT_UID = 10001;

/** Pod-level settings: non-root, RuntimeDefault seccomp, optional fsGroup for writable volumes. */
export function restrictedPodSecurityContext(opts: {
  /** Group that owns mounted volumes, so the non-root user can write a PVC. */
  readonly fsGroup?: number;
  /** UID/GID to run as. @default NON_ROOT_UID */
  readonly runAsUser?: number;
} = {}): k8s.PodSecurityContext {
  const uid = opts.runAsUser ?? NON_ROOT_UID;
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    ...(opts.fsGroup !== undefined ? { fsGroup: opts.fsGroup, fsGroupChangePolicy: 'OnRootMismatch' } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Container-level settings: no privilege escalation, all capabilities dropped, read-only root. */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * An env var read from a key of an existing Secret: secrets are referenced, never inlined. Not
 * optional: a missing Secret or key keeps the pod from starting instead of starting it without
 * its credentials.
 */
export function secretKeyEnv(name: string, secretName: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key, optional: false } } };
}
