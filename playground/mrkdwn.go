package playground

import (
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// directory resolves the ids that mentions carry to the names Slack shows.
type directory interface {
	UserName(id string) string    // "" when unknown
	ChannelName(id string) string // "" when unknown
}

// mrkdwnHTML renders Slack mrkdwn as HTML: *bold*, _italic_, ~strike~, `code`, ```code
// blocks```, > quotes, • bullet lines, <url|links>, <@U…> and <#C…> mentions, <!here>,
// :emoji: and the &amp; &lt; &gt; entities. Everything the text says is escaped: the result is
// safe to put in a page whatever the text holds. Lines are separated by "\n", for an element
// styled white-space: pre-wrap.
func mrkdwnHTML(text string, dir directory) string {
	var b strings.Builder
	parts := strings.Split(text, "```")
	fences := len(parts) - 1
	for i, part := range parts {
		switch {
		case i%2 == 0:
			b.WriteString(linesHTML(part, dir))
		case i == fences && fences%2 == 1:
			// An unclosed fence is literal text, as in Slack.
			b.WriteString(linesHTML("```"+part, dir))
		default:
			b.WriteString(`<pre class="md-pre">`)
			b.WriteString(html.EscapeString(decodeEntities(strings.Trim(part, "\n"))))
			b.WriteString(`</pre>`)
		}
	}
	return b.String()
}

// linesHTML renders text outside code blocks line by line, so quotes and bullets can be styled.
func linesHTML(text string, dir directory) string {
	var b strings.Builder
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		last := i == len(lines)-1
		switch {
		case strings.HasPrefix(line, "&gt;") || strings.HasPrefix(line, ">"):
			quoted := strings.TrimPrefix(strings.TrimPrefix(line, "&gt;"), ">")
			b.WriteString(`<span class="md-quote">`)
			b.WriteString(inlineHTML(strings.TrimPrefix(quoted, " "), dir))
			b.WriteString(`</span>`)
			continue // a block element ends its own line
		case strings.HasPrefix(line, "• ") || strings.HasPrefix(line, "◦ "):
			bullet, rest, _ := strings.Cut(line, " ")
			b.WriteString(`<span class="md-li"><span class="md-bullet">`)
			b.WriteString(html.EscapeString(bullet))
			b.WriteString(`</span><span>`)
			b.WriteString(inlineHTML(rest, dir))
			b.WriteString(`</span></span>`)
			continue
		}
		b.WriteString(inlineHTML(line, dir))
		if !last {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// piece is one unit of a line: a character of text, or a rendered fragment (code, link, mention)
// that formatting markers can surround but never look inside.
type piece struct {
	r    rune
	html string // set for fragments
}

func (p piece) isSpace() bool { return p.html == "" && unicode.IsSpace(p.r) }

// inlineHTML renders one line: fragments first, then the formatting markers around them.
func inlineHTML(line string, dir directory) string {
	return formatPieces(lexLine(line, dir), 0)
}

// lexLine turns a line into pieces: <…> controls and `code` become fragments, entities are
// decoded, and :emoji: shortcodes become their characters.
func lexLine(line string, dir directory) []piece {
	var out []piece
	for len(line) > 0 {
		switch line[0] {
		case '<':
			if end := strings.IndexByte(line, '>'); end > 0 {
				out = append(out, piece{html: controlHTML(line[1:end], dir)})
				line = line[end+1:]
				continue
			}
		case '`':
			if end := strings.IndexByte(line[1:], '`'); end > 0 {
				code := decodeEntities(line[1 : end+1])
				out = append(out, piece{html: `<code class="md-code">` + html.EscapeString(code) + `</code>`})
				line = line[end+2:]
				continue
			}
		case '&':
			if r, n := entity(line); n > 0 {
				out = append(out, piece{r: r})
				line = line[n:]
				continue
			}
		case ':':
			if e, n := emojiAt(line); n > 0 {
				out = append(out, piece{html: `<span class="md-emoji">` + e + `</span>`})
				line = line[n:]
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(line)
		out = append(out, piece{r: r})
		line = line[n:]
	}
	return out
}

// formatPieces renders pieces, turning matched *, _ and ~ markers into <b>, <i> and <s>.
// depth bounds the nesting.
func formatPieces(ps []piece, depth int) string {
	var b strings.Builder
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if p.html != "" {
			b.WriteString(p.html)
			continue
		}
		if tag := markerTag(p.r); tag != "" && depth < 3 && canOpen(ps, i) {
			if j := closer(ps, i); j > 0 {
				b.WriteString("<" + tag + ">")
				b.WriteString(formatPieces(ps[i+1:j], depth+1))
				b.WriteString("</" + tag + ">")
				i = j
				continue
			}
		}
		b.WriteString(html.EscapeString(string(p.r)))
	}
	return b.String()
}

// markerTag is the HTML tag a formatting marker stands for, or "".
func markerTag(r rune) string {
	switch r {
	case '*':
		return "b"
	case '_':
		return "i"
	case '~':
		return "s"
	}
	return ""
}

// canOpen reports whether the marker at i may start formatting: at the start of the line or
// after a space or punctuation, and followed by something that is not a space.
func canOpen(ps []piece, i int) bool {
	if i+1 >= len(ps) || ps[i+1].isSpace() || (ps[i+1].html == "" && ps[i+1].r == ps[i].r) {
		return false
	}
	return i == 0 || boundary(ps[i-1])
}

// closer finds the marker that closes the one at i: not after a space, and at the end of the
// line or before a space or punctuation.
func closer(ps []piece, i int) int {
	for j := i + 2; j < len(ps); j++ {
		if ps[j].html != "" || ps[j].r != ps[i].r || ps[j-1].isSpace() {
			continue
		}
		if j == len(ps)-1 || boundary(ps[j+1]) {
			return j
		}
	}
	return -1
}

// boundary reports whether a piece may sit next to a formatting marker on its outer side.
func boundary(p piece) bool {
	if p.html != "" {
		return false
	}
	return unicode.IsSpace(p.r) || (unicode.IsPunct(p.r) && p.r != '_' && p.r != '*' && p.r != '~') || unicode.IsSymbol(p.r)
}

// controlHTML renders what sits between < and >: a link, a user, channel or special mention,
// or a date with its fallback text.
func controlHTML(inner string, dir directory) string {
	target, label, hasLabel := strings.Cut(inner, "|")
	label = decodeEntities(label)
	switch {
	case strings.HasPrefix(target, "@"):
		id := target[1:]
		name := label
		if !hasLabel || name == "" {
			name = dir.UserName(id)
		}
		if name == "" {
			name = id
		}
		return `<span class="md-mention" data-user="` + html.EscapeString(id) + `">@` + html.EscapeString(strings.TrimPrefix(name, "@")) + `</span>`
	case strings.HasPrefix(target, "#"):
		id := target[1:]
		name := label
		if !hasLabel || name == "" {
			name = dir.ChannelName(id)
		}
		if name == "" {
			name = id
		}
		return `<span class="md-mention">#` + html.EscapeString(name) + `</span>`
	case strings.HasPrefix(target, "!"):
		return specialHTML(target[1:], label, hasLabel)
	}
	href := decodeEntities(target)
	if !hasLabel || label == "" {
		label = href
	}
	if !safeURL(href) {
		return html.EscapeString(label)
	}
	return `<a class="md-link" href="` + html.EscapeString(href) + `" target="_blank" rel="noopener noreferrer">` +
		html.EscapeString(label) + `</a>`
}

// specialHTML renders <!here>, <!channel>, <!everyone>, <!subteam^…|@team> and <!date^…|text>.
func specialHTML(target, label string, hasLabel bool) string {
	name, _, _ := strings.Cut(target, "^")
	switch name {
	case "here", "channel", "everyone":
		return `<span class="md-mention md-broadcast">@` + name + `</span>`
	case "subteam":
		if hasLabel {
			return `<span class="md-mention">` + html.EscapeString(label) + `</span>`
		}
	}
	return html.EscapeString(label)
}

// safeURL accepts only links a page may follow without running anything.
func safeURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// entity decodes one of the three entities Slack uses at the start of s.
func entity(s string) (rune, int) {
	for _, e := range []struct {
		text string
		r    rune
	}{{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}} {
		if strings.HasPrefix(s, e.text) {
			return e.r, len(e.text)
		}
	}
	return 0, 0
}

// decodeEntities turns &amp; &lt; &gt; back into the characters they stand for.
func decodeEntities(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

// plainHTML renders a plain_text object: escaped, with :emoji: when asked for.
func plainHTML(text string, emoji bool) string {
	if !emoji {
		return html.EscapeString(text)
	}
	var b strings.Builder
	for len(text) > 0 {
		if text[0] == ':' {
			if e, n := emojiAt(text); n > 0 {
				b.WriteString(e)
				text = text[n:]
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(text)
		b.WriteString(html.EscapeString(string(r)))
		text = text[n:]
	}
	return b.String()
}
