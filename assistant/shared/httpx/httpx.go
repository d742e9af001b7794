// Package httpx holds the small HTTP helpers the assistant's services share.
package httpx

import "net/http"

// HealthBody is what every service's /healthz answers with.
const HealthBody = "ok\n"

// Health answers liveness probes with 200 and a plain-text "ok".
func Health(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(HealthBody))
}

// OnlyGet wraps a handler so that any method other than GET gets 405 with an Allow header.
func OnlyGet(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", http.MethodGet)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		next(w, r)
	}
}
