package handlers

import (
	"fmt"
	"slices"
	"strings"

	"hirebot/content"
	"hirebot/data"
)

// postingGeneral is the industry slug of a posting for no industry in particular.
const postingGeneral = "general"

// postingFrameworks are the Python web frameworks a posting can name, in the guide's order.
var postingFrameworks = []string{"Django", "FastAPI", "Flask"}

// postingDoc is a job posting draft laid out as titled sections, ready to become Slack blocks or
// Markdown. Its text is plain: each renderer escapes and formats it.
type postingDoc struct {
	Title    string
	Company  string
	Meta     []string // level, industry, work setting, location
	Sections []postingSection
}

// postingSection is one part of a posting: paragraphs, then titled (or untitled) bullet lists.
type postingSection struct {
	Heading    string
	Paragraphs []string
	Lists      []content.Group // a list with an empty Title has no heading of its own
}

// postingChoice is everything a posting is built from, resolved against the content.
type postingChoice struct {
	f        data.PostingFields
	level    content.LevelExpectation
	industry *content.Industry // nil for a general posting
	setting  content.WorkSetting
	band     content.Band
	pay      *content.Level // the level's national salary range, when the guide has one
}

// resolvePosting looks up every slug of f in the content.
func resolvePosting(c *content.Content, f data.PostingFields) (postingChoice, error) {
	ch := postingChoice{f: f}
	i := slices.IndexFunc(c.Posting.Levels, func(l content.LevelExpectation) bool { return l.Slug == f.Level })
	if i < 0 {
		return ch, fmt.Errorf("unknown level %q", f.Level)
	}
	ch.level = c.Posting.Levels[i]
	if f.Industry != postingGeneral {
		in, ok := c.Posting.Industry(f.Industry)
		if !ok {
			return ch, fmt.Errorf("unknown industry %q", f.Industry)
		}
		ch.industry = &in
	}
	var ok bool
	if ch.setting, ok = c.Posting.WorkSetting(f.WorkSetting); !ok {
		return ch, fmt.Errorf("unknown work setting %q", f.WorkSetting)
	}
	if ch.band, ok = c.Salary.Band(f.Location); !ok {
		return ch, fmt.Errorf("unknown location %q", f.Location)
	}
	if l, ok := c.Salary.Level(f.Level); ok {
		ch.pay = &l
	}
	return ch, nil
}

// buildPosting writes the draft for f from the content's template.
func buildPosting(c *content.Content, f data.PostingFields) (postingDoc, error) {
	ch, err := resolvePosting(c, f)
	if err != nil {
		return postingDoc{}, fmt.Errorf("build posting: %w", err)
	}
	w := postingWriter{tmpl: c.Posting, salary: c.Salary, ch: ch}
	doc := postingDoc{Title: f.Title, Company: f.Company, Meta: w.meta()}
	for _, s := range w.sections() {
		if len(s.Paragraphs) > 0 || len(s.Lists) > 0 {
			doc.Sections = append(doc.Sections, s)
		}
	}
	return doc, nil
}

// postingWriter turns the template into one company's posting.
type postingWriter struct {
	tmpl   content.Posting
	salary content.Salary
	ch     postingChoice
}

func (w postingWriter) meta() []string {
	m := []string{w.ch.level.Name}
	if w.ch.industry != nil {
		m = append(m, w.ch.industry.Name)
	}
	return append(m, w.ch.setting.Name, w.ch.band.Location)
}

