/**
 * The committed dist/: no GitOps sync may delete what the stack does not own outright or what
 * holds data. The platform's `monitoring` namespace is shared with the Prometheus stack.
 */
import * as path from 'path';
import { RETAIN_ON_PRUNE_ANNOTATIONS } from '../../lib/internal';
import { readManifests } from '../support/synth';

const dist = readManifests(path.join(__dirname, '..', '..', 'dist'));
const protectedBy = (meta: any) => Object.entries(RETAIN_ON_PRUNE_ANNOTATIONS).every(([k, v]) => meta?.annotations?.[k] === v);

test('the protections are what Argo CD and Flux read', () => {
  expect(RETAIN_ON_PRUNE_ANNOTATIONS).toEqual({
    'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
    'kustomize.toolkit.fluxcd.io/prune': 'disabled',
  });
});

test.each(['Namespace', 'StorageClass'])('every %s in dist/ is kept when a sync would delete it', (kind) => {
  const objects = dist.filter((o) => o.kind === kind);
  expect(objects.length).toBeGreaterThan(0);
  for (const o of objects) expect([o.metadata.name, protectedBy(o.metadata)]).toEqual([o.metadata.name, true]);
});

test('every data claim in dist/ is kept: by syncs, and by scale-downs and StatefulSet deletion', () => {
  const withClaims = dist.filter((o) => o.kind === 'StatefulSet' && o.spec.volumeClaimTemplates?.length);
  expect(withClaims.map((o) => o.metadata.name).sort()).toEqual(['jaeger', 'otel-gateway']);
  for (const sts of withClaims) {
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenScaled: 'Retain', whenDeleted: 'Retain' });
    for (const claim of sts.spec.volumeClaimTemplates) expect(protectedBy(claim.metadata)).toBe(true);
  }
});

test('no standalone PersistentVolumeClaim is left unprotected', () => {
  for (const claim of dist.filter((o) => o.kind === 'PersistentVolumeClaim')) expect(protectedBy(claim.metadata)).toBe(true);
});
