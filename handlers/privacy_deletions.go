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
		switch cause, gaveUp := a.deleteOne(ctx, d, true); {
		case gaveUp:
			rep.Failed++
		case cause != "":
			rep.Deferred++
		default:
			rep.Deleted++
		}
	}
	fs, err := a.store.ClaimFileDeletions(ctx, a.now(), deletionIdle, deletionBatch)
	if err != nil {
		return rep, fmt.Errorf("retry file deletions: %w", err)
	}
	for _, f := range fs {
		switch cause, gaveUp := a.deleteFile(ctx, f, true); {
		case gaveUp:
			rep.Failed++
		case cause != "":
			rep.Deferred++
		default:
			rep.Deleted++
		}
	}
	return rep, nil
}

// deleteOne deletes a message from Slack and records how it went. cause is "" when it is gone
// (a message already gone counts); otherwise Slack's reason, and gaveUp says whether hirebot
// stops trying: Slack refused for good, or this was the last try. With tell, giving up queues a
// message to each admin (in the same transaction) to delete it by hand; the erase button lists
// them in its own answer instead.
func (a *Admin) deleteOne(ctx context.Context, d data.MessageDeletion, tell bool) (cause string, gaveUp bool) {
	err := a.deleter.DeleteMessage(ctx, d.Channel, d.TS)
	rec, now := context.WithoutCancel(ctx), a.now()
	var re *RefusedError
	switch {
	case err == nil:
		err = a.store.DeletionDone(rec, d.ID, now, "")
	case errors.As(err, &re):
		a.logger.Warn("message not deleted", "channel", d.Channel, "ts", d.TS, "err", err)
		cause, gaveUp = refusalCode(err), true
		err = a.store.DeletionDone(rec, d.ID, now, cause, a.deletionNotices(ctx, d, cause, tell)...)
	default:
		a.logger.Warn("message not deleted yet", "channel", d.Channel, "ts", d.TS, "attempt", d.Attempts+1, "err", err)
		cause, gaveUp = "Slack did not answer", d.Attempts+1 >= deletionAttempts
		if gaveUp {
			err = a.store.DeletionDone(rec, d.ID, now, cause, a.deletionNotices(ctx, d, cause, tell)...)
		} else {
			err = a.store.DeletionDeferred(rec, d.ID, now, cause)
		}
	}
	if err != nil {
		a.logger.Error("message deletion not recorded", "deletion", d.ID, "err", err)
	}
	return cause, gaveUp
}

// deletionNotices tell each admin that a message about an erased candidate must be deleted by
// hand; none unless tell.
func (a *Admin) deletionNotices(ctx context.Context, d data.MessageDeletion, cause string, tell bool) []data.OutboxMessage {
	if !tell {
		return nil
	}
	admins := adminList(ctx, a.admins, a.logger)
	text := fmt.Sprintf("Erasure: hirebot could not delete a message it had posted about an erased candidate; delete it by hand:\n• <#%s> message %s: %s",
		d.Channel, d.TS, cause)
	msgs := make([]data.OutboxMessage, len(admins))
	for i, admin := range admins {
		msgs[i] = data.OutboxMessage{Kind: "deletion-failed", Channel: admin, Text: text}
	}
	return msgs
}

// deleteFile deletes an export file from Slack and records how it went, as deleteOne does a
// message: cause is "" when it is gone (a file already gone counts), Slack's reason otherwise;
// gaveUp says whether hirebot stops trying (Slack refused for good, or this was the last try).
// With tell, giving up queues a message to each admin to delete it by hand.
func (a *Admin) deleteFile(ctx context.Context, f data.FileDeletion, tell bool) (cause string, gaveUp bool) {
	err := a.deleter.DeleteFile(ctx, f.FileID)
	rec, now := context.WithoutCancel(ctx), a.now()
	var re *RefusedError
	switch {
	case err == nil:
		err = a.store.FileDeletionDone(rec, f.ID, now, "")
	case errors.As(err, &re):
		a.logger.Warn("export file not deleted", "file", f.FileID, "err", err)
		cause, gaveUp = refusalCode(err), true
		err = a.store.FileDeletionDone(rec, f.ID, now, cause, a.fileDeletionNotices(ctx, f, cause, tell)...)
	default:
		a.logger.Warn("export file not deleted yet", "file", f.FileID, "attempt", f.Attempts+1, "err", err)
		cause, gaveUp = "Slack did not answer", f.Attempts+1 >= deletionAttempts
		if gaveUp {
			err = a.store.FileDeletionDone(rec, f.ID, now, cause, a.fileDeletionNotices(ctx, f, cause, tell)...)
		} else {
			err = a.store.FileDeletionDeferred(rec, f.ID, now, cause)
		}
	}
	if err != nil {
		a.logger.Error("file deletion not recorded", "file", f.FileID, "err", err)
	}
	return cause, gaveUp
}

// fileDeletionNotices tell each admin that an export file about an erased candidate must be
// deleted by hand; none unless tell.
func (a *Admin) fileDeletionNotices(ctx context.Context, f data.FileDeletion, cause string, tell bool) []data.OutboxMessage {
	if !tell {
		return nil
	}
	admins := adminList(ctx, a.admins, a.logger)
	text := fmt.Sprintf("Erasure: hirebot could not delete a file of an export about an erased candidate; delete it by hand:\n• export file %s%s: %s",
		f.FileID, sharedIn(f.Channel), cause)
	msgs := make([]data.OutboxMessage, len(admins))
	for i, admin := range admins {
		msgs[i] = data.OutboxMessage{Kind: "deletion-failed", Channel: admin, Text: text}
	}
	return msgs
}
