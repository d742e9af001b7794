// Command notifier serves the assistant's notification channels. Its image ships the channel
// table owned by assistant/config, which is why it is built from the workspace root.
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	addr := envOr("NOTIFIER_ADDR", ":8081")
	path := envOr("NOTIFIER_CONFIG", "/etc/notifier/channels.json")
	channels, err := loadChannels(path)
	if err != nil {
		log.Fatalf("notifier: %v", err)
	}
	log.Printf("notifier listening on %s with %d channels", addr, len(channels))
	log.Fatal(http.ListenAndServe(addr, newMux(channels)))
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
