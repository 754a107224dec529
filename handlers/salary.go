package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"hirebot/content"
)

const salaryCommand = "/salary"

// salaryQuery is what a user asked /salary for.
type salaryQuery struct {
	help     bool
	compare  bool           // "compare [level]": every location side by side
	location string         // normalized location words; empty when none were given
	level    *content.Level // nil when no level word was given
}

// levelFinder finds a level by a normalized key: content.Salary, or its index.
type levelFinder interface {
	Level(query string) (content.Level, bool)
}

// parseSalary reads "[location] [level]" in either order: "seattle senior", "Senior, Seattle WA",
// "lead/principal sf". A level may be one or two words ("entry level", "lead principal").
func parseSalary(s levelFinder, text string) salaryQuery {
	words := strings.Fields(content.Normalize(text))
	if len(words) == 1 && isHelp(words[0]) {
		return salaryQuery{help: true}
	}
	var q salaryQuery
	if len(words) > 0 && words[0] == salaryCompareWord {
		q.compare, words = true, words[1:]
	}
	for n := min(2, len(words)); n >= 1 && q.level == nil; n-- {
		if lv, ok := s.Level(strings.Join(words[len(words)-n:], " ")); ok {
			q.level, words = &lv, words[:len(words)-n]
		} else if lv, ok := s.Level(strings.Join(words[:n], " ")); ok {
			q.level, words = &lv, words[n:]
		}
	}
	q.location = strings.Join(words, " ")
	return q
}

func isHelp(word string) bool { return word == "help" || word == "usage" || word == "h" }

func (l *Lookups) salary(_ context.Context, args string) answer {
	q := parseSalary(l.salaryIndex, args)
	switch {
	case q.help:
		return l.salaryMemo[salaryKey{help: true}]
	case q.compare && q.location != "":
		a := l.salaryHelp(fmt.Sprintf(":mag: `/salary compare` takes a level only, not *%s*: try `/salary compare senior`.", literal(truncate(q.location, 80))))
		a.text = "/salary compare takes a level only"
		return a
	case q.compare:
		return l.salaryMemo[salaryKey{compare: true, level: levelSlug(q.level)}]
	case q.location == "":
		return l.salaryMemo[salaryKey{level: levelSlug(q.level)}]
	}
	band, ok := l.salaryIndex.Band(q.location)
	if !ok {
		return l.salaryUnknown(args, q.location)
	}
	return l.salaryMemo[salaryKey{band: band.Slug, level: levelSlug(q.level)}]
}

// salaryKey names one /salary answer that does not depend on how it was asked for: the help,
// the overview (no band) or a band, each with or without a level highlighted.
type salaryKey struct {
	help, compare bool
	band, level   string // slugs; empty for none
}

func levelSlug(lv *content.Level) string {
	if lv == nil {
		return ""
	}
	return lv.Slug
}

// memoSalary builds every /salary answer but the "no data for that location" one once, content
// being immutable after start-up, with the share button already in place.
func (l *Lookups) memoSalary() map[salaryKey]answer {
	s := l.content.Salary
	levels := []*content.Level{nil}
	for i := range s.Levels {
		levels = append(levels, &s.Levels[i])
	}
	memo := map[salaryKey]answer{{help: true}: l.withShare(salaryCommand, l.voiced(l.salaryHelp("")))}
	for _, lv := range levels {
		memo[salaryKey{level: levelSlug(lv)}] = l.withShare(salaryCommand, l.voiced(l.salaryOverview(lv)))
		memo[salaryKey{compare: true, level: levelSlug(lv)}] = l.voiced(l.salaryCompare(lv))
		for _, b := range s.Bands {
			memo[salaryKey{band: b.Slug, level: levelSlug(lv)}] = l.withShare(salaryCommand, l.voiced(l.salaryBand(b, lv)))
		}
	}
	return memo
}

