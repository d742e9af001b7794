// Command backend is the assistant's HTTP backend. It is released as a container image by the
// nx-docker-release plugin; the build stamps Version and Commit through -ldflags.
package main

import (
	"log"
	"net/http"
	"os"
)

// Set at build time: go build -ldflags "-X main.Version=... -X main.Commit=...".
var (
	Version = "dev"
	Commit  = "unknown"
)

func main() {
	addr := os.Getenv("BACKEND_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	log.Printf("backend %s (%s) listening on %s", Version, Commit, addr)
	log.Fatal(http.ListenAndServe(addr, newMux(BuildInfo{Version: Version, Commit: Commit})))
}
