export * from './otel-environment';
export { TraceSampler } from './trace-sampler';
export type { JaegerRemoteSamplerOptions } from './trace-sampler';
export { JaegerRemoteSamplingProtocol } from './trace-sampler';
export * from './instrument-workload';
export * from './service-instrumentation';
