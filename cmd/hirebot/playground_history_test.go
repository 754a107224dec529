package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPlaygroundHistoryPath(t *testing.T) {
	dir := t.TempDir()
	kept := filepath.Join(dir, "hirebot-playground.db")
	if err := os.WriteFile(kept, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "gone.history.json")
	if err := os.WriteFile(stale, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ db, want string }{
		{kept, filepath.Join(dir, "hirebot-playground.history.json")},
		{filepath.Join(dir, "gone.db"), stale},
		// A PostgreSQL database has no folder of its own: the history stays in the working one.
		{"postgres://hirebot:secret@db:5432/hirebot", "hirebot-playground.history.json"},
	}
	for _, tt := range tests {
		got, err := historyPath(tt.db)
		if err != nil || got != tt.want {
			t.Errorf("historyPath(%q) = %q, %v; want %q", tt.db, got, err, tt.want)
		}
	}
	// The history of a database that is gone is removed with it.
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the history of a deleted database is still there: %v", err)
	}
}
