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

func spans(count int) {
	endpoint := strings.TrimSuffix(os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT"), "/")
	service := os.Getenv("OTEL_SERVICE_NAME")
	if endpoint == "" || service == "" {
		finish(2, "OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME must be set")
	}
	var ids []string
	var list []map[string]any
	now := time.Now()
	for i := 0; i < count; i++ {
		id := randomHex(16)
		ids = append(ids, id)
		span := map[string]any{
			"traceId": id, "spanId": randomHex(8), "name": "node-tier-request", "kind": 2,
			"startTimeUnixNano": strconv.FormatInt(now.Add(-50*time.Millisecond).UnixNano(), 10),
			"endTimeUnixNano":   strconv.FormatInt(now.UnixNano(), 10),
		}
		if i%3 == 0 {
			span["status"] = map[string]any{"code": 2, "message": "node tier error"}
		}
		list = append(list, span)
	}
	body, _ := json.Marshal(map[string]any{"resourceSpans": []any{map[string]any{
		"resource":   map[string]any{"attributes": []any{map[string]any{"key": "service.name", "value": map[string]any{"stringValue": service}}}},
		"scopeSpans": []any{map[string]any{"scope": map[string]any{"name": "node-tier-probe"}, "spans": list}},
	}}})
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Post(endpoint+"/v1/traces", "application/json", bytes.NewReader(body))
	if err != nil {
		finish(1, "send: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		finish(1, "send: %s", resp.Status)
	}
	finish(0, "%s", strings.Join(ids, ","))
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
		finish(2, "usage: probe [--after=DURATION] serve|connect|get|spans|env ...")
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
