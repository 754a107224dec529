package data

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ExportFile is a file of an export hirebot uploaded: its Slack id and, when known, the
// conversation it was shared in and the message that shares it.
type ExportFile struct {
	FileID, Channel, TS string
}

// RecordExportFile records that a file of an export of the interviews ids was uploaded, so that
// erasing their candidate deletes it. The file is recorded under the name the newest of them
// bears now (they may have been renamed while it was uploaded). When any of them is gone (its
// candidate, in one of their spellings, was erased while the export was being uploaded), the
// file holds erased data: it is recorded, naming nobody, as a deletion to make, and returned:
// the caller deletes it at once, and the scheduled sweep tries again if that fails (see
// ClaimFileDeletions).
func (s *Store) RecordExportFile(ctx context.Context, ids []int64, f ExportFile) (*FileDeletion, error) {
	if strings.TrimSpace(f.FileID) == "" {
		return nil, invalid("ExportFile", "needs a file id")
	}
	if len(ids) == 0 {
		return nil, invalid("ExportFile", "needs the exported interviews")
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	var late *FileDeletion
	err := s.inTx(ctx, "record export file", func(tx *sql.Tx) error {
		var left int
		var key, name sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), MAX(CASE WHEN id = ?2 THEN candidate_key END), MAX(CASE WHEN id = ?2 THEN candidate END)
			FROM interviews WHERE id IN (`+s.d.ids("?1")+`)`, jsonIDs(ids), ids[len(ids)-1]).Scan(&left, &key, &name); err != nil {
			return mapErr(err)
		}
		now := unix(s.now())
		if left == len(ids) {
			_, err := tx.ExecContext(ctx, `INSERT INTO export_files (file_id, channel, ts, candidate_key, candidate, created_at)
				VALUES (?, ?, ?, ?, ?, ?)`, f.FileID, f.Channel, f.TS, key.String, name.String, now)
			return mapErr(err)
		}
		late = &FileDeletion{ExportFile: f}
		return mapErr(tx.QueryRowContext(ctx, `INSERT INTO export_files (file_id, channel, ts, created_at, erasure, status, attempt_at)
			VALUES (?1, ?2, ?3, ?4, 'after-erasure', 'pending', ?4) RETURNING id`, f.FileID, f.Channel, f.TS, now).Scan(&late.ID))
	})
	if err != nil {
		return nil, err
	}
	return late, nil
}

// FileDeletion is an export file an erasure deletes from Slack, and the tries that failed for
// now.
type FileDeletion struct {
	ID int64
	ExportFile
	Attempts int
}

// queueFileDeletions marks, under erasure, the files of exports about the candidate for
// deletion, forgetting whom they were about, and returns them. They count as tried at now: the
// erasure deletes them itself, and the sweep leaves them alone for a while.
func queueFileDeletions(ctx context.Context, tx *sql.Tx, sc candidateScope, erasure string, now time.Time) ([]FileDeletion, error) {
	out, err := queryAll(ctx, tx, func(rows *sql.Rows) (d FileDeletion, err error) {
		return d, rows.Scan(&d.ID, &d.FileID, &d.Channel, &d.TS)
	}, `UPDATE export_files SET status = 'pending', erasure = ?2, candidate_key = '', candidate = '', attempt_at = ?3
		WHERE `+scopeFiles+` RETURNING id, file_id, channel, ts`, sc.key, erasure, unix(now))
	if err != nil {
		return nil, fmt.Errorf("queue file deletions: %w", mapErr(err))
	}
	slices.SortFunc(out, func(a, b FileDeletion) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// ClaimFileDeletions claims up to limit pending export-file deletions, oldest first, whose last
// try began at least idle before now: each is marked as tried at now, so that no other sweep
// takes it within idle. Erasures that stopped before deleting every file, and deletions that
// failed for now, are found this way.
func (s *Store) ClaimFileDeletions(ctx context.Context, now time.Time, idle time.Duration, limit int) ([]FileDeletion, error) {
	var out []FileDeletion
	err := s.inTx(ctx, "claim file deletions", func(tx *sql.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, func(rows *sql.Rows) (d FileDeletion, err error) {
			return d, rows.Scan(&d.ID, &d.FileID, &d.Channel, &d.TS, &d.Attempts)
		}, `UPDATE export_files SET attempt_at = ?1
			WHERE id IN (SELECT id FROM export_files WHERE status = 'pending' AND COALESCE(attempt_at, 0) <= ?2
				ORDER BY id LIMIT ?3)
			RETURNING id, file_id, channel, ts, attempts`, unix(now), unix(now.Add(-idle)), limit)
		return mapErr(err)
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b FileDeletion) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// FileDeletionDeferred records a try at deleting an export file that failed for now, with
// Slack's reason: the deletion stays pending, for ClaimFileDeletions to find again.
func (s *Store) FileDeletionDeferred(ctx context.Context, id int64, at time.Time, cause string) error {
	return s.execOne(ctx, "file deletion deferred", `UPDATE export_files SET attempts = attempts + 1, attempt_at = ?, error = ?
		WHERE id = ? AND status = 'pending'`, unix(at), cause, id)
}

// FileDeletionDone records how deleting an export file went: deleted when cause is "", failed
// with Slack's reason otherwise. notices (telling the admins to delete it by hand) are queued in
// the same transaction, so a failure recorded is never a failure untold.
func (s *Store) FileDeletionDone(ctx context.Context, id int64, at time.Time, cause string, notices ...OutboxMessage) error {
	return s.updateThenQueue(ctx, "file deletion done", at, notices, `UPDATE export_files SET status = ?, error = ?, done_at = ?
		WHERE id = ? AND status = 'pending'`, doneStatus(cause), cause, unix(at), id)
}
