package content

// Group is a titled list of bullets, such as "Backend Development & Implementation".
type Group struct {
	Title string   `json:"title"`
	Items []string `json:"items"`
}

// Validate reports an empty title, no items or an empty item.
func (g Group) Validate() error {
	return firstError(checkText("title", g.Title), checkTexts("items", g.Items))
}

// WorkSetting is a variation of the role by environment: corporate, startup, remote/hybrid.
type WorkSetting struct {
	Slug    string   `json:"slug"`    // "remote-hybrid"
	Name    string   `json:"name"`    // "Remote/Hybrid Work"
	Text    string   `json:"text"`    // how the role differs there
	Aliases []string `json:"aliases"` // normalized: "remote", "hybrid"
}

func (w WorkSetting) keyed(i int) keyed {
	return keyed{Path: index("work_settings", i), NameField: "name", Slug: w.Slug, Name: w.Name, Aliases: w.Aliases}
}

// Validate checks the setting on its own.
func (w WorkSetting) Validate() error {
	return firstError(checkSlug("slug", w.Slug), checkText("name", w.Name), checkText("text", w.Text))
}

// Industry is a variation of the role by industry.
type Industry struct {
	Slug         string   `json:"slug"`         // "fintech"
	Name         string   `json:"name"`         // "FinTech"
	Requirements []string `json:"requirements"` // industry-specific requirements
	Technologies []string `json:"technologies"` // key technologies
	Aliases      []string `json:"aliases"`      // normalized: "finance", "banking"
}

func (in Industry) keyed(i int) keyed {
	return keyed{Path: index("industries", i), NameField: "name", Slug: in.Slug, Name: in.Name, Aliases: in.Aliases}
}

// Validate checks the industry on its own.
func (in Industry) Validate() error {
	return firstError(
		checkSlug("slug", in.Slug),
		checkText("name", in.Name),
		checkTexts("requirements", in.Requirements),
		checkTexts("technologies", in.Technologies),
	)
}

// LevelExpectation is what is expected of a developer at one seniority level.
// Experience and Expectations are empty when the source says nothing about them;
// salary ranges per level are in Salary.Levels.
type LevelExpectation struct {
	Slug         string `json:"slug"` // "junior", "mid", "senior", "lead"
	Name         string `json:"name"`
	Experience   string `json:"experience,omitempty"`
	Expectations string `json:"expectations,omitempty"`
}

// Validate reports a bad slug or an empty name.
func (l LevelExpectation) Validate() error {
	return firstError(checkSlug("slug", l.Slug), checkText("name", l.Name))
}

// Posting is the job description template.
type Posting struct {
	Title            string             `json:"title"`
	Overview         string             `json:"overview"`
	Highlights       []string           `json:"highlights"`
	WhyItMatters     string             `json:"why_it_matters"`
	About            []string           `json:"about"` // paragraphs
	Responsibilities []Group            `json:"responsibilities"`
	Required         []Group            `json:"required"`
	Preferred        []Group            `json:"preferred"`
	Offer            []Group            `json:"offer"`
	WorkSettings     []WorkSetting      `json:"work_settings"`
	Industries       []Industry         `json:"industries"`
	Levels           []LevelExpectation `json:"levels"`
	Closing          string             `json:"closing"`
}

// Validate checks every field, that no slug, name or alias leads to two
// work settings or two industries, and that the job posting form can show the
// levels, industries and work settings within Slack's limits.
func (p Posting) Validate() error {
	return firstError(
		checkText("title", p.Title),
		checkText("overview", p.Overview),
		checkTexts("highlights", p.Highlights),
		checkText("why_it_matters", p.WhyItMatters),
		checkTexts("about", p.About),
		validateGroups("responsibilities", p.Responsibilities),
		validateGroups("required", p.Required),
		validateGroups("preferred", p.Preferred),
		validateGroups("offer", p.Offer),
		p.validateWorkSettings(),
		p.validateIndustries(),
		p.validateLevels(),
		checkText("closing", p.Closing),
		p.checkSlackLimits(),
	)
}

func validateGroups(path string, gs []Group) error {
	return validateList(path, "group", gs, nil)
}

func (p Posting) validateWorkSettings() error {
	return validateKeyed("work_settings", "work setting", p.WorkSettings, WorkSetting.keyed)
}

func (p Posting) validateIndustries() error {
	return validateKeyed("industries", "industry", p.Industries, Industry.keyed)
}

func (p Posting) validateLevels() error {
	slug := func(l LevelExpectation) string { return l.Slug }
	return validateList("levels", "level", p.Levels, uniqueSlug(map[string]string{}, slug))
}

// Industry returns the industry whose slug, name or alias equals the normalized
// query: "fintech", "E-commerce", "saas".
func (p Posting) Industry(query string) (Industry, bool) {
	return lookup(p.Industries, query, func(in Industry) keyed { return in.keyed(0) })
}

// WorkSetting returns the work setting whose slug, name or alias equals the
// normalized query: "startup", "corporate", "remote".
func (p Posting) WorkSetting(query string) (WorkSetting, bool) {
	return lookup(p.WorkSettings, query, func(w WorkSetting) keyed { return w.keyed(0) })
}
