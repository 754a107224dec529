package bot

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// OpsHandler serves the operations endpoints: /healthz (the process is alive), /readyz
// (connected to Slack and the database answers) and /metrics (Prometheus).
func OpsHandler(b *Bot, ping func(context.Context) error, m *Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		var problems []string
		if !b.Connected() {
			problems = append(problems, "not connected to Slack")
		}
		if err := ping(ctx); err != nil {
			problems = append(problems, "database: "+err.Error())
		}
		if len(problems) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			for _, p := range problems {
				fmt.Fprintln(w, p)
			}
			return
		}
		fmt.Fprintln(w, "ready")
	})
	if m != nil {
		mux.Handle("GET /metrics", m.Handler())
	}
	return mux
}
