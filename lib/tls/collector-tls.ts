/**
 * What a TLS link adds to the workloads at its ends: the Secret volume, the configtls settings of
 * servers and clients (opentelemetry-collector config/configtls: ServerConfig, ClientConfig),
 * and the cert-manager Certificate of each workload.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-33';
import * as cm from '../../imports/cert-manager.io';
import { ComponentIdentity, namespacedMeta } from '../k8s';
import { TlsLink, TlsWorkload, TracingTls } from './tracing-tls';

/** Where a workload's Secret is mounted. */
export const TLS_DIR = '/etc/tracing-tls';
/** The keys of a `kubernetes.io/tls` Secret as cert-manager writes it. */
export const TLS_KEYS = { CERT: 'tls.crt', KEY: 'tls.key', CA: 'ca.crt' } as const;
const TLS_VOLUME = 'tls';

const file = (key: string) => `${TLS_DIR}/${key}`;

/** The Secret volume and its mount. */
export interface TlsMount {
  readonly volume: k8s.Volume;
  readonly mount: k8s.VolumeMount;
}

/**
 * The workload's Secret as a read-only volume. The kubelet swaps the files in place when the
 * Secret changes, which the collectors pick up (`reload_interval`, `client_ca_file_reload`): no
 * checksum on the pod template, so a renewal rolls no pod.
 */
export function tlsMount(tls: TracingTls, workload: TlsWorkload): TlsMount {
  return {
    volume: { name: TLS_VOLUME, secret: { secretName: tls.secretName(workload) } },
    mount: { name: TLS_VOLUME, mountPath: TLS_DIR, readOnly: true },
  };
}

/**
 * A server's `tls` block: its certificate, re-read every reload interval; with `mutual`, the
 * client certificates it requires are verified against the CA (re-read when it changes).
 */
export function serverTls(tls: TracingTls, mutual: boolean): Record<string, unknown> {
  return {
    cert_file: file(TLS_KEYS.CERT),
    key_file: file(TLS_KEYS.KEY),
    reload_interval: tls.reloadInterval,
    ...(mutual ? { client_ca_file: file(TLS_KEYS.CA), client_ca_file_reload: true } : {}),
  };
}

/**
 * A client's `tls` block: the server is verified against the CA, and the client presents its own
 * certificate (for servers that require one). `serverName` is needed where the client dials pod
 * IPs (the load-balancing exporter): the certificate names the Service, not the pods.
 */
export function clientTls(tls: TracingTls, serverName?: string): Record<string, unknown> {
  return {
    ca_file: file(TLS_KEYS.CA),
    cert_file: file(TLS_KEYS.CERT),
    key_file: file(TLS_KEYS.KEY),
    reload_interval: tls.reloadInterval,
    ...(serverName ? { server_name_override: serverName } : {}),
  };
}

/** The names a client may dial a Service by, short to fully qualified. */
export function serviceDnsNames(service: string, namespace: string): string[] {
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}

/**
 * The workload's cert-manager Certificate (none when the Secrets come from elsewhere): an ECDSA
 * P-256 key, new at every renewal, for server and client use, named like its Secret.
 */
export function addWorkloadCertificate(scope: Construct, id: string, tls: TracingTls, spec: {
  readonly workload: TlsWorkload;
  readonly namespace: string;
  readonly identity: ComponentIdentity;
  readonly services: readonly string[];
}): void {
  if (!tls.issuer) return;
  const name = tls.secretName(spec.workload);
  new cm.Certificate(scope, id, {
    metadata: namespacedMeta(name, spec.namespace, spec.identity),
    spec: {
      secretName: name,
      dnsNames: spec.services.flatMap((s) => serviceDnsNames(s, spec.namespace)),
      duration: tls.duration,
      renewBefore: tls.renewBefore,
      privateKey: {
        algorithm: cm.CertificateSpecPrivateKeyAlgorithm.ECDSA,
        size: 256,
        rotationPolicy: cm.CertificateSpecPrivateKeyRotationPolicy.ALWAYS,
      },
      usages: [cm.CertificateSpecUsages.SERVER_AUTH, cm.CertificateSpecUsages.CLIENT_AUTH, cm.CertificateSpecUsages.DIGITAL_SIGNATURE],
      issuerRef: { name: tls.issuer.name, kind: tls.issuer.kind, group: tls.issuer.group },
    },
  });
}

/**
 * The `tls` of a client on `link`: verified and with its certificate when the link is protected,
 * `insecure: true` (plaintext) otherwise.
 */
export function linkClientTls(tls: TracingTls | undefined, link: TlsLink, serverName?: string): Record<string, unknown> {
  return tls?.covers(link) ? clientTls(tls, serverName) : { insecure: true };
}

/** `{ tls }` for a server on `link` when the link is protected, nothing otherwise (spread into the server's settings). */
export function linkServerTls(tls: TracingTls | undefined, link: TlsLink, mutual: boolean): Record<string, unknown> {
  return tls?.covers(link) ? { tls: serverTls(tls, mutual) } : {};
}
