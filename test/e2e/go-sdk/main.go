// A service instrumented the way the platform's Go services are: the OpenTelemetry Go SDK with
// the Jaeger remote sampler (go.opentelemetry.io/contrib/samplers/jaegerremote) polling the node
// agent's remote-sampling endpoint (http://AGENT:5778/sampling?service=NAME) and an OTLP/HTTP
// exporter to the same agent's 4318.
//
// It starts -spans root spans per round and prints one JSON object per round on stdout: how many
// were sampled, the ids of the sampled ones, the jaeger.sampler.* attributes the sampler put on
// them, and the strategy the sampler was running on when the round started (the agent's response
// as served, and as the Jaeger API types parse it), with "steady" when that strategy held for the
// whole round. With -rounds 0 it runs rounds until its stdin is closed.
//
// The sampler's own HTTP fetcher does the polling; the program only watches its requests (through
// http.DefaultTransport, which that fetcher uses and the OTLP exporter does not). Its poll loop is
// sequential (fetch, parse, update, then wait for the next tick), so once a request has started,
// the response before it has been applied: that response is the strategy in force.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-logr/stdr"
	"github.com/gogo/protobuf/jsonpb"
	api_v2 "github.com/jaegertracing/jaeger-idl/proto-gen/api_v2"
	"go.opentelemetry.io/contrib/samplers/jaegerremote"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	oteltrace "go.opentelemetry.io/otel/trace"
)

// fetch is one response of the sampling endpoint as the sampler's fetcher received it.
type fetch struct {
	Status int             `json:"status"`
	Served json.RawMessage `json:"served,omitempty"`
	Parsed json.RawMessage `json:"parsed,omitempty"`
	Error  string          `json:"error,omitempty"`
}

// watcher records the sampler's requests to the sampling endpoint.
type watcher struct {
	next     http.RoundTripper
	path     string
	mu       sync.Mutex
	requests int
	last     *fetch // the latest response, maybe not applied yet
	applied  *fetch // the latest successful response the sampler has finished applying
	failures int
	first    string // the first failure, if any
	changes  int    // successful responses that served something else than the one before
	served   []byte // the latest successful response's body
}

func (w *watcher) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Path != w.path {
		return w.next.RoundTrip(req)
	}
	w.mu.Lock()
	w.requests++
	// The previous fetch's update is done (the poll loop only fetches again after it).
	if w.last != nil && w.last.Status == http.StatusOK && w.last.Error == "" {
		w.applied = w.last
	}
	w.mu.Unlock()

	resp, err := w.next.RoundTrip(req)
	f := &fetch{}
	if err != nil {
		f.Error = err.Error()
	} else {
		f.Status = resp.StatusCode
		body, readErr := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if readErr != nil {
			f.Error = readErr.Error()
		} else if resp.StatusCode == http.StatusOK {
			f.Served, f.Parsed, f.Error = describe(body)
		} else {
			f.Error = fmt.Sprintf("status %d: %s", resp.StatusCode, bytes.TrimSpace(body))
		}
	}
	w.mu.Lock()
	w.last = f
	if f.Error != "" {
		w.failures++
		if w.first == "" {
			w.first = f.Error
		}
	} else if !bytes.Equal(f.Served, w.served) {
		w.changes++
		w.served = f.Served
	}
	w.mu.Unlock()
	return resp, err
}

// describe keeps the served body and how the sampler's parser reads it (Jaeger's API types with
// gogo's jsonpb, which accepts enums as names or numbers and defaults a missing strategyType).
func describe(body []byte) (served, parsed json.RawMessage, problem string) {
	if json.Valid(body) {
		served = json.RawMessage(bytes.TrimSpace(body))
	} else {
		served, _ = json.Marshal(string(body))
	}
	var strategy api_v2.SamplingStrategyResponse
	if err := jsonpb.Unmarshal(bytes.NewReader(body), &strategy); err != nil {
		return served, nil, "parse: " + err.Error()
	}
	text, err := (&jsonpb.Marshaler{EmitDefaults: true}).MarshalToString(&strategy)
	if err != nil {
		return served, nil, "marshal: " + err.Error()
	}
	return served, json.RawMessage(text), ""
}

type state struct {
	Requests     int    `json:"requests"`
	Failures     int    `json:"failures"`
	FirstFailure string `json:"firstFailure,omitempty"`
	Adopted      bool   `json:"adopted"`
	InForce      *fetch `json:"inForce,omitempty"`
	Last         *fetch `json:"last,omitempty"`
	changes      int
	pending      bool // a response that serves something else may already be applied
}

func (w *watcher) state() state {
	w.mu.Lock()
	defer w.mu.Unlock()
	pending := w.applied == nil || !bytes.Equal(w.applied.Served, w.served)
	return state{Requests: w.requests, Failures: w.failures, FirstFailure: w.first, Adopted: w.applied != nil, InForce: w.applied, Last: w.last,
		changes: w.changes, pending: pending}
}

type ids struct {
	TraceID string `json:"traceId"`
	SpanID  string `json:"spanId"`
}

type round struct {
	Service   string         `json:"service"`
	Round     int            `json:"round"`
	Initial   string         `json:"initialSampler"`
	Spans     int            `json:"spans"`
	Sampled   int            `json:"sampled"`
	Errors    bool           `json:"errors"`
	Ids       []ids          `json:"sampledSpans"`
	Attrs     map[string]any `json:"samplerAttributes,omitempty"`
	Strategy  state          `json:"strategy"`
	Steady    bool           `json:"steady"`
	WaitedMs  int64          `json:"waitedForStrategyMs,omitempty"`
	ExportErr string         `json:"exportError,omitempty"`
}