func (w postingWriter) sections() []postingSection {
	t := w.tmpl
	return []postingSection{
		{Heading: "Position Overview", Paragraphs: []string{w.voice(t.Overview)}},
		{Heading: "Key Highlights", Lists: []content.Group{{Items: t.Highlights}}},
		{Heading: "Why This Role Matters", Paragraphs: []string{w.voice(t.WhyItMatters)}},
		{Heading: "About the Role", Paragraphs: w.voiceAll(t.About)},
		{Heading: w.ch.setting.Name, Paragraphs: []string{w.ch.setting.Text}},
		{Heading: "Key Responsibilities", Lists: w.lists(t.Responsibilities)},
		{Heading: "Required Qualifications", Lists: w.required()},
		{Heading: "Preferred Qualifications", Lists: w.lists(t.Preferred)},
		{Heading: "Expectations at the " + w.ch.level.Name + " Level", Paragraphs: postingNonEmpty(w.ch.level.Expectations)},
		{Heading: "Tech Stack", Lists: w.techStack()},
		{Heading: "What We Offer", Lists: w.offer()},
		{Heading: "Additional Information", Paragraphs: postingParagraphs(w.ch.f.Notes)},
	}
}

// lists copies groups with the chosen frameworks written in.
func (w postingWriter) lists(groups []content.Group) []content.Group {
	out := make([]content.Group, len(groups))
	for i, g := range groups {
		items := make([]string, len(g.Items))
		for j, it := range g.Items {
			items[j] = w.frameworks(it)
		}
		out[i] = content.Group{Title: g.Title, Items: items}
	}
	return out
}

// required adjusts the qualifications to the level (the years of experience the guide gives for
// it, or none) and adds the industry's own requirements.
func (w postingWriter) required() []content.Group {
	groups := w.lists(w.tmpl.Required)
	for i, g := range groups {
		groups[i].Items = w.levelExperience(g.Items)
	}
	groups = slices.DeleteFunc(groups, func(g content.Group) bool { return len(g.Items) == 0 })
	if in := w.ch.industry; in != nil {
		groups = append(groups, content.Group{Title: in.Name + " Domain Knowledge", Items: in.Requirements})
	}
	return groups
}

// levelExperience replaces a level's years-of-experience line with the chosen level's, and drops
// it when the guide gives no years for that level.
func (w postingWriter) levelExperience(items []string) []string {
	var out []string
	for _, it := range items {
		if !w.isExperienceLine(it) {
			out = append(out, it)
		} else if e := w.ch.level.Experience; e != "" {
			out = append(out, e)
		}
	}
	return out
}

func (w postingWriter) isExperienceLine(item string) bool {
	return slices.ContainsFunc(w.tmpl.Levels, func(l content.LevelExpectation) bool {
		return l.Experience != "" && l.Experience == item
	})
}

// techStack names the chosen frameworks and the industry's other key technologies.
func (w postingWriter) techStack() []content.Group {
	var items []string
	fw := w.ch.f.Frameworks
	if len(fw) > 0 {
		items = append(items, "Frameworks: "+strings.Join(fw, ", "))
	}
	if in := w.ch.industry; in != nil {
		techs := slices.DeleteFunc(slices.Clone(in.Technologies), func(t string) bool {
			return len(fw) > 0 && slices.Contains(postingFrameworks, t)
		})
		if len(techs) > 0 {
			items = append(items, "Key "+in.Name+" technologies: "+strings.Join(techs, ", "))
		}
	}
	if len(items) == 0 {
		return nil
	}
	return []content.Group{{Items: items}}
}

// offer is the template's offer with the salary for this location (or the author's range) in
// place of the national figure, followed by the level's national range.
func (w postingWriter) offer() []content.Group {
	groups := w.lists(w.tmpl.Offer)
	pay := w.payLines()
	national := w.salary.National.String()
	for i, g := range groups {
		if j := slices.IndexFunc(g.Items, func(it string) bool { return strings.Contains(it, national) }); j >= 0 {
			groups[i].Items = slices.Replace(slices.Clone(g.Items), j, j+1, pay...)
			return groups
		}
	}
	groups[0].Items = append(slices.Clone(pay), groups[0].Items...)
	return groups
}

