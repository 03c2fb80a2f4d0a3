import { checkDnsSubdomain, checkDuration, checkProps, invalidProp, isObjectMap, parseDuration } from '../k8s';

/**
 * The links between the tiers that TLS can protect. Each is on for both of its ends at once:
 * the same `TracingTls` given to `OtelCollector` and `JaegerStack` turns on the server and the
 * client side together.
 */
export enum TlsLink {
  /**
   * Applications → the node agents' OTLP receivers (gRPC 4317 and HTTP 4318). Server TLS only:
   * applications present no certificate, they trust the issuing CA. The legacy Jaeger and Zipkin
   * receivers stay plaintext (their clients are the ones being migrated away from).
   */
  APPS_TO_AGENT = 'apps-to-agent',
  /** Agents → gateways: mutual TLS (the gateways accept only clients with a certificate of the CA). */
  AGENT_TO_GATEWAY = 'agent-to-gateway',
  /**
   * Gateways (agents, in agent-only mode) → Jaeger's collector, and the agents' remote-sampling
   * proxy → Jaeger: mutual TLS on Jaeger's OTLP receivers and remote-sampling servers.
   */
  TO_JAEGER = 'to-jaeger',
  /**
   * Jaeger's collectors and query ↔ the Badger remote storage (storage `badger-shared`): mutual
   * TLS on the remote-storage gRPC API the collectors and query read through and on the OTLP
   * receiver the collectors write through. No effect in the other storage modes.
   */
  JAEGER_STORAGE = 'jaeger-storage',
}

/** Every link, in the order spans travel. */
const ALL_LINKS: readonly TlsLink[] = [TlsLink.APPS_TO_AGENT, TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER, TlsLink.JAEGER_STORAGE];
/**
 * The links whose both ends the constructs build. Apps → agents is asked for by name: the SDKs
 * must then send to https:// and trust the CA, which lives in the tracing namespace, not theirs.
 */
const DEFAULT_LINKS: readonly TlsLink[] = [TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER, TlsLink.JAEGER_STORAGE];

