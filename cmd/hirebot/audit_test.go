package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hirebot/data"
)

func TestAuditExportPrintsJSONLinesSinceADay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []data.AuditEntry{
		{At: time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC), Actor: "U1", Action: data.AuditViewedSummary, Candidate: "Old One"},
		{At: time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC), Actor: "U2", Action: data.AuditExported, Candidate: "Jane Doe"},
	} {
		if err := s.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	var out, errs bytes.Buffer
	env := func(k string) string { return map[string]string{"HIREBOT_DB": path}[k] }
	if err := run(ctx, []string{"audit", "export", "-since", "2026-11-01"}, env, &out, &errs); err != nil {
		t.Fatalf("audit export: %v\n%s", err, errs.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var got auditLineJSON
	if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &got) != nil || got.Actor != "U2" || got.Action != "exported" || got.Candidate != "Jane Doe" {
		t.Fatalf("audit export printed %q", out.String())
	}
	if err := run(ctx, []string{"audit", "export", "-since", "November"}, env, &out, &errs); err == nil || !strings.Contains(err.Error(), "2026-11-01") {
		t.Fatalf("a bad -since: %v", err)
	}
}
