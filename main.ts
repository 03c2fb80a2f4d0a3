/**
 * The platform's tracing stack (services ryot, sigmalang, sigmavault and agents), composed from
 * the library's constructs. `npm run synth` writes it to dist/, which Argo CD or Flux apply.
 */
import { App } from 'cdk8s';
import { GitOpsApp, TracingChart, TracingNamespace, TracingStorageClass } from './lib';

/** Builds the platform's charts into `app` (a fresh GitOpsApp by default) and returns it. */
export function buildPlatform(app: App = new GitOpsApp()): App {
  // Wave -1: the namespace and StorageClass exist before anything is put into them.
  const foundation = new TracingChart(app, 'tracing-foundation', { syncWave: -1 });
  new TracingNamespace(foundation, 'namespace', { name: 'monitoring' });
  new TracingStorageClass(foundation, 'storage-class', { name: 'fast-ssd' });
  return app;
}

if (require.main === module) {
  buildPlatform().synth();
}
