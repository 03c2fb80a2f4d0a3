/**
 * `null` where a prop is expected, and props that are not an object: JavaScript callers and
 * props read from JSON or YAML send these. Each is refused with its path, never read as the
 * default and never a TypeError.
 */
import {
  GitOpsApp, GrafanaDashboards, GrafanaDatasources, JaegerStack, OtelCollector, ServiceInstrumentation, TracingAlerts,
  TracingChart, TracingMonitors, TracingNamespace, TracingNetworkPolicies, TracingStorageClass,
} from '../../lib';
import { BadInputCase, SUBJECT, rowsFor } from './table';
import { withBackend } from '../support/backend';

type Make = (scope: any, id: string, props: any) => unknown;
const CONSTRUCTS: [string, Make][] = [
  ['TracingNamespace', (s, id, p) => new TracingNamespace(s, id, p)],
  ['TracingStorageClass', (s, id, p) => new TracingStorageClass(s, id, p)],
  ['JaegerStack', (s, id, p) => new JaegerStack(s, id, p)],
  ['OtelCollector', (s, id, p) => new OtelCollector(s, id, withBackend(p))],
  ['TracingNetworkPolicies', (s, id, p) => new TracingNetworkPolicies(s, id, p)],
  ['TracingMonitors', (s, id, p) => new TracingMonitors(s, id, p)],
  ['TracingAlerts', (s, id, p) => new TracingAlerts(s, id, p)],
  ['GrafanaDatasources', (s, id, p) => new GrafanaDatasources(s, id, p)],
  ['GrafanaDashboards', (s, id, p) => new GrafanaDashboards(s, id, p)],
  ['ServiceInstrumentation', (s, id, p) => new ServiceInstrumentation(s, id, p)],
];

const rows = (kind: string, make: Make) => rowsFor(kind, ({ chart }, props) => make(chart, SUBJECT, props));
const j = rows('JaegerStack', CONSTRUCTS[2][1]);
const o = rows('OtelCollector', CONSTRUCTS[3][1]);
const chart = rowsFor('TracingChart', ({ app }, props) => new TracingChart(app, SUBJECT, props));
const gitops = rowsFor('GitOpsApp', (_ctx, props) => new GitOpsApp(props), { where: 'GitOpsApp' });
const imported = rowsFor('JaegerStack', (_ctx, endpoints) => JaegerStack.fromEndpoints(endpoints), { where: 'JaegerStack.fromEndpoints()' });

export const NULL_CASES: BadInputCase[] = [
  ...CONSTRUCTS.flatMap(([kind, make]) => [
    rows(kind, make)('props', null, null, 'props null'),
    rows(kind, make)('props', 'monitoring', 'monitoring', 'props a string'),
    rows(kind, make)('props', [], [], 'props a list'),
  ]),
  chart('props', null, null, 'props null'),
  gitops('props', null, null, 'props null'),
  j('storage', null, { storage: null }, 'was read as the default'),
  j('monitor', null, { monitor: null }, 'was read as the default'),
  j('sampling.services.ryot', null, { sampling: { services: { ryot: null } } }),
  o('sampling', null, { sampling: null }, 'was a TypeError'),
  o('gateway', null, { gateway: null }, 'was read as the default'),
  o('backend', null, { backend: null }),
  imported('endpoints', null, null, 'no endpoints'),
  imported('otlpGrpcEndpoint', null, { otlpGrpcEndpoint: null }),
  imported('samplingGrpcEndpoint', null, { otlpGrpcEndpoint: 'jaeger-collector.tracing.svc:4317', samplingGrpcEndpoint: null }),
];
