package content

import (
	"strings"
	"testing"
)

// seedFAQ is every FAQ entry of the source, verbatim, in order.
var seedFAQ = []FAQEntry{
	{Slug: "django-fastapi-flask", Audience: "employer",
		Question: "How do I choose between Django, FastAPI, and Flask experience requirements?",
		Answer:   "Django is best for rapid development and built-in features, FastAPI excels for API-first applications and modern async patterns, while Flask offers maximum flexibility. Strong Python developers can typically learn any framework quickly."},
	{Slug: "cs-degree", Audience: "employer",
		Question: "Is a computer science degree necessary for Python backend developers?",
		Answer:   "While valuable, many excellent Python developers are self-taught or bootcamp graduates. Focus on demonstrable Python skills, problem-solving ability, and understanding of backend concepts rather than formal education requirements."},
	{Slug: "devops-knowledge", Audience: "employer",
		Question: "How important is DevOps knowledge for backend developers?",
		Answer:   "Modern backend developers should understand containerization, CI/CD, and cloud deployment. However, don't expect full DevOps expertise unless you're hiring for a DevOps-focused role. Basic knowledge with willingness to learn is often sufficient."},
	{Slug: "specific-databases", Audience: "employer",
		Question: "Should I require experience with specific databases?",
		Answer:   "Understanding database principles is more important than specific database experience. Strong developers can adapt between PostgreSQL, MySQL, and MongoDB based on project requirements. Focus on SQL knowledge and database design principles."},
	{Slug: "code-quality", Audience: "employer",
		Question: "How do I assess Python code quality during interviews?",
		Answer:   "Look for clean, readable code, proper use of Python idioms, understanding of PEP 8 standards, and ability to explain design decisions. Code reviews and pair programming sessions are more valuable than whiteboard coding."},
	{Slug: "junior-vs-senior", Audience: "employer",
		Question: "What's the difference between junior and senior Python backend developer expectations?",
		Answer:   "Senior developers should demonstrate system design skills, mentorship capabilities, framework-agnostic thinking, and ability to make architectural decisions. Junior developers focus more on implementing features and learning best practices."},
	{Slug: "api-design", Audience: "employer",
		Question: "How do I evaluate API design skills?",
		Answer:   "Ask candidates to design APIs for real-world scenarios, considering versioning, authentication, error handling, and documentation. Look for understanding of REST principles, HTTP status codes, and API security best practices."},
	{Slug: "async-await", Audience: "employer",
		Question: "Should I prioritize async/await experience in Python?",
		Answer:   "For high-performance applications, async Python knowledge is valuable but not always necessary. Many applications work perfectly well with synchronous Python. Assess based on your specific performance requirements."},
	{Slug: "testing", Audience: "employer",
		Question: "How important is testing experience for backend developers?",
		Answer:   "Very important. Look for experience with pytest, understanding of test types (unit, integration, end-to-end), and ability to write testable code. Testing should be a core competency, not an afterthought."},
	{Slug: "career-paths", Audience: "career",
		Question: "What career progression paths exist for Python backend developers?",
		Answer:   "Common paths include Senior Backend Developer, Lead Developer, Solutions Architect, Engineering Manager, or specialization in areas like Data Engineering, DevOps, or Machine Learning Engineering."},
	{Slug: "getting-hired", Audience: "career",
		Question: "How can I improve my chances of getting hired as a Python backend developer?",
		Answer:   "Build a strong GitHub portfolio with Python projects, contribute to open source, learn multiple frameworks, understand database design, and stay current with Python ecosystem developments."},
	{Slug: "frameworks-to-learn", Audience: "career",
		Question: "What Python frameworks should I focus on learning?",
		Answer:   "Start with Django for rapid development, then learn FastAPI for modern async APIs, and Flask for understanding fundamentals. Choose based on your target industry and company preferences."},
	{Slug: "frontend-skills", Audience: "career",
		Question: "Is it necessary to learn frontend technologies as a backend developer?",
		Answer:   "While not required, basic understanding of JavaScript, HTML, and how frontend applications consume APIs is valuable for collaboration and building better backend services."},
	{Slug: "cloud-platforms", Audience: "career",
		Question: "How important are cloud platforms for Python backend careers?",
		Answer:   "Very important in modern development. Focus on one major platform (AWS, GCP, or Azure) and learn their Python SDKs, serverless offerings, and managed database services."},
	{Slug: "industry-specialization", Audience: "career",
		Question: "Should I specialize in specific industries as a Python developer?",
		Answer:   "Specialization can be valuable for higher compensation and expertise development. FinTech, healthcare, and data-heavy industries often offer premium salaries for Python expertise."},
	{Slug: "salary-progression", Audience: "career",
		Question: "What salary progression can I expect as a Python backend developer?",
		Answer:   "Entry-level: $70K-$90K, Mid-level: $95K-$145K, Senior: $130K-$180K, Lead/Principal: $150K-$220K+. Location, company size, and specialization significantly impact these ranges."},
	{Slug: "switching-languages", Audience: "career",
		Question: "How do I transition from other programming languages to Python backend development?",
		Answer:   "Focus on Python-specific idioms and best practices, learn the ecosystem (pip, virtual environments, testing frameworks), and build portfolio projects showcasing Python backend skills."},
}

