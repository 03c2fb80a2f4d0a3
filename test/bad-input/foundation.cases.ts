import { GitOpsApp, TracingChart, TracingNamespace, TracingStorageClass } from '../../lib';
import { BadInputCase, SUBJECT, rowsFor } from './table';

const ns = rowsFor('TracingNamespace', ({ chart }, props) => new TracingNamespace(chart, SUBJECT, props));
const sc = rowsFor('TracingStorageClass', ({ chart }, props) => new TracingStorageClass(chart, SUBJECT, props));
const tc = rowsFor('TracingChart', ({ app }, props) => new TracingChart(app, SUBJECT, props));
const gitops = rowsFor('GitOpsApp', (_ctx, props) => new GitOpsApp(props), { where: 'GitOpsApp' });

export const FOUNDATION_CASES: BadInputCase[] = [
  ns('name', 'Monitoring', { name: 'Monitoring' }, 'uppercase'),
  ns('name', 'a'.repeat(64), { name: 'a'.repeat(64) }, 'too long'),
  ns('name', '', { name: '' }, 'empty'),
  ns('name', 42, { name: 42 as any }, 'wrong type'),
  ns('podSecurityEnforce', 'strict', { podSecurityEnforce: 'strict' as any }),
  ns('labels', 'team=platform', { labels: 'team=platform' as any }, 'not a map'),
  ns('labels.bad key!', 'bad key!', { labels: { 'bad key!': 'x' } }),
  ns('labels.team', 'platform team', { labels: { team: 'platform team' } }),
  ns('labels.team', 1, { labels: { team: 1 as any } }),
  ns('labels.pod-security.kubernetes.io/enforce', 'privileged', { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }, 'set by the construct'),
  ns('create', 'no', { create: 'no' as any }),
  ns('dedicated', 'yes', { dedicated: 'yes' as any }),
  ns('dedicated', true, { create: false, dedicated: true }, 'conflicts with create: false'),
  ns('retainOnPrune', 0, { retainOnPrune: 0 as any }),
  ns('retainOnPrune', false, { create: false, retainOnPrune: false }, 'conflicts with create: false'),
  ns('podSecurityEnforce', 'restricted', { create: false, podSecurityEnforce: 'restricted' }, 'conflicts with create: false'),
  ns('labels', { team: 'a' }, { create: false, labels: { team: 'a' } }, 'conflicts with create: false'),

  sc('name', 'Fast_SSD', { name: 'Fast_SSD' }),
  sc('name', '', { name: '' }),
  sc('name', 'x'.repeat(64), { name: 'x'.repeat(64) }, 'longer than a label value'),
  sc('create', 'false', { create: 'false' as any }),
  sc('provisioner', undefined, {}, 'required when created'),
  sc('provisioner', '', { provisioner: '' }),
  sc('provisioner', ' ebs.csi.aws.com', { provisioner: ' ebs.csi.aws.com' }, 'surrounding space'),
  sc('provisioner', 'ebs.csi.aws.com', { create: false, provisioner: 'ebs.csi.aws.com' }, 'conflicts with create: false'),
  sc('parameters', { type: 'gp3' }, { create: false, parameters: { type: 'gp3' } }, 'conflicts with create: false'),
  sc('reclaimPolicy', 'Retain', { create: false, reclaimPolicy: 'Retain' }, 'conflicts with create: false'),
  sc('retainOnPrune', true, { create: false, retainOnPrune: true }, 'conflicts with create: false'),
  sc('retainOnPrune', 'true', { provisioner: 'pd.csi.storage.gke.io', retainOnPrune: 'true' as any }),
  sc('parameters', 'gp3', { provisioner: 'pd.csi.storage.gke.io', parameters: 'gp3' as any }, 'not a map'),
  sc('parameters.iops', 3000, { provisioner: 'pd.csi.storage.gke.io', parameters: { iops: 3000 as any } }),
  sc('reclaimPolicy', 'Recycle', { provisioner: 'pd.csi.storage.gke.io', reclaimPolicy: 'Recycle' as any }),

  tc('syncWave', 1.5, { syncWave: 1.5 }),
  tc('syncWave', Number.NaN, { syncWave: Number.NaN }),
  tc('syncWave', Number.POSITIVE_INFINITY, { syncWave: Number.POSITIVE_INFINITY }),
  tc('syncWave', '1', { syncWave: '1' as any }),

  gitops('validation', 'off', { validation: 'off' as any }),
  gitops('validation.enabled', 'false', { validation: { enabled: 'false' as any } }),
  gitops('validation.external', 'Secret/es', { validation: { external: 'Secret/es' as any } }),
  gitops('validation.external[0].kind', 'Deployment', { validation: { external: [{ kind: 'Deployment' as any, name: 'x' }] } }),
  gitops('validation.external[0].name', '', { validation: { external: [{ kind: 'Secret', name: '' }] } }),
  gitops('validation.external[0].namespace', '', { validation: { external: [{ kind: 'Secret', name: 'es', namespace: '' }] } }),
  gitops('validation.external[0].name', undefined, { validation: { external: [{ kind: 'Secret' } as any] } }, 'left out'),
  gitops('validation.external[0].name', 5, { validation: { external: [{ kind: 'Secret', name: 5 as any }] } }),
  gitops('validation.external[0].namespace', 5, { validation: { external: [{ kind: 'Secret', name: 'es', namespace: 5 as any }] } }),
];
