package handlers

import (
	"context"
	"strings"
	"testing"
	"time"

	"hirebot/data"
)

type fakeRetentionStore struct {
	runs []data.RetentionRun
	rep  data.RetentionReport
}

func (f *fakeRetentionStore) RunRetention(_ context.Context, r data.RetentionRun) (data.RetentionReport, error) {
	f.runs = append(f.runs, r)
	return f.rep, nil
}

func TestRetentionTellsTheAdmins(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 5, 0, 0, time.UTC)
	store := &fakeRetentionStore{rep: data.RetentionReport{Ran: true, Interviews: 3, Candidates: 2, Held: 1}}
	r := NewRetention(RetentionConfig{Store: store, Period: 400 * 24 * time.Hour, Admins: AdminIDs{"UA", "UB"}, Now: func() time.Time { return now }})
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(store.runs) != 1 || !store.runs[0].Cutoff.Equal(now.AddDate(0, 0, -400)) {
		t.Fatalf("runs %+v", store.runs)
	}
	msgs := store.runs[0].Notify(data.RetentionReport{Ran: true, Interviews: 3, Candidates: 2, Held: 1, Cutoff: now.AddDate(0, 0, -400)})
	if len(msgs) != 2 || msgs[0].Channel != "UA" || msgs[1].Channel != "UB" ||
		!strings.Contains(msgs[0].Text, "Retention: 3 interviews of 2 candidates anonymised; 1 candidate on legal hold kept.") {
		t.Fatalf("notices %+v", msgs)
	}
	if msgs := store.runs[0].Notify(data.RetentionReport{Ran: true, Held: 2}); len(msgs) != 0 {
		t.Fatalf("a purge that anonymised nothing told the admins %+v", msgs)
	}
}

func TestRetentionOffRunsNothing(t *testing.T) {
	store := &fakeRetentionStore{}
	if _, err := NewRetention(RetentionConfig{Store: store}).Run(context.Background()); err != nil || len(store.runs) != 0 {
		t.Fatalf("retention off ran %d times (%v)", len(store.runs), err)
	}
	var none *Retention
	if _, err := none.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}
