export * from './identity';
export * from './promql';
export * from './validate';
export * from './contract';
export * from './prometheus';
