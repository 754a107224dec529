package content

import (
	"slices"
	"strings"
	"testing"
)

func TestPostingSeed(t *testing.T) {
	p := mustEmbedded(t).Posting
	if p.Title != "Python Backend Developer" {
		t.Errorf("Title = %q", p.Title)
	}
	prefixes := []struct{ field, got, want string }{
		{"overview", p.Overview, "We are seeking a skilled Python Backend Developer to join our engineering team"},
		{"why_it_matters", p.WhyItMatters, "Python Backend Developers are the foundation of our technical infrastructure"},
		{"closing", p.Closing, "This job description template is designed to attract qualified Python Backend Developer candidates"},
	}
	for _, tt := range prefixes {
		if !strings.HasPrefix(tt.got, tt.want) {
			t.Errorf("%s = %q, want prefix %q", tt.field, tt.got, tt.want)
		}
	}
	if !strings.HasSuffix(p.Closing, "Customize the specific frameworks, technologies, and compensation to match your organization's needs and market position.") {
		t.Errorf("Closing = %q", p.Closing)
	}
	if len(p.Highlights) != 6 || p.Highlights[5] != "Direct impact on system architecture and performance optimization" {
		t.Errorf("Highlights = %q", p.Highlights)
	}
	if len(p.About) != 3 || !strings.HasPrefix(p.About[2], "We value developers who are passionate about clean code") {
		t.Errorf("About = %q", p.About)
	}
}

func TestPostingGroups(t *testing.T) {
	p := mustEmbedded(t).Posting
	tests := []struct {
		field  string
		groups []Group
		titles []string
		items  []int
	}{
		{"responsibilities", p.Responsibilities, []string{"Backend Development & Implementation", "System Architecture & Performance", "Integration & API Management", "Quality & Security"}, []int{4, 4, 4, 4}},
		{"required", p.Required, []string{"Education & Experience", "Core Technical Skills", "Backend Development Expertise", "DevOps & Infrastructure"}, []int{4, 5, 4, 4}},
		{"preferred", p.Preferred, []string{"Advanced Technical Skills", "Specialized Experience", "Professional Development"}, []int{5, 5, 4}},
		{"offer", p.Offer, []string{"Compensation & Benefits", "Professional Growth", "Work Environment"}, []int{5, 5, 5}},
	}
	for _, tt := range tests {
		if len(tt.groups) != len(tt.titles) {
			t.Errorf("%s: got %d groups, want %d", tt.field, len(tt.groups), len(tt.titles))
			continue
		}
		for i, g := range tt.groups {
			if g.Title != tt.titles[i] || len(g.Items) != tt.items[i] {
				t.Errorf("%s[%d] = %q (%d items), want %q (%d)", tt.field, i, g.Title, len(g.Items), tt.titles[i], tt.items[i])
			}
		}
	}
	verbatim := []struct{ got, want string }{
		{p.Offer[0].Items[0], "Competitive salary range: $95,000 - $145,000 annually (varies by location and experience)"},
		{p.Offer[0].Items[3], "401(k) retirement plan with company matching up to 6%"},
		{p.Required[0].Items[1], "3-5 years of professional Python development experience with focus on backend systems"},
		{p.Required[1].Items[0], "Expert-level proficiency in Python 3.8+ with deep understanding of language features and best practices"},
		{p.Responsibilities[2].Items[3], "Implement API versioning and documentation using tools like Swagger/OpenAPI"},
	}
	for _, v := range verbatim {
		if v.got != v.want {
			t.Errorf("got %q, want %q", v.got, v.want)
		}
	}
}

func TestPostingWorkSettings(t *testing.T) {
	p := mustEmbedded(t).Posting
	want := []struct{ slug, name, start string }{
		{"corporate", "Corporate Environment", "This role in a corporate setting emphasizes enterprise-grade solutions"},
		{"startup", "Startup Environment", "In a startup context, this role requires versatility"},
		{"remote-hybrid", "Remote/Hybrid Work", "For remote or hybrid positions, strong written communication skills"},
	}
	if len(p.WorkSettings) != len(want) {
		t.Fatalf("got %d work settings, want %d", len(p.WorkSettings), len(want))
	}
	for i, w := range want {
		ws := p.WorkSettings[i]
		if ws.Slug != w.slug || ws.Name != w.name || !strings.HasPrefix(ws.Text, w.start) {
			t.Errorf("work_settings[%d] = %s %q %q", i, ws.Slug, ws.Name, ws.Text)
		}
	}
	lookups := map[string]string{"startup": "startup", "Corporate": "corporate", "enterprise": "corporate",
		"remote": "remote-hybrid", "hybrid": "remote-hybrid", "Remote/Hybrid Work": "remote-hybrid", "moon": ""}
	for q, slug := range lookups {
		ws, ok := p.WorkSetting(q)
		if ok != (slug != "") || ws.Slug != slug {
			t.Errorf("WorkSetting(%q) = %q, %v; want %q", q, ws.Slug, ok, slug)
		}
	}
}

