package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"hirebot/data"
)

// fakeDeletionStore keeps message deletions in memory; the rest of AdminStore is not used.
type fakeDeletionStore struct {
	AdminStore
	pending  []data.MessageDeletion
	done     map[int64]string // id → cause
	deferred map[int64]int    // id → tries
	queued   []data.OutboxMessage

	files         []data.FileDeletion
	filesDone     map[int64]string // export file deletion id → cause
	filesDeferred map[int64]int    // id → tries
}

func (f *fakeDeletionStore) ClaimFileDeletions(context.Context, time.Time, time.Duration, int) ([]data.FileDeletion, error) {
	var out []data.FileDeletion
	for _, d := range f.files {
		if _, ok := f.filesDone[d.ID]; !ok {
			d.Attempts = f.filesDeferred[d.ID]
			out = append(out, d)
		}
	}
	return out, nil
}

func (f *fakeDeletionStore) FileDeletionDone(_ context.Context, id int64, _ time.Time, cause string, notices ...data.OutboxMessage) error {
	if f.filesDone == nil {
		f.filesDone = map[int64]string{}
	}
	f.filesDone[id] = cause
	f.queued = append(f.queued, notices...) // in the same transaction in the real store
	return nil
}

func (f *fakeDeletionStore) FileDeletionDeferred(_ context.Context, id int64, _ time.Time, _ string) error {
	if f.filesDeferred == nil {
		f.filesDeferred = map[int64]int{}
	}
	f.filesDeferred[id]++
	return nil
}

func (f *fakeDeletionStore) ClaimDeletions(context.Context, time.Time, time.Duration, int) ([]data.MessageDeletion, error) {
	var out []data.MessageDeletion
	for _, d := range f.pending {
		if _, ok := f.done[d.ID]; !ok {
			d.Attempts = f.deferred[d.ID]
			out = append(out, d)
		}
	}
	return out, nil
}

func (f *fakeDeletionStore) DeletionDone(_ context.Context, id int64, _ time.Time, cause string, notices ...data.OutboxMessage) error {
	f.done[id] = cause
	f.queued = append(f.queued, notices...) // in the same transaction in the real store
	return nil
}

func (f *fakeDeletionStore) DeletionDeferred(_ context.Context, id int64, _ time.Time, _ string) error {
	f.deferred[id]++
	return nil
}

func (f *fakeDeletionStore) Enqueue(_ context.Context, msgs ...data.OutboxMessage) error {
	f.queued = append(f.queued, msgs...)
	return nil
}

// fakeDeleter answers chat.delete per message ts.
type fakeDeleter map[string]error

func (f fakeDeleter) DeleteMessage(_ context.Context, _, ts string) error { return f[ts] }

// DeleteFile answers files.delete per file id.
func (f fakeDeleter) DeleteFile(_ context.Context, id string) error { return f[id] }

