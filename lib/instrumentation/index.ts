export * from './otel-environment';
export type { FixedSampler, JaegerRemoteSampler, JaegerRemoteSamplingProtocol, RatioSampler, TraceSampler } from './trace-sampler';
export * from './instrument-workload';
export * from './service-instrumentation';
