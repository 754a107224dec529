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

// RecordExportFile records that a file of the export of the candidate recorded as spelling was
// uploaded, so that erasing them deletes it.
func (s *Store) RecordExportFile(ctx context.Context, spelling string, f ExportFile) error {
	if strings.TrimSpace(f.FileID) == "" {
		return invalid("ExportFile", "needs a file id")
	}
	sc := scopeOf(spelling)
	if _, err := s.db.ExecContext(ctx, `INSERT INTO export_files (file_id, channel, ts, candidate_key, candidate, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, f.FileID, f.Channel, f.TS, sc.key, sc.name, unix(s.now())); err != nil {
		return fmt.Errorf("data: record export file: %w", mapErr(err))
	}
	return nil
}

// FileDeletion is an export file an erasure deletes from Slack.
type FileDeletion struct {
	ID int64
	ExportFile
}

// queueFileDeletions marks, under erasure, the files of exports about the candidate for
// deletion, forgetting whom they were about, and returns them.
func queueFileDeletions(ctx context.Context, tx *sql.Tx, sc candidateScope, erasure string) ([]FileDeletion, error) {
	out, err := queryAll(ctx, tx, func(rows *sql.Rows) (d FileDeletion, err error) {
		return d, rows.Scan(&d.ID, &d.FileID, &d.Channel, &d.TS)
	}, `UPDATE export_files SET status = 'pending', erasure = ?2, candidate_key = '', candidate = ''
		WHERE `+scopeFiles+` RETURNING id, file_id, channel, ts`, sc.key, erasure)
	if err != nil {
		return nil, fmt.Errorf("queue file deletions: %w", mapErr(err))
	}
	slices.SortFunc(out, func(a, b FileDeletion) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// FileDeletionDone records how deleting an export file went: deleted when cause is "", failed
// with Slack's reason otherwise.
func (s *Store) FileDeletionDone(ctx context.Context, id int64, at time.Time, cause string) error {
	status := "deleted"
	if cause != "" {
		status = "failed"
	}
	return execOne(ctx, s.db, "file deletion done", `UPDATE export_files SET status = ?, error = ?, done_at = ?
		WHERE id = ? AND status = 'pending'`, status, cause, unix(at), id)
}
