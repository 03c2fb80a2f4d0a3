// A stand-in for a user's own sidecar image in the e2e tier (e.g. the consumer app's log shipper):
// it only answers its probes, HTTP 200 on every path at :2020 (Fluent Bit's health port), and
// exits on SIGTERM. The library's part is the pod around it; the sidecar's work is the user's.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	server := &http.Server{Addr: ":2020", Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
		<-stop
		_ = server.Shutdown(context.Background())
	}()
	if err := server.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