func (w postingWriter) payLines() []string {
	f := w.ch.f
	var lines []string
	if f.HasSalary() {
		r := content.Range{Min: content.Dollars(f.SalaryMin), Max: content.Dollars(f.SalaryMax)}
		lines = append(lines, "Salary range: "+r.String()+" annually")
	} else {
		lines = append(lines, "Competitive salary range for "+w.ch.band.Location+": "+w.ch.band.Range.String()+" annually")
	}
	if p := w.ch.pay; p != nil {
		lines = append(lines, "National salary range for "+p.Name+" roles: "+p.Range.String()+" annually")
	}
	return lines
}

// frameworks narrows the template's "Django, FastAPI, or Flask" to the chosen frameworks.
func (w postingWriter) frameworks(s string) string {
	fw := w.ch.f.Frameworks
	if len(fw) == 0 || len(fw) == len(postingFrameworks) {
		return s
	}
	s = strings.ReplaceAll(s, postingJoinOr(postingFrameworks), postingJoinOr(fw))
	return strings.ReplaceAll(s, "("+strings.Join(postingFrameworks, ", ")+")", "("+strings.Join(fw, ", ")+")")
}

// postingJoinOr lists items as prose: "A", "A or B", "A, B, or C".
func postingJoinOr(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " or " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", or " + items[len(items)-1]
}

func (w postingWriter) voiceAll(paragraphs []string) []string {
	out := make([]string, len(paragraphs))
	for i, p := range paragraphs {
		out[i] = w.voice(p)
	}
	return out
}

// voice makes a template paragraph speak for the company: the author's title replaces the
// template's, and the company takes the place of the template's anonymous "we" and "our" where
// a paragraph first uses them.
func (w postingWriter) voice(p string) string {
	p = postingRetitle(p, w.tmpl.Title, w.ch.f.Title)
	company := w.ch.f.Company
	switch {
	case strings.HasPrefix(p, "We are seeking "):
		first, rest := postingFirstSentence(p)
		first = company + " is seeking " + strings.TrimPrefix(first, "We are seeking ")
		return strings.Replace(first, " our ", " its ", 1) + rest
	case strings.HasPrefix(p, "We "):
		return "At " + company + ", we " + strings.TrimPrefix(p, "We ")
	}
	return strings.Replace(p, " our ", " "+postingPossessive(company)+" ", 1)
}

// postingRetitle replaces the singular uses of the template's job title ("a Python Backend Developer")
// with the author's, fixing the article; plurals ("Python Backend Developers") stay generic.
func postingRetitle(p, from, to string) string {
	if from == "" || to == "" || from == to {
		return p
	}
	var b strings.Builder
	for {
		i := strings.Index(p, from)
		if i < 0 {
			b.WriteString(p)
			return b.String()
		}
		before, after := p[:i], p[i+len(from):]
		if strings.HasPrefix(after, "s") {
			b.WriteString(before + from)
		} else {
			b.WriteString(postingArticle(before, to) + to)
		}
		p = after
	}
}

// postingArticle fixes a trailing "a " or "an " in before to suit next.
func postingArticle(before, next string) string {
	art := "a "
	if strings.ContainsRune("AEIOUaeiou", []rune(next)[0]) {
		art = "an "
	}
	for _, old := range []string{"a ", "an "} {
		if strings.HasSuffix(before, " "+old) || before == old {
			return strings.TrimSuffix(before, old) + art
		}
	}
	return before
}

// postingFirstSentence splits p after its first sentence.
func postingFirstSentence(p string) (first, rest string) {
	if i := strings.Index(p, ". "); i >= 0 {
		return p[:i+1], p[i+1:]
	}
	return p, ""
}

// postingPossessive is "Acme's", or "Acme Labs'" for a name ending in s.
func postingPossessive(name string) string {
	if strings.HasSuffix(strings.ToLower(name), "s") {
		return name + "'"
	}
	return name + "'s"
}

func postingNonEmpty(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return []string{s}
}

// postingParagraphs splits the author's notes at blank lines.
func postingParagraphs(notes string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(notes, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
