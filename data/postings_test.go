package data

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// samplePosting is a valid draft by author.
func samplePosting(author string) NewPosting {
	return NewPosting{
		Author: author,
		Fields: PostingFields{
			Title: "Python Backend Developer", Company: "Acme", Level: "senior", Industry: "fintech",
			WorkSetting: "startup", Location: "seattle", Frameworks: []string{"Django", "FastAPI"},
			Notes: "Visa sponsorship available.",
		},
		Rendered: "# Python Backend Developer\n\nAcme is seeking…",
	}
}

func mustCreatePosting(t testing.TB, s *Store, p NewPosting) Posting {
	t.Helper()
	got, err := s.CreatePosting(context.Background(), p)
	if err != nil {
		t.Fatalf("CreatePosting: %v", err)
	}
	return got
}

func mustPosting(t testing.TB, s *Store, id int64) Posting {
	t.Helper()
	p, err := s.Posting(context.Background(), id)
	if err != nil {
		t.Fatalf("Posting(%d): %v", id, err)
	}
	return p
}

func TestCreatePostingRoundTrips(t *testing.T) {
	s, _ := mustNewStore(t)
	in := samplePosting("UAUTHOR")
	in.Fields.SalaryMin, in.Fields.SalaryMax = 120000, 150000
	created := mustCreatePosting(t, s, in)
	if created.ID == 0 || created.Version != 1 || !created.CreatedAt.Equal(t0) || !created.UpdatedAt.Equal(t0) {
		t.Errorf("created = %+v", created)
	}
	got := mustPosting(t, s, created.ID)
	if !reflect.DeepEqual(got, created) {
		t.Errorf("stored  %+v\nreturned %+v", got, created)
	}
	if got.CreatedAt.Location() != time.UTC {
		t.Errorf("times are not UTC: %v", got.CreatedAt)
	}
}

func TestCreatePostingWithoutOptionalFields(t *testing.T) {
	s, _ := mustNewStore(t)
	in := samplePosting("UAUTHOR")
	in.Fields.Frameworks, in.Fields.Notes = nil, ""
	got := mustPosting(t, s, mustCreatePosting(t, s, in).ID)
	if got.Fields.Frameworks != nil || got.Fields.HasSalary() || got.Fields.Notes != "" {
		t.Errorf("optional fields = %+v", got.Fields)
	}
}

func TestCreatePostingValidates(t *testing.T) {
	s, _ := mustNewStore(t)
	tests := []struct {
		field  string
		change func(p *NewPosting)
	}{
		{"Author", func(p *NewPosting) { p.Author = "" }},
		{"Rendered", func(p *NewPosting) { p.Rendered = " " }},
		{"Title", func(p *NewPosting) { p.Fields.Title = "" }},
		{"Company", func(p *NewPosting) { p.Fields.Company = "  " }},
		{"Location", func(p *NewPosting) { p.Fields.Location = "" }},
		{"SalaryMin", func(p *NewPosting) { p.Fields.SalaryMax = 100000 }},
		{"SalaryMax", func(p *NewPosting) { p.Fields.SalaryMin, p.Fields.SalaryMax = 150000, 100000 }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			p := samplePosting("UAUTHOR")
			tt.change(&p)
			_, err := s.CreatePosting(context.Background(), p)
			wantValidation(t, err, tt.field)
		})
	}
}

func TestUpdatePostingMakesANewVersion(t *testing.T) {
	s, path := mustNewStore(t)
	created := mustCreatePosting(t, s, samplePosting("UAUTHOR"))
	later := t0.Add(2 * time.Hour)
	s.now = func() time.Time { return later }

	edit := samplePosting("UAUTHOR")
	edit.Fields.Title, edit.Fields.Frameworks = "Senior Backend Engineer", []string{"Flask"}
	edit.Rendered = "# Senior Backend Engineer"
	v2, err := s.UpdatePosting(context.Background(), created.ID, 1, edit)
	if err != nil {
		t.Fatalf("UpdatePosting: %v", err)
	}
	if v2.Version != 2 || !v2.CreatedAt.Equal(t0) || !v2.UpdatedAt.Equal(later) {
		t.Errorf("v2 = %+v", v2)
	}
	v3, err := s.UpdatePosting(context.Background(), created.ID, 2, edit)
	if err != nil || v3.Version != 3 {
		t.Fatalf("second edit: %+v, %v", v3, err)
	}

	got := mustPosting(t, mustOpenAt(t, path), created.ID) // survives a reopen
	if got.Version != 3 || got.Fields.Title != "Senior Backend Engineer" || got.Rendered != edit.Rendered ||
		!reflect.DeepEqual(got.Fields.Frameworks, []string{"Flask"}) {
		t.Errorf("stored = %+v", got)
	}
}

