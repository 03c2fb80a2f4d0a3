/**
 * The platform's composed output (main.ts) as a whole: no broken link between objects, and
 * every pod template meets the restricted Pod Security Standard and the operational rules.
 * This keeps holding as constructs are added; a failure lists each finding with both ends.
 */
import { GitOpsApp, checkOperationalRules, checkPodSecurity, podTemplates } from '../../lib/internal';
import { buildPlatform } from '../../main';
import { fixture } from '../support/fixture';
import { synthApp } from '../support/synth';

// The app main.ts builds (with whatever validation props it declares); checked, never written.
const platform = fixture(() => {
  const app = buildPlatform();
  return { app, objects: synthApp(app) };
});

test('main.ts builds a GitOpsApp, so synth validates the stack before writing dist/', () => {
  const { app } = platform();
  expect(app).toBeInstanceOf(GitOpsApp);
});

test('the whole-stack validator finds no broken link', () => {
  const { app } = platform();
  expect((app as GitOpsApp).checkStack().map((f) => f.message)).toEqual([]);
});

test('every pod template meets the restricted Pod Security Standard', () => {
  const { objects } = platform();
  expect(checkPodSecurity(objects).map((f) => f.message)).toEqual([]);
});

test('every container has requests, a memory limit, probes, a pinned image and a read-only root', () => {
  const { objects } = platform();
  expect(checkOperationalRules(objects).map((f) => f.message)).toEqual([]);
});

test('the pod checks see every workload of the output', () => {
  const { objects } = platform();
  const workloadKinds = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'];
  expect(podTemplates(objects).length).toBe(objects.filter((o) => workloadKinds.includes(o.kind)).length);
});