/** The kinds of cert-manager issuers. */
export enum IssuerKind {
  /** A namespaced `Issuer`, in the namespace of the stack. */
  ISSUER = 'Issuer',
  /** A cluster-wide `ClusterIssuer`. */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** The cert-manager issuer that signs the tiers' certificates. */
export interface CertIssuerRef {
  /** The issuer's name. */
  readonly name: string;
  /**
   * Its kind.
   * @default IssuerKind.CLUSTER_ISSUER
   */
  readonly kind?: IssuerKind;
  /**
   * Its API group (an external issuer's, e.g. `awspca.cert-manager.io`).
   * @default 'cert-manager.io'
   */
  readonly group?: string;
}

/** What both ways of getting certificates share. */
export interface TracingTlsOptions {
  /**
   * The links to protect. `APPS_TO_AGENT` is not in the default: every SDK then needs an
   * `https://` endpoint and the CA (`OTEL_EXPORTER_OTLP_CERTIFICATE`), which ServiceInstrumentation
   * does not set.
   * @default [TlsLink.AGENT_TO_GATEWAY, TlsLink.TO_JAEGER, TlsLink.JAEGER_STORAGE]
   */
  readonly links?: TlsLink[];
  /**
   * How often each collector re-reads its certificate and key from the mounted Secret (on the
   * next handshake after the interval; configtls `reload_interval`), so a renewed certificate
   * is used without a restart. The CA that verifies client certificates is re-read within a
   * second of changing (`client_ca_file_reload`).
   * @default '5m'
   */
  readonly reloadInterval?: string;
}

/** Certificates issued by cert-manager. */
export interface CertManagerTlsOptions extends TracingTlsOptions {
  /**
   * The issuer. It must put the CA into each Secret's `ca.crt` (the CA, Vault and self-signed
   * issuers do; ACME issuers do not, and their certificates cannot serve in-cluster names).
   */
  readonly issuer: CertIssuerRef;
  /**
   * Lifetime of each certificate.
   * @default '2160h' (90 days, cert-manager's own default)
   */
  readonly duration?: string;
  /**
   * How long before expiry cert-manager renews.
   * @default '720h' (30 days)
   */
  readonly renewBefore?: string;
}

/** Names of existing `kubernetes.io/tls` Secrets (keys `tls.crt`, `tls.key`, `ca.crt`). */
export interface TlsSecretNames {
  /**
   * The agents' Secret: a certificate for `otel-collector.<namespace>.svc` (server) usable as
   * a client certificate too.
   * @default 'otel-agent-tls'
   */
  readonly agent?: string;
  /**
   * The gateways' Secret: a certificate for `otel-gateway-headless.<namespace>.svc` and
   * `otel-gateway.<namespace>.svc`, usable as a client certificate too.
   * @default 'otel-gateway-tls'
   */
  readonly gateway?: string;
  /**
   * Jaeger's ingest Secret: a certificate for `jaeger-collector.<namespace>.svc`.
   * @default 'jaeger-collector-tls'
   */
  readonly jaegerCollector?: string;
  /**
   * Jaeger query's Secret (storage `badger-shared`): its client certificate towards the remote
   * storage.
   * @default 'jaeger-query-tls'
   */
  readonly jaegerQuery?: string;
  /**
   * The remote storage's Secret (storage `badger-shared`): a certificate for
   * `jaeger-remote-storage-headless.<namespace>.svc`.
   * @default 'jaeger-remote-storage-tls'
   */
  readonly jaegerRemoteStorage?: string;
}

/** Certificates from Secrets made by someone else (another cert-manager setup, an external store). */
export interface SecretTlsOptions extends TracingTlsOptions {
  /**
   * The Secrets' names.
   * @default - the names of TlsSecretNames' defaults
   */
  readonly secretNames?: TlsSecretNames;
}

/** The workloads that hold a certificate. */
export type TlsWorkload = keyof TlsSecretNames;

const DEFAULT_SECRETS: Required<TlsSecretNames> = {
  agent: 'otel-agent-tls', gateway: 'otel-gateway-tls', jaegerCollector: 'jaeger-collector-tls',
  jaegerQuery: 'jaeger-query-tls', jaegerRemoteStorage: 'jaeger-remote-storage-tls',
};

/** A renewal inside the reload interval could leave a collector on an expired certificate. */
const RELOAD_RANGE = { min: '10s', max: '24h', why: 'each handshake after the interval re-reads the files' };
/** cert-manager refuses a duration under an hour and a renewBefore under five minutes. */
const DURATION_RANGE = { min: '1h', max: '87600h', why: 'cert-manager refuses certificates shorter than an hour' };
const RENEW_RANGE = { min: '5m', max: '87600h', why: 'cert-manager refuses renewBefore under five minutes' };

/**
 * TLS between the tiers, on together with one value given to `OtelCollector` and `JaegerStack`.
 *
 * ```ts
 * const tls = TracingTls.certManager({ issuer: { name: 'tracing-ca' } });
 * new JaegerStack(chart, 'jaeger', { tls });
 * new OtelCollector(chart, 'otel', { tls });
 * ```
 *
 * Each workload mounts its own Secret (`tls.crt`, `tls.key`, `ca.crt`) and uses `ca.crt` to
 * verify its peers: every certificate must come from the same CA.
 */
export class TracingTls {
  /** Certificates the constructs request from a cert-manager issuer (a `Certificate` per workload). */
  public static certManager(options: CertManagerTlsOptions): TracingTls {
    const where = 'TracingTls.certManager()';
    if (!isObjectMap(options)) {
      invalidProp(where, 'options', options, 'expected { issuer, ... }', "use e.g. { issuer: { name: 'tracing-ca' } }");
    }
    checkProps(where, options, 'CertManagerTlsOptions');
    const issuer = checkIssuer(where, options.issuer);
    const duration = checkDuration(where, 'duration', options.duration ?? '2160h', { range: DURATION_RANGE });
    const renewBefore = checkDuration(where, 'renewBefore', options.renewBefore ?? '720h', { range: RENEW_RANGE });
    if (parseDuration(renewBefore)! >= parseDuration(duration)!) {
      invalidProp(where, 'renewBefore', renewBefore, `not shorter than duration ${duration}: cert-manager would renew at once, forever`,
        'give a renewBefore well under the duration, e.g. a third of it');
    }
    const common = checkCommon(where, options);
    if (parseDuration(common.reloadInterval)! >= parseDuration(renewBefore)!) {
      invalidProp(where, 'reloadInterval', common.reloadInterval, `not shorter than renewBefore ${renewBefore}: a collector could hold an expired certificate`,
        'give a reloadInterval well under renewBefore, e.g. "5m"');
    }
    return new TracingTls(common.links, common.reloadInterval, DEFAULT_SECRETS, { issuer, duration, renewBefore });
  }

