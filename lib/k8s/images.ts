/**
 * Every container image of the stack, pinned, defined once. Constructs take an `image` prop to
 * override (a mirror, a newer tag, a digest).
 */
export interface ImageSpec {
  /** Registry and repository, e.g. `jaegertracing/jaeger`. */
  readonly repository: string;
  /** Tag, e.g. `2.20.0`. Also used as the `app.kubernetes.io/version` label. */
  readonly tag: string;
  /**
   * Content digest (`sha256:...`). When set, the image is pulled by digest, so a re-pushed
   * tag cannot change what runs.
   * @default - pulled by tag
   */
  readonly digest?: string;
}

/** Jaeger v2 (Jaeger v1 is end-of-life; v2 is one binary configured by YAML). */
export const JAEGER_VERSION = '2.20.0';

/** The pinned images (static members, so every jsii language sees them). */
export class Images {
  /**
   * Jaeger v2: collector, query and storage in one binary. It also serves a Badger store to
   * other Jaeger processes (the badger-shared remote-storage role, through its remote_storage
   * extension), so the separate jaeger-remote-storage image is not needed: the e2e tier runs
   * that topology on this binary alone.
   */
  public static readonly JAEGER: ImageSpec = { repository: 'jaegertracing/jaeger', tag: JAEGER_VERSION };
  /** Deletes Elasticsearch/OpenSearch indices older than the retention. */
  public static readonly JAEGER_ES_INDEX_CLEANER: ImageSpec = { repository: 'jaegertracing/jaeger-es-index-cleaner', tag: JAEGER_VERSION };
  /** OpenTelemetry Collector, contrib distribution (Docker Hub pushes stopped at v0.123.1). */
  public static readonly OTEL_COLLECTOR: ImageSpec = {
    repository: 'ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib',
    tag: '0.158.0',
  };

  /**
   * oauth2-proxy, the authenticating proxy in front of the Jaeger UI (`UiAuth.oauth2Proxy`).
   * Distroless, runs as UID 65532 and needs no writable filesystem with cookie sessions.
   */
  public static readonly OAUTH2_PROXY: ImageSpec = { repository: 'quay.io/oauth2-proxy/oauth2-proxy', tag: 'v7.15.6' };

  private constructor() {}
}

/** `repository:tag` or `repository@digest`. */
export function imageRef(image: ImageSpec): string {
  return image.digest ? `${image.repository}@${image.digest}` : `${image.repository}:${image.tag}`;
}
