package playground

import (
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"time"

	"hirebot/fakeslack"
)

// textObj is a Block Kit text object.
type textObj struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Emoji *bool  `json:"emoji"`
}

// option is an option of a select, overflow, radio or checkbox element.
type option struct {
	Text        textObj  `json:"text"`
	Value       string   `json:"value"`
	Description *textObj `json:"description"`
}

type optionGroup struct {
	Label   textObj  `json:"label"`
	Options []option `json:"options"`
}

type confirmObj struct {
	Title   *textObj `json:"title"`
	Text    *textObj `json:"text"`
	Confirm *textObj `json:"confirm"`
	Deny    *textObj `json:"deny"`
	Style   string   `json:"style"`
}

// element is an interactive (or image) element, with every field the page shows.
type element struct {
	Type         string        `json:"type"`
	ActionID     string        `json:"action_id"`
	Text         *textObj      `json:"text"`
	Value        string        `json:"value"`
	URL          string        `json:"url"`
	Style        string        `json:"style"`
	Confirm      *confirmObj   `json:"confirm"`
	Placeholder  *textObj      `json:"placeholder"`
	Options      []option      `json:"options"`
	OptionGroups []optionGroup `json:"option_groups"`
	Multiline    bool          `json:"multiline"`
	MinValue     string        `json:"min_value"`
	MaxValue     string        `json:"max_value"`
	Decimal      bool          `json:"is_decimal_allowed"`
	MinLength    int           `json:"min_length"`
	MaxLength    int           `json:"max_length"`
	Timezone     string        `json:"timezone"`
	ImageURL     string        `json:"image_url"`
	AltText      string        `json:"alt_text"`
	Filter       *struct {
		Include []string `json:"include"`
	} `json:"filter"`

	initial fakeslack.Value // initial_* fields, read by decodeElement
}

// allOptions lists options and the options of option groups.
func (e *element) allOptions() []option {
	out := append([]option(nil), e.Options...)
	for _, g := range e.OptionGroups {
		out = append(out, g.Options...)
	}
	return out
}

// block is one Block Kit block.
type block struct {
	Type      string          `json:"type"`
	BlockID   string          `json:"block_id"`
	Text      *textObj        `json:"text"`
	Fields    []textObj       `json:"fields"`
	Accessory json.RawMessage `json:"accessory"`
	Elements  json.RawMessage `json:"elements"`
	Label     *textObj        `json:"label"`
	Hint      *textObj        `json:"hint"`
	Element   json.RawMessage `json:"element"`
	Optional  bool            `json:"optional"`
	Dispatch  bool            `json:"dispatch_action"`
	Title     *textObj        `json:"title"`
	ImageURL  string          `json:"image_url"`
	AltText   string          `json:"alt_text"`
	SlackFile *struct {
		ID string `json:"id"`
	} `json:"slack_file"`
}

// decodeBlocks reads a blocks array; blocks that do not parse are skipped.
func decodeBlocks(raw json.RawMessage) []block {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	out := make([]block, 0, len(items))
	for _, it := range items {
		var b block
		if json.Unmarshal(it, &b) == nil {
			out = append(out, b)
		}
	}
	return out
}

// decodeElement reads one element with its initial value.
func decodeElement(raw json.RawMessage) (element, bool) {
	var e element
	if len(raw) == 0 || json.Unmarshal(raw, &e) != nil || e.Type == "" {
		return element{}, false
	}
	e.initial = initialValue(raw, e.Type)
	return e, true
}

// renderer turns blocks into HTML for one viewer.
type renderer struct {
	dir      directory
	people   []fakeslack.User    // who users_select offers
	channels []fakeslack.Channel // what conversations_select and channels_select offer
	loc      *time.Location      // the viewer's time zone, for date-time pickers
	scope    string              // the message ts or view id, to keep radio groups apart
	values   map[string]map[string]fakeslack.Value
	errors   map[string]string // block_id → message under an input block
}

// blocks renders a blocks array.
func (r *renderer) blocks(raw json.RawMessage) string {
	var b strings.Builder
	for _, bl := range decodeBlocks(raw) {
		b.WriteString(r.block(bl))
	}
	return b.String()
}

