package data

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
)

// ErrNotFound reports that the requested record does not exist.
var ErrNotFound = errors.New("data: not found")

// ErrConflict reports that a change clashes with the stored state: a constraint would be
// violated, the record is in the wrong state for the change, or a claim was lost.
var ErrConflict = errors.New("data: conflict")

// ValidationError reports a field of an input record that the store will not accept. Handlers
// are expected to validate first; this is the store's own guard.
type ValidationError struct {
	Field string // the Go field name, e.g. "Panel[1].UserID"
	Msg   string
}

func (e *ValidationError) Error() string { return "data: invalid " + e.Field + ": " + e.Msg }

func invalid(field, msg string) error { return &ValidationError{Field: field, Msg: msg} }

// mapErr turns driver errors into the package's sentinels, keeping the cause wrapped.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint || pgConstraint(err) {
		return fmt.Errorf("%w: %w", ErrConflict, err)
	}
	return err
}
