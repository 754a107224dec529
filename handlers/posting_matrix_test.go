package handlers

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
	"hirebot/fakeslack/blockkit"
)

// TestPostingEveryCombination writes a draft for every level × industry × work setting ×
// location and checks each against Slack's limits, as a shared message and in every view, and
// for empty sections, unmarked placeholders, repeated sentences, exactly one salary range (the
// estimate for the level in the location), and contradictions: wording that belongs to another
// level, a work arrangement the setting does not have, a benefit the author did not tick.
func TestPostingEveryCombination(t *testing.T) {
	c := mustContent(t)
	h := newTestHandlers(t)
	industries := []string{postingGeneral}
	for _, in := range c.Posting.Industries {
		industries = append(industries, in.Slug)
	}
	if n := len(c.Posting.Levels) * len(industries) * len(c.Posting.WorkSettings) * len(c.Salary.Bands); n != 4*7*3*8 {
		t.Fatalf("%d combinations, want every one of 4 levels × 7 industries × 3 settings × 8 locations", n)
	}
	for _, level := range c.Posting.Levels {
		t.Run(level.Slug, func(t *testing.T) {
			t.Parallel()
			n := 0
			for _, industry := range industries {
				for _, setting := range c.Posting.WorkSettings {
					for _, band := range c.Salary.Bands {
						f := data.PostingFields{
							Title: "Python Backend Developer", Company: "Acme Analytics", Level: level.Slug,
							Industry: industry, WorkSetting: setting.Slug, Location: band.Slug,
							Frameworks: postingFrameworks[:1+n%3],
						}
						if n%2 == 1 { // every other draft with benefits ticked, in turn
							f.Benefits = []string{c.Posting.Benefits[n%len(c.Posting.Benefits)].Slug}
						}
						checkPostingDraft(t, h, level.Slug+"/"+industry+"/"+setting.Slug+"/"+band.Slug, f)
						n++
					}
				}
			}
		})
	}
}

// TestPostingLongestInputsStayWithinLimits fills every field to its limit, with text that
// escapes to more characters and trips many wording hints.
func TestPostingLongestInputsStayWithinLimits(t *testing.T) {
	c := mustContent(t)
	h := newTestHandlers(t)
	noisy := strings.Repeat("Young rockstar & <ninja> guru. He/she, him, her: digital natives! ", 20)
	f := data.PostingFields{
		Title: strings.Repeat("&", maxPostingTitle), Company: strings.Repeat("<", maxPostingCompany),
		Level: "lead", Industry: "media", WorkSetting: "remote-hybrid", Location: "san-francisco",
		Frameworks: postingFrameworks, SalaryMin: 150000, SalaryMax: 300000,
		Notes: string([]rune(noisy)[:maxPostingNotes]),
	}
	p := postingSample(f)
	doc := mustBuildPosting(t, c, f)
	preview := postingPreview(p, doc, postingHints(c.Wording, f, doc.markdown()))
	mustBeValidPostingView(t, "longest preview", preview)
	if raw, _ := json.Marshal(preview); len(raw) > maxViewBytes {
		t.Errorf("the preview is %d bytes, over Slack's %d for a view", len(raw), maxViewBytes)
	}
	mustBeValidPostingMessage(t, "longest message", postingShared(p, doc, "U1"))
	mustBeValidExportFile(t, "longest export", postingExportFile(p))
	mustBeValidPostingView(t, "longest form", h.postingForm(&p))
	mustBeValidPostingView(t, "longest export", postingExportView(p))
	mustBeValidPostingView(t, "longest share form", postingShareForm(p))
}

// TestPostingPlainLongInputsPreviewInFull checks that a draft with every text field at its
// limit, in ordinary prose, still rides on the submission's ack (under 20 KB with the envelope):
// only text that escapes to much more (like a wall of "&") takes the bot's slower path through
// views.update.
func TestPostingPlainLongInputsPreviewInFull(t *testing.T) {
	c := mustContent(t)
	prose := strings.Repeat("We sponsor visas and offer a four-day week in summer. ", 20)
	largest := 0
	for _, level := range c.Posting.Levels {
		for _, in := range c.Posting.Industries {
			for _, ws := range c.Posting.WorkSettings {
				f := data.PostingFields{
					Title: strings.Repeat("T", maxPostingTitle), Company: strings.Repeat("C", maxPostingCompany),
					Level: level.Slug, Industry: in.Slug, WorkSetting: ws.Slug, Location: "san-francisco",
					Notes: prose[:maxPostingNotes],
				}
				doc := mustBuildPosting(t, c, f)
				raw, _ := json.Marshal(postingPreview(postingSample(f), doc, postingHints(c.Wording, f, doc.markdown())))
				largest = max(largest, len(raw))
			}
		}
	}
	const ackRoom = 19 * 1024
	if largest > ackRoom {
		t.Errorf("the largest preview is %d bytes, over the %d bytes an ack has room for", largest, ackRoom)
	}
	t.Logf("largest preview: %d bytes", largest)
}

