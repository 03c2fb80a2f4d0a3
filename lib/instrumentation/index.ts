export * from './otel-environment';
export type { FixedSampler, JaegerRemoteSampler, RatioSampler, TraceSampler } from './trace-sampler';
export { JaegerRemoteSamplingProtocol } from './trace-sampler';
export * from './instrument-workload';
export * from './service-instrumentation';
