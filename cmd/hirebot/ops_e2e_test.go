package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestOpsEndpointsAndHealthcheck(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	fake := newFake(t, fakeslack.Options{})
	h := startBot(t, fake, map[string]string{"HIREBOT_HTTP_ADDR": addr, "HIREBOT_REMINDER_SCHEDULE": "@every 1h"})
	h.Command(slacktest.Recruiter, slacktest.Hiring, "/salary", "seattle")

	if code, body := get(t, "http://"+addr+"/healthz"); code != http.StatusOK || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if code, body := get(t, "http://"+addr+"/readyz"); code != http.StatusOK {
		t.Errorf("/readyz = %d %q, want ready", code, body)
	}
	_, metrics := get(t, "http://"+addr+"/metrics")
	for _, want := range []string{
		`hirebot_events_received_total{type="slash_commands"} 1`,
		"hirebot_ack_latency_seconds_count 1",
		`hirebot_slack_api_calls_total{method="auth.test",status="200"}`,
		`hirebot_slack_api_calls_total{method="apps.connections.open",status="200"}`,
		"hirebot_reminders_total",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	var out bytes.Buffer
	env := map[string]string{"HIREBOT_HTTP_ADDR": addr}
	if err := run(context.Background(), []string{"healthcheck"}, func(k string) string { return env[k] }, &out, io.Discard); err != nil {
		t.Errorf("healthcheck against a ready bot: %v", err)
	}
	if err := h.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"healthcheck"}, func(k string) string { return env[k] }, &out, io.Discard); err == nil {
		t.Error("healthcheck succeeded against a stopped bot")
	}
}

// TestFatalSlackErrorStopsEverything checks that a bot Slack refuses exits with the error even
// with the ops listener on, instead of hanging on its side services.
func TestFatalSlackErrorStopsEverything(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{})
	env := map[string]string{
		"SLACK_APP_TOKEN": fake.AppToken(), "SLACK_BOT_TOKEN": "xoxb-revoked", "SLACK_API_URL": fake.APIURL(),
		"HIREBOT_DB": t.TempDir() + "/hirebot.db", "HIREBOT_HTTP_ADDR": freeAddr(t),
	}
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), nil, func(k string) string { return env[k] }, io.Discard, io.Discard)
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
			t.Errorf("run = %v, want invalid_auth", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("hirebot did not exit after Slack refused its token")
	}
}
