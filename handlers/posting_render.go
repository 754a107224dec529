package handlers

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"hirebot/content"
	"hirebot/data"
)

// postingGeneral is the industry slug of a posting for no industry in particular.
const postingGeneral = "general"

// postingSalaryLine matches a template line that states a salary range ("$95,000 - $145,000"),
// which the posting's one range replaces. It finds the line whatever figures it states: a role
// that brings only salary figures of its own keeps the guide's template and its national range.
var postingSalaryLine = regexp.MustCompile(`\$\d[\d,]*[Kk]?\+?\s*[-–]\s*\$\d`)

// postingFrameworks are the Python web frameworks a posting can name, in the guide's order.
var postingFrameworks = []string{"Django", "FastAPI", "Flask"}

// postingDoc is a job posting draft laid out as titled sections, ready to become Slack blocks or
// Markdown. Its text is plain: each renderer escapes and formats it.
type postingDoc struct {
	Title    string
	Company  string
	Meta     []string // level, industry, work setting, location
	Sections []postingSection
	// slackSections are Sections with what the author typed (title, company, notes, benefits,
	// education) unmarked, so that in mrkdwn it shows as typed while the template keeps its own
	// formatting. Markdown is written from Sections, where the author's text is as typed.
	slackSections []postingSection
	// Confirm lists, for the author only, what to check before publishing: each placeholder
	// line of the draft, and how an estimated salary was reached.
	Confirm []string
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
	return ch, nil
}

// buildPosting writes the draft for f from the content's template.
func buildPosting(c *content.Content, f data.PostingFields) (postingDoc, error) {
	ch, err := resolvePosting(c, f)
	if err != nil {
		return postingDoc{}, fmt.Errorf("build posting: %w", err)
	}
	w := postingWriter{tmpl: c.Posting, salary: c.Salary, ch: ch, typed: func(s string) string { return s }}
	doc := postingDoc{Title: f.Title, Company: f.Company, Meta: w.meta(), Sections: w.nonEmptySections()}
	w.typed = unmark
	doc.slackSections = w.nonEmptySections()
	doc.Confirm = doc.placeholders()
	if _, how, estimated := w.pay(); estimated {
		doc.Confirm = append(doc.Confirm, "The salary range is an estimate from "+how+". Enter your own range in the form to replace it.")
	}
	return doc, nil
}

// placeholders lists what each placeholder line of the draft asks the author to confirm.
func (d postingDoc) placeholders() []string {
	var out []string
	for _, s := range d.Sections {
		for _, l := range s.Lists {
			for _, it := range l.Items {
				if content.IsPlaceholder(it) {
					out = append(out, cmp.Or(l.Title, s.Heading)+": "+content.PlaceholderText(it))
				}
			}
		}
	}
	return out
}

// postingWriter turns the template into one company's posting.
type postingWriter struct {
	tmpl   content.Posting
	salary content.Salary
	ch     postingChoice
	typed  func(string) string // applied to each text the author typed, where it joins the template's
}

func (w postingWriter) meta() []string {
	m := []string{w.ch.level.Name}
	if w.ch.industry != nil {
		m = append(m, w.ch.industry.Name)
	}
	return append(m, w.ch.setting.Name, w.ch.band.Location)
}

