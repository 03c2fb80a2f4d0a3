"""The second team's app (test/consumer/app/main.ts) in Python: the same stack, the same props,
the same order, so that its YAML equals the TypeScript app's byte for byte."""
import sys

import cdk8s_plus_33 as kplus
from cdk8s import App, Chart
from cdk8s_plus_33 import k8s
from cdk8s_tracing import (
    Grafana, GrafanaDashboards, GrafanaDatasources, JaegerStack, JaegerStorage, JaegerUiExposure, OtelCollector, Prometheus,
    ServiceInstrumentation, StackNetworkPolicies, TracingAlerts, TracingMonitors, TracingTls, UiAuth, UiRoute,
)

app = App(outdir=sys.argv[1] if len(sys.argv) > 1 else "dist")

observability = Chart(app, "observability", namespace="team-b-obs", disable_resource_name_hashes=True)
jaeger = JaegerStack(observability, "jaeger",
    storage=JaegerStorage.opensearch(
        server_urls=["https://opensearch.logging.svc:9200"],
        credentials={"secret_name": "jaeger-opensearch", "username_key": "username", "password_key": "password"},
    ),
    tls=TracingTls.cert_manager(issuer={"name": "team-b-ca"}),
)
otel = OtelCollector(observability, "otel",
    backend=jaeger,
    gateway={
        "placement": {
            "extra_env": [
                k8s.EnvVar(name="HTTPS_PROXY", value_from=k8s.EnvVarSource(config_map_key_ref=k8s.ConfigMapKeySelector(name="egress-proxy", key="url"))),
                k8s.EnvVar(name="NO_PROXY", value=".svc,.cluster.local"),
            ],
            "sidecars": [k8s.Container(
                name="log-shipper",
                image="registry.team-b.example.com/ops/log-shipper:2.1.0",
                resources=k8s.ResourceRequirements(
                    requests={"cpu": k8s.Quantity.from_string("20m"), "memory": k8s.Quantity.from_string("32Mi")},
                    limits={"memory": k8s.Quantity.from_string("64Mi")},
                ),
                readiness_probe=k8s.Probe(http_get=k8s.HttpGetAction(path="/healthz", port=k8s.IntOrString.from_number(2020))),
                liveness_probe=k8s.Probe(http_get=k8s.HttpGetAction(path="/healthz", port=k8s.IntOrString.from_number(2020))),
            )],
        },
    },
)
ui = JaegerUiExposure(observability, "ui",
    jaeger=jaeger,
    host="jaeger.team-b.example.com",
    route=UiRoute.ingress(class_name="nginx", issuer={"name": "letsencrypt"}),
    auth=UiAuth.oauth2_proxy(issuer_url="https://sso.team-b.example.com", secret_name="jaeger-ui-oidc", allowed_groups=["team-b"]),
)
prometheus = Prometheus.from_existing(namespace=jaeger.namespace, selector_labels={"release": "team-b-monitoring"})
grafana = Grafana.from_existing(namespace=jaeger.namespace)
StackNetworkPolicies(observability, "policies", jaeger=jaeger, otel=otel, ui_exposure=ui, prometheus=prometheus, grafana=grafana)
components = [jaeger, otel]
TracingMonitors(observability, "monitors", prometheus=prometheus, components=components)
TracingAlerts(observability, "alerts", prometheus=prometheus, components=components)
GrafanaDashboards(observability, "dashboards", grafana=grafana, components=components)
GrafanaDatasources(observability, "datasources", grafana=grafana, jaeger=jaeger)

shop = Chart(app, "shop", namespace="shop", disable_resource_name_hashes=True)
web = kplus.Deployment(shop, "web",
    containers=[kplus.ContainerProps(name="web", image="registry.team-b.example.com/shop/web:1.4.2", port_number=8080)],
)
ServiceInstrumentation.instrument_workload(web, service_name="shop-web", collector=otel)

app.synth()
