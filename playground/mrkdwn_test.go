package playground

import (
	"regexp"
	"strings"
	"testing"
)

// names is a Directory for tests.
type names map[string]string

func (n names) UserName(id string) string    { return n[id] }
func (n names) ChannelName(id string) string { return n[id] }

var testDir = names{"U0HM": "Hana Okafor", "C0HIRING": "hiring"}

func TestMrkdwnHTML(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"bold", "*$110,000 - $160,000* a year", "<b>$110,000 - $160,000</b> a year"},
		{"italic", "_Tech hub premium_", "<i>Tech hub premium</i>"},
		{"strike", "~old~ new", "<s>old</s> new"},
		{"nested", "*bold _and italic_*", "<b>bold <i>and italic</i></b>"},
		{"bold after punctuation", "(*x*)", "(<b>x</b>)"},
		{"snake_case stays", "after_own and iv_candidate", "after_own and iv_candidate"},
		{"lone star stays", "5 * 3 = 15", "5 * 3 = 15"},
		{"marker needs a closer", "*not closed", "*not closed"},
		{"no empty bold", "** x", "** x"},
		{"inline code is literal", "run `/salary *sf*` now", `run <code class="md-code">/salary *sf*</code> now`},
		{"code block", "```a *b*\n<c>```", `<pre class="md-pre">a *b*
&lt;c&gt;</pre>`},
		{"unclosed fence is text", "```oops", "```oops"},
		{"entities decode once", "&amp;lt; &lt;b&gt; R&amp;D", "&amp;lt; &lt;b&gt; R&amp;D"},
		{"link with label", "<https://example.com/a?b=1&amp;c=2|the guide>",
			`<a class="md-link" href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the guide</a>`},
		{"bare link", "<https://example.com>",
			`<a class="md-link" href="https://example.com" target="_blank" rel="noopener noreferrer">https://example.com</a>`},
		{"bold link", "*<https://x.org|x>*", `<b><a class="md-link" href="https://x.org" target="_blank" rel="noopener noreferrer">x</a></b>`},
		{"user mention", "by <@U0HM>.", `by <span class="md-mention" data-user="U0HM">@Hana Okafor</span>.`},
		{"unknown user", "<@U9>", `<span class="md-mention" data-user="U9">@U9</span>`},
		{"channel mention", "<#C0HIRING> and <#C0X|general>", `<span class="md-mention">#hiring</span> and <span class="md-mention">#general</span>`},
		{"broadcast", "<!here> <!channel>", `<span class="md-mention md-broadcast">@here</span> <span class="md-mention md-broadcast">@channel</span>`},
		{"date fallback", "<!date^1392734382^{date}|Feb 18, 2014>", "Feb 18, 2014"},
		{"emoji", ":point_right: *Senior*", `<span class="md-emoji">👉</span> <b>Senior</b>`},
		{"times are not emoji", "09:00-18:00", "09:00-18:00"},
		{"bullets", "Ranges\n• Entry\n• Senior",
			`Ranges` + "\n" + `<span class="md-li"><span class="md-bullet">•</span><span>Entry</span></span><span class="md-li"><span class="md-bullet">•</span><span>Senior</span></span>`},
		{"quote", "&gt; Design a *URL* shortener", `<span class="md-quote">Design a <b>URL</b> shortener</span>`},
		{"raw quote", "> quoted", `<span class="md-quote">quoted</span>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mrkdwnHTML(tt.in, testDir); got != tt.want {
				t.Errorf("mrkdwnHTML(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

// Nothing a message says may become markup, whatever it holds.
func TestMrkdwnHTMLEscapesEverything(t *testing.T) {
	tests := []struct{ in, mustNot string }{
		{"<script>alert(1)</script>", "<script"},
		{"&lt;script&gt;alert(1)&lt;/script&gt;", "<script"},
		{"<javascript:alert(1)|click me>", "href"},
		{"<JavaScript:alert(1)>", "href"},
		{"<data:text/html,<b>x</b>|x>", "href"},
		{`<https://x.org" onmouseover="alert(1)|x>`, `" onmouseover`},
		{`<https://x.org|"><img src=x onerror=alert(1)>>`, "<img"},
		{`<@U1|"><img src=x>>`, "<img"},
		{`<#C1|<img src=x>>`, "<img"},
		{"```</pre><script>x</script>```", "<script"},
		{"`<img src=x>`", "<img"},
		{"*<img src=x onerror=alert(1)>*", "<img"},
		{`<!subteam^S1|"><img src=x>>`, "<img"},
	}
	for _, tt := range tests {
		got := mrkdwnHTML(tt.in, testDir)
		if strings.Contains(got, tt.mustNot) {
			t.Errorf("mrkdwnHTML(%q) = %s, contains %q", tt.in, got, tt.mustNot)
		}
	}
}

func TestPlainHTML(t *testing.T) {
	if got := plainHTML(`<b>"Hi"</b> :wave:`, true); got != `&lt;b&gt;&#34;Hi&#34;&lt;/b&gt; 👋` {
		t.Errorf("plainHTML with emoji = %s", got)
	}
	if got := plainHTML(":wave: *x*", false); got != ":wave: *x*" {
		t.Errorf("plainHTML without emoji = %s", got)
	}
}

// allowedTag is every tag the renderer writes; anything else in its output came from a message.
var allowedTag = regexp.MustCompile(`^</?(b|i|s|code|pre|span|a)( class="[a-z- ]+")?( data-user="[^"<>]*")?` +
	`( href="(?i:https?:|mailto:)[^"<>]*" target="_blank" rel="noopener noreferrer")?>$`)

func FuzzMrkdwnHTML(f *testing.F) {
	for _, s := range []string{"*a* _b_ ~c~", "<https://x|y>", "```x```", "<@U1>", "&lt;&gt;&amp;", "• x\n> y", "<javascript:x|y>"} {
		f.Add(s)
	}
	tag := regexp.MustCompile(`<[^>]*>`)
	f.Fuzz(func(t *testing.T, s string) {
		got := mrkdwnHTML(s, testDir)
		for _, found := range tag.FindAllString(got, -1) {
			if !allowedTag.MatchString(found) {
				t.Fatalf("mrkdwnHTML(%q) wrote the tag %s in %s", s, found, got)
			}
		}
	})
}