func (r *renderer) block(bl block) string {
	switch bl.Type {
	case "header":
		return `<div class="sk-header">` + r.text(bl.Text) + `</div>`
	case "section":
		return r.section(bl)
	case "divider":
		return `<hr class="sk-divider">`
	case "context":
		return r.context(bl)
	case "actions":
		return r.actions(bl)
	case "input":
		return r.input(bl)
	case "image":
		if bl.SlackFile != nil && bl.SlackFile.ID != "" {
			// A file uploaded to the fake Slack is served by the playground itself.
			return `<div class="sk-image">` + r.text(bl.Title) + `<img src="/api/files/` + url.PathEscape(bl.SlackFile.ID) +
				`" alt="` + html.EscapeString(bl.AltText) + `"></div>`
		}
		return `<div class="sk-image">` + r.text(bl.Title) + ` <span class="sk-alt">[image: ` + html.EscapeString(bl.AltText) + `]</span></div>`
	}
	return `<div class="sk-unknown">[` + html.EscapeString(bl.Type) + ` block]</div>`
}

// text renders a text object, mrkdwn or plain.
func (r *renderer) text(t *textObj) string {
	if t == nil {
		return ""
	}
	if t.Type == "mrkdwn" {
		return mrkdwnHTML(t.Text, r.dir)
	}
	return plainHTML(t.Text, t.Emoji == nil || *t.Emoji)
}

func (r *renderer) section(bl block) string {
	var b strings.Builder
	b.WriteString(`<div class="sk-section"` + blockAttr(bl) + `><div class="sk-section-main">`)
	if bl.Text != nil {
		b.WriteString(`<div class="sk-text">` + r.text(bl.Text) + `</div>`)
	}
	if len(bl.Fields) > 0 {
		b.WriteString(`<div class="sk-fields">`)
		for i := range bl.Fields {
			b.WriteString(`<div class="sk-text sk-field">` + r.text(&bl.Fields[i]) + `</div>`)
		}
		b.WriteString(`</div>`)
	}
	b.WriteString(`</div>`)
	if e, ok := decodeElement(bl.Accessory); ok {
		b.WriteString(`<div class="sk-accessory">` + r.element(bl, e, kindAction) + `</div>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// contextElement is a text object or an image in a context block.
type contextElement struct {
	Type    string `json:"type"`
	Text    string `json:"text"`
	Emoji   *bool  `json:"emoji"`
	AltText string `json:"alt_text"`
}

func (r *renderer) context(bl block) string {
	var els []contextElement
	_ = json.Unmarshal(bl.Elements, &els)
	var b strings.Builder
	b.WriteString(`<div class="sk-context">`)
	for _, e := range els {
		switch e.Type {
		case "image":
			b.WriteString(`<span class="sk-alt">[` + html.EscapeString(e.AltText) + `]</span>`)
		default:
			b.WriteString(`<span class="sk-text">` + r.text(&textObj{Type: e.Type, Text: e.Text, Emoji: e.Emoji}) + `</span>`)
		}
	}
	b.WriteString(`</div>`)
	return b.String()
}

func (r *renderer) actions(bl block) string {
	var raws []json.RawMessage
	_ = json.Unmarshal(bl.Elements, &raws)
	var b strings.Builder
	b.WriteString(`<div class="sk-actions"` + blockAttr(bl) + `>`)
	for _, raw := range raws {
		if e, ok := decodeElement(raw); ok {
			b.WriteString(r.element(bl, e, kindAction))
		}
	}
	b.WriteString(`</div>`)
	return b.String()
}

// input renders an input block of a modal: label, element, hint and the error Slack shows
// under it.
func (r *renderer) input(bl block) string {
	e, ok := decodeElement(bl.Element)
	if !ok {
		return ""
	}
	kind := kindInput
	if bl.Dispatch {
		kind = kindDispatch
	}
	var b strings.Builder
	cls := "sk-input-block"
	msg := r.errors[bl.BlockID]
	if msg != "" {
		cls += " has-error"
	}
	b.WriteString(`<div class="` + cls + `"` + blockAttr(bl) + `>`)
	b.WriteString(`<label class="sk-label">` + r.text(bl.Label))
	if bl.Optional {
		b.WriteString(` <span class="sk-optional">(optional)</span>`)
	}
	b.WriteString(`</label>`)
	b.WriteString(r.element(bl, e, kind))
	if bl.Hint != nil {
		b.WriteString(`<div class="sk-hint">` + r.text(bl.Hint) + `</div>`)
	}
	b.WriteString(`<div class="sk-field-error" role="alert">` + html.EscapeString(msg) + `</div>`)
	b.WriteString(`</div>`)
	return b.String()
}

// blockAttr carries the block_id for the page's script.
func blockAttr(bl block) string {
	return ` data-block="` + html.EscapeString(bl.BlockID) + `"`
}

// current is the value an element shows: what the user entered, else its initial value.
func (r *renderer) current(bl block, e element) fakeslack.Value {
	if v, ok := r.values[bl.BlockID][e.ActionID]; ok {
		return v
	}
	return e.initial
}