func main() {
	service := flag.String("service", "", "service name: the resource's service.name and the strategy asked for")
	agent := flag.String("agent", "", "the node agent's address (host)")
	samplingPort := flag.Int("sampling-port", 5778, "the agent's remote-sampling HTTP port")
	samplingPath := flag.String("sampling-path", "/sampling", "the remote-sampling HTTP path")
	otlpPort := flag.Int("otlp-port", 4318, "the agent's OTLP/HTTP port")
	spans := flag.Int("spans", 10, "root spans per round")
	refresh := flag.Duration("refresh", time.Second, "the sampler's refresh interval")
	initial := flag.Float64("initial", 0, "the initial (fallback) sampler's probability, used until a strategy is fetched")
	errorSpans := flag.Bool("errors", false, "give every span the status Error")
	wait := flag.Duration("wait", 10*time.Second, "how long to wait for the first strategy before the first round")
	rounds := flag.Int("rounds", 1, "rounds of spans; 0: until stdin is closed")
	interval := flag.Duration("interval", time.Second, "pause between rounds")
	flag.Parse()
	if *service == "" || *agent == "" {
		fmt.Fprintln(os.Stderr, "usage: go-sdk -service NAME -agent HOST [flags]")
		flag.PrintDefaults()
		os.Exit(2)
	}

	w := &watcher{next: http.DefaultTransport, path: *samplingPath}
	http.DefaultTransport = w

	ctx := context.Background()
	exporter, err := otlptracehttp.New(ctx,
		otlptracehttp.WithEndpoint(net.JoinHostPort(*agent, strconv.Itoa(*otlpPort))),
		otlptracehttp.WithInsecure())
	if err != nil {
		log.Fatalf("otlptracehttp: %v", err)
	}
	fallback := sdktrace.TraceIDRatioBased(*initial)
	sampler := jaegerremote.New(*service,
		jaegerremote.WithSamplingServerURL(fmt.Sprintf("http://%s%s", net.JoinHostPort(*agent, strconv.Itoa(*samplingPort)), *samplingPath)),
		jaegerremote.WithSamplingRefreshInterval(*refresh),
		jaegerremote.WithInitialSampler(fallback),
		jaegerremote.WithLogger(stdr.New(log.New(os.Stderr, "jaegerremote: ", log.LstdFlags))),
	)
	provider := sdktrace.NewTracerProvider(
		sdktrace.WithSampler(sampler),
		sdktrace.WithBatcher(exporter),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", *service))),
	)
	tracer := provider.Tracer("cdk8s-tracing-e2e/go-sdk")

	started := time.Now()
	for deadline := started.Add(*wait); time.Now().Before(deadline) && !w.state().Adopted; {
		time.Sleep(20 * time.Millisecond)
	}
	waited := time.Since(started).Milliseconds()

	stop := make(chan struct{})
	var once sync.Once
	quit := func() { once.Do(func() { close(stop) }) }
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() { <-signals; quit() }()
	if *rounds == 0 {
		go func() { _, _ = io.Copy(io.Discard, os.Stdin); quit() }()
	}

	out := json.NewEncoder(os.Stdout)
	failed := false
loop:
	for n := 1; *rounds == 0 || n <= *rounds; n++ {
		r := round{Service: *service, Round: n, Initial: fallback.Description(), Spans: *spans, Errors: *errorSpans, Ids: []ids{}, Strategy: w.state()}
		if n == 1 {
			r.WaitedMs = waited
		}
		for i := 0; i < *spans; i++ {
			_, span := tracer.Start(ctx, fmt.Sprintf("go-sdk op %d", i), oteltrace.WithAttributes(attribute.Int("e2e.round", n)))
			if *errorSpans {
				span.SetStatus(codes.Error, "failed")
			}
			span.End()
			sc := span.SpanContext()
			if !sc.IsSampled() {
				continue
			}
			r.Sampled++
			r.Ids = append(r.Ids, ids{TraceID: sc.TraceID().String(), SpanID: sc.SpanID().String()})
			if ro, ok := span.(sdktrace.ReadOnlySpan); ok && r.Attrs == nil {
				r.Attrs = map[string]any{}
				for _, kv := range ro.Attributes() {
					if k := string(kv.Key); strings.HasPrefix(k, "jaeger.sampler.") {
						r.Attrs[k] = kv.Value.AsInterface()
					}
				}
			}
		}
		// Steady: the strategy in force when the round started held for all of it.
		end := w.state()
		r.Steady = r.Strategy.Adopted && !r.Strategy.pending && end.changes == r.Strategy.changes
		flushCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
		if err := provider.ForceFlush(flushCtx); err != nil {
			r.ExportErr = err.Error()
			failed = true
		}
		cancel()
		if err := out.Encode(r); err != nil {
			log.Fatalf("stdout: %v", err)
		}
		if n == *rounds {
			break
		}
		select {
		case <-stop:
			break loop
		case <-time.After(*interval):
		}
	}

	shutdownCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	sampler.Close()
	if err := provider.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.Canceled) {
		log.Printf("shutdown: %v", err)
		failed = true
	}
	if failed {
		os.Exit(1)
	}
}
