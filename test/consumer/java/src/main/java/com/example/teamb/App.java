// The second team's tracing stack in Java: test/consumer/app/main.ts line for line (the same
// constructs, props, ids and order), on the library's jsii Java package. It synthesizes into the
// directory given as its first argument (default dist), where its YAML must equal the TypeScript
// app's byte for byte.
package com.example.teamb;

import io.github.cdk8s_tracing.CertIssuerRef;
import io.github.cdk8s_tracing.CertManagerTlsOptions;
import io.github.cdk8s_tracing.GatewayProps;
import io.github.cdk8s_tracing.Grafana;
import io.github.cdk8s_tracing.GrafanaAttributes;
import io.github.cdk8s_tracing.GrafanaDashboards;
import io.github.cdk8s_tracing.GrafanaDatasources;
import io.github.cdk8s_tracing.ITracingComponent;
import io.github.cdk8s_tracing.IngressRouteOptions;
import io.github.cdk8s_tracing.InstrumentWorkloadOptions;
import io.github.cdk8s_tracing.JaegerStack;
import io.github.cdk8s_tracing.JaegerStorage;
import io.github.cdk8s_tracing.JaegerUiExposure;
import io.github.cdk8s_tracing.OAuth2ProxyOptions;
import io.github.cdk8s_tracing.OtelCollector;
import io.github.cdk8s_tracing.PodPlacement;
import io.github.cdk8s_tracing.Prometheus;
import io.github.cdk8s_tracing.PrometheusAttributes;
import io.github.cdk8s_tracing.SearchStorageOptions;
import io.github.cdk8s_tracing.ServiceInstrumentation;
import io.github.cdk8s_tracing.StackNetworkPolicies;
import io.github.cdk8s_tracing.StorageCredentials;
import io.github.cdk8s_tracing.TracingAlerts;
import io.github.cdk8s_tracing.TracingMonitors;
import io.github.cdk8s_tracing.TracingTls;
import io.github.cdk8s_tracing.UiAuth;
import io.github.cdk8s_tracing.UiRoute;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.plus33.ContainerProps;
import org.cdk8s.plus33.Deployment;
import org.cdk8s.plus33.k8s.ConfigMapKeySelector;
import org.cdk8s.plus33.k8s.Container;
import org.cdk8s.plus33.k8s.EnvVar;
import org.cdk8s.plus33.k8s.EnvVarSource;
import org.cdk8s.plus33.k8s.HttpGetAction;
import org.cdk8s.plus33.k8s.IntOrString;
import org.cdk8s.plus33.k8s.Probe;
import org.cdk8s.plus33.k8s.Quantity;
import org.cdk8s.plus33.k8s.ResourceRequirements;

public final class App {
  public static void main(String[] args) {
    org.cdk8s.App app = new org.cdk8s.App(AppProps.builder().outdir(args.length > 0 ? args[0] : "dist").build());

    Chart observability = new Chart(app, "observability", ChartProps.builder().namespace("team-b-obs").disableResourceNameHashes(true).build());
    JaegerStack jaeger = JaegerStack.Builder.create(observability, "jaeger")
        .storage(JaegerStorage.opensearch(SearchStorageOptions.builder()
            .serverUrls(List.of("https://opensearch.logging.svc:9200"))
            .credentials(StorageCredentials.builder().secretName("jaeger-opensearch").usernameKey("username").passwordKey("password").build())
            .build()))
        .tls(TracingTls.certManager(CertManagerTlsOptions.builder().issuer(CertIssuerRef.builder().name("team-b-ca").build()).build()))
        .build();
    // The gateways reach the internet through the team's proxy (the stack's own Services bypass it)
    // and ship their logs with a sidecar (the pod escape hatch: restricted Pod Security still holds).
    OtelCollector otel = OtelCollector.Builder.create(observability, "otel")
        .backend(jaeger)
        .gateway(GatewayProps.builder()
            .placement(PodPlacement.builder()
                .extraEnv(List.of(
                    EnvVar.builder().name("HTTPS_PROXY")
                        .valueFrom(EnvVarSource.builder().configMapKeyRef(ConfigMapKeySelector.builder().name("egress-proxy").key("url").build()).build())
                        .build(),
                    EnvVar.builder().name("NO_PROXY").value(".svc,.cluster.local").build()))
                .sidecars(List.of(Container.builder()
                    .name("log-shipper")
                    .image("registry.team-b.example.com/ops/log-shipper:2.1.0")
                    .resources(ResourceRequirements.builder()
                        .requests(ordered("cpu", Quantity.fromString("20m"), "memory", Quantity.fromString("32Mi")))
                        .limits(Map.of("memory", Quantity.fromString("64Mi")))
                        .build())
                    .readinessProbe(Probe.builder().httpGet(HttpGetAction.builder().path("/healthz").port(IntOrString.fromNumber(2020)).build()).build())
                    .livenessProbe(Probe.builder().httpGet(HttpGetAction.builder().path("/healthz").port(IntOrString.fromNumber(2020)).build()).build())
                    .build()))
                .build())
            .build())
        .build();
    JaegerUiExposure ui = JaegerUiExposure.Builder.create(observability, "ui")
        .jaeger(jaeger)
        .host("jaeger.team-b.example.com")
        .route(UiRoute.ingress(IngressRouteOptions.builder().className("nginx").issuer(CertIssuerRef.builder().name("letsencrypt").build()).build()))
        .auth(UiAuth.oauth2Proxy(OAuth2ProxyOptions.builder()
            .issuerUrl("https://sso.team-b.example.com").secretName("jaeger-ui-oidc").allowedGroups(List.of("team-b")).build()))
        .build();
    // The team's own Prometheus and Grafana run beside the stack (said once; the watchers and policies follow).
    Prometheus prometheus = Prometheus.fromExisting(PrometheusAttributes.builder()
        .namespace(jaeger.getNamespace()).selectorLabels(Map.of("release", "team-b-monitoring")).build());
    Grafana grafana = Grafana.fromExisting(GrafanaAttributes.builder().namespace(jaeger.getNamespace()).build());
    StackNetworkPolicies.Builder.create(observability, "policies")
        .jaeger(jaeger).otel(otel).uiExposure(ui).prometheus(prometheus).grafana(grafana).build();
    List<ITracingComponent> components = List.of(jaeger, otel);
    TracingMonitors.Builder.create(observability, "monitors").prometheus(prometheus).components(components).build();
    TracingAlerts.Builder.create(observability, "alerts").prometheus(prometheus).components(components).build();
    GrafanaDashboards.Builder.create(observability, "dashboards").grafana(grafana).components(components).build();
    GrafanaDatasources.Builder.create(observability, "datasources").grafana(grafana).jaeger(jaeger).build();

    Chart shop = new Chart(app, "shop", ChartProps.builder().namespace("shop").disableResourceNameHashes(true).build());
    Deployment web = Deployment.Builder.create(shop, "web")
        .containers(List.of(ContainerProps.builder().name("web").image("registry.team-b.example.com/shop/web:1.4.2").portNumber(8080).build()))
        .build();
    ServiceInstrumentation.instrumentWorkload(web, InstrumentWorkloadOptions.builder().serviceName("shop-web").collector(otel).build());

    app.synth();
  }

  /** A map in the order its entries are written, as a TypeScript object literal keeps them. */
  private static <V> Map<String, V> ordered(String k1, V v1, String k2, V v2) {
    Map<String, V> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  private App() {
  }
}
