package handlers

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"hirebot/data"
)

func TestBlockTexts(t *testing.T) {
	for _, tc := range []struct {
		name, blocks string
		want         []string
	}{
		{"none", ``, nil},
		{"not JSON", `[{`, nil},
		{"section and fields", `[{"type":"section","text":{"type":"mrkdwn","text":"Every scorecard is in"},"fields":[{"type":"mrkdwn","text":"Hire: *1*"}]}]`,
			[]string{"Every scorecard is in", "Hire: *1*"}},
		{"context and buttons", `[{"type":"context","elements":[{"type":"mrkdwn","text":"Due Friday"}]},{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"View summary"},"value":"7"}]}]`,
			[]string{"Due Friday", "View summary"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := blockTexts(json.RawMessage(tc.blocks)); !slices.Equal(got, tc.want) {
				t.Errorf("blockTexts = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestExportMarkdownShowsMessagesAsSeenAndTheHold(t *testing.T) {
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	md := exportMarkdown(data.CandidateExport{
		Candidate: "Jane Doe", ExportedAt: at, LegalHold: true, HeldBy: "U0ADM", HeldAt: &at,
		Messages: []data.ExportedMessage{{Kind: "panel-complete", To: "U0HM", Text: "Every scorecard is in for Jane Doe",
			Blocks: json.RawMessage(`[{"type":"section","text":{"type":"mrkdwn","text":"Strong hire: *1*\nHire: *1*"}}]`),
			Status: "sent", CreatedAt: at, SentChannel: "D0HM", SentTS: "1764579600.000100"}},
	})
	for _, want := range []string{
		"Under legal hold, placed by U0ADM on 2026-11-30 09:00 UTC.",
		"panel-complete to U0HM (sent in D0HM, message 1764579600.000100): Every scorecard is in for Jane Doe",
		"  > Strong hire: *1*\n  > Hire: *1*",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("export lacks %q:\n%s", want, md)
		}
	}
}
