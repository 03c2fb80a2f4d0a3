export * from './peers';
export * from './tracing-network-policies';
