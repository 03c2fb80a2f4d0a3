// The second team's tracing stack in Go: test/consumer/app/main.ts line for line (the same
// constructs, props, ids and order), on the library's jsii Go module. It synthesizes into the
// directory given as its first argument (default dist), where its YAML must equal the
// TypeScript app's byte for byte.
package main

import (
	"os"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	kplus "github.com/cdk8s-team/cdk8s-plus-go/cdk8splus33/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus33/v2/k8s"
	tracing "github.com/cdk8s-tracing/cdk8s-tracing-go/cdk8stracing"
)

func main() {
	defer jsii.Close()

	outdir := "dist"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(outdir)})

	observability := cdk8s.NewChart(app, jsii.String("observability"), &cdk8s.ChartProps{
		Namespace: jsii.String("team-b-obs"), DisableResourceNameHashes: jsii.Bool(true),
	})
	jaeger := tracing.NewJaegerStack(observability, jsii.String("jaeger"), &tracing.JaegerStackProps{
		Storage: tracing.JaegerStorage_Opensearch(&tracing.SearchStorageOptions{
			ServerUrls:  jsii.Strings("https://opensearch.logging.svc:9200"),
			Credentials: &tracing.StorageCredentials{SecretName: jsii.String("jaeger-opensearch"), UsernameKey: jsii.String("username"), PasswordKey: jsii.String("password")},
		}),
		Tls: tracing.TracingTls_CertManager(&tracing.CertManagerTlsOptions{Issuer: &tracing.CertIssuerRef{Name: jsii.String("team-b-ca")}}),
	})
	// The gateways reach the internet through the team's proxy and ship their logs with a sidecar.
	otel := tracing.NewOtelCollector(observability, jsii.String("otel"), &tracing.OtelCollectorProps{
		Backend: jaeger,
		Gateway: &tracing.GatewayProps{
			Placement: &tracing.PodPlacement{
				ExtraEnv: &[]*k8s.EnvVar{
					{Name: jsii.String("HTTPS_PROXY"), ValueFrom: &k8s.EnvVarSource{ConfigMapKeyRef: &k8s.ConfigMapKeySelector{Name: jsii.String("egress-proxy"), Key: jsii.String("url")}}},
					{Name: jsii.String("NO_PROXY"), Value: jsii.String(".svc,.cluster.local")},
				},
				Sidecars: &[]*k8s.Container{{
					Name:  jsii.String("log-shipper"),
					Image: jsii.String("registry.team-b.example.com/ops/log-shipper:2.1.0"),
					Resources: &k8s.ResourceRequirements{
						Requests: &map[string]k8s.Quantity{"cpu": k8s.Quantity_FromString(jsii.String("20m")), "memory": k8s.Quantity_FromString(jsii.String("32Mi"))},
						Limits:   &map[string]k8s.Quantity{"memory": k8s.Quantity_FromString(jsii.String("64Mi"))},
					},
					ReadinessProbe: &k8s.Probe{HttpGet: &k8s.HttpGetAction{Path: jsii.String("/healthz"), Port: k8s.IntOrString_FromNumber(jsii.Number(2020))}},
					LivenessProbe:  &k8s.Probe{HttpGet: &k8s.HttpGetAction{Path: jsii.String("/healthz"), Port: k8s.IntOrString_FromNumber(jsii.Number(2020))}},
				}},
			},
		},
	})
	ui := tracing.NewJaegerUiExposure(observability, jsii.String("ui"), &tracing.JaegerUiExposureProps{
		Jaeger: jaeger,
		Host:   jsii.String("jaeger.team-b.example.com"),
		Route:  tracing.UiRoute_Ingress(&tracing.IngressRouteOptions{ClassName: jsii.String("nginx"), Issuer: &tracing.CertIssuerRef{Name: jsii.String("letsencrypt")}}),
		Auth: tracing.UiAuth_Oauth2Proxy(&tracing.OAuth2ProxyOptions{
			IssuerUrl: jsii.String("https://sso.team-b.example.com"), SecretName: jsii.String("jaeger-ui-oidc"), AllowedGroups: jsii.Strings("team-b"),
		}),
	})
	// The team's own Prometheus and Grafana run beside the stack.
	prometheus := tracing.Prometheus_FromExisting(&tracing.PrometheusAttributes{Namespace: jaeger.Namespace(), SelectorLabels: &map[string]*string{"release": jsii.String("team-b-monitoring")}})
	grafana := tracing.Grafana_FromExisting(&tracing.GrafanaAttributes{Namespace: jaeger.Namespace()})
	tracing.NewStackNetworkPolicies(observability, jsii.String("policies"), &tracing.StackNetworkPoliciesProps{Jaeger: jaeger, Otel: otel, UiExposure: ui, Prometheus: prometheus, Grafana: grafana})
	components := &[]tracing.ITracingComponent{jaeger, otel}
	tracing.NewTracingMonitors(observability, jsii.String("monitors"), &tracing.TracingMonitorsProps{Prometheus: prometheus, Components: components})
	tracing.NewTracingAlerts(observability, jsii.String("alerts"), &tracing.TracingAlertsProps{Prometheus: prometheus, Components: components})
	tracing.NewGrafanaDashboards(observability, jsii.String("dashboards"), &tracing.GrafanaDashboardsProps{Grafana: grafana, Components: components})
	tracing.NewGrafanaDatasources(observability, jsii.String("datasources"), &tracing.GrafanaDatasourcesProps{Grafana: grafana, Jaeger: jaeger})

	shop := cdk8s.NewChart(app, jsii.String("shop"), &cdk8s.ChartProps{Namespace: jsii.String("shop"), DisableResourceNameHashes: jsii.Bool(true)})
	web := kplus.NewDeployment(shop, jsii.String("web"), &kplus.DeploymentProps{
		Containers: &[]*kplus.ContainerProps{{Name: jsii.String("web"), Image: jsii.String("registry.team-b.example.com/shop/web:1.4.2"), PortNumber: jsii.Number(8080)}},
	})
	tracing.ServiceInstrumentation_InstrumentWorkload(web, &tracing.InstrumentWorkloadOptions{ServiceName: jsii.String("shop-web"), Collector: otel})

	app.Synth()
}
