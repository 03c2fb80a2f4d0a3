export * from './tracing-chart';
export * from './gitops-app';
