package data

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
)

// A database at version 23 upgrades with every scorecard as it was, under the words of the
// built-in form it was filled in on; scorecards submitted afterwards keep their own form's words.
// Version 23 is one both kinds of database have, so this runs on PostgreSQL too.
func TestScorecardLabelsUpgradeFromVersion23(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtSharedVersion(t, path, 23)
	iv := mustInsertOldInterview(t, old, "Ada", t0, "U1", "U2")
	var id int64
	if err := old.db.QueryRowContext(ctx, `INSERT INTO scorecards (interview_id, author, version, recommendation,
		strengths, concerns, note, submitted_at) VALUES (?, 'U1', 1, 'no-hire', 'sharp', '', 'ask about caching', ?)
		RETURNING id`, iv.ID, unix(t0)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := old.db.ExecContext(ctx, `INSERT INTO scorecard_ratings (scorecard_id, position, competency, label, rating)
		VALUES (?, 0, 'python', 'Python', 3)`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := old.db.ExecContext(ctx, `UPDATE panelists SET status = 'submitted', next_reminder_at = NULL WHERE user_id = 'U1'`); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s := mustOpenAt(t, path)
	if v, err := s.SchemaVersion(ctx); err != nil || v < 24 {
		t.Fatalf("SchemaVersion = %d, %v; want 24 or later", v, err)
	}
	cards, err := s.Scorecards(ctx, iv.ID)
	if err != nil || len(cards) != 1 {
		t.Fatalf("scorecards after the upgrade: %+v, %v", cards, err)
	}
	want := Scorecard{ID: id, InterviewID: iv.ID, Author: "U1", Version: 1, Recommendation: NoHire,
		Ratings: []Rating{{"python", "Python", 3}}, Scale: fixedScale, Offered: BuiltinRecommendations, Fields: BuiltinFields,
		Strengths: "sharp", Note: "ask about caching", SubmittedAt: t0}
	if !reflect.DeepEqual(cards[0], want) {
		t.Fatalf("the old scorecard after the upgrade\n got %+v\nwant %+v", cards[0], want)
	}
	if got := cards[0].RecommendationLabel(); got != "No hire" {
		t.Errorf("old recommendation label %q, want No hire", got)
	}
	if got := cards[0].FieldLabel("note"); got != "Note for later interviewers" {
		t.Errorf("old note label %q", got)
	}

	team := sampleScorecard(iv.ID, "U2")
	team.Recommendation = Hire
	team.Offered = []RecommendationOption{{NoHire, "No"}, {Hire, "Yes"}}
	team.Fields = []FieldLabel{{"strengths", "What stood out"}}
	mustSubmit(t, s, team)
	cards, err = s.Scorecards(ctx, iv.ID)
	if err != nil || len(cards) != 2 {
		t.Fatalf("scorecards: %+v, %v", cards, err)
	}
	got := cards[1]
	if !reflect.DeepEqual(got.Offered, team.Offered) || !reflect.DeepEqual(got.Fields, team.Fields) ||
		got.RecommendationLabel() != "Yes" || got.FieldLabel("strengths") != "What stood out" {
		t.Errorf("the team's scorecard kept offered %+v, fields %+v", got.Offered, got.Fields)
	}
}

func TestScorecardWordsAreChecked(t *testing.T) {
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1"))
	for _, tt := range []struct {
		name, field string
		change      func(*NewScorecard)
	}{
		{"a recommendation the form did not offer", "Recommendation", func(sc *NewScorecard) {
			sc.Recommendation, sc.Offered = StrongHire, []RecommendationOption{{Hire, "Yes"}}
		}},
		{"an offered recommendation without a label", "Offered[1]", func(sc *NewScorecard) {
			sc.Offered = []RecommendationOption{{Hire, "Yes"}, {NoHire, ""}}
		}},
		{"an unknown offered recommendation", "Offered[0]", func(sc *NewScorecard) {
			sc.Offered = []RecommendationOption{{"maybe", "Maybe"}, {Hire, "Yes"}}
		}},
		{"a field without a label", "Fields[0]", func(sc *NewScorecard) { sc.Fields = []FieldLabel{{"strengths", ""}} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc := sampleScorecard(iv.ID, "U1")
			sc.Recommendation = Hire
			tt.change(&sc)
			_, err := s.SubmitScorecard(context.Background(), sc)
			wantValidation(t, err, tt.field)
		})
	}
}
