package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
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

// eraseStore answers the erasure's questions from fields; the rest of AdminStore is
// fakeDeletionStore's.
type eraseStore struct {
	fakeDeletionStore
	spellings []data.Spelling
	erasure   data.Erasure
	erased    []string // spellings erased
}

func (s *eraseStore) CandidateSpellings(context.Context, string) ([]data.Spelling, error) {
	return s.spellings, nil
}

func (s *eraseStore) PlanErasure(context.Context, string) (data.ErasureCounts, error) {
	return s.erasure.ErasureCounts, nil
}

func (s *eraseStore) EraseCandidateOnce(_ context.Context, _, spelling, _ string) (data.Erasure, error) {
	s.erased = append(s.erased, spelling)
	return s.erasure, nil
}

func newEraseAdmin(store *eraseStore, deleter MessageDeleter) *Admin {
	store.done, store.deferred = map[int64]string{}, map[int64]int{}
	return NewAdmin(AdminConfig{Store: store, Deleter: deleter, Admins: AdminIDs{"UADMIN"}})
}

func TestAdminEraseFlow(t *testing.T) {
	ctx := context.Background()
	twoSpellings := []data.Spelling{{Name: "Jane Doe", Interviews: 2}, {Name: "JANE DOE", Interviews: 1}}
	erasure := data.Erasure{Pseudonym: "candidate-1a2b3c4d", ErasureCounts: data.ErasureCounts{Interviews: 1},
		Deletions: []data.MessageDeletion{{ID: 1, Channel: "D0I1", TS: "1.1"}, {ID: 2, Channel: "C0HIRING", TS: "2.2"}, {ID: 3, Channel: "D0I2", TS: "3.3"}}}
	for _, tc := range []struct {
		name      string
		user      string
		command   string // the /hirebot-admin text, or "" to click Erase on "Jane Doe"
		spellings []data.Spelling
		deleter   fakeDeleter
		want      []string // in the answer
		erased    int
	}{
		{name: "several spellings ask which", user: "UADMIN", command: "erase jane doe", spellings: twoSpellings,
			want: []string{"Several candidates", "`Jane Doe` (2 interviews)", "`JANE DOE` (1 interviews)", "exact spelling"}},
		{name: "the exact spelling among several", user: "UADMIN", command: "erase JANE DOE", spellings: twoSpellings,
			want: []string{"Erase JANE DOE?"}},
		{name: "no one by that name", user: "UADMIN", command: "erase Nobody",
			want: []string{"No interviews are recorded for *Nobody*"}},
		{name: "a non-admin clicking Erase", user: "UOTHER",
			want: []string{"only for hirebot's admins"}},
		{name: "messages Slack refuses to delete are listed", user: "UADMIN",
			deleter: fakeDeleter{"2.2": &RefusedError{Code: "cant_delete_message"}, "3.3": errors.New("timeout")},
			want:    []string{"Deleted 1 of 3 messages", "1 could not be deleted yet", "*Could not delete*", "<#C0HIRING> message 2.2: cant_delete_message"}, erased: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := &eraseStore{spellings: tc.spellings, erasure: erasure}
			if tc.spellings == nil && tc.command != "erase Nobody" {
				store.spellings = []data.Spelling{{Name: "Jane Doe", Interviews: 1}}
			}
			a := newEraseAdmin(store, tc.deleter)
			var resp Response
			var err error
			if tc.command != "" {
				resp, err = a.command(ctx, Command{Name: "/hirebot-admin", Text: tc.command, UserID: tc.user})
			} else {
				resp, err = a.erase(ctx, Action{ActionID: ActionAdminErase, Value: "Jane Doe", UserID: tc.user})
			}
			got := responseText(t, resp, err)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("answer lacks %q:\n%s", w, got)
				}
			}
			if len(store.erased) != tc.erased {
				t.Errorf("erased %v, want %d erasures", store.erased, tc.erased)
			}
		})
	}
}

