export * from './components';
export * from './config';
export * from './workload';
export * from './config-override';
export * from './extensible-config';
export * from './collector-workload';
export * from './service-account';
export * from './autoscaling';
