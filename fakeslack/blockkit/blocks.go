package blockkit

import "strings"

// blocks checks a blocks array of at most maxBlocks.
func (c *checker) blocks(v any, ptr string, maxBlocks int) {
	a, ok := c.array(v, ptr, 0, maxBlocks)
	if !ok {
		return
	}
	for i, b := range a {
		c.block(b, join(ptr, i))
	}
}

// blockChecks holds the schema of each block type.
var blockChecks map[string]func(obj)

func init() {
	blockChecks = map[string]func(obj){
		"section":         checkSection,
		"divider":         func(b obj) { b.allow("type", "block_id") },
		"header":          checkHeader,
		"image":           checkImageBlock,
		"actions":         checkActions,
		"context":         checkContext,
		"input":           checkInput,
		"markdown":        checkMarkdown,
		"rich_text":       checkRichText,
		"file":            checkFile,
		"video":           checkVideo,
		"table":           checkTable,
		"context_actions": checkContextActions,
	}
}

// block checks one block and its block_id.
func (c *checker) block(v any, ptr string) {
	b, ok := c.object(v, ptr)
	if !ok {
		return
	}
	check, known := blockChecks[typeOf(v)]
	if !known {
		if !b.has("type") {
			c.failf(ptr, "missing required field: type")
			return
		}
		c.failf(ptr, "failed to match all allowed schemas")
		return
	}
	if id, ok := b.str("block_id", 1, MaxBlockID); ok {
		if c.blockIDs[id] {
			c.failf(b.at("block_id"), "must be unique: block_id %q is used by another block", id)
		}
		c.blockIDs[id] = true
	}
	check(b)
}

func checkSection(b obj) {
	b.allow("type", "block_id", "text", "fields", "accessory", "expand")
	if !b.has("text") && !b.has("fields") {
		b.c.failf(b.ptr, "missing required field: text")
	}
	b.text("text", anyText, MaxSectionText)
	fields, _ := b.array("fields", 1, MaxSectionFields)
	for i, f := range fields {
		b.c.textObject(f, join(b.at("fields"), i), anyText, MaxSectionFieldText)
	}
	if v, ok := b.m["accessory"]; ok {
		b.c.element(v, b.at("accessory"), inSection)
	}
	b.boolean("expand")
}

func checkHeader(b obj) {
	b.allow("type", "block_id", "text")
	b.require("text")
	b.text("text", plainOnly, MaxHeaderText)
}

func checkImageBlock(b obj) {
	b.allow("type", "block_id", "image_url", "slack_file", "alt_text", "title")
	checkImageSource(b)
	b.require("alt_text")
	b.str("alt_text", 1, MaxImageAltText)
	b.text("title", plainOnly, MaxImageTitle)
}

func checkActions(b obj) {
	b.allow("type", "block_id", "elements")
	b.require("elements")
	elems, _ := b.array("elements", 1, MaxActionsElements)
	seen := map[string]bool{}
	for i, e := range elems {
		ptr := join(b.at("elements"), i)
		id := b.c.element(e, ptr, inActions)
		if id != "" && seen[id] {
			b.c.failf(join(ptr, "action_id"), "must be unique: action_id %q is used by another element in this block", id)
		}
		seen[id] = true
	}
}

func checkContext(b obj) {
	b.allow("type", "block_id", "elements")
	b.require("elements")
	elems, _ := b.array("elements", 1, MaxContextElements)
	for i, e := range elems {
		ptr := join(b.at("elements"), i)
		switch typeOf(e) {
		case "plain_text", "mrkdwn":
			b.c.textObject(e, ptr, anyText, MaxText)
		case "image":
			if img, ok := b.c.object(e, ptr); ok {
				checkImageElement(img)
			}
		default:
			b.c.failf(ptr, "failed to match all allowed schemas")
		}
	}
}

func checkInput(b obj) {
	b.allow("type", "block_id", "label", "element", "hint", "optional", "dispatch_action")
	b.require("label", "element")
	b.text("label", plainOnly, MaxInputLabel)
	if v, ok := b.m["element"]; ok {
		b.c.element(v, b.at("element"), inInput)
	}
	b.text("hint", plainOnly, MaxInputHint)
	if optional, ok := b.boolean("optional"); ok && optional {
		checkOptionalLabel(b)
	}
	b.boolean("dispatch_action")
}

// checkOptionalLabel reports an optional input whose label says so itself: Slack shows
// "(optional)" after the label of every optional input, so it would read "(optional) (optional)".
func checkOptionalLabel(b obj) {
	label, _ := b.m["label"].(map[string]any)
	text, _ := label["text"].(string)
	if strings.HasSuffix(strings.ToLower(strings.TrimSpace(text)), "(optional)") {
		b.c.failf(join(b.at("label"), "text"), "must not end in (optional) on an optional input: Slack adds it itself")
	}
}

func checkMarkdown(b obj) {
	b.allow("type", "block_id", "text")
	b.require("text")
	b.str("text", 1, MaxMarkdownBlockText)
}

// checkRichText checks the outline of a rich_text block; its elements are
// what user messages carry and Slack documents no limits for them.
func checkRichText(b obj) {
	b.allow("type", "block_id", "elements")
	b.require("elements")
	elems, _ := b.array("elements", 0, 0)
	for i, e := range elems {
		b.c.object(e, join(b.at("elements"), i))
	}
}

func checkFile(b obj) {
	b.allow("type", "block_id", "external_id", "source")
	b.require("external_id", "source")
	b.str("external_id", 1, MaxExternalID)
	b.enum("source", "remote")
}

func checkVideo(b obj) {
	b.allow("type", "block_id", "alt_text", "author_name", "description", "provider_icon_url",
		"provider_name", "title", "title_url", "thumbnail_url", "video_url")
	b.require("alt_text", "title", "thumbnail_url", "video_url")
	b.str("alt_text", 1, MaxImageAltText)
	b.text("title", plainOnly, 200)
	b.text("description", plainOnly, 200)
	b.str("author_name", 1, 50)
	for _, k := range []string{"provider_icon_url", "provider_name", "title_url", "thumbnail_url", "video_url"} {
		b.str(k, 1, MaxURL)
	}
}

func checkTable(b obj) {
	b.allow("type", "block_id", "rows", "column_settings")
	b.require("rows")
	rows, _ := b.array("rows", 1, MaxTableRows)
	for i, r := range rows {
		b.c.array(r, join(b.at("rows"), i), 1, MaxTableCells)
	}
	b.array("column_settings", 0, MaxTableCells)
}

// checkContextActions checks the outline of a context_actions block.
func checkContextActions(b obj) {
	b.allow("type", "block_id", "elements")
	b.require("elements")
	elems, _ := b.array("elements", 1, 5)
	for i, e := range elems {
		ptr := join(b.at("elements"), i)
		switch typeOf(e) {
		case "feedback_buttons", "icon_button":
			b.c.object(e, ptr)
		default:
			b.c.failf(ptr, "failed to match all allowed schemas")
		}
	}
}
