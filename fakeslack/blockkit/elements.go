package blockkit

import (
	"regexp"
	"slices"
)

// place is the block slot an element sits in.
type place int

const (
	inSection place = iota // section accessory
	inActions              // actions elements
	inInput                // input element
)

// Element types each slot accepts.
var (
	selectTypes = []string{
		"static_select", "external_select", "users_select", "conversations_select", "channels_select",
		"multi_static_select", "multi_external_select", "multi_users_select",
		"multi_conversations_select", "multi_channels_select",
	}
	placeTypes = map[place][]string{
		inSection: append([]string{"button", "checkboxes", "datepicker", "image", "overflow",
			"radio_buttons", "timepicker", "workflow_button"}, selectTypes...),
		inActions: append([]string{"button", "checkboxes", "datepicker", "datetimepicker", "overflow",
			"radio_buttons", "timepicker", "workflow_button", "rich_text_input"}, selectTypes...),
		inInput: append([]string{"checkboxes", "datepicker", "datetimepicker", "email_text_input",
			"file_input", "number_input", "plain_text_input", "radio_buttons", "rich_text_input",
			"timepicker", "url_text_input"}, selectTypes...),
	}
)

var (
	dateRE = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`)
	timeRE = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
)

// element checks an interactive or image element placed in p and returns
// its action_id ("" if none).
func (c *checker) element(v any, ptr string, p place) string {
	e, ok := c.object(v, ptr)
	if !ok {
		return ""
	}
	typ := typeOf(v)
	check, known := elementChecks[typ]
	if !known || !slices.Contains(placeTypes[p], typ) {
		c.failf(ptr, "failed to match all allowed schemas")
		return ""
	}
	check(e)
	actionID, _ := e.str("action_id", 1, MaxActionID)
	if focus, _ := e.boolean("focus_on_load"); focus {
		c.focus++
		if c.focus > 1 {
			c.failf(e.at("focus_on_load"), "only one element per view may set focus_on_load")
		}
	}
	return actionID
}

// elementChecks holds the schema of each element type.
var elementChecks map[string]func(obj)

func init() {
	elementChecks = map[string]func(obj){
		"button":                     checkButton,
		"static_select":              func(e obj) { checkStaticSelect(e, false) },
		"multi_static_select":        func(e obj) { checkStaticSelect(e, true) },
		"external_select":            func(e obj) { checkExternalSelect(e, false) },
		"multi_external_select":      func(e obj) { checkExternalSelect(e, true) },
		"users_select":               func(e obj) { checkIDSelect(e, "initial_user", false) },
		"multi_users_select":         func(e obj) { checkIDSelect(e, "initial_users", true) },
		"conversations_select":       func(e obj) { checkIDSelect(e, "initial_conversation", false) },
		"multi_conversations_select": func(e obj) { checkIDSelect(e, "initial_conversations", true) },
		"channels_select":            func(e obj) { checkIDSelect(e, "initial_channel", false) },
		"multi_channels_select":      func(e obj) { checkIDSelect(e, "initial_channels", true) },
		"overflow":                   checkOverflow,
		"checkboxes":                 checkCheckboxes,
		"radio_buttons":              checkRadios,
		"datepicker":                 checkDatepicker,
		"timepicker":                 checkTimepicker,
		"datetimepicker":             checkDatetimepicker,
		"plain_text_input":           checkPlainTextInput,
		"email_text_input":           func(e obj) { checkTextInput(e) },
		"url_text_input":             func(e obj) { checkTextInput(e) },
		"number_input":               checkNumberInput,
		"rich_text_input":            checkRichTextInput,
		"file_input":                 checkFileInput,
		"image":                      checkImageElement,
		"workflow_button":            checkWorkflowButton,
	}
}

func checkButton(e obj) {
	e.allow("type", "text", "action_id", "url", "value", "confirm", "style", "accessibility_label",
		"agent_prompt", "agent_prompt_display", "visible_to_user_ids")
	e.require("text")
	e.text("text", plainOnly, MaxButtonText)
	e.str("value", 1, MaxButtonValue)
	e.str("url", 1, MaxURL)
	e.enum("style", "primary", "danger")
	e.str("accessibility_label", 1, MaxAccessibilityLabel)
	e.strings("visible_to_user_ids", 0)
	e.confirm()
}

func checkStaticSelect(e obj, multi bool) {
	keys := []string{"type", "action_id", "placeholder", "options", "option_groups", "confirm", "focus_on_load"}
	if multi {
		keys = append(keys, "initial_options", "max_selected_items")
	} else {
		keys = append(keys, "initial_option")
	}
	e.allow(keys...)
	e.text("placeholder", plainOnly, MaxPlaceholder)
	e.confirm()
	var options []any
	switch {
	case e.has("options") && e.has("option_groups"):
		e.c.failf(e.ptr, "must provide either options or option_groups, not both")
	case e.has("options"):
		options = e.options("options", 1, MaxSelectOptions, optionRules{})
	case e.has("option_groups"):
		options = e.optionGroups("option_groups")
	default:
		e.c.failf(e.ptr, "missing required field: options")
	}
	initialOptions(e, options, multi, optionRules{})
	if multi {
		e.integer("max_selected_items", 1, 1<<31-1)
	}
}

// initialOptions checks initial_option(s) and that each matches one of options.
func initialOptions(e obj, options []any, multi bool, r optionRules) {
	key := "initial_option"
	var initial []any
	ptrs := []string{e.at(key)}
	if multi {
		key = "initial_options"
		initial, _ = e.array(key, 1, 0)
		ptrs = nil
		for i := range initial {
			ptrs = append(ptrs, join(e.at(key), i))
		}
	} else if v, ok := e.m[key]; ok {
		initial = []any{v}
	}
	for i, v := range initial {
		e.c.option(v, ptrs[i], r)
		if options != nil && !matchesOption(v, options) {
			e.c.failf(ptrs[i], "must match one of the provided options")
		}
	}
}

func checkExternalSelect(e obj, multi bool) {
	keys := []string{"type", "action_id", "placeholder", "min_query_length", "confirm", "focus_on_load"}
	if multi {
		keys = append(keys, "initial_options", "max_selected_items")
	} else {
		keys = append(keys, "initial_option")
	}
	e.allow(keys...)
	e.text("placeholder", plainOnly, MaxPlaceholder)
	e.integer("min_query_length", 0, 1<<31-1)
	e.confirm()
	initialOptions(e, nil, multi, optionRules{})
	if multi {
		e.integer("max_selected_items", 1, 1<<31-1)
	}
}

// checkIDSelect checks users, conversations and channels selects, whose
// initial values are ids.
func checkIDSelect(e obj, initial string, multi bool) {
	keys := []string{"type", "action_id", "placeholder", initial, "confirm", "focus_on_load"}
	typ := typeOf(e.m)
	conv := typ == "conversations_select" || typ == "multi_conversations_select"
	if conv {
		keys = append(keys, "default_to_current_conversation", "filter")
	}
	if !multi && typ != "users_select" {
		keys = append(keys, "response_url_enabled")
	}
	if multi {
		keys = append(keys, "max_selected_items")
	}
	e.allow(keys...)
	e.text("placeholder", plainOnly, MaxPlaceholder)
	e.confirm()
	e.boolean("default_to_current_conversation")
	e.boolean("response_url_enabled")
	if multi {
		e.strings(initial, 0)
		e.integer("max_selected_items", 1, 1<<31-1)
	} else {
		e.str(initial, 1, 0)
	}
	if v, ok := e.m["filter"]; ok {
		checkFilter(e.c, v, e.at("filter"))
	}
}

func checkFilter(c *checker, v any, ptr string) {
	f, ok := c.object(v, ptr)
	if !ok {
		return
	}
	f.allow("include", "exclude_external_shared_channels", "exclude_bot_users")
	a, _ := f.array("include", 1, 4)
	for i, v := range a {
		if s, _ := v.(string); !slices.Contains([]string{"im", "mpim", "private", "public"}, s) {
			c.failf(join(f.at("include"), i), "must be a valid enum value")
		}
	}
	f.boolean("exclude_external_shared_channels")
	f.boolean("exclude_bot_users")
}

func checkOverflow(e obj) {
	e.allow("type", "action_id", "options", "confirm")
	e.require("options")
	e.options("options", 1, MaxOverflowOptions, optionRules{url: true})
	e.confirm()
}

func checkCheckboxes(e obj) {
	e.allow("type", "action_id", "options", "initial_options", "confirm", "focus_on_load")
	e.require("options")
	r := optionRules{mrkdwn: true}
	opts := e.options("options", 1, MaxCheckboxOptions, r)
	initialOptions(e, opts, true, r)
	e.confirm()
}

func checkRadios(e obj) {
	e.allow("type", "action_id", "options", "initial_option", "confirm", "focus_on_load")
	e.require("options")
	r := optionRules{mrkdwn: true}
	opts := e.options("options", 1, MaxRadioOptions, r)
	initialOptions(e, opts, false, r)
	e.confirm()
}

func checkDatepicker(e obj) {
	e.allow("type", "action_id", "placeholder", "initial_date", "confirm", "focus_on_load")
	e.text("placeholder", plainOnly, MaxPlaceholder)
	if s, ok := e.str("initial_date", 0, 0); ok && !dateRE.MatchString(s) {
		e.c.failf(e.at("initial_date"), "must be a date in YYYY-MM-DD format")
	}
	e.confirm()
}

func checkTimepicker(e obj) {
	e.allow("type", "action_id", "placeholder", "initial_time", "timezone", "confirm", "focus_on_load")
	e.text("placeholder", plainOnly, MaxPlaceholder)
	if s, ok := e.str("initial_time", 0, 0); ok && !timeRE.MatchString(s) {
		e.c.failf(e.at("initial_time"), "must be a time in HH:mm format")
	}
	e.str("timezone", 1, 0)
	e.confirm()
}

func checkDatetimepicker(e obj) {
	e.allow("type", "action_id", "initial_date_time", "confirm", "focus_on_load")
	e.integer("initial_date_time", 0, 9999999999)
	e.confirm()
}

func checkPlainTextInput(e obj) {
	e.allow("type", "action_id", "placeholder", "initial_value", "multiline", "min_length",
		"max_length", "dispatch_action_config", "focus_on_load")
	e.text("placeholder", plainOnly, MaxPlaceholder)
	e.boolean("multiline")
	minLen, _ := e.integer("min_length", 0, MaxInputLength)
	maxLen, hasMax := e.integer("max_length", 1, MaxInputLength)
	if hasMax && minLen > maxLen {
		e.c.failf(e.at("min_length"), "must be less than or equal to max_length")
	}
	if !hasMax || maxLen > MaxInputLength {
		maxLen = MaxInputLength
	}
	e.str("initial_value", 0, int(maxLen))
	e.dispatchConfig()
}

func checkTextInput(e obj) {
	e.allow("type", "action_id", "placeholder", "initial_value", "dispatch_action_config", "focus_on_load")
	e.text("placeholder", plainOnly, MaxPlaceholder)
	e.str("initial_value", 0, 0)
	e.dispatchConfig()
}

func checkNumberInput(e obj) {
	e.allow("type", "action_id", "is_decimal_allowed", "placeholder", "initial_value", "min_value",
		"max_value", "dispatch_action_config", "focus_on_load")
	e.require("is_decimal_allowed")
	e.boolean("is_decimal_allowed")
	e.text("placeholder", plainOnly, MaxPlaceholder)
	e.str("initial_value", 0, 0)
	e.str("min_value", 0, 0)
	e.str("max_value", 0, 0)
	e.dispatchConfig()
}

func checkRichTextInput(e obj) {
	e.allow("type", "action_id", "placeholder", "initial_value", "dispatch_action_config",
		"focus_on_load", "min_lines", "max_lines")
	e.text("placeholder", plainOnly, MaxPlaceholder)
	if v, ok := e.m["initial_value"]; ok {
		e.c.object(v, e.at("initial_value"))
	}
	e.dispatchConfig()
}

func checkFileInput(e obj) {
	e.allow("type", "action_id", "filetypes", "max_files")
	e.strings("filetypes", 0)
	e.integer("max_files", 1, MaxFileInputFiles)
}

func checkImageElement(e obj) {
	e.allow("type", "image_url", "alt_text", "slack_file")
	checkImageSource(e)
	e.require("alt_text")
	e.str("alt_text", 1, MaxImageAltText)
}

// checkImageSource checks that exactly one of image_url and slack_file is set.
func checkImageSource(e obj) {
	switch {
	case e.has("image_url") && e.has("slack_file"):
		e.c.failf(e.ptr, "must provide either image_url or slack_file, not both")
	case e.has("slack_file"):
		if f, ok := e.c.object(e.m["slack_file"], e.at("slack_file")); ok {
			f.allow("id", "url")
			f.str("id", 1, 0)
			f.str("url", 1, MaxURL)
		}
	default:
		e.require("image_url")
		e.str("image_url", 1, MaxImageURL)
	}
}

func checkWorkflowButton(e obj) {
	e.allow("type", "text", "workflow", "action_id", "style", "accessibility_label")
	e.require("text", "workflow")
	e.text("text", plainOnly, MaxButtonText)
	if v, ok := e.m["workflow"]; ok {
		e.c.object(v, e.at("workflow"))
	}
	e.enum("style", "primary", "danger")
	e.str("accessibility_label", 1, MaxAccessibilityLabel)
}