func TestRetryDeletionsIsBoundedAndTellsTheAdmins(t *testing.T) {
	store := &fakeDeletionStore{done: map[int64]string{}, deferred: map[int64]int{}, pending: []data.MessageDeletion{
		{ID: 1, Channel: "D1", TS: "1.1"}, // deleted (or gone already: the deleter says nil then)
		{ID: 2, Channel: "D1", TS: "2.2"}, // refused for good
		{ID: 3, Channel: "D2", TS: "3.3"}, // Slack does not answer, every time
	}}
	deleter := fakeDeleter{
		"2.2": &RefusedError{Code: "cant_delete_message", Err: errors.New("no")},
		"3.3": &RetryLaterError{Err: errors.New("timeout")},
	}
	a := NewAdmin(AdminConfig{Store: store, Deleter: deleter, Admins: AdminIDs{"UADMIN"}})
	rep, err := a.RetryDeletions(context.Background())
	if err != nil || rep != (DeletionReport{Deleted: 1, Deferred: 1, Failed: 1}) {
		t.Fatalf("first retry %+v, %v", rep, err)
	}
	if store.done[1] != "" || store.done[2] != "cant_delete_message" || store.deferred[3] != 1 {
		t.Fatalf("recorded done %v deferred %v", store.done, store.deferred)
	}
	if len(store.queued) != 1 || store.queued[0].Channel != "UADMIN" || !strings.Contains(store.queued[0].Text, "<#D1> message 2.2: cant_delete_message") {
		t.Fatalf("told the admins %+v", store.queued)
	}
	for range deletionAttempts - 1 {
		if _, err := a.RetryDeletions(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if cause, ok := store.done[3]; !ok || cause != "Slack did not answer" || store.deferred[3] != deletionAttempts-1 {
		t.Fatalf("after %d tries: done %q (%v), deferred %d times", deletionAttempts, cause, ok, store.deferred[3])
	}
	if len(store.queued) != 2 || !strings.Contains(store.queued[1].Text, "<#D2> message 3.3: Slack did not answer") {
		t.Fatalf("the admins were not told of the last give-up: %+v", store.queued)
	}
	if rep, _ := a.RetryDeletions(context.Background()); rep != (DeletionReport{}) {
		t.Fatalf("a retry with nothing left %+v", rep)
	}
}

// TestRetryDeletionsDeletesExportFiles: the sweep claims export files an erasure left pending
// (or failed to delete for now), bounded as message deletions are, and tells the admins when it
// gives up.
func TestRetryDeletionsDeletesExportFiles(t *testing.T) {
	store := &fakeDeletionStore{done: map[int64]string{}, deferred: map[int64]int{}, files: []data.FileDeletion{
		{ID: 1, ExportFile: data.ExportFile{FileID: "F1", Channel: "D0ADMIN"}}, // left pending by a stop
		{ID: 2, ExportFile: data.ExportFile{FileID: "F2"}},                     // refused for good
		{ID: 3, ExportFile: data.ExportFile{FileID: "F3", Channel: "D0ADMIN"}}, // rate limited, every time
	}}
	deleter := fakeDeleter{
		"F2": &RefusedError{Code: "cant_delete_file", Err: errors.New("no")},
		"F3": &RetryLaterError{Err: errors.New("ratelimited")},
	}
	a := NewAdmin(AdminConfig{Store: store, Deleter: deleter, Admins: AdminIDs{"UADMIN"}})
	rep, err := a.RetryDeletions(context.Background())
	if err != nil || rep != (DeletionReport{Deleted: 1, Deferred: 1, Failed: 1}) {
		t.Fatalf("first retry %+v, %v", rep, err)
	}
	if store.filesDone[1] != "" || store.filesDone[2] != "cant_delete_file" || store.filesDeferred[3] != 1 {
		t.Fatalf("recorded done %v deferred %v", store.filesDone, store.filesDeferred)
	}
	if len(store.queued) != 1 || store.queued[0].Channel != "UADMIN" || !strings.Contains(store.queued[0].Text, "export file F2: cant_delete_file") {
		t.Fatalf("told the admins %+v", store.queued)
	}
	for range deletionAttempts - 1 {
		if _, err := a.RetryDeletions(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if cause, ok := store.filesDone[3]; !ok || cause != "Slack did not answer" || store.filesDeferred[3] != deletionAttempts-1 {
		t.Fatalf("after %d tries: done %q (%v), deferred %d times", deletionAttempts, cause, ok, store.filesDeferred[3])
	}
	if len(store.queued) != 2 || !strings.Contains(store.queued[1].Text, "export file F3 (in <#D0ADMIN>): Slack did not answer") {
		t.Fatalf("the admins were not told of the last give-up: %+v", store.queued)
	}
	if rep, _ := a.RetryDeletions(context.Background()); rep != (DeletionReport{}) {
		t.Fatalf("a retry with nothing left %+v", rep)
	}
}

// exportStore exports one candidate who is erased before Slack has the files.
type exportStore struct {
	fakeDeletionStore
	audited     []data.AuditEntry
	recordedIDs [][]int64
}

func (s *exportStore) ExportCandidate(context.Context, string) (data.CandidateExport, error) {
	return data.CandidateExport{Candidate: "Jane Doe", Interviews: []data.ExportedInterview{
		{Interview: data.Interview{ID: 9, Candidate: "JANE DOE"}}, {Interview: data.Interview{ID: 7, Candidate: "Jane Doe"}}}}, nil
}

func (s *exportStore) Audit(_ context.Context, e data.AuditEntry) error {
	s.audited = append(s.audited, e)
	return nil
}

// RecordExportFile answers as the store does when an exported interview is gone.
func (s *exportStore) RecordExportFile(_ context.Context, ids []int64, f data.ExportFile) (*data.FileDeletion, error) {
	s.recordedIDs = append(s.recordedIDs, ids)
	return &data.FileDeletion{ID: int64(len(s.filesDone) + 1), ExportFile: f}, nil
}

// TestExportFileOfACandidateErasedMeanwhileIsDeleted: a file that reaches Slack after its
// candidate was erased is deleted at once; the store is told which interviews the files hold, and
// the audit entry of the export names the newest of them.
func TestExportFileOfACandidateErasedMeanwhileIsDeleted(t *testing.T) {
	ctx := context.Background()
	store := &exportStore{}
	deleted := map[string]bool{}
	a := NewAdmin(AdminConfig{Store: store, Deleter: recordingDeleter(deleted), Admins: AdminIDs{"UADMIN"}})
	resp, err := a.command(ctx, Command{Name: "/hirebot-admin", Text: "export Jane Doe", UserID: "UADMIN"})
	if err != nil || len(resp.Files) != 2 {
		t.Fatalf("export = %+v, %v", resp, err)
	}
	for i, f := range resp.Files {
		if err := f.Shared(ctx, SharedFile{FileID: fmt.Sprintf("F%d", i+1), Channel: "DADMIN"}); err != nil {
			t.Fatal(err)
		}
	}
	if !deleted["F1"] || !deleted["F2"] || len(store.filesDone) != 2 || store.filesDone[1] != "" || store.filesDone[2] != "" {
		t.Fatalf("deleted %v, recorded %v; want both files deleted and recorded so", deleted, store.filesDone)
	}
	if len(store.recordedIDs) != 2 {
		t.Fatalf("%d files recorded; want both", len(store.recordedIDs))
	}
	for _, ids := range store.recordedIDs {
		if !slices.Equal(ids, []int64{9, 7}) {
			t.Fatalf("files recorded for interviews %v; want every one exported", store.recordedIDs)
		}
	}
	if len(store.audited) != 1 || store.audited[0].InterviewID != 7 {
		t.Fatalf("audited %+v; want the export, naming the newest interview", store.audited)
	}
}

// recordingDeleter deletes every file, noting which.
type recordingDeleter map[string]bool

func (d recordingDeleter) DeleteMessage(context.Context, string, string) error { return nil }

func (d recordingDeleter) DeleteFile(_ context.Context, id string) error {
	d[id] = true
	return nil
}