func TestFAQSeed(t *testing.T) {
	f := mustEmbedded(t).FAQ
	wantSections := []struct {
		slug, title string
		n           int
	}{
		{"employer", "Python Backend Developer Hiring FAQ", 9},
		{"career", "Python Backend Developer Career FAQ", 8},
	}
	if len(f.Sections) != len(wantSections) {
		t.Fatalf("got %d sections, want %d", len(f.Sections), len(wantSections))
	}
	for i, w := range wantSections {
		s := f.Sections[i]
		if s.Slug != w.slug || s.Title != w.title || len(s.Entries) != w.n {
			t.Errorf("sections[%d] = %s %q (%d entries), want %s %q (%d)", i, s.Slug, s.Title, len(s.Entries), w.slug, w.title, w.n)
		}
	}
	got := f.Entries()
	if len(got) != len(seedFAQ) {
		t.Fatalf("got %d entries, want %d", len(got), len(seedFAQ))
	}
	for i, w := range seedFAQ {
		e := got[i]
		if e.Slug != w.Slug || e.Audience != w.Audience || e.Question != w.Question || e.Answer != w.Answer {
			t.Errorf("entry %d = %+v\nwant %+v", i, e, w)
		}
	}
}

func TestFAQSearch(t *testing.T) {
	tests := []struct {
		query string
		first string // slug of the best entry, "" for no result
		also  []string
	}{
		{"degree", "cs-degree", nil},
		{"Do I need a CS degree?", "cs-degree", nil},
		{"college", "cs-degree", nil},
		{"bootcamp", "cs-degree", nil},
		{"salary", "salary-progression", nil},
		{"how much pay", "salary-progression", nil},
		{"compensation", "salary-progression", nil},
		{"testing", "testing", nil},
		{"tests", "testing", nil},
		{"pytest", "testing", nil},
		{"django fastapi", "django-fastapi-flask", []string{"frameworks-to-learn"}},
		{"databases", "specific-databases", nil},
		{"devops", "devops-knowledge", nil},
		{"junior vs senior", "junior-vs-senior", nil},
		{"async/await", "async-await", nil},
		{"frontend", "frontend-skills", nil},
		{"AWS", "cloud-platforms", nil},
		{"API design", "api-design", nil},
		{"career path", "career-paths", nil},
		{"how do I get hired", "getting-hired", nil},
		{"switch from java", "switching-languages", nil},
		{"zzzz", "", nil},
		{"", "", nil},
		{"how do I the what", "", nil},
	}
	f := mustEmbedded(t).FAQ
	for _, tt := range tests {
		got := f.Search(tt.query, 5)
		if tt.first == "" {
			if len(got) != 0 {
				t.Errorf("Search(%q) = %v, want none", tt.query, slugs(got))
			}
			continue
		}
		if len(got) == 0 || got[0].Slug != tt.first {
			t.Errorf("Search(%q) = %v, want %s first", tt.query, slugs(got), tt.first)
			continue
		}
		for _, s := range tt.also {
			if !strings.Contains(" "+strings.Join(slugs(got), " ")+" ", " "+s+" ") {
				t.Errorf("Search(%q) = %v, want %s among them", tt.query, slugs(got), s)
			}
		}
	}
}

func TestFAQSearchLimitAndOrder(t *testing.T) {
	f := mustEmbedded(t).FAQ
	if got := f.Search("python backend developer", 3); len(got) != 3 {
		t.Errorf("limit 3 gave %d entries", len(got))
	}
	if got := f.Search("degree", 0); len(got) != 0 {
		t.Errorf("limit 0 gave %d entries", len(got))
	}
	a, b := slugs(f.Search("python developer", 17)), slugs(f.Search("python developer", 17))
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Errorf("Search is not deterministic: %v vs %v", a, b)
	}
}

func TestStem(t *testing.T) {
	pairs := [][2]string{
		{"databases", "database"}, {"testing", "test"}, {"tests", "test"}, {"hiring", "hire"},
		{"degrees", "degree"}, {"companies", "company"}, {"frameworks", "framework"},
	}
	for _, p := range pairs {
		if stem(p[0]) != stem(p[1]) {
			t.Errorf("stem(%q) = %q, stem(%q) = %q; want equal", p[0], stem(p[0]), p[1], stem(p[1]))
		}
	}
	if stem("class") != "class" {
		t.Errorf("stem(class) = %q", stem("class"))
	}
}

func TestFAQValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*FAQ)
		want   string
	}{
		{"no sections", func(f *FAQ) { f.Sections = nil }, "sections: must have at least one section"},
		{"no entries", func(f *FAQ) { f.Sections[1].Entries = nil }, "sections[1].entries: must have at least one entry"},
		{"audience", func(f *FAQ) { f.Sections[0].Entries[2].Audience = "boss" }, "sections[0].entries[2].audience: \"boss\" must be"},
		{"empty answer", func(f *FAQ) { f.Sections[1].Entries[0].Answer = "" }, "sections[1].entries[0].answer: must not be empty"},
		{"dup entry slug", func(f *FAQ) { f.Sections[1].Entries[0].Slug = "testing" },
			"sections[1].entries[0].slug: \"testing\" already used at sections[0].entries[8].slug"},
		{"dup section slug", func(f *FAQ) { f.Sections[1].Slug = "employer" }, "sections[1].slug: \"employer\" already used"},
		{"title", func(f *FAQ) { f.Sections[0].Title = "" }, "sections[0].title: must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustEmbedded(t).FAQ
			tt.modify(&f)
			err := f.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}

func slugs(es []FAQEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Slug
	}
	return out
}