// maxViewBytes is the largest view Slack takes (views.update answers view_too_large beyond it).
const maxViewBytes = 250 * 1024

func checkPostingDraft(t *testing.T, h testHandlers, name string, f data.PostingFields) {
	t.Helper()
	c := h.content
	doc := mustBuildPosting(t, c, f)
	p := postingSample(f)
	p.Rendered = doc.markdown()
	preview := postingPreview(p, doc, postingHints(c.Wording, f, p.Rendered))
	if raw, _ := json.Marshal(preview); len(raw) > maxViewBytes {
		t.Errorf("%s: the preview is %d bytes, over Slack's %d for a view", name, len(raw), maxViewBytes)
	}
	mustBeValidPostingView(t, name+" preview", preview)
	mustBeValidPostingView(t, name+" form", h.postingForm(&p))
	mustBeValidPostingView(t, name+" export view", postingExportView(p))
	mustBeValidPostingMessage(t, name+" shared", postingShared(p, doc, "U1"))
	mustBeValidExportFile(t, name+" export", postingExportFile(p))
	checkPostingText(t, name, doc)
	checkPostingFigures(t, name, c, f, p.Rendered)
	checkPostingConsistent(t, name, c, f, p.Rendered)
	if hints := postingHints(c.Wording, f, p.Rendered); len(hints) > 0 {
		t.Errorf("%s: wording hints on the template's own text: %v", name, hints)
	}
}

// checkPostingText fails on an empty section, placeholder text or a sentence said twice.
func checkPostingText(t *testing.T, name string, doc postingDoc) {
	t.Helper()
	for _, s := range doc.Sections {
		if strings.TrimSpace(s.Heading) == "" || len(s.Paragraphs)+len(s.Lists) == 0 {
			t.Errorf("%s: empty section %q", name, s.Heading)
		}
		for _, l := range s.Lists {
			if len(l.Items) == 0 {
				t.Errorf("%s: empty list %q in %q", name, l.Title, s.Heading)
			}
		}
	}
	md := postingMarked.ReplaceAllString(doc.markdown(), "")
	if m := postingPlaceholder(md); m != "" {
		t.Errorf("%s: placeholder text %q in the draft", name, m)
	}
	seen := map[string]bool{}
	for _, s := range postingSentences(md) {
		if seen[s] {
			t.Errorf("%s: sentence repeated: %q", name, s)
		}
		seen[s] = true
	}
}

// postingPlaceholder returns the first thing in md a draft must never show: template markers,
// unfilled values, the guide's note to hiring managers.
func postingPlaceholder(md string) string {
	lower := strings.ToLower(md)
	for _, s := range []string{"{", "}", "[", "]", "lorem", "<no value>", "%!", "template", "customize", "your organization"} {
		if strings.Contains(lower, s) {
			return s
		}
	}
	words := " " + content.Normalize(md) + " "
	for _, w := range []string{"todo", "tbd", "xxx", "null", "nil", "undefined", "placeholder"} {
		if strings.Contains(words, " "+w+" ") {
			return w
		}
	}
	return ""
}

var postingSentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)

// postingSentences splits Markdown into normalized sentences and list items, leaving out
// headings.
func postingSentences(md string) []string {
	var out []string
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, s := range postingSentenceEnd.Split(line, -1) {
			if n := content.Normalize(s); len(strings.Fields(n)) >= 3 {
				out = append(out, n)
			}
		}
	}
	return out
}

// postingMarked is a placeholder as the Markdown export marks it for the author.
var postingMarked = regexp.MustCompile(`\*\*\\\[Confirm before publishing: [^\]]+\\\]\*\*`)

// postingDollars is a dollar figure of a salary.
var postingDollars = regexp.MustCompile(`\$[0-9][0-9,]*`)

// checkPostingFigures checks the draft has one salary range, the estimate for its level and
// location, and no other dollar figure.
func checkPostingFigures(t *testing.T, name string, c *content.Content, f data.PostingFields, md string) {
	t.Helper()
	lo, hi, _, ok := c.Salary.RangeFor(f.Location, f.Level)
	if !ok {
		t.Fatalf("%s: no estimate for %s in %s", name, f.Level, f.Location)
	}
	want := "Estimated salary range: " + content.Range{Min: content.Dollars(lo), Max: content.Dollars(hi)}.String() + " annually\n"
	if n := strings.Count(md, want); n != 1 {
		t.Errorf("%s: %q appears %d times, want once", name, want, n)
	}
	if got := postingDollars.FindAllString(md, -1); len(got) != 2 {
		t.Errorf("%s: dollar figures %v, want the one range's two", name, got)
	}
}

