package main

import (
	"encoding/json"
	"net/http"

	"github.com/kyma-project/kyma-companion/assistant/shared/httpx"
)

// BuildInfo is what /version reports.
type BuildInfo struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
}

func newMux(info BuildInfo) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", httpx.Health)
	mux.HandleFunc("/version", httpx.OnlyGet(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(info)
	}))
	return mux
}
