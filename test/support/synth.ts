import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { COLLECTOR_CONFIG_ANNOTATION } from '../../lib/k8s';

/**
 * Every temporary directory of this test process lives under one root, removed when the
 * process exits: tests leave nothing behind in the OS temp dir. (cdk8s's `Testing.app()`
 * makes a directory of its own per call and never removes it, so tests use {@link testApp}.)
 */
let scratchRoot: string | undefined;
function scratch(): string {
  scratchRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-tracing-test-'));
  return scratchRoot;
}

/** Removes the scratch directory (test/support/cleanup.ts does after each test file). */
export function removeScratch(): void {
  if (scratchRoot) fs.rmSync(scratchRoot, { recursive: true, force: true });
  scratchRoot = undefined;
}

/** An app for tests, its outdir in this process's scratch directory. */
export function testApp(): App {
  return Testing.app({ outdir: tempDir('app-') });
}

/** A test chart with the GitOps settings the library expects (no hash suffixes). */
export function testChart(): Chart {
  return new Chart(testApp(), 'test', { disableResourceNameHashes: true });
}

/** The objects of a chart, as they would be written. */
export function synthObjects(chart: Chart): any[] {
  return Testing.synth(chart);
}

/** The objects of every chart of an app, in file order. */
export function synthApp(app: App): any[] {
  return app.charts.flatMap((c) => c.toJson());
}

/** Finds exactly one object by kind and name; fails the test otherwise. */
export function findOne(objects: any[], kind: string, name: string): any {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} "${name}", found ${found.length} among: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  }
  return found[0];
}

/** All objects of a kind. */
export function ofKind(objects: any[], kind: string): any[] {
  return objects.filter((o) => o.kind === kind);
}

/** A fresh empty directory, removed with the rest of this process's scratch directory. */
export function tempDir(prefix = 'cdk8s-tracing-'): string {
  return fs.mkdtempSync(path.join(scratch(), prefix));
}

/** Reads every manifest of a synthesized directory (`*.k8s.yaml`), in file order. */
export function readManifests(dir: string): any[] {
  return parseManifests(fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8')));
}

/** The objects of multi-document manifest texts, in order (empty documents dropped). */
export function parseManifests(texts: readonly string[]): any[] {
  return texts.flatMap((text) => parseAllDocuments(text).map((d) => d.toJS())).filter((o) => o);
}

/**
 * The collector (or Jaeger v2) config held by a ConfigMap, found through the annotation the
 * whole-stack validator reads, and parsed back. Fails unless the ConfigMap is annotated.
 */
export function collectorConfigOf(objects: any[], configMapName: string): any {
  const cm = findOne(objects, 'ConfigMap', configMapName);
  const key = cm.metadata.annotations?.[COLLECTOR_CONFIG_ANNOTATION];
  if (key !== 'config.yaml') throw new Error(`ConfigMap ${configMapName} is not annotated as a collector config (got ${key})`);
  return parse(cm.data[key]);
}
