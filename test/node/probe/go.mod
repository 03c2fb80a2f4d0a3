module cdk8s-tracing/test/node/probe

go 1.24.0