  /** Certificates from existing Secrets (`tls.crt`, `tls.key` and the CA in `ca.crt`). */
  public static fromSecrets(options: SecretTlsOptions = {}): TracingTls {
    const where = 'TracingTls.fromSecrets()';
    if (!isObjectMap(options)) {
      invalidProp(where, 'options', options, 'expected { secretNames?, links?, reloadInterval? }', "use e.g. { secretNames: { gateway: 'my-gateway-tls' } }");
    }
    checkProps(where, options, 'SecretTlsOptions');
    // checkProps has refused a secretNames that is not an object or names another workload.
    const given = options.secretNames ?? {};
    const names = { ...DEFAULT_SECRETS };
    for (const key of Object.keys(DEFAULT_SECRETS) as TlsWorkload[]) {
      if (given[key] !== undefined) names[key] = checkDnsSubdomain(where, `secretNames.${key}`, given[key]);
    }
    const values = Object.values(names);
    if (new Set(values).size !== values.length) {
      invalidProp(where, 'secretNames', given, 'names one Secret for two workloads: each certificate carries its own workload\'s DNS names',
        'give each workload its own Secret');
    }
    const common = checkCommon(where, options);
    return new TracingTls(common.links, common.reloadInterval, names, undefined);
  }

  /** The links protected. */
  public readonly links: TlsLink[];
  /** How often the collectors re-read their certificate and key. */
  public readonly reloadInterval: string;
  /** The issuer, when the constructs request certificates from cert-manager. */
  public readonly issuer?: CertIssuerRef;
  /** Lifetime of the requested certificates (cert-manager only). */
  public readonly duration?: string;
  /** Renewal margin of the requested certificates (cert-manager only). */
  public readonly renewBefore?: string;
  private readonly secretNames: Required<TlsSecretNames>;

  private constructor(
    links: TlsLink[], reloadInterval: string, secretNames: Required<TlsSecretNames>,
    certManager: { issuer: CertIssuerRef; duration: string; renewBefore: string } | undefined,
  ) {
    this.links = links;
    this.reloadInterval = reloadInterval;
    this.secretNames = secretNames;
    this.issuer = certManager?.issuer;
    this.duration = certManager?.duration;
    this.renewBefore = certManager?.renewBefore;
  }

  /** Whether the link is protected. */
  public covers(link: TlsLink): boolean {
    return this.links.includes(link);
  }

  /** The Secret a workload mounts (`agent`, `gateway`, `jaegerCollector`, `jaegerQuery` or `jaegerRemoteStorage`). */
  public secretName(workload: string): string {
    const name = (this.secretNames as Record<string, string>)[workload];
    if (name === undefined) {
      invalidProp('TracingTls', 'secretName', workload, 'not a workload with a certificate', `use ${Object.keys(DEFAULT_SECRETS).join(', ')}`);
    }
    return name;
  }
}

/** Checks a cert-manager issuer reference and applies its defaults (ClusterIssuer, cert-manager.io). */
export function checkIssuer(where: string, issuer: unknown): Required<CertIssuerRef> {
  const fix = "name the issuer, e.g. { name: 'tracing-ca', kind: IssuerKind.CLUSTER_ISSUER }";
  if (!isObjectMap(issuer)) invalidProp(where, 'issuer', issuer, 'expected { name, kind?, group? }', fix);
  const ref = issuer as CertIssuerRef;
  checkDnsSubdomain(where, 'issuer.name', ref.name);
  const kind = ref.kind ?? IssuerKind.CLUSTER_ISSUER;
  if (!Object.values(IssuerKind).includes(kind)) {
    invalidProp(where, 'issuer.kind', ref.kind, 'not an issuer kind', `use ${Object.values(IssuerKind).join(' or ')}`);
  }
  // An API group is a DNS subdomain (awspca.cert-manager.io).
  const group = ref.group === undefined ? 'cert-manager.io' : checkDnsSubdomain(where, 'issuer.group', ref.group);
  return { name: ref.name, kind, group };
}

function checkCommon(where: string, options: TracingTlsOptions): { links: TlsLink[]; reloadInterval: string } {
  const links = options.links ?? [...DEFAULT_LINKS];
  if (!Array.isArray(links) || links.length === 0) {
    invalidProp(where, 'links', links, 'expected a non-empty list of links', `list some of ${ALL_LINKS.join(', ')}, or leave links out for the collector-to-collector ones`);
  }
  links.forEach((link, i) => {
    if (!ALL_LINKS.includes(link)) invalidProp(where, `links[${i}]`, link, 'not a link', `use one of ${ALL_LINKS.join(', ')}`);
  });
  if (new Set(links).size !== links.length) invalidProp(where, 'links', links, 'lists a link twice', 'list each once');
  const reloadInterval = checkDuration(where, 'reloadInterval', options.reloadInterval ?? '5m', { range: RELOAD_RANGE });
  return { links: ALL_LINKS.filter((l) => links.includes(l)), reloadInterval };
}

/** The `tls` prop of a construct: a TracingTls made by one of its factories. */
export function checkTracingTls(where: string, value: unknown): TracingTls | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof TracingTls)) {
    invalidProp(where, 'tls', value, 'expected a TracingTls', "make one with TracingTls.certManager({ issuer: { name: 'tracing-ca' } }) or TracingTls.fromSecrets()");
  }
  return value;
}
