module cdk8s-tracing/test/node/pause

go 1.24.0