// nonEmptySections are the posting's sections that have something to say.
func (w postingWriter) nonEmptySections() []postingSection {
	var out []postingSection
	for _, s := range w.sections() {
		if len(s.Paragraphs) > 0 || len(s.Lists) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func (w postingWriter) sections() []postingSection {
	t := w.tmpl
	return []postingSection{
		{Heading: "Position Overview", Paragraphs: w.voiceAll([]string{t.Overview})},
		{Heading: "Key Highlights", Lists: w.lists([]content.Group{{Items: t.Highlights}})},
		{Heading: "Why This Role Matters", Paragraphs: w.voiceAll([]string{t.WhyItMatters})},
		{Heading: "About the Role", Paragraphs: w.voiceAll(t.About)},
		{Heading: w.ch.setting.Name, Paragraphs: []string{w.ch.setting.Text}},
		{Heading: "Key Responsibilities", Lists: append(w.lists(t.Responsibilities), w.ch.level.Responsibilities...)},
		{Heading: "Required Qualifications", Lists: w.required()},
		{Heading: "Preferred Qualifications", Lists: w.lists(t.Preferred)},
		{Heading: "Expectations at the " + w.ch.level.Name + " Level", Paragraphs: postingNonEmpty(w.ch.level.Expectations)},
		{Heading: "Tech Stack", Lists: w.techStack()},
		{Heading: "What We Offer", Lists: w.offer()},
		{Heading: "Additional Information", Paragraphs: w.typedAll(postingParagraphs(w.ch.f.Notes))},
	}
}

// rewrite fits a line of the template to the level and the work setting.
func (w postingWriter) rewrite(s string) string {
	return strings.TrimSpace(content.Apply(w.ch.setting.Rewrites, content.Apply(w.ch.level.Rewrites, s)))
}

// lists copies groups fitted to the level and setting, with the chosen frameworks written in;
// a line the level leaves out is dropped, and so is a group left empty.
func (w postingWriter) lists(groups []content.Group) []content.Group {
	var out []content.Group
	for _, g := range groups {
		var items []string
		for _, it := range g.Items {
			if it = w.rewrite(it); it != "" {
				items = append(items, w.frameworks(it))
			}
		}
		if len(items) > 0 {
			out = append(out, content.Group{Title: w.rewrite(g.Title), Items: items})
		}
	}
	return out
}

// required adjusts the qualifications to the level (the years of experience the guide gives for
// it, or none) and adds the industry's own requirements.
func (w postingWriter) required() []content.Group {
	groups := w.lists(w.tmpl.Required)
	for i, g := range groups {
		groups[i].Items = w.education(w.levelExperience(g.Items))
	}
	groups = slices.DeleteFunc(groups, func(g content.Group) bool { return len(g.Items) == 0 })
	groups = append(groups, w.ch.level.Required...)
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

// education puts the author's education line, or the guide's default (a degree or equivalent
// practical experience), in place of the template's degree requirement.
func (w postingWriter) education(items []string) []string {
	line := w.tmpl.Degree.Default
	if e := strings.TrimSpace(w.ch.f.Education); e != "" {
		line = w.typed(e)
	}
	out := slices.Clone(items)
	if i := slices.Index(out, w.frameworks(w.tmpl.Degree.Template)); i >= 0 {
		out[i] = line
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

// offer is the template's offer for this posting: one salary range (the author's, or the
// estimate for the level in the location) in place of the template's national figure, and of the
// company-specific benefits only those the author ticked, with their own. When the author said
// nothing about benefits, each group's benefits give way to a placeholder to confirm.
func (w postingWriter) offer() []content.Group {
	f := w.ch.f
	national := w.salary.National.String()
	pay, _, _ := w.pay()
	var out []content.Group
	for i, g := range w.lists(w.tmpl.Offer) {
		var items, unconfirmed []string
		for _, it := range g.Items {
			b, isBenefit := w.benefitFor(it)
			switch {
			case strings.Contains(it, national) || !isBenefit && postingSalaryLine.MatchString(it):
				items = append(items, pay)
			case !isBenefit:
				items = append(items, it)
			case slices.Contains(f.Benefits, b.Slug):
				items = append(items, b.Line)
			}
		}
		for _, b := range w.tmpl.Benefits {
			switch {
			case b.Group != g.Title:
			case !f.HasBenefits():
				unconfirmed = append(unconfirmed, strings.ToLower(b.Label[:1])+b.Label[1:])
			case b.Template == "" && slices.Contains(f.Benefits, b.Slug):
				items = append(items, b.Line)
			}
		}
		if i == 0 {
			items = append(items, w.typedAll(postingLines(f.OtherBenefits))...)
			if !slices.Contains(items, pay) {
				items = append([]string{pay}, items...)
			}
		}
		if len(unconfirmed) > 0 {
			items = append(items, content.Placeholder("which of these you offer: "+strings.Join(unconfirmed, "; ")))
		}
		if len(items) > 0 {
			out = append(out, content.Group{Title: g.Title, Items: items})
		}
	}
	return out
}

// benefitFor returns the benefit whose template line is item.
func (w postingWriter) benefitFor(item string) (content.Benefit, bool) {
	i := slices.IndexFunc(w.tmpl.Benefits, func(b content.Benefit) bool { return b.Template != "" && b.Template == item })
	if i < 0 {
		return content.Benefit{}, false
	}
	return w.tmpl.Benefits[i], true
}

// pay is the one salary line of the posting: the author's range, or else the salary guide's
// estimate for the level in the location, labelled as such; how says where an estimate comes from.
func (w postingWriter) pay() (line, how string, estimated bool) {
	f := w.ch.f
	if f.HasSalary() {
		r := content.Range{Min: content.Dollars(f.SalaryMin), Max: content.Dollars(f.SalaryMax)}
		return "Salary range: " + r.String() + " annually", "", false
	}
	lo, hi, how, ok := w.salary.RangeFor(f.Location, f.Level)
	if !ok {
		lo, hi, how = int(w.ch.band.Range.Min), int(w.ch.band.Range.Max), "the salary guide's band for "+w.ch.band.Location
	}
	r := content.Range{Min: content.Dollars(lo), Max: content.Dollars(hi)}
	return "Estimated salary range: " + r.String() + " annually", how, true
}

// postingLines splits the author's list into its non-empty lines, without bullets.
func postingLines(text string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-*•")); l != "" {
			out = append(out, l)
		}
	}
	return out
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
func postingJoinOr(items []string) string { return postingJoin(items, "or") }

// postingJoin lists items as prose joined by conj ("and", "or"): "A", "A and B", "A, B, and C".
func postingJoin(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " " + conj + " " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", " + conj + " " + items[len(items)-1]
}

// voiceAll fits paragraphs to the level and setting and makes them speak for the company.
func (w postingWriter) voiceAll(paragraphs []string) []string {
	var out []string
	for _, p := range paragraphs {
		if p = w.rewrite(p); p != "" {
			out = append(out, w.voice(p))
		}
	}
	return out
}

// voice makes a template paragraph speak for the company: the author's title replaces the
// template's, and the company takes the place of the template's anonymous "we" and "our" where
// a paragraph first uses them.
func (w postingWriter) voice(p string) string {
	p = postingRetitle(p, w.tmpl.Title, w.typed(w.ch.f.Title))
	company := w.typed(w.ch.f.Company)
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

// typedAll applies w.typed to each of the author's texts.
func (w postingWriter) typedAll(texts []string) []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = w.typed(t)
	}
	return out
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
