package data

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestScorecardRatingsMigrationKeepsEveryRating upgrades a database whose scorecards had the five
// fixed rating columns: every scorecard, every version, reads back the same, its ratings under
// the labels and scale the form had then, and new scorecards may rate other competencies.
func TestScorecardRatingsMigrationKeepsEveryRating(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 13)
	ada := mustInsertOldInterview(t, old, "Ada", t0, "U1", "U2")
	bo := mustInsertOldInterview(t, old, "Bo", t0, "U1", "U3")
	rows := []struct {
		iv                     int64
		author                 string
		version                int
		rec                    string
		py, api, db, tst, comm int
		strengths, concerns    string
		note                   string
		at                     time.Time
	}{
		{ada.ID, "U1", 1, "hire", 4, 3, 2, 1, 4, "sharp", "slow", "", t0.Add(-3 * time.Hour)},
		{ada.ID, "U1", 2, "strong-hire", 4, 4, 2, 1, 3, "sharper", "", "ask about caching", t0.Add(-2 * time.Hour)},
		{ada.ID, "U2", 1, "no-hire", 1, 2, 3, 4, 1, "kind", "no tests", "", t0.Add(-time.Hour)},
		{bo.ID, "U3", 1, "strong-no-hire", 1, 1, 1, 1, 1, "on time", "everything", "", t0.Add(-time.Minute)},
	}
	for _, r := range rows {
		if _, err := old.db.ExecContext(ctx, `INSERT INTO scorecards (interview_id, author, version, recommendation,
			rating_python, rating_apis, rating_databases, rating_testing, rating_communication, strengths, concerns,
			note, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.iv, r.author, r.version, r.rec,
			r.py, r.api, r.db, r.tst, r.comm, r.strengths, r.concerns, r.note, unix(r.at)); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()

	s := mustOpenAt(t, path)
	var got []Scorecard
	for _, h := range []struct {
		iv     int64
		author string
	}{{ada.ID, "U1"}, {ada.ID, "U2"}, {bo.ID, "U3"}} {
		history, err := s.ScorecardHistory(ctx, h.iv, h.author)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, history...)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d scorecards after the upgrade, want %d", len(got), len(rows))
	}
	for i, r := range rows {
		want := Scorecard{ID: got[i].ID, InterviewID: r.iv, Author: r.author, Version: r.version,
			Recommendation: Recommendation(r.rec), Ratings: fixedRatings(r.py, r.api, r.db, r.tst, r.comm), Scale: fixedScale, Offered: BuiltinRecommendations, Fields: BuiltinFields,
			Strengths: r.strengths, Concerns: r.concerns, Note: r.note, SubmittedAt: r.at}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("scorecard %d after the upgrade\n got %+v\nwant %+v", i, got[i], want)
		}
	}

	team := sampleScorecard(bo.ID, "U1")
	team.Ratings = []Rating{{"go", "Go", 5}, {"communication", "Talks", 2}}
	team.Scale = []string{"1", "2", "3", "4", "5"}
	saved := mustSubmit(t, s, team)
	current, err := s.Scorecards(ctx, bo.ID)
	if err != nil || len(current) != 2 || !reflect.DeepEqual(current[1], saved) || !reflect.DeepEqual(current[0], got[3]) {
		t.Errorf("scorecards of Bo after a new form = %+v, %v", current, err)
	}
}
