module team-b-tracing

go 1.25

require (
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 v2.70.106
	github.com/cdk8s-team/cdk8s-plus-go/cdk8splus33/v2 v2.5.57
	github.com/cdk8s-tracing/cdk8s-tracing-go/cdk8stracing v0.2.0
)
