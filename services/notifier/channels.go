package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

// Channel is one destination notifications can go to.
type Channel struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

func loadChannels(path string) ([]Channel, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var channels []Channel
	if err := json.Unmarshal(data, &channels); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return channels, nil
}

func newMux(channels []Channel) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("/channels", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(channels)
	})
	return mux
}