// postingLevelWords are phrases that contradict a level: a junior posting asking for expertise,
// architecture and mentoring, a senior one for someone still learning the basics.
var postingLevelWords = map[string][]string{
	"junior": {"expert-level", "architectural decisions", "architectural influence", "system architecture",
		"microservices architecture", "mentoring", "mentor ", "proven track record", "3-5 years", "lead the", "technical direction"},
	"mid":    {"learning & growth", "eagerness to learn", "extensive professional", "technical direction"},
	"senior": {"3-5 years", "eagerness to learn", "learning & growth", "technical direction"},
	"lead":   {"3-5 years", "eagerness to learn", "learning & growth"},
}

// checkPostingConsistent fails on wording that contradicts what the author chose.
func checkPostingConsistent(t *testing.T, name string, c *content.Content, f data.PostingFields, md string) {
	t.Helper()
	lower := strings.ToLower(postingMarked.ReplaceAllString(md, ""))
	for _, w := range postingLevelWords[f.Level] {
		if strings.Contains(lower, w) {
			t.Errorf("%s: %q does not fit the %s level", name, w, f.Level)
		}
	}
	if f.WorkSetting != "remote-hybrid" && (strings.Contains(lower, "hybrid") || strings.Contains(lower, "flexible work")) {
		t.Errorf("%s: a %s posting promises a hybrid or flexible arrangement", name, f.WorkSetting)
	}
	for _, b := range c.Posting.Benefits {
		ticked := slices.Contains(f.Benefits, b.Slug)
		if has := strings.Contains(md, "- "+mdEscape(b.Line)+"\n"); has != ticked {
			t.Errorf("%s: benefit %s in the draft: %v, ticked: %v", name, b.Slug, has, ticked)
		}
		if b.Template != "" && b.Template != b.Line && strings.Contains(md, mdEscape(b.Template)) {
			t.Errorf("%s: the template's %q is in the draft", name, b.Template)
		}
	}
	if marked := strings.Contains(md, "Confirm before publishing: which of these you offer"); marked == f.HasBenefits() {
		t.Errorf("%s: benefits placeholder shown: %v, benefits entered: %v", name, marked, f.HasBenefits())
	}
	if !strings.Contains(md, c.Posting.Degree.Default) || strings.Contains(md, "- "+c.Posting.Degree.Template+"\n") {
		t.Errorf("%s: the education line is not the default degree-or-experience line", name)
	}
}

func postingSample(f data.PostingFields) data.Posting {
	at := time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)
	return data.Posting{ID: 4242, Author: "U1", Version: 17, Fields: f, Rendered: "# Draft", CreatedAt: at, UpdatedAt: at}
}

func mustBuildPosting(t testing.TB, c *content.Content, f data.PostingFields) postingDoc {
	t.Helper()
	doc, err := buildPosting(c, f)
	if err != nil {
		t.Fatalf("buildPosting(%+v): %v", f, err)
	}
	return doc
}

func mustBeValidPostingView(t testing.TB, name string, v *slack.ModalViewRequest) {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if problems := blockkit.ValidateView(raw); len(problems) > 0 {
		t.Errorf("%s: view breaks Block Kit limits: %v", name, problems)
	}
	if n := len(v.Blocks.BlockSet); n > blockkit.MaxViewBlocks {
		t.Errorf("%s: %d blocks in a view", name, n)
	}
}

func mustBeValidPostingMessage(t testing.TB, name string, m Message) {
	t.Helper()
	raw, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	if problems := blockkit.ValidateMessageBlocks(raw); len(problems) > 0 {
		t.Errorf("%s: message breaks Block Kit limits: %v", name, problems)
	}
	if m.Text == "" || len(m.Blocks) > blockkit.MaxMessageBlocks {
		t.Errorf("%s: fallback text %q, %d blocks", name, m.Text, len(m.Blocks))
	}
}

// mustBeValidExportFile checks an export file's comment against Slack's message text limit and
// that the file holds the whole draft.
func mustBeValidExportFile(t testing.TB, name string, f File) {
	t.Helper()
	if n := len([]rune(f.Comment)); n == 0 || n > 4000 {
		t.Errorf("%s: comment of %d characters", name, n)
	}
	if f.Name == "" || !strings.HasSuffix(f.Name, ".md") || f.Content == "" {
		t.Errorf("%s: file %q with %d bytes", name, f.Name, len(f.Content))
	}
}
