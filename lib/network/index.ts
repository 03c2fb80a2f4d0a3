export * from './peers';
export * from './tracing-network-policies';
export * from './stack-network-policies';