// salaryBand answers /salary for a location: with a level, an estimate for that level there as
// the headline, then the guide's own figures it comes from; without one, the location's band.
func (l *Lookups) salaryBand(b content.Band, lv *content.Level) answer {
	s := l.content.Salary
	loc := escape(b.Location)
	share := b.Slug
	var blocks []slack.Block
	var text string
	if lv == nil {
		blocks = []slack.Block{
			header("Python backend salary · " + b.Location),
			section(fmt.Sprintf("*%s* a year in %s with %s\n_%s_", b.Range, loc, escape(experience(s)), escape(b.Note))),
			section(levelTable(s, nil, fmt.Sprintf("*National ranges by level* (US-wide, not adjusted for %s)", loc)) +
				fmt.Sprintf("\nFor an estimate for one level in %s, try `/salary %s senior`.", loc, b.Slug)),
		}
		text = fmt.Sprintf("%s: %s a year with %s", escape(b.Location), b.Range, escape(experience(s)))
	} else {
		e := s.Estimate(b, *lv)
		blocks = []slack.Block{
			header("Python backend salary · " + lv.Name + " in " + b.Location),
			section(estimateHeadline(e) + "\n_" + estimateHow(e) + "_"),
			section(fmt.Sprintf("*From the guide:* %s with %s: %s a year\n_%s_", loc, escape(experience(s)), b.Range, escape(b.Note))),
			section(levelTable(s, lv, fmt.Sprintf("*From the guide: national ranges by level* (US-wide, not adjusted for %s)", loc))),
		}
		text = estimateText(s, e)
		share += " " + lv.Slug
	}
	if len(s.Factors) > 0 { // an added role's salary.csv has none
		blocks = append(blocks, section("*What moves the number*\n"+factorList(s.Factors)))
	}
	blocks = append(blocks, contextBlock(nationalLine(s)+"\n"+escape(s.Source)))
	return answer{text: text, blocks: blocks, shareable: true, share: share}
}

// estimateHeadline is e's range with what it is: an estimate, the guide's band or the salary
// data's range.
func estimateHeadline(e content.Estimate) string {
	what := fmt.Sprintf("for %s in %s", escape(e.Level.Name), escape(e.Band.Location))
	switch e.Source {
	case content.SourceBand:
		return fmt.Sprintf("*The guide's band: %s a year* %s", e.Range, what)
	case content.SourceData:
		return fmt.Sprintf("*From the salary data: %s a year* %s", e.Range, what)
	}
	return fmt.Sprintf("*Estimate: %s a year* %s", e.Range, what)
}

// estimateHow says where e comes from; for an estimate, how it was computed, with the figures.
func estimateHow(e content.Estimate) string {
	switch e.Source {
	case content.SourceBand:
		return fmt.Sprintf("Not an estimate: the national %s range (%s) is the national average the bands are set against, so %s is the %s band.",
			escape(e.Level.Name), e.Level.Range.Short(), escape(e.Level.Name), escape(e.Band.Location))
	case content.SourceData:
		return fmt.Sprintf("Not an estimate: the salary data's own range for %s in %s.", escape(e.Level.Name), escape(e.Band.Location))
	}
	return fmt.Sprintf("An estimate, not a figure from the guide: the national %s range (%s) scaled by the %s band against the national band: "+
		"%s × %s and %s × %s, each rounded to the nearest $1,000.",
		escape(e.Level.Name), e.Level.Range.Short(), escape(e.Band.Location),
		e.Level.Range.Min.Short(), ratio(e.Band.Range.Min, e.National.Min), e.Level.Range.Max.Short(), ratio(e.Band.Range.Max, e.National.Max))
}

// ratio writes a band's end over the national end as the guide's figures read: "110/95" for
// $110,000 over $95,000, "72.5/95" for $72,500, "72,250/95,000" for amounts finer than $100.
func ratio(num, den content.Dollars) string {
	if num%100 == 0 && den%100 == 0 {
		k := func(d content.Dollars) string { return strconv.FormatFloat(float64(d)/1000, 'f', -1, 64) }
		return k(num) + "/" + k(den)
	}
	return strings.TrimPrefix(num.String(), "$") + "/" + strings.TrimPrefix(den.String(), "$")
}

// estimateText is the notification text of a /salary answer for a level in a location.
func estimateText(s content.Salary, e content.Estimate) string {
	lv, loc := escape(e.Level.Name), escape(e.Band.Location)
	band := fmt.Sprintf("the guide's %s band: %s a year with %s", loc, e.Band.Range, escape(experience(s)))
	switch e.Source {
	case content.SourceBand:
		return fmt.Sprintf("%s in %s: %s a year, the guide's %s band with %s", lv, loc, e.Range, loc, escape(experience(s)))
	case content.SourceData:
		return fmt.Sprintf("%s in %s: %s a year from the salary data (%s)", lv, loc, e.Range, band)
	}
	return fmt.Sprintf("%s in %s: an estimated %s a year (%s)", lv, loc, e.Range, band)
}