func TestPostingIndustries(t *testing.T) {
	p := mustEmbedded(t).Posting
	want := []struct {
		slug, name, firstReq string
		tech                 []string
	}{
		{"fintech", "FinTech", "PCI compliance and financial regulations", []string{"Django", "FastAPI", "PostgreSQL", "Redis", "Kafka"}},
		{"ecommerce", "E-commerce", "Payment gateway integrations", []string{"Flask", "Django", "MongoDB", "Elasticsearch", "AWS"}},
		{"healthcare", "Healthcare", "HIPAA compliance and data privacy", []string{"Django", "PostgreSQL", "Docker", "secure APIs"}},
		{"saas", "SaaS/Cloud", "Multi-tenant architecture", []string{"FastAPI", "PostgreSQL", "Redis", "Kubernetes"}},
		{"media", "Media/Entertainment", "Content delivery systems", []string{"Django", "MongoDB", "Redis", "CDN integration"}},
		{"iot", "IoT/Hardware", "Device management platforms", []string{"FastAPI", "InfluxDB", "MQTT", "edge computing"}},
	}
	if len(p.Industries) != len(want) {
		t.Fatalf("got %d industries, want %d", len(p.Industries), len(want))
	}
	for i, w := range want {
		in := p.Industries[i]
		if in.Slug != w.slug || in.Name != w.name || len(in.Requirements) != 3 || in.Requirements[0] != w.firstReq || !slices.Equal(in.Technologies, w.tech) {
			t.Errorf("industries[%d] = %+v", i, in)
		}
	}
	lookups := map[string]string{"fintech": "fintech", "FinTech": "fintech", "finance": "fintech", "e-commerce": "ecommerce",
		"ecommerce": "ecommerce", "SaaS": "saas", "SaaS/Cloud": "saas", "media": "media", "IoT": "iot", "health care": "healthcare", "mining": ""}
	for q, slug := range lookups {
		in, ok := p.Industry(q)
		if ok != (slug != "") || in.Slug != slug {
			t.Errorf("Industry(%q) = %q, %v; want %q", q, in.Slug, ok, slug)
		}
	}
}

func TestPostingLevels(t *testing.T) {
	p := mustEmbedded(t).Posting
	want := []LevelExpectation{
		{Slug: "junior", Name: "Junior", Expectations: "Junior developers focus more on implementing features and learning best practices."},
		{Slug: "mid", Name: "Mid-level", Experience: "3-5 years of professional Python development experience with focus on backend systems"},
		{Slug: "senior", Name: "Senior", Expectations: "Senior developers should demonstrate system design skills, mentorship capabilities, framework-agnostic thinking, and ability to make architectural decisions."},
		{Slug: "lead", Name: "Lead/Principal"},
	}
	if len(p.Levels) != len(want) {
		t.Fatalf("Levels = %+v", p.Levels)
	}
	for i, w := range want {
		l := p.Levels[i]
		if l.Slug != w.Slug || l.Name != w.Name || l.Experience != w.Experience || (w.Expectations != "" && l.Expectations != w.Expectations) {
			t.Errorf("levels[%d] = %+v\nwant %+v", i, l, w)
		}
	}
}

