package content

import (
	"fmt"
	"slices"
	"strings"
)

// Group is a titled list of bullets, such as "Backend Development & Implementation".
type Group struct {
	Title string   `json:"title"`
	Items []string `json:"items"`
}

// Validate reports an empty title, no items or an empty item.
func (g Group) Validate() error {
	return firstError(checkText("title", g.Title), checkTexts("items", g.Items))
}

// Rewrite changes the template's wording for one level or work setting: every occurrence of
// From in the template's text, titles included, becomes To. A line left empty is dropped; a
// line that becomes a Placeholder is shown marked for the author to confirm.
type Rewrite struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Validate reports an empty From or a malformed placeholder in To.
func (r Rewrite) Validate() error {
	if err := checkText("from", r.From); err != nil {
		return err
	}
	if strings.HasPrefix(r.To, "[") && !IsPlaceholder(r.To) {
		return errorf("to", "%q: a placeholder reads %q…]", r.To, confirmPrefix)
	}
	return nil
}

// Apply rewrites s.
func Apply(rs []Rewrite, s string) string {
	for _, r := range rs {
		s = strings.ReplaceAll(s, r.From, r.To)
	}
	return s
}

// confirmPrefix opens a placeholder: a line the author must confirm or replace before publishing.
const confirmPrefix = "[Confirm before publishing: "

// Placeholder is a line that asks the author to confirm what: "[Confirm before publishing: what]".
func Placeholder(what string) string { return confirmPrefix + what + "]" }

// IsPlaceholder reports whether s is a whole Placeholder line.
func IsPlaceholder(s string) bool {
	return strings.HasPrefix(s, confirmPrefix) && strings.HasSuffix(s, "]") && len(s) > len(confirmPrefix)+1
}

// PlaceholderText is what a Placeholder asks to confirm.
func PlaceholderText(s string) string {
	return strings.TrimSuffix(strings.TrimPrefix(s, confirmPrefix), "]")
}

// Benefit is a company-specific promise the author ticks in the job posting form. A posting
// makes it only when ticked: Template, when set, is the template's line it stands for (left out
// when not ticked); Line is what the posting says instead, in the offer group named Group.
type Benefit struct {
	Slug     string `json:"slug"`
	Label    string `json:"label"` // the form's checkbox: "401(k) with company match"
	Template string `json:"template,omitempty"`
	Line     string `json:"line"`
	Group    string `json:"group"` // an offer group's title
}

// Validate checks the benefit on its own; Posting.validateBenefits checks it against the offer.
func (b Benefit) Validate() error {
	return firstError(checkSlug("slug", b.Slug), checkText("label", b.Label), checkText("line", b.Line), checkText("group", b.Group))
}

// Degree is the template's education line and what a posting says by default instead.
type Degree struct {
	Template string `json:"template"` // "Bachelor's degree in Computer Science, …"
	Default  string `json:"default"`  // "…, or equivalent practical experience"
}

// Validate reports an empty line.
func (d Degree) Validate() error {
	return firstError(checkText("template", d.Template), checkText("default", d.Default))
}

// WorkSetting is a variation of the role by environment: corporate, startup, remote/hybrid.
type WorkSetting struct {
	Slug    string   `json:"slug"`    // "remote-hybrid"
	Name    string   `json:"name"`    // "Remote/Hybrid Work"
	Text    string   `json:"text"`    // how the role differs there
	Aliases []string `json:"aliases"` // normalized: "remote", "hybrid"
	// Rewrites fit the template's lines to the setting, such as its work arrangement.
	Rewrites []Rewrite `json:"rewrites,omitempty"`
}

func (w WorkSetting) keyed(i int) keyed {
	return keyed{Path: index("work_settings", i), NameField: "name", Slug: w.Slug, Name: w.Name, Aliases: w.Aliases}
}

// Validate checks the setting on its own.
func (w WorkSetting) Validate() error {
	return firstError(checkSlug("slug", w.Slug), checkText("name", w.Name), checkText("text", w.Text),
		validateOptional("rewrites", "rewrite", w.Rewrites, nil))
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
	// Rewrites fit the template's wording to the level; Responsibilities and Required are
	// groups the level adds to the template's.
	Rewrites         []Rewrite `json:"rewrites,omitempty"`
	Responsibilities []Group   `json:"responsibilities,omitempty"`
	Required         []Group   `json:"required,omitempty"`
}

// Validate reports a bad slug, an empty name or a bad rewrite or group.
func (l LevelExpectation) Validate() error {
	return firstError(checkSlug("slug", l.Slug), checkText("name", l.Name),
		validateOptional("rewrites", "rewrite", l.Rewrites, nil),
		validateOptional("responsibilities", "group", l.Responsibilities, nil),
		validateOptional("required", "group", l.Required, nil))
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
	Benefits         []Benefit          `json:"benefits"`
	Degree           Degree             `json:"degree"`
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
		p.validateBenefits(),
		within("degree", p.Degree.Validate()),
		p.checkTemplateLine("degree.template", p.Degree.Template),
		p.validateRewrites(),
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

// validateBenefits checks that each benefit's line and group are in the offer, and that the form
// can show them all as checkboxes (Slack allows 10).
func (p Posting) validateBenefits() error {
	slug := func(b Benefit) string { return b.Slug }
	if err := validateList("benefits", "benefit", p.Benefits, uniqueSlug(map[string]string{}, slug)); err != nil {
		return err
	}
	if len(p.Benefits) > 10 {
		return errorf("benefits", "has %d benefits; the form shows at most 10", len(p.Benefits))
	}
	for i, b := range p.Benefits {
		if !slices.ContainsFunc(p.Offer, func(g Group) bool { return g.Title == b.Group }) {
			return errorf(index("benefits", i)+".group", "%q is not the title of an offer group", b.Group)
		}
		if b.Template != "" && !slices.ContainsFunc(p.Offer, func(g Group) bool { return slices.Contains(g.Items, b.Template) }) {
			return errorf(index("benefits", i)+".template", "%q is not a line of the offer", b.Template)
		}
	}
	return nil
}

// checkTemplateLine reports a line that is not an item of the template's lists.
func (p Posting) checkTemplateLine(path, line string) error {
	for _, groups := range [][]Group{p.Responsibilities, p.Required, p.Preferred, p.Offer} {
		for _, g := range groups {
			if slices.Contains(g.Items, line) {
				return nil
			}
		}
	}
	return errorf(path, "%q is not a line of the template's lists", line)
}

// validateRewrites checks that every rewrite of a level or work setting finds its text in the
// template, so a change to the template cannot silently undo one.
func (p Posting) validateRewrites() error {
	text := strings.Join(p.texts(), "\n")
	for i, l := range p.Levels {
		for j, r := range l.Rewrites {
			if !strings.Contains(text, r.From) {
				return errorf(fmt.Sprintf("levels[%d].rewrites[%d].from", i, j), "%q is not in the template", r.From)
			}
		}
	}
	for i, w := range p.WorkSettings {
		for j, r := range w.Rewrites {
			if !strings.Contains(text, r.From) {
				return errorf(fmt.Sprintf("work_settings[%d].rewrites[%d].from", i, j), "%q is not in the template", r.From)
			}
		}
	}
	return nil
}

// texts is every line of the template a posting shows.
func (p Posting) texts() []string {
	out := append([]string{p.Overview, p.WhyItMatters}, p.Highlights...)
	out = append(out, p.About...)
	for _, groups := range [][]Group{p.Responsibilities, p.Required, p.Preferred, p.Offer} {
		for _, g := range groups {
			out = append(append(out, g.Title), g.Items...)
		}
	}
	return out
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
