package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHealth(t *testing.T) {
	rec := httptest.NewRecorder()
	Health(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != HealthBody {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestOnlyGet(t *testing.T) {
	handler := OnlyGet(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	for method, want := range map[string]int{http.MethodGet: http.StatusNoContent, http.MethodPost: http.StatusMethodNotAllowed} {
		rec := httptest.NewRecorder()
		handler(rec, httptest.NewRequest(method, "/", nil))
		if rec.Code != want {
			t.Errorf("%s: got %d, want %d", method, rec.Code, want)
		}
		if want == http.StatusMethodNotAllowed && rec.Header().Get("Allow") != http.MethodGet {
			t.Errorf("%s: Allow header %q", method, rec.Header().Get("Allow"))
		}
	}
}