func TestHiringTipsSeed(t *testing.T) {
	h := mustEmbedded(t).Tips
	names := func(fs []Factor) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Name)
		}
		return out
	}
	checks := []struct {
		field string
		got   []string
		want  []string
	}{
		{"sourcing", names(h.Sourcing), []string{"GitHub", "Stack Overflow", "LinkedIn", "PyPI"}},
		{"communities", names(h.Communities), []string{"Local Python meetups and PyCon conferences", "Django/FastAPI user groups", "Python Software Foundation events"}},
		{"red_flags", names(h.RedFlags), []string{"Framework obsession", "Overemphasis on Django", "Ignoring soft skills", "Unrealistic full-stack expectations", "Algorithm-heavy interviews", "Experience inflation"}},
		{"optimization", h.Optimization, []string{
			"Include specific Python frameworks and versions in job descriptions",
			"Mention interesting technical challenges and architecture decisions",
			"Highlight opportunities to work with modern Python tools and practices",
			"Emphasize learning and growth opportunities in backend development",
		}},
	}
	for _, c := range checks {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if d := h.Sourcing[0].Detail; d != "Review Python repositories, contribution history, and code quality" {
		t.Errorf("GitHub detail = %q", d)
	}
	if d := h.RedFlags[5].Detail; d != "Requiring senior-level experience for standard backend development tasks" {
		t.Errorf("Experience inflation detail = %q", d)
	}
}

func TestPostingAndTipsValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Content)
		want   string
	}{
		{"group items", func(c *Content) { c.Posting.Required[1].Items = nil }, "posting.json: required[1].items: must have at least one item"},
		{"empty item", func(c *Content) { c.Posting.Offer[0].Items[2] = "" }, "posting.json: offer[0].items[2]: must not be empty"},
		{"industry alias", func(c *Content) { c.Posting.Industries[2].Aliases = []string{"saas"} }, "posting.json: industries[2].aliases[0]: \"saas\" already leads to industries[3]"},
		{"industry tech", func(c *Content) { c.Posting.Industries[0].Technologies = nil }, "posting.json: industries[0].technologies: must have at least one item"},
		{"setting slug", func(c *Content) { c.Posting.WorkSettings[1].Slug = "Start_up" }, "posting.json: work_settings[1].slug: \"Start_up\" must be lowercase-kebab"},
		{"level slug", func(c *Content) { c.Posting.Levels[3].Slug = "mid" }, "posting.json: levels[3].slug: \"mid\" already used at levels[1].slug"},
		{"closing", func(c *Content) { c.Posting.Closing = "" }, "posting.json: closing: must not be empty"},
		{"tips", func(c *Content) { c.Tips.RedFlags[0].Name = "" }, "tips.json: red_flags[0].name: must not be empty"},
		{"no tips", func(c *Content) { c.Tips.Optimization = nil }, "tips.json: optimization: must have at least one item"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustEmbedded(t)
			tt.modify(c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), "content: "+tt.want) {
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestPostingRewritesAndBenefitsValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Content)
		want   string
	}{
		{"rewrite not in template", func(c *Content) {
			c.Posting.Levels[0].Rewrites = append(slices.Clone(c.Posting.Levels[0].Rewrites), Rewrite{From: "Rockstar wanted"})
		}, "posting.json: levels[0].rewrites[17].from: \"Rockstar wanted\" is not in the template"},
		{"bad placeholder", func(c *Content) {
			c.Posting.WorkSettings[0].Rewrites = []Rewrite{{From: "Flexible", To: "[Check this]"}}
		}, "posting.json: work_settings[0].rewrites[0].to: \"[Check this]\": a placeholder reads"},
		{"benefit template", func(c *Content) { c.Posting.Benefits[2].Template = "Free lunch" }, "posting.json: benefits[2].template: \"Free lunch\" is not a line of the offer"},
		{"benefit group", func(c *Content) { c.Posting.Benefits[4].Group = "Perks" }, "posting.json: benefits[4].group: \"Perks\" is not the title of an offer group"},
		{"degree", func(c *Content) { c.Posting.Degree.Template = "A degree" }, "posting.json: degree.template: \"A degree\" is not a line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustEmbedded(t)
			c.Posting.Levels = slices.Clone(c.Posting.Levels)
			c.Posting.WorkSettings = slices.Clone(c.Posting.WorkSettings)
			c.Posting.Benefits = slices.Clone(c.Posting.Benefits)
			tt.modify(c)
			if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestPlaceholder(t *testing.T) {
	p := Placeholder("the office days")
	if p != "[Confirm before publishing: the office days]" || !IsPlaceholder(p) || PlaceholderText(p) != "the office days" {
		t.Errorf("Placeholder = %q", p)
	}
	if IsPlaceholder("[Confirm before publishing: ]") || IsPlaceholder("Confirm before publishing") {
		t.Error("IsPlaceholder accepts an empty or unbracketed line")
	}
}
