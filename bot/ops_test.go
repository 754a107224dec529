package bot

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestReadyzNamesWhatIsWrong(t *testing.T) {
	b, err := New(Config{AppToken: "xapp-1", BotToken: "xoxb-1"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		connected bool
		ping      error
		code      int
		want      string
	}{
		{"ready", true, nil, http.StatusOK, "ready"},
		{"no socket", false, nil, http.StatusServiceUnavailable, "not connected to Slack"},
		{"no database", true, errors.New("disk gone"), http.StatusServiceUnavailable, "database: disk gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b.connected.Store(tt.connected)
			h := OpsHandler(b, func(context.Context) error { return tt.ping }, NewMetrics())
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			if rec.Code != tt.code || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("/readyz = %d %q, want %d containing %q", rec.Code, rec.Body.String(), tt.code, tt.want)
			}
		})
	}
}
