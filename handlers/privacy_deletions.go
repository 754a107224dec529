package handlers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hirebot/data"
)

// Message and export-file deletions an erasure could not finish (Slack did not answer, or the
// process stopped in between) are retried by the scheduled sweep: a deletion is left alone for deletionIdle after
// its last try, and given up after deletionAttempts tries.
const (
	deletionIdle     = 10 * time.Minute
	deletionAttempts = 5
	deletionBatch    = 50
)

// DeletionReport is what a retry of message and export-file deletions did.
type DeletionReport struct {
	Deleted, Deferred, Failed int
}

// count adds one try's outcome (see deleteOne) to the report.
func (r *DeletionReport) count(cause string, gaveUp bool) {
	switch {
	case gaveUp:
		r.Failed++
	case cause != "":
		r.Deferred++
	default:
		r.Deleted++
	}
}

// RetryDeletions tries again the message and export-file deletions erasures left pending (and
// the files of exports that finished uploading after their candidate was erased), and tells the
// admins about those it gives up on, so they can delete them by hand.
func (a *Admin) RetryDeletions(ctx context.Context) (DeletionReport, error) {
	var rep DeletionReport
	if a == nil || a.store == nil {
		return rep, nil
	}
	ds, err := a.store.ClaimDeletions(ctx, a.now(), deletionIdle, deletionBatch)
	if err != nil {
		return rep, fmt.Errorf("retry deletions: %w", err)
	}
	for _, d := range ds {
		rep.count(a.deleteOne(ctx, d, true))
	}
	fs, err := a.store.ClaimFileDeletions(ctx, a.now(), deletionIdle, deletionBatch)
	if err != nil {
		return rep, fmt.Errorf("retry file deletions: %w", err)
	}
	for _, f := range fs {
		rep.count(a.deleteFile(ctx, f, true))
	}
	return rep, nil
}

// deleteOne deletes a message from Slack and records how it went. cause is "" when it is gone
// (a message already gone counts); otherwise Slack's reason, and gaveUp says whether hirebot
// stops trying: Slack refused for good, or this was the last try. With tell, giving up queues a
// message to each admin (in the same transaction) to delete it by hand; the erase button lists
// them in its own answer instead.
func (a *Admin) deleteOne(ctx context.Context, d data.MessageDeletion, tell bool) (cause string, gaveUp bool) {
	return a.tryDeleting(ctx, deletionTry{
		what: "message", attempts: d.Attempts, logAttrs: []any{"channel", d.Channel, "ts", d.TS, "deletion", d.ID},
		byHand: fmt.Sprintf("a message it had posted about an erased candidate; delete it by hand:\n• <#%s> message %s", d.Channel, d.TS),
		del:    func(ctx context.Context) error { return a.deleter.DeleteMessage(ctx, d.Channel, d.TS) },
		deferred: func(ctx context.Context, at time.Time, cause string) error {
			return a.store.DeletionDeferred(ctx, d.ID, at, cause)
		},
		done: func(ctx context.Context, at time.Time, cause string, notices ...data.OutboxMessage) error {
			return a.store.DeletionDone(ctx, d.ID, at, cause, notices...)
		},
	}, tell)
}

// deleteFile deletes an export file from Slack and records how it went, as deleteOne does a
// message (a file already gone counts as deleted).
func (a *Admin) deleteFile(ctx context.Context, f data.FileDeletion, tell bool) (cause string, gaveUp bool) {
	return a.tryDeleting(ctx, deletionTry{
		what: "export file", attempts: f.Attempts, logAttrs: []any{"file", f.FileID},
		byHand: fmt.Sprintf("a file of an export about an erased candidate; delete it by hand:\n• export file %s%s", f.FileID, sharedIn(f.Channel)),
		del:    func(ctx context.Context) error { return a.deleter.DeleteFile(ctx, f.FileID) },
		deferred: func(ctx context.Context, at time.Time, cause string) error {
			return a.store.FileDeletionDeferred(ctx, f.ID, at, cause)
		},
		done: func(ctx context.Context, at time.Time, cause string, notices ...data.OutboxMessage) error {
			return a.store.FileDeletionDone(ctx, f.ID, at, cause, notices...)
		},
	}, tell)
}

// deletionTry is one try at deleting something hirebot put in Slack about an erased candidate.
type deletionTry struct {
	what     string // for the logs: "message", "export file"
	attempts int    // earlier tries that failed for now
	logAttrs []any
	byHand   string // what the admins are asked to delete by hand, after "could not delete "
	del      func(context.Context) error
	deferred func(ctx context.Context, at time.Time, cause string) error
	done     func(ctx context.Context, at time.Time, cause string, notices ...data.OutboxMessage) error
}

// tryDeleting makes the try and records its outcome (see deleteOne).
func (a *Admin) tryDeleting(ctx context.Context, t deletionTry, tell bool) (cause string, gaveUp bool) {
	err := t.del(ctx)
	rec, now := context.WithoutCancel(ctx), a.now()
	var re *RefusedError
	switch {
	case err == nil:
		err = t.done(rec, now, "")
	case errors.As(err, &re):
		a.logger.Warn(t.what+" not deleted", append(t.logAttrs, "err", err)...)
		cause, gaveUp = refusalCode(err), true
		err = t.done(rec, now, cause, a.byHandNotices(ctx, t.byHand, cause, tell)...)
	default:
		a.logger.Warn(t.what+" not deleted yet", append(t.logAttrs, "attempt", t.attempts+1, "err", err)...)
		cause, gaveUp = "Slack did not answer", t.attempts+1 >= deletionAttempts
		if gaveUp {
			err = t.done(rec, now, cause, a.byHandNotices(ctx, t.byHand, cause, tell)...)
		} else {
			err = t.deferred(rec, now, cause)
		}
	}
	if err != nil {
		a.logger.Error(t.what+" deletion not recorded", append(t.logAttrs, "err", err)...)
	}
	return cause, gaveUp
}

// byHandNotices tell each admin that something hirebot posted about an erased candidate must be
// deleted by hand; none unless tell.
func (a *Admin) byHandNotices(ctx context.Context, what, cause string, tell bool) []data.OutboxMessage {
	if !tell {
		return nil
	}
	admins := adminList(ctx, a.admins, a.logger)
	text := "Erasure: hirebot could not delete " + what + ": " + cause
	msgs := make([]data.OutboxMessage, len(admins))
	for i, admin := range admins {
		msgs[i] = data.OutboxMessage{Kind: "deletion-failed", Channel: admin, Text: text}
	}
	return msgs
}