// experience is the experience the location bands apply to, as the guide words it.
func experience(s content.Salary) string {
	if s.Experience != "" {
		return s.Experience
	}
	return "the experience of the national average"
}

func (l *Lookups) salaryOverview(lv *content.Level) answer {
	s := l.content.Salary
	title, share := "Python backend salaries", ""
	if lv != nil {
		title, share = title+" · "+lv.Name, lv.Slug
	}
	blocks := []slack.Block{
		header(title),
		section(nationalLine(s)),
	}
	blocks = append(blocks, bandTable(s.Bands)...)
	blocks = append(blocks,
		section(levelTable(s, lv, "*National ranges by level*")),
		contextBlock(escape(s.Source)+"\nFor one place, try `/salary seattle` or `/salary sf senior`."),
	)
	return answer{text: "National average: " + s.National.String(), blocks: blocks, shareable: true, share: share}
}

func (l *Lookups) salaryUnknown(raw, location string) answer {
	s := l.content.Salary
	msg := fmt.Sprintf(":mag: I don't have salary data for *%s*.", literal(truncate(strings.TrimSpace(raw), 80)))
	if b, ok := s.SuggestBand(location); ok {
		msg += didYouMean(escape(b.Location), "/salary "+b.Slug)
	}
	a := l.salaryHelp(msg)
	a.text = "No salary data for that location"
	return a
}

func (l *Lookups) salaryHelp(lead string) answer {
	s := l.content.Salary
	var levels []string
	for _, lv := range s.Levels {
		levels = append(levels, escape(lv.Name))
	}
	text := "*/salary [location] [level]* shows the salary band for a location, an estimate for a level there, the national ranges by level and what moves the number.\n" +
		"• `/salary` — national average and every location\n" +
		"• `/salary seattle` — the Seattle band\n" +
		"• `/salary sf senior` — an estimate for senior in San Francisco, with the guide's figures it comes from\n" +
		"• `/salary remote junior` — remote roles, entry level\n" +
		"• `/salary compare` or `/salary compare senior` — every location side by side, with a chart\n" +
		"*Locations:* " + escape(strings.Join(locationNames(s.Bands), ", ")) + "\n" +
		"*Levels:* " + strings.Join(levels, ", ")
	blocks := []slack.Block{}
	if lead != "" {
		blocks = append(blocks, section(lead))
	}
	blocks = append(blocks, section(text))
	return answer{text: "How to use /salary", blocks: blocks}
}

func nationalLine(s content.Salary) string {
	return fmt.Sprintf("*National average:* %s %s", s.National, escape(s.NationalNote))
}

// levelTable lists the national level ranges, highlighting the one asked for.
func levelTable(s content.Salary, highlight *content.Level, title string) string {
	var lines []string
	for _, lv := range s.Levels {
		line := fmt.Sprintf("%s: %s", escape(lv.Name), lv.Range.Short())
		if highlight != nil && highlight.Slug == lv.Slug {
			line = ":point_right: *" + line + "*"
		} else {
			line = "• " + line
		}
		lines = append(lines, line)
	}
	return title + "\n" + strings.Join(lines, "\n")
}

// bandTable renders every location as section fields, at most ten to a section (Slack's limit).
func bandTable(bands []content.Band) []slack.Block {
	var blocks []slack.Block
	for start := 0; start < len(bands); start += 10 {
		var fields []string
		for _, b := range bands[start:min(start+10, len(bands))] {
			fields = append(fields, fmt.Sprintf("*%s*\n%s\n_%s_", escape(b.Location), b.Range, escape(b.Note)))
		}
		blocks = append(blocks, fieldsSection("", fields))
	}
	return blocks
}

func factorList(factors []content.Factor) string {
	items := make([]string, len(factors))
	for i, f := range factors {
		items[i] = fmt.Sprintf("*%s:* %s", escape(f.Name), escape(f.Detail))
	}
	return bullets(items)
}

func locationNames(bands []content.Band) []string {
	names := make([]string, len(bands))
	for i, b := range bands {
		names[i] = b.Location
	}
	return names
}
