import {
  checkDuration, checkNumber, checkProbability, checkQuantity, checkResources, goMemLimit, Images, imageRef,
  listenAddress, parseDuration, parseQuantity, Ports, recommendedLabels, restrictedContainerSecurityContext,
  restrictedPodSecurityContext, selectorLabels, servicePort, containerPort, serviceAddress, TracingConfigError,
} from '../../lib/internal';

const id = { name: 'jaeger', instance: 'jaeger', component: 'collector', version: '2.20.0' };

describe('recommended labels', () => {
  test('carry all six recommended keys', () => {
    expect(recommendedLabels(id)).toEqual({
      'app.kubernetes.io/name': 'jaeger',
      'app.kubernetes.io/instance': 'jaeger',
      'app.kubernetes.io/component': 'collector',
      'app.kubernetes.io/part-of': 'tracing',
      'app.kubernetes.io/version': '2.20.0',
      'app.kubernetes.io/managed-by': 'cdk8s',
    });
  });

  test('selectors are a stable subset: no version (selectors are immutable), no cdk8s address', () => {
    const selector = selectorLabels(id);
    expect(selector).not.toHaveProperty(['app.kubernetes.io/version']);
    expect(selector).not.toHaveProperty(['app.kubernetes.io/managed-by']);
    expect(Object.keys(selector).some((k) => k.startsWith('cdk8s.io'))).toBe(false);
    // every selector label is also on the object, so the selector matches its own pods
    expect(recommendedLabels(id)).toMatchObject(selector);
  });
});

describe('restricted pod security', () => {
  test('pod: non-root with RuntimeDefault seccomp; fsGroup only when asked', () => {
    expect(restrictedPodSecurityContext()).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(restrictedPodSecurityContext({ fsGroup: 10001 })).toMatchObject({ fsGroup: 10001 });
  });

  test('container: no escalation, drop ALL, read-only root', () => {
    expect(restrictedContainerSecurityContext()).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});

describe('ports', () => {
  test('names are valid IANA service names and unique; numbers unique per protocol', () => {
    const specs = Object.values(Ports);
    for (const p of specs) expect(p.name).toMatch(/^(?=.{1,15}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
    expect(new Set(specs.map((p) => p.name)).size).toBe(specs.length);
    expect(new Set(specs.map((p) => `${p.port}/${p.protocol}`)).size).toBe(specs.length);
  });

  test('container and Service ports line up by name, number and protocol', () => {
    const c = containerPort(Ports.JAEGER_THRIFT_COMPACT);
    const s = servicePort(Ports.JAEGER_THRIFT_COMPACT);
    expect(c).toEqual({ name: 'thrift-compact', containerPort: 6831, protocol: 'UDP' });
    expect(s.port).toBe(6831);
    expect(s.protocol).toBe('UDP');
    expect(s.targetPort?.value).toBe(c.name);
  });

  test('listen on all interfaces; address Services by namespace', () => {
    expect(listenAddress(Ports.OTLP_GRPC)).toBe('0.0.0.0:4317');
    expect(serviceAddress('jaeger-collector', 'monitoring', Ports.OTLP_GRPC)).toBe('jaeger-collector.monitoring.svc:4317');
  });
});

describe('images', () => {
  test('pinned by tag, or by digest when given', () => {
    // A release version (oauth2-proxy tags theirs with a leading v), never a moving tag such as latest.
    for (const image of Object.values(Images)) expect(image.tag).toMatch(/^v?\d+\.\d+\.\d+$/);
    expect(imageRef(Images.JAEGER)).toBe('jaegertracing/jaeger:2.20.0');
    expect(imageRef({ ...Images.JAEGER, digest: 'sha256:abc' })).toBe('jaegertracing/jaeger@sha256:abc');
  });
});

describe('quantities and GOMEMLIMIT', () => {
  test.each([['512Mi', 512 * 2 ** 20], ['1Gi', 2 ** 30], ['500m', 0.5], ['2', 2], ['1.5G', 1.5e9]])('%s', (q, v) => {
    expect(parseQuantity(q)).toBe(v);
  });
  test('malformed quantities are rejected', () => {
    expect(parseQuantity('512MB')).toBeUndefined();
    expect(() => checkQuantity('X "x"', 'resources.memoryLimit', '-1Gi')).toThrow(/X "x": invalid prop "resources.memoryLimit" = "-1Gi"/);
  });
  test('GOMEMLIMIT is 80 % of the limit, in MiB', () => {
    expect(goMemLimit('1Gi')).toBe('819MiB');
    expect(goMemLimit('512Mi')).toBe('409MiB');
  });
  test('a request above its limit names both', () => {
    expect(() => checkResources('X "x"', 'resources', { cpuRequest: '1', memoryRequest: '2Gi', memoryLimit: '1Gi' }))
      .toThrow(/resources.memoryRequest" = "2Gi": is larger than the memory limit 1Gi/);
  });
});

describe('prop checks', () => {
  test('errors name construct, prop, value and fix', () => {
    expect(() => checkProbability('JaegerStack "jaeger"', 'sampling.default.param', 1.3)).toThrow(TracingConfigError);
    expect(() => checkProbability('JaegerStack "jaeger"', 'sampling.default.param', 1.3))
      .toThrow('JaegerStack "jaeger": invalid prop "sampling.default.param" = 1.3: must be at most 1. Fix: use a probability between 0 and 1, e.g. 0.3 for 30 %');
  });
  test('numbers: wrong type, non-integer, out of range', () => {
    expect(() => checkNumber('X', 'n', '3' as any)).toThrow(/expected a finite number/);
    expect(() => checkNumber('X', 'n', 1.5, { integer: true })).toThrow(/expected an integer/);
    expect(() => checkNumber('X', 'n', -1, { min: 0 })).toThrow(/must be at least 0/);
    expect(checkNumber('X', 'n', 3, { min: 0, max: 3 })).toBe(3);
  });
  test('durations follow Go syntax', () => {
    expect(parseDuration('72h')).toBe(72 * 3_600_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('3d')).toBeUndefined();
    expect(() => checkDuration('X', 'retention', '-72h')).toThrow(/cannot be negative/);
    expect(() => checkDuration('X', 'retention', '0s')).toThrow(/greater than zero/);
    expect(() => checkDuration('X', 'retention', '3 days')).toThrow(/not a Go duration/);
    expect(checkDuration('X', 'retention', '72h')).toBe('72h');
  });
});