func TestAdminEraseConfirmIsDangerAndCancelRemovesIt(t *testing.T) {
	ctx := context.Background()
	a := newEraseAdmin(&eraseStore{spellings: []data.Spelling{{Name: "Jane Doe", Interviews: 1}}}, nil)
	resp, err := a.command(ctx, Command{Name: "/hirebot-admin", Text: "erase Jane Doe", UserID: "UADMIN"})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(resp.Replies[0].Blocks)
	var blocks []struct {
		Elements []struct {
			ActionID string `json:"action_id"`
			Confirm  *struct {
				Style string `json:"style"`
			} `json:"confirm"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(raw, &blocks); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, b := range blocks {
		for _, e := range b.Elements {
			if e.ActionID == ActionAdminErase {
				found = true
				if e.Confirm == nil || e.Confirm.Style != "danger" {
					t.Errorf("the erase confirmation is not red: %s", raw)
				}
			}
		}
	}
	if !found {
		t.Fatalf("no Erase button: %s", raw)
	}
	cancel, err := a.cancelErase(ctx, Action{ActionID: ActionAdminCancel, UserID: "UADMIN"})
	if err != nil || len(cancel.Replies) != 1 || !cancel.Replies[0].DeleteOriginal {
		t.Errorf("Cancel = %+v, %v; want the question removed", cancel, err)
	}
}

// responseText is every text a response's replies show, or the user error it failed with.
func responseText(t *testing.T, resp Response, err error) string {
	t.Helper()
	var ue *UserError
	if errors.As(err, &ue) {
		return ue.Msg
	}
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, m := range resp.Replies {
		b.WriteString(m.Text + "\n")
		raw, _ := json.Marshal(m.Blocks)
		for _, s := range blockTexts(raw) {
			b.WriteString(s + "\n")
		}
	}
	return b.String()
}

// TestAdminEraseListsWhatItCannotDelete: the confirmation and the report count the messages
// being sent and the export files, and list the messages hirebot cannot locate and the files
// Slack refuses to delete.
func TestAdminEraseListsWhatItCannotDelete(t *testing.T) {
	ctx := context.Background()
	sent := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	erasure := data.Erasure{Pseudonym: "candidate-1a2b3c4d",
		ErasureCounts:     data.ErasureCounts{Interviews: 1, Queued: 4, InFlight: 2, Unlocated: 1, Files: 2},
		UnlocatedMessages: []data.UnlocatedMessage{{Kind: "heads-up", Channel: "U0I1", SentAt: sent}},
		Files: []data.FileDeletion{{ID: 1, ExportFile: data.ExportFile{FileID: "F1", Channel: "D0ADMIN"}},
			{ID: 2, ExportFile: data.ExportFile{FileID: "F2", Channel: "D0ADMIN"}}}}
	store := &eraseStore{spellings: []data.Spelling{{Name: "Jane Doe", Interviews: 1}}, erasure: erasure}
	a := newEraseAdmin(store, fakeDeleter{"F2": &RefusedError{Code: "cant_delete_file"}})

	resp, err := a.command(ctx, Command{Name: "/hirebot-admin", Text: "erase Jane Doe", UserID: "UADMIN"})
	plan := responseText(t, resp, err)
	for _, w := range []string{"2 messages being sent right now", "2 export files", "*1 messages hirebot could not delete* (hirebot does not know where it is"} {
		if !strings.Contains(plan, w) {
			t.Errorf("the confirmation lacks %q:\n%s", w, plan)
		}
	}
	resp, err = a.erase(ctx, Action{ActionID: ActionAdminErase, Value: "Jane Doe", UserID: "UADMIN"})
	report := responseText(t, resp, err)
	for _, w := range []string{"2 messages about them were being sent", "Deleted 1 of 2 export files", "*Could not delete*",
		"• export file F2 (in <#D0ADMIN>): cant_delete_file",
		"• the heads up to <@U0I1>, sent 2026-03-02 09:30 UTC: could not delete (hirebot does not know where it is)"} {
		if !strings.Contains(report, w) {
			t.Errorf("the report lacks %q:\n%s", w, report)
		}
	}
	if got := store.filesDone; got[1] != "" || got[2] != "cant_delete_file" || len(got) != 2 {
		t.Errorf("file deletions recorded %v", got)
	}
}
