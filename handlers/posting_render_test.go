package handlers

import (
	"strings"
	"testing"

	"hirebot/data"
)

// postingFields is a complete set of fields; tests change what they look at.
func postingFields() data.PostingFields {
	return data.PostingFields{
		Title: "Python Backend Developer", Company: "Acme Analytics", Level: "senior", Industry: "fintech",
		WorkSetting: "startup", Location: "seattle", Frameworks: []string{"Django", "FastAPI"},
	}
}

func TestPostingRender(t *testing.T) {
	c := mustContent(t)
	tests := []struct {
		name    string
		change  func(f *data.PostingFields)
		want    []string
		notWant []string
	}{
		{"company voice", func(*data.PostingFields) {}, []string{
			"Acme Analytics is seeking a skilled Python Backend Developer to join its engineering team and build robust, scalable server-side applications. You will design",
			"Python Backend Developers are the foundation of Acme Analytics' technical infrastructure",
			"At Acme Analytics, we value developers who are passionate about clean code",
			"# Python Backend Developer\n\n**Acme Analytics** · Senior · FinTech · Startup Environment · Seattle, WA\n",
		}, []string{"We are seeking", "join our engineering team", "This job description template", "Customize the specific"}},
		{"possessive without s", func(f *data.PostingFields) { f.Company = "Globex" }, []string{"foundation of Globex's technical infrastructure"}, nil},
		{"own title with article", func(f *data.PostingFields) { f.Title = "Engineer, Payments Platform" }, []string{
			"seeking a skilled Engineer, Payments Platform to join",
			"As an Engineer, Payments Platform, you will be responsible",
			"# Engineer, Payments Platform\n",
			"Python Backend Developers are the foundation", // the plural stays generic
		}, []string{"As a Engineer"}},
		{"frameworks narrowed", func(f *data.PostingFields) { f.Frameworks = []string{"Flask"} }, []string{
			"using frameworks like Flask\n",
			"Python web frameworks (Flask) and their ecosystem",
			"- Frameworks: Flask\n- Key FinTech technologies: PostgreSQL, Redis, Kafka\n",
		}, []string{"Django, FastAPI, or Flask"}},
		{"two frameworks", func(*data.PostingFields) {}, []string{"using frameworks like Django or FastAPI\n", "(Django, FastAPI)"}, nil},
		{"no framework chosen keeps the guide's list", func(f *data.PostingFields) { f.Frameworks = nil }, []string{
			"using frameworks like Django, FastAPI, or Flask",
			"- Key FinTech technologies: Django, FastAPI, PostgreSQL, Redis, Kafka\n",
		}, []string{"Frameworks:"}},
		{"mid level has the guide's years", func(f *data.PostingFields) { f.Level = "mid" }, []string{
			"- 3-5 years of professional Python development experience with focus on backend systems\n",
			"- Estimated salary range: $110,000 - $160,000 annually\n",
		}, []string{"## Expectations at the", "National salary range"}},
		{"senior has expectations, no invented years", func(*data.PostingFields) {}, []string{
			"## Expectations at the Senior Level\n\nSenior developers should demonstrate system design skills",
			"### Design & Mentorship\n",
			"- Mentor junior and mid-level developers through code reviews, pairing, and design discussions\n",
			"- Estimated salary range: $151,000 - $199,000 annually\n",
		}, []string{"3-5 years", "$130,000", "Experience mentoring junior developers"}},
		{"junior", func(f *data.PostingFields) { f.Level = "junior" }, []string{
			"Junior developers focus more on implementing features and learning best practices.",
			"- Estimated salary range: $81,000 - $99,000 annually\n",
			"- Solid working knowledge of Python 3.8+",
			"### Learning & Growth\n",
		}, []string{"3-5 years", "Expert-level", "architectural decisions", "mentoring", "$70,000", "Seattle, WA: $110,000"}},
		{"lead has an open-ended range", func(f *data.PostingFields) { f.Level = "lead" }, []string{
			"Lead and principal developers bring system design, mentorship",
			"- Estimated salary range: $174,000 - $243,000 annually\n",
		}, []string{"3-5 years", "$220,000"}},
		{"industry requirements", func(f *data.PostingFields) { f.Industry = "healthcare" }, []string{
			"### Healthcare Domain Knowledge\n\n- HIPAA compliance and data privacy\n- Electronic health record integrations\n- Medical device data processing\n",
			"- Key Healthcare technologies: PostgreSQL, Docker, secure APIs\n",
		}, []string{"FinTech"}},
		{"general industry", func(f *data.PostingFields) { f.Industry, f.Frameworks = postingGeneral, nil }, []string{
			"**Acme Analytics** · Senior · Startup Environment · Seattle, WA\n",
		}, []string{"Domain Knowledge", "## Tech Stack"}},
		{"work setting", func(f *data.PostingFields) { f.WorkSetting = "remote-hybrid" }, []string{
			"## Remote/Hybrid Work\n\nFor remote or hybrid positions, strong written communication skills",
		}, []string{"startup context"}},
		{"location band", func(f *data.PostingFields) { f.Location = "remote-us" }, []string{
			"- Estimated salary range: $123,000 - $180,000 annually\n",
		}, []string{"$95,000 - $145,000 annually (varies"}},
		{"own salary range", func(f *data.PostingFields) { f.SalaryMin, f.SalaryMax = 125000, 155000 }, []string{
			"- Salary range: $125,000 - $155,000 annually\n- **\\[Confirm before publishing: which of these you offer: performance bonuses;",
		}, []string{"Estimated", "$110,000"}},
		{"benefits unconfirmed", func(*data.PostingFields) {}, []string{
			"- **\\[Confirm before publishing: which of these you offer: performance bonuses; health, dental and vision insurance; 401(k) with company match; paid time off and holidays; equity\\]**\n",
		}, []string{"401(k) retirement plan", "PTO", "up to 6%", "Equity in the company"}},
		{"benefits ticked", func(f *data.PostingFields) {
			f.Benefits, f.OtherBenefits = []string{"retirement", "equity", "hackathons"}, "- Four-day week in August\n\nVisa sponsorship"
		}, []string{
			"- 401(k) retirement plan with company matching\n- Equity in the company\n- Four-day week in August\n- Visa sponsorship\n",
			"- Regular hackathons and innovation time for personal projects\n",
		}, []string{"Confirm before publishing: which", "up to 6%", "paid holidays", "insurance", "Conference attendance"}},
		{"startup arrangement to confirm", func(*data.PostingFields) {}, []string{
			"- **\\[Confirm before publishing: where the team works and how many days a week in the office\\]**\n",
		}, []string{"hybrid", "Flexible work arrangements"}},
		{"remote-hybrid keeps its arrangement", func(f *data.PostingFields) { f.WorkSetting = "remote-hybrid" }, []string{
			"- Flexible hybrid work model with remote work options\n",
		}, []string{"where the team works"}},
		{"degree or experience by default", func(*data.PostingFields) {}, []string{
			"- Bachelor's degree in Computer Science, Software Engineering, or a related technical field, or equivalent practical experience\n",
		}, nil},
		{"own education line", func(f *data.PostingFields) { f.Education = "No degree needed: show us what you built" }, []string{
			"- No degree needed: show us what you built\n",
		}, []string{"Bachelor's"}},
		{"notes", func(f *data.PostingFields) { f.Notes = "We sponsor visas.\n\n\nTeam of 6." }, []string{
			"## Additional Information\n\nWe sponsor visas.\n\nTeam of 6.\n",
		}, nil},
		{"no notes, no section", func(*data.PostingFields) {}, nil, []string{"Additional Information"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := postingFields()
			tt.change(&f)
			md := mustBuildPosting(t, c, f).markdown()
			for _, w := range tt.want {
				if !strings.Contains(md, w) {
					t.Errorf("missing %q in:\n%s", w, md)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(md, w) {
					t.Errorf("unexpected %q in:\n%s", w, md)
				}
			}
		})
	}
}

func TestPostingRenderUnknownChoices(t *testing.T) {
	c := mustContent(t)
	for _, change := range []func(f *data.PostingFields){
		func(f *data.PostingFields) { f.Level = "intern" },
		func(f *data.PostingFields) { f.Industry = "farming" },
		func(f *data.PostingFields) { f.WorkSetting = "moon" },
		func(f *data.PostingFields) { f.Location = "berlin" },
	} {
		f := postingFields()
		change(&f)
		if _, err := buildPosting(c, f); err == nil {
			t.Errorf("buildPosting(%+v) succeeded", f)
		}
	}
}

func TestPostingSlackBlocksEscapeUserText(t *testing.T) {
	c := mustContent(t)
	f := postingFields()
	f.Company, f.Notes = "<!channel> & Co", "Ping <@U123> <https://evil.example|here>"
	m := postingShared(postingSample(f), mustBuildPosting(t, c, f), "U1")
	got := rendered(t, m)
	for _, bad := range []string{"<!channel>", "<@U123>", "<https://"} {
		if strings.Contains(got, bad) {
			t.Errorf("user text %q reaches Slack unescaped", bad)
		}
	}
	if !strings.Contains(got, "&lt;!channel&gt; &amp; Co") {
		t.Errorf("company not escaped:\n%s", got)
	}
}

func TestPostingHints(t *testing.T) {
	w := mustContent(t).Wording
	tests := []struct {
		name  string
		f     data.PostingFields
		draft string
		want  []string // "phrase@where"
	}{
		{"clean", data.PostingFields{Title: "Python Backend Developer", Company: "Acme"}, "A fine draft.", nil},
		{"title", data.PostingFields{Title: "Python Rockstar", Company: "Acme"}, "Python Rockstar", []string{"rockstar@the title"}},
		{"company", data.PostingFields{Title: "Dev", Company: "Ninja Labs"}, "Ninja Labs", []string{"ninja@the company name"}},
		{"notes, once", data.PostingFields{Title: "Dev", Company: "Acme", Notes: "He reports to the CTO."}, "He reports to the CTO.", []string{"he@your notes"}},
		{"draft only", data.PostingFields{Title: "Dev", Company: "Acme"}, "We need manpower.", []string{"manpower@the draft"}},
		{"several places", data.PostingFields{Title: "Guru", Company: "Acme", Notes: "young team"}, "Guru young team, aggressive growth",
			[]string{"guru@the title", "young@your notes", "aggressive@the draft"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, h := range postingHints(w, tt.f, tt.draft) {
				got = append(got, h.Flag.Phrase+"@"+h.Where)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("hints = %v, want %v", got, tt.want)
			}
		})
	}
	text := postingHintsText(postingHints(w, data.PostingFields{Title: "Python Rockstar"}, ""))
	for _, want := range []string{"Wording hints", "“rockstar” in the title", "Try “experienced engineer”"} {
		if !strings.Contains(text, want) {
			t.Errorf("hint text %q lacks %q", text, want)
		}
	}
}

func TestPostingExportChunks(t *testing.T) {
	md := strings.Repeat("- A line with a & and a ```fence``` <b>\n", 300)
	chunks := postingExportChunks(md)
	if len(chunks) < 5 {
		t.Fatalf("%d chunks for %d characters", len(chunks), len(md))
	}
	var joined []string
	for _, c := range chunks {
		if len([]rune(c)) > maxSectionText || !strings.HasPrefix(c, "```\n") || !strings.HasSuffix(c, "\n```") {
			t.Fatalf("bad chunk (%d characters): %.60q…", len([]rune(c)), c)
		}
		inner := strings.TrimSuffix(strings.TrimPrefix(c, "```\n"), "\n```")
		if strings.Contains(inner, "```") || strings.Contains(inner, "<") {
			t.Errorf("chunk breaks out of its code block: %.80q", inner)
		}
		joined = append(joined, inner)
	}
	if got := strings.Join(joined, "\n"); got != escape(strings.ReplaceAll(strings.TrimSuffix(md, "\n"), "```", "'''")) {
		t.Error("chunks lose or reorder text")
	}
}
