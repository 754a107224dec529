package playground

import (
	"html"
	"slices"
	"strconv"
	"strings"
)

// Element kinds, as the page's script reads them from data-kind.
const (
	kindAction   = "action"   // sends block_actions as soon as it is used
	kindInput    = "input"    // a modal input, read when the form is submitted
	kindDispatch = "dispatch" // a modal input that also sends block_actions when changed
)

// choice is one entry of a select, a chip list, checkboxes or radio buttons.
type choice struct {
	value string
	label string // HTML
	desc  string // HTML, may be empty
}

// element renders one element of block bl; kind is one of the kind constants.
func (r *renderer) element(bl block, e element, kind string) string {
	attrs := ` data-kind="` + kind + `" data-type="` + html.EscapeString(e.Type) + `"` + blockAttr(bl) +
		` data-action="` + html.EscapeString(e.ActionID) + `"`
	selected := valueStrings(r.current(bl, e), r.loc)
	switch e.Type {
	case "button":
		return r.button(e, attrs)
	case "overflow":
		return r.overflow(e, attrs)
	case "static_select", "users_select", "conversations_select", "channels_select":
		return selectHTML(attrs, r.placeholder(e, "Select an option"), r.choices(e), first(selected))
	case "multi_static_select", "multi_users_select", "multi_conversations_select", "multi_channels_select":
		return r.checkList("sk-chips", "checkbox", attrs, "", r.choices(e), selected)
	case "checkboxes":
		return r.checkList("sk-checks", "checkbox", attrs, "", r.choices(e), selected)
	case "radio_buttons":
		group := r.scope + "/" + bl.BlockID + "/" + e.ActionID
		return r.checkList("sk-radios", "radio", attrs, group, r.choices(e), selected)
	case "datepicker":
		return inputHTML("date", attrs, "", first(selected), "")
	case "timepicker":
		return inputHTML("time", attrs, "", first(selected), "")
	case "datetimepicker":
		return inputHTML("datetime-local", attrs, "", first(selected), "")
	case "number_input":
		return inputHTML("number", attrs, r.placeholder(e, ""), first(selected), numberAttrs(e))
	case "email_text_input":
		return inputHTML("email", attrs, r.placeholder(e, ""), first(selected), "")
	case "url_text_input":
		return inputHTML("url", attrs, r.placeholder(e, ""), first(selected), "")
	case "plain_text_input", "external_select", "multi_external_select", "rich_text_input":
		if e.Multiline || e.Type == "rich_text_input" {
			return `<textarea class="sk-input" rows="4"` + attrs + ` placeholder="` + r.placeholder(e, "") + `">` +
				html.EscapeString(first(selected)) + `</textarea>`
		}
		return inputHTML("text", attrs, r.placeholder(e, ""), first(selected), "")
	case "image":
		return `<span class="sk-alt">[` + html.EscapeString(e.AltText) + `]</span>`
	}
	return `<span class="sk-unknown">[` + html.EscapeString(e.Type) + `]</span>`
}

// button renders a button, with its style, its confirm dialog (a template the script shows
// before sending the click) and, for link buttons, the link.
func (r *renderer) button(e element, attrs string) string {
	cls := "sk-btn"
	switch e.Style {
	case "primary":
		cls += " sk-primary"
	case "danger":
		cls += " sk-danger"
	}
	label := r.text(e.Text)
	var out string
	if e.URL != "" && safeURL(e.URL) {
		out = `<a class="` + cls + `" href="` + html.EscapeString(e.URL) + `" target="_blank" rel="noopener noreferrer"` + attrs + `>` + label + `</a>`
	} else {
		out = `<button type="button" class="` + cls + `"` + attrs + `>` + label + `</button>`
	}
	if e.Confirm == nil {
		return out
	}
	return `<span class="sk-confirmable">` + out + r.confirm(e.Confirm) + `</span>`
}

// confirm renders a confirm dialog's parts in a template for the page's script.
func (r *renderer) confirm(c *confirmObj) string {
	yes, no := "Yes", "Cancel"
	if c.Confirm != nil {
		yes = r.text(c.Confirm)
	}
	if c.Deny != nil {
		no = r.text(c.Deny)
	}
	style := "primary"
	if c.Style == "danger" {
		style = "danger"
	}
	return `<template class="sk-confirm" data-style="` + style + `"><h2>` + r.text(c.Title) + `</h2><div class="sk-text">` +
		r.text(c.Text) + `</div><span class="yes">` + yes + `</span><span class="no">` + no + `</span></template>`
}

