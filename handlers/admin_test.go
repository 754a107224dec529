package handlers

import (
	"testing"
	"time"

	"hirebot/data"
)

func TestAuditQuery(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		text string
		want data.AuditFilter
	}{
		{"", data.AuditFilter{}},
		{"Jane  Doe", data.AuditFilter{Candidate: "Jane Doe"}},
		{"jane doe 7d", data.AuditFilter{Candidate: "jane doe", Since: now.AddDate(0, 0, -7)}},
		{"<@U0HM|hana> 24h", data.AuditFilter{Actor: "U0HM", Since: now.Add(-24 * time.Hour)}},
		{"U0HM1234", data.AuditFilter{Actor: "U0HM1234"}},
		{"2026-11-01", data.AuditFilter{Since: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}},
		{"candidate-1a2b3c4d 2w", data.AuditFilter{Candidate: "candidate-1a2b3c4d", Since: now.AddDate(0, 0, -14)}},
	} {
		tc.want.Limit = adminAuditCap
		if got := auditQuery(tc.text, now); got != tc.want {
			t.Errorf("auditQuery(%q) = %+v, want %+v", tc.text, got, tc.want)
		}
	}
}
