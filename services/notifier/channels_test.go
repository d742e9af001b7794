package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

func TestShippedChannelTableLoads(t *testing.T) {
	channels, err := loadChannels(filepath.Join("..", "..", "assistant", "config", "channels.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(channels) == 0 || channels[0].Name == "" {
		t.Fatalf("got %+v", channels)
	}
}

func TestChannelsEndpoint(t *testing.T) {
	want := []Channel{{Name: "ops", Kind: "slack"}}
	rec := httptest.NewRecorder()
	newMux(want).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/channels", nil))
	var got []Channel
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != want[0] {
		t.Fatalf("got %+v", got)
	}
}
