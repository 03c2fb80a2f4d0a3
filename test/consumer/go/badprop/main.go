// The second team's JaegerStack with a retention Go's types accept (any string) but the library
// refuses ("3 days" is not a duration). The library's error reaches Go as a panic carrying its
// message; this prints that message alone and exits 0, or exits 1 if the app synthesized (into
// the directory given as its first argument, default dist).
package main

import (
	"fmt"
	"os"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	tracing "github.com/cdk8s-tracing/cdk8s-tracing-go/cdk8stracing"
)

func main() {
	defer jsii.Close()
	if err := synth(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Fprintln(os.Stderr, "the app synthesized: the library accepted the retention")
	os.Exit(1)
}

// synth builds and synthesizes the app, returning the library's error.
func synth() (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	outdir := "dist"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(outdir)})
	observability := cdk8s.NewChart(app, jsii.String("observability"), &cdk8s.ChartProps{
		Namespace: jsii.String("team-b-obs"), DisableResourceNameHashes: jsii.Bool(true),
	})
	tracing.NewJaegerStack(observability, jsii.String("jaeger"), &tracing.JaegerStackProps{
		Storage: tracing.JaegerStorage_Opensearch(&tracing.SearchStorageOptions{
			ServerUrls:  jsii.Strings("https://opensearch.logging.svc:9200"),
			Credentials: &tracing.StorageCredentials{SecretName: jsii.String("jaeger-opensearch"), UsernameKey: jsii.String("username"), PasswordKey: jsii.String("password")},
		}),
		Retention: jsii.String("3 days"),
	})
	app.Synth()
	return nil
}