func TestUpdatePostingRefusals(t *testing.T) {
	s, _ := mustNewStore(t)
	p := mustCreatePosting(t, s, samplePosting("UAUTHOR"))
	ctx := context.Background()
	_, err := s.UpdatePosting(ctx, p.ID, 1, samplePosting("UOTHER"))
	wantErr(t, "someone else's draft", err, ErrNotFound)
	_, err = s.UpdatePosting(ctx, p.ID+100, 1, samplePosting("UAUTHOR"))
	wantErr(t, "missing draft", err, ErrNotFound)
	_, err = s.UpdatePosting(ctx, p.ID, 1, samplePosting("UAUTHOR"))
	wantErr(t, "first edit", err, nil)
	_, err = s.UpdatePosting(ctx, p.ID, 1, samplePosting("UAUTHOR"))
	wantErr(t, "stale version", err, ErrConflict)
	if got := mustPosting(t, s, p.ID); got.Version != 2 {
		t.Errorf("refused edits changed the draft: version %d", got.Version)
	}
}

func TestRecentPostings(t *testing.T) {
	s, _ := mustNewStore(t)
	now := t0
	s.now = func() time.Time { return now }
	a := mustCreatePosting(t, s, samplePosting("UAUTHOR"))
	now = now.Add(time.Minute)
	b := mustCreatePosting(t, s, samplePosting("UAUTHOR"))
	mustCreatePosting(t, s, samplePosting("UOTHER"))
	now = now.Add(time.Minute)
	if _, err := s.UpdatePosting(context.Background(), a.ID, 1, samplePosting("UAUTHOR")); err != nil {
		t.Fatal(err)
	}
	got, err := s.RecentPostings(context.Background(), "UAUTHOR", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID {
		t.Errorf("RecentPostings = %v, want the edited draft %d first, then %d", postingIDs(got), a.ID, b.ID)
	}
	if got, _ := s.RecentPostings(context.Background(), "UAUTHOR", 1); len(got) != 1 {
		t.Errorf("limit 1 returned %d", len(got))
	}
	if got, err := s.RecentPostings(context.Background(), "UNOBODY", 10); err != nil || len(got) != 0 {
		t.Errorf("no drafts: %v, %v", got, err)
	}
}

func TestDeletePosting(t *testing.T) {
	s, _ := mustNewStore(t)
	p := mustCreatePosting(t, s, samplePosting("UAUTHOR"))
	ctx := context.Background()
	wantErr(t, "delete by someone else", s.DeletePosting(ctx, p.ID, "UOTHER"), ErrNotFound)
	wantErr(t, "delete", s.DeletePosting(ctx, p.ID, "UAUTHOR"), nil)
	_, err := s.Posting(ctx, p.ID)
	wantErr(t, "read after delete", err, ErrNotFound)
	wantErr(t, "delete twice", s.DeletePosting(ctx, p.ID, "UAUTHOR"), ErrNotFound)
}

func TestPostingSchemaGuards(t *testing.T) {
	s, _ := mustNewStore(t)
	_, err := s.db.Exec(`INSERT INTO job_postings (author, version, title, company, level, industry,
		work_setting, location, frameworks, salary_min, salary_max, rendered, created_at, updated_at)
		VALUES ('U', 1, 't', 'c', 'l', 'i', 'w', 'x', '[]', 100, NULL, 'r', 1, 1)`)
	if !errors.Is(mapErr(err), ErrConflict) {
		t.Errorf("half a salary range was accepted: %v", err)
	}
	_, err = s.db.Exec(`INSERT INTO job_postings (author, version, title, company, level, industry,
		work_setting, location, frameworks, rendered, created_at, updated_at)
		VALUES ('U', 1, 't', 'c', 'l', 'i', 'w', 'x', '{"a":1}', 'r', 1, 1)`)
	if !errors.Is(mapErr(err), ErrConflict) {
		t.Errorf("frameworks that are not a JSON array were accepted: %v", err)
	}
}

func TestPostingMigrationOnExistingDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hirebot.db")
	s := mustOpenAt(t, path)
	p := mustCreatePosting(t, s, samplePosting("UAUTHOR"))
	s.Close()
	again := mustOpenAt(t, path)
	if v, err := again.SchemaVersion(context.Background()); err != nil || v < 3 {
		t.Fatalf("SchemaVersion = %d, %v", v, err)
	}
	mustPosting(t, again, p.ID)
}

func postingIDs(ps []Posting) []int64 {
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func TestPostingKeepsBenefitsAndEducation(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	p := samplePosting("UA")
	p.Fields.Benefits = []string{"insurance", "pto"}
	p.Fields.OtherBenefits = "Four-day week in August"
	p.Fields.Education = "No degree required"
	created := mustCreatePosting(t, s, p)
	got := mustPosting(t, s, created.ID)
	if !slices.Equal(got.Fields.Benefits, p.Fields.Benefits) || got.Fields.OtherBenefits != p.Fields.OtherBenefits ||
		got.Fields.Education != p.Fields.Education || !got.Fields.HasBenefits() {
		t.Errorf("stored fields = %+v", got.Fields)
	}
	p.Fields.Benefits, p.Fields.OtherBenefits, p.Fields.Education = nil, "", ""
	if _, err := s.UpdatePosting(ctx, created.ID, 1, p); err != nil {
		t.Fatal(err)
	}
	if got := mustPosting(t, s, created.ID); got.Fields.Benefits != nil || got.Fields.HasBenefits() || got.Fields.Education != "" {
		t.Errorf("after clearing: %+v", got.Fields)
	}
}
