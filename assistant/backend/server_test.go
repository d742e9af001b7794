package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHealthz(t *testing.T) {
	rec := httptest.NewRecorder()
	newMux(BuildInfo{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != "ok\n" {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestVersionReportsBuildInfo(t *testing.T) {
	rec := httptest.NewRecorder()
	want := BuildInfo{Version: "1.2.3", Commit: "abc1234"}
	newMux(want).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/version", nil))
	var got BuildInfo
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestVersionRejectsPost(t *testing.T) {
	rec := httptest.NewRecorder()
	newMux(BuildInfo{}).ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/version", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("got %d", rec.Code)
	}
}
