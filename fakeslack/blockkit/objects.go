package blockkit

// textKind says which text object types a field accepts.
type textKind int

const (
	plainOnly textKind = iota // plain_text only
	anyText                   // plain_text or mrkdwn
)

// text checks an optional text object property; maxLen is the field's own
// limit (never above MaxText).
func (o obj) text(key string, kind textKind, maxLen int) {
	if v, ok := o.m[key]; ok {
		o.c.textObject(v, o.at(key), kind, maxLen)
	}
}

// textObject checks a text object: type, 1..maxLen characters, emoji only
// on plain_text and verbatim only on mrkdwn.
func (c *checker) textObject(v any, ptr string, kind textKind, maxLen int) {
	t, ok := c.object(v, ptr)
	if !ok {
		return
	}
	typ, _ := t.m["type"].(string)
	switch typ {
	case "plain_text":
		t.allow("type", "text", "emoji")
		t.boolean("emoji")
	case "mrkdwn":
		t.allow("type", "text", "verbatim")
		t.boolean("verbatim")
	}
	if !t.require("type", "text") {
		return
	}
	if (typ != "plain_text" && typ != "mrkdwn") || (kind == plainOnly && typ != "plain_text") {
		c.failf(t.at("type"), "must be a valid enum value")
	}
	t.str("text", 1, min(maxLen, MaxText))
	if s, ok := t.m["text"].(string); ok && typ == "mrkdwn" {
		c.escapes(s, t.at("text"))
	}
}

// optionRules says what an option object may carry in its context.
type optionRules struct {
	mrkdwn bool // text and description may be mrkdwn (checkboxes, radio_buttons)
	url    bool // url allowed (overflow)
}

// option checks an option object.
func (c *checker) option(v any, ptr string, r optionRules) {
	o, ok := c.object(v, ptr)
	if !ok {
		return
	}
	keys := []string{"text", "value", "description"}
	if r.url {
		keys = append(keys, "url")
	}
	o.allow(keys...)
	o.require("text", "value")
	kind := plainOnly
	if r.mrkdwn {
		kind = anyText
	}
	o.text("text", kind, MaxOptionText)
	o.str("value", 1, MaxOptionValue)
	o.text("description", kind, MaxOptionDescription)
	o.str("url", 1, MaxURL)
}

// options checks an options array and returns it.
func (o obj) options(key string, minItems, maxItems int, r optionRules) []any {
	a, _ := o.array(key, minItems, maxItems)
	for i, v := range a {
		o.c.option(v, join(o.at(key), i), r)
	}
	return a
}

// optionGroups checks an option_groups array and returns every option in it.
func (o obj) optionGroups(key string) []any {
	groups, _ := o.array(key, 1, MaxSelectOptions)
	var all []any
	for i, g := range groups {
		gp := join(o.at(key), i)
		group, ok := o.c.object(g, gp)
		if !ok {
			continue
		}
		group.allow("label", "options")
		group.require("label", "options")
		group.text("label", plainOnly, MaxOptionGroupLabel)
		all = append(all, group.options("options", 1, MaxGroupOptions, optionRules{})...)
	}
	return all
}

// confirm checks an optional confirmation dialog object.
func (o obj) confirm() {
	v, ok := o.m["confirm"]
	if !ok {
		return
	}
	d, ok := o.c.object(v, o.at("confirm"))
	if !ok {
		return
	}
	d.allow("title", "text", "confirm", "deny", "style")
	d.require("title", "text", "confirm", "deny")
	d.text("title", plainOnly, MaxConfirmTitle)
	d.text("text", anyText, MaxConfirmText)
	d.text("confirm", plainOnly, MaxConfirmButton)
	d.text("deny", plainOnly, MaxConfirmButton)
	d.enum("style", "primary", "danger")
}

// dispatchConfig checks an optional dispatch_action_config object.
func (o obj) dispatchConfig() {
	v, ok := o.m["dispatch_action_config"]
	if !ok {
		return
	}
	d, ok := o.c.object(v, o.at("dispatch_action_config"))
	if !ok {
		return
	}
	d.allow("trigger_actions_on")
	a, _ := d.array("trigger_actions_on", 1, 2)
	for i, t := range a {
		s, _ := t.(string)
		if s != "on_enter_pressed" && s != "on_character_entered" {
			o.c.failf(join(d.at("trigger_actions_on"), i), "must be a valid enum value")
		}
	}
}

// matchesOption reports whether initial equals one of options (text and value).
func matchesOption(initial any, options []any) bool {
	im, _ := initial.(map[string]any)
	for _, o := range options {
		om, _ := o.(map[string]any)
		if om["value"] == im["value"] && textOf(om["text"]) == textOf(im["text"]) {
			return true
		}
	}
	return false
}

// textOf returns the text of a text object, or "".
func textOf(v any) string {
	m, _ := v.(map[string]any)
	s, _ := m["text"].(string)
	return s
}
