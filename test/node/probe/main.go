// Command probe is the node tier's stand-in for an application and for a neighbour: one static
// binary, standard library only, whose result is its exit status and one line written to the
// container's termination-message file (read back from the Pod's status).
//
//	probe serve ADDR          answer 200 on every path at ADDR (a look-alike target)
//	probe connect HOST:PORT   exit 0 when a TCP connection opens within 3 s, 1 otherwise
//	probe get URL             exit 0 on a 2xx answer, 1 otherwise
//	probe spans N             send N one-span traces (every 3rd an error) as OTLP/HTTP JSON to
//	                          $OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces as $OTEL_SERVICE_NAME;
//	                          the line lists the trace ids
//	probe load [--pad=BYTES] RATE SECONDS NAME
//	                          steady load: each second one request of RATE one-span error traces
//	                          (kept by the tail sampler) named NAME, each request retried for up
//	                          to a minute as an SDK's exporter does; the line says how many traces
//	                          were accepted and how many given up; --pad adds an attribute of
//	                          BYTES to every span (a heavy load)
//	probe env PREFIX          the line lists the environment variables starting with PREFIX
//
// A first argument --after=DURATION waits that long before the command: a NetworkPolicy
// enforcer learns of a new pod from the API server, so a pod's very first packets can pass or
// fail before its policies exist (an SDK retries; a one-shot probe would report the race).
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

const terminationLog = "/dev/termination-log"

func finish(code int, format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	fmt.Println(line)
	_ = os.WriteFile(terminationLog, []byte(line), 0o644)
	os.Exit(code)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// exporter is where the SDK environment says to send spans, as which service.
func exporter() (endpoint, service string) {
	endpoint = strings.TrimSuffix(os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT"), "/")
	service = os.Getenv("OTEL_SERVICE_NAME")
	if endpoint == "" || service == "" {
		finish(2, "OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME must be set")
	}
	return endpoint, service
}

// traces is an OTLP/HTTP JSON body of count one-span traces named name; isError says which fail,
// and every span carries an attribute of pad bytes when pad > 0.
func traces(service, name string, count, pad int, isError func(int) bool) (body []byte, ids []string) {
	padding := strings.Repeat("x", pad)
	var list []map[string]any
	now := time.Now()
	for i := 0; i < count; i++ {
		id := randomHex(16)
		ids = append(ids, id)
		span := map[string]any{
			"traceId": id, "spanId": randomHex(8), "name": name, "kind": 2,
			"startTimeUnixNano": strconv.FormatInt(now.Add(-50*time.Millisecond).UnixNano(), 10),
			"endTimeUnixNano":   strconv.FormatInt(now.UnixNano(), 10),
		}
		if pad > 0 {
			span["attributes"] = []any{map[string]any{"key": "node_tier.padding", "value": map[string]any{"stringValue": padding}}}
		}
		if isError(i) {
			span["status"] = map[string]any{"code": 2, "message": "node tier error"}
		}
		list = append(list, span)
	}
	body, _ = json.Marshal(map[string]any{"resourceSpans": []any{map[string]any{
		"resource":   map[string]any{"attributes": []any{map[string]any{"key": "service.name", "value": map[string]any{"stringValue": service}}}},
		"scopeSpans": []any{map[string]any{"scope": map[string]any{"name": "node-tier-probe"}, "spans": list}},
	}}})
	return body, ids
}

func send(client *http.Client, endpoint string, body []byte) error {
	resp, err := client.Post(endpoint+"/v1/traces", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s", resp.Status)
	}
	return nil
}

func spans(count int) {
	endpoint, service := exporter()
	body, ids := traces(service, "node-tier-request", count, 0, func(i int) bool { return i%3 == 0 })
	if err := send(&http.Client{Timeout: 10 * time.Second}, endpoint, body); err != nil {
		finish(1, "send: %v", err)
	}
	finish(0, "%s", strings.Join(ids, ","))
}

// load sends rate error traces a second for seconds, padded with pad bytes; a request that fails
// is retried with backoff for up to a minute (an SDK's exporter retries so), while the next
// seconds' requests go out on their own schedule.
func load(rate, seconds int, name string, pad int) {
	endpoint, service := exporter()
	client := &http.Client{Timeout: 5 * time.Second}
	type outcome struct{ accepted, retried bool }
	results := make(chan outcome, seconds)
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for s := 0; s < seconds; s++ {
		body, _ := traces(service, name, rate, pad, func(int) bool { return true })
		go func() {
			retried := false
			for deadline, backoff := time.Now().Add(time.Minute), 500*time.Millisecond; ; backoff *= 2 {
				if send(client, endpoint, body) == nil {
					results <- outcome{true, retried}
					return
				}
				if time.Now().Add(backoff).After(deadline) {
					results <- outcome{false, retried}
					return
				}
				retried = true
				time.Sleep(min(backoff, 8*time.Second))
			}
		}()
		<-ticker.C
	}
	accepted, givenUp, retried := 0, 0, 0
	for s := 0; s < seconds; s++ {
		r := <-results
		if r.accepted {
			accepted += rate
		} else {
			givenUp += rate
		}
		if r.retried {
			retried++
		}
	}
	finish(0, "accepted=%d givenUp=%d retriedRequests=%d", accepted, givenUp, retried)
}

func main() {
	if len(os.Args) > 1 && strings.HasPrefix(os.Args[1], "--after=") {
		wait, err := time.ParseDuration(strings.TrimPrefix(os.Args[1], "--after="))
		if err != nil {
			finish(2, "--after: %v", err)
		}
		time.Sleep(wait)
		os.Args = append(os.Args[:1], os.Args[2:]...)
	}
	if len(os.Args) < 2 {
		finish(2, "usage: probe [--after=DURATION] serve|connect|get|spans|load|env ...")
	}
	arg := ""
	if len(os.Args) > 2 {
		arg = os.Args[2]
	}
	switch os.Args[1] {
	case "serve":
		err := http.ListenAndServe(arg, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) }))
		finish(1, "serve: %v", err)
	case "connect":
		conn, err := net.DialTimeout("tcp", arg, 3*time.Second)
		if err != nil {
			finish(1, "refused: %v", err)
		}
		conn.Close()
		finish(0, "connected")
	case "get":
		client := &http.Client{Timeout: 3 * time.Second}
		resp, err := client.Get(arg)
		if err != nil {
			finish(1, "refused: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			finish(1, "answered %s", resp.Status)
		}
		finish(0, "answered %s", resp.Status)
	case "spans":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 {
			finish(2, "spans: N must be a positive number")
		}
		spans(n)
	case "load":
		flags := flag.NewFlagSet("load", flag.ContinueOnError)
		pad := flags.Int("pad", 0, "bytes of padding attribute per span")
		usage := "load: [--pad=BYTES] RATE SECONDS NAME"
		if flags.Parse(os.Args[2:]) != nil || flags.NArg() != 3 || *pad < 0 {
			finish(2, "%s", usage)
		}
		rate, err1 := strconv.Atoi(flags.Arg(0))
		seconds, err2 := strconv.Atoi(flags.Arg(1))
		if err1 != nil || err2 != nil || rate < 1 || seconds < 1 {
			finish(2, "load: RATE and SECONDS must be positive numbers")
		}
		load(rate, seconds, flags.Arg(2), *pad)
	case "env":
		var names []string
		for _, kv := range os.Environ() {
			if strings.HasPrefix(kv, arg) {
				names = append(names, kv)
			}
		}
		sort.Strings(names)
		finish(0, "%s", strings.Join(names, " "))
	default:
		finish(2, "unknown command %q", os.Args[1])
	}
}
