package handlers

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/fakeslack/slacktest"
)

// mustContentWithPosting loads the content with posting.json replaced by the embedded template
// changed by edit, the way a team replaces it through HIREBOT_CONTENT_DIR.
func mustContentWithPosting(t *testing.T, edit func(*content.Posting)) *content.Content {
	t.Helper()
	p := mustContent(t).Posting
	edit(&p)
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, content.PostingFile), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := content.Load(dir)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	return c
}

// TestPostingTemplateTextIsEscaped shows a team's posting template reaching the preview escaped
// for mrkdwn, its own formatting kept, and the Markdown export escaping it: no raw HTML, no markup.
func TestPostingTemplateTextIsEscaped(t *testing.T) {
	const sneaky = "Ping <!here> & read *bold*"
	c := mustContentWithPosting(t, func(p *content.Posting) {
		p.Overview = "We are seeking " + sneaky + "."
		p.Highlights = append([]string{sneaky}, p.Highlights...)
		p.WhyItMatters = sneaky
		p.About = append([]string{sneaky}, p.About...)
		req := append([]content.Group(nil), p.Required...)
		req[0] = content.Group{Title: sneaky, Items: append([]string{sneaky}, req[0].Items...)}
		p.Required = req
		settings := append([]content.WorkSetting(nil), p.WorkSettings...)
		for i := range settings {
			settings[i].Text = sneaky
		}
		p.WorkSettings = settings
		levels := append([]content.LevelExpectation(nil), p.Levels...)
		for i := range levels {
			levels[i].Rewrites = nil // they rewrite the template text this test replaces
		}
		p.Levels = levels
	})
	f := postingFields()
	doc := mustBuildPosting(t, c, f)
	raw, err := json.Marshal(postingPreview(postingSample(f), doc, postingHints(c.Wording, f, doc.markdown())))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw) // JSON writes <, > and & as \u003c, \u003e and \u0026
	if strings.Contains(text, "<!here>") || strings.Contains(text, `\u003c!here\u003e`) {
		t.Errorf("the preview has a raw <!here>:\n%s", text)
	}
	if n := strings.Count(text, `Ping \u0026lt;!here\u0026gt; \u0026amp; read *bold*`); n < 7 {
		t.Errorf("the template text appears escaped, formatting kept, %d times, want 7 or more:\n%s", n, text)
	}
	if md := doc.markdown(); !strings.Contains(md, "- Ping &lt;!here&gt; & read \\*bold\\*\n") || strings.Contains(md, "<!here>") {
		t.Errorf("the Markdown export does not escape the template's text:\n%s", md)
	}
}

func TestPostingMarkdownEscapes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"*bold* _it_ `code` [link](http://x) ![img](y) a|b ~~s~~", `\*bold\* \_it\_ \` + "`" + `code\` + "`" + ` \[link\](http://x) !\[img\](y) a\|b \~\~s\~\~`},
		{"# not a heading\n- not a list\n1. not numbered\n  + nor this", "\\# not a heading\n\\- not a list\n1\\. not numbered\n  \\+ nor this"},
		{"3-5 years & 401(k)", "3-5 years & 401(k)"},
	}
	for _, tt := range tests {
		if got := mdEscape(tt.in); got != tt.want {
			t.Errorf("mdEscape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPostingTypedTextShowsLiterally types Slack's formatting marks into every text field of a
// posting: the preview and the copy shared in a channel show them as typed (each mark between
// word joiners, see literal) while the template keeps its own bold headings and warnings, and the
// Markdown export keeps the author's text as typed, escaped for Markdown, with no word joiner.
func TestPostingTypedTextShowsLiterally(t *testing.T) {
	c := mustContent(t)
	f := postingFields()
	f.Title, f.Company, f.Notes = "*Senior* Dev", "_Acme_", "~strike~ *bold* & <!here>"
	f.OtherBenefits, f.Education = "- *Free* lunch", "_Any_ degree"
	doc := mustBuildPosting(t, c, f)
	p := postingSample(f)
	m := func(s string) string { return wordJoiner + s + wordJoiner }
	for name, blocks := range map[string][]slack.Block{
		"preview": postingPreview(p, doc, postingHints(c.Wording, f, doc.markdown())).Blocks.BlockSet,
		"shared":  postingShared(p, doc, "U1").Blocks,
	} {
		raw, err := json.Marshal(blocks)
		if err != nil {
			t.Fatal(err)
		}
		var decoded any
		if err := json.Unmarshal(raw, &decoded); err != nil {
			t.Fatal(err)
		}
		var texts []string
		slacktest.Walk(decoded, func(x map[string]any) {
			if s, ok := x["text"].(string); ok && x["type"] == "mrkdwn" {
				texts = append(texts, s)
			}
		})
		got := strings.Join(texts, "\n")
		assertContains(t, got,
			"*"+m("_")+"Acme"+m("_")+"* · Senior", // the context line: the template's bold, the typed marks literal
			m("_")+"Acme"+m("_")+" is seeking a skilled "+m("*")+"Senior"+m("*")+" Dev",
			m("~")+"strike"+m("~")+" "+m("*")+"bold"+m("*")+" &amp; &lt;!here&gt;",
			"• "+m("*")+"Free"+m("*")+" lunch",
			"• "+m("_")+"Any"+m("_")+" degree",
			"*Position Overview*", ":warning: *[Confirm before publishing")
		for _, raw := range []string{"*Senior*", "_Acme_", "~strike~", "*bold*", "*Free*", "_Any_", "<!here>"} {
			if strings.Contains(got, raw) {
				t.Errorf("the %s shows %q as mrkdwn, which Slack would format or act on:\n%s", name, raw, got)
			}
		}
	}
	md := doc.markdown()
	assertContains(t, md, "# \\*Senior\\* Dev\n\n**\\_Acme\\_** · Senior", "\\_Acme\\_ is seeking a skilled \\*Senior\\* Dev",
		"\\~strike\\~ \\*bold\\* & &lt;!here&gt;", "- \\*Free\\* lunch\n", "- \\_Any\\_ degree\n")
	if strings.Contains(md, wordJoiner) {
		t.Errorf("the Markdown export has word joiners in it:\n%s", md)
	}
}