// overflow renders the "⋯" menu; picking an entry sends its value, after the menu's confirm
// dialog if it has one.
func (r *renderer) overflow(e element, attrs string) string {
	var b strings.Builder
	b.WriteString(`<details class="sk-overflow"` + attrs + `><summary class="sk-btn" aria-label="More actions">⋯</summary>`)
	if e.Confirm != nil {
		b.WriteString(r.confirm(e.Confirm))
	}
	b.WriteString(`<div class="sk-menu">`)
	for _, o := range e.allOptions() {
		b.WriteString(`<button type="button" class="sk-menu-item" data-value="` + html.EscapeString(o.Value) + `">` + r.text(&o.Text) + `</button>`)
	}
	b.WriteString(`</div></details>`)
	return b.String()
}

// placeholder is an element's placeholder text, escaped for an attribute.
func (r *renderer) placeholder(e element, def string) string {
	if e.Placeholder != nil {
		return html.EscapeString(e.Placeholder.Text)
	}
	return html.EscapeString(def)
}

// choices lists what a select or list offers: its options, or the workspace's people or
// channels.
func (r *renderer) choices(e element) []choice {
	var out []choice
	switch {
	case strings.Contains(e.Type, "users_select"):
		for _, u := range r.people {
			out = append(out, choice{value: u.ID, label: html.EscapeString(displayName(u))})
		}
	case strings.Contains(e.Type, "conversations_select"), strings.Contains(e.Type, "channels_select"):
		for _, c := range r.channels {
			out = append(out, choice{value: c.ID, label: "#" + html.EscapeString(c.Name)})
		}
	default:
		for _, o := range e.allOptions() {
			c := choice{value: o.Value, label: r.text(&o.Text)}
			if o.Description != nil {
				c.desc = r.text(o.Description)
			}
			out = append(out, c)
		}
	}
	return out
}

// selectHTML renders a single select with a placeholder entry.
func selectHTML(attrs, placeholder string, choices []choice, selected string) string {
	var b strings.Builder
	b.WriteString(`<select class="sk-select"` + attrs + `>`)
	sel := ""
	if selected == "" {
		sel = " selected"
	}
	b.WriteString(`<option value=""` + sel + `>` + placeholder + `</option>`)
	for _, c := range choices {
		sel = ""
		if c.value == selected {
			sel = " selected"
		}
		// An <option> shows text only, so the label's markup is flattened to its text.
		b.WriteString(`<option value="` + html.EscapeString(c.value) + `"` + sel + `>` + html.EscapeString(stripTags(c.label)) + `</option>`)
	}
	b.WriteString(`</select>`)
	return b.String()
}

// checkList renders chips, checkboxes or radio buttons.
func (r *renderer) checkList(cls, typ, attrs, group string, choices []choice, selected []string) string {
	var b strings.Builder
	b.WriteString(`<div class="` + cls + `"` + attrs + `>`)
	name := ""
	if group != "" {
		name = ` name="` + html.EscapeString(group) + `"`
	}
	for _, c := range choices {
		checked := ""
		if slices.Contains(selected, c.value) {
			checked = " checked"
		}
		b.WriteString(`<label class="sk-choice"><input type="` + typ + `"` + name + ` value="` + html.EscapeString(c.value) + `"` + checked + `>`)
		b.WriteString(`<span class="sk-choice-text">` + c.label)
		if c.desc != "" {
			b.WriteString(`<span class="sk-choice-desc">` + c.desc + `</span>`)
		}
		b.WriteString(`</span></label>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// inputHTML renders an <input>; placeholder is already escaped and extra holds more attributes.
func inputHTML(typ, attrs, placeholder, value, extra string) string {
	out := `<input class="sk-input" type="` + typ + `"` + attrs + extra + ` value="` + html.EscapeString(value) + `"`
	if placeholder != "" {
		out += ` placeholder="` + placeholder + `"`
	}
	return out + `>`
}

// numberAttrs carries a number input's bounds to the browser's spinner; the bot still checks.
func numberAttrs(e element) string {
	out := ` step="1"`
	if e.Decimal {
		out = ` step="any"`
	}
	if _, err := strconv.ParseFloat(e.MinValue, 64); err == nil {
		out += ` min="` + html.EscapeString(e.MinValue) + `"`
	}
	if _, err := strconv.ParseFloat(e.MaxValue, 64); err == nil {
		out += ` max="` + html.EscapeString(e.MaxValue) + `"`
	}
	return out
}

// first is the first string, or "".
func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// stripTags keeps the text of rendered HTML, still escaped.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return html.UnescapeString(b.String())
}
