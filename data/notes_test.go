package data

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestAddNote(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Jane Doe", "UA"))
	other := mustCreateInterview(t, s, sampleInterview("John Roe", "UB"))
	n, err := s.AddNote(ctx, NewNote{InterviewID: iv.ID, Author: "UA", Body: "  Strong on SQL  ", SourceChannel: "C1", SourceTS: "1.2", DeliveryKey: "view:V1:h"})
	if err != nil || n.Body != "Strong on SQL" || !n.CreatedAt.Equal(t0) {
		t.Fatalf("AddNote = %+v, %v", n, err)
	}
	again, err := s.AddNote(ctx, NewNote{InterviewID: iv.ID, Author: "UA", Body: "Strong on SQL", DeliveryKey: "view:V1:h"})
	if !errors.Is(err, ErrReplayed) || again.ID != n.ID {
		t.Fatalf("the same delivery again = %+v, %v; want note %d with ErrReplayed", again, err, n.ID)
	}
	if _, err := s.AddNote(ctx, NewNote{InterviewID: other.ID, Author: "UB", Body: "Quiet"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNote(ctx, NewNote{InterviewID: 999, Author: "UA", Body: "x"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("a note on a missing interview: %v, want ErrNotFound", err)
	}
	wantValidation(t, func() error {
		_, err := s.AddNote(ctx, NewNote{InterviewID: iv.ID, Author: "UA", Body: " "})
		return err
	}(), "Body")
	notes, err := s.InterviewNotes(ctx, []int64{iv.ID})
	if err != nil || len(notes) != 1 || len(notes[iv.ID]) != 1 || notes[iv.ID][0].SourceTS != "1.2" {
		t.Fatalf("InterviewNotes = %+v, %v; want the one note on interview %d", notes, err, iv.ID)
	}
}

// A database at the schema before notes upgrades, keeping its interviews, and takes notes.
func TestNotesUpgradeFromVersion8(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 8)
	iv := mustCreateInterview(t, old, sampleInterview("Jane Doe", "UA"))
	old.Close()
	s := mustOpenAt(t, path)
	if _, err := s.AddNote(ctx, NewNote{InterviewID: iv.ID, Author: "UA", Body: "Good questions"}); err != nil {
		t.Fatalf("a note after the upgrade: %v", err)
	}
}
