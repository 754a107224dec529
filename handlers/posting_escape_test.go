package handlers

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hirebot/content"
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
