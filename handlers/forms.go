package handlers

import (
	"fmt"
	"regexp"

	"github.com/slack-go/slack"
)

// actionValue is the action_id of every single-input block in hirebot's forms: the block_id says
// which field it is.
const actionValue = "value"

// textInput is a plain text input block, one line or several.
func textInput(blockID, label, placeholder string, maxLen int, multiline bool) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(plain(placeholder), actionValue)
	el.MaxLength = maxLen
	el.Multiline = multiline
	return slack.NewInputBlock(blockID, plain(label), nil, el)
}

// requireText records a problem with a required short text: missing, or over maxNameLength.
func requireText(errs map[string]string, block, v, what string) {
	switch {
	case v == "":
		errs[block] = "Enter " + what + "."
	case len([]rune(v)) > maxNameLength:
		errs[block] = fmt.Sprintf("Keep %s under %d characters.", what, maxNameLength)
	}
}

// helpMessage is a command's help: a title for notifications and one section of text.
func helpMessage(title, text string) Message {
	return Message{Text: title, Blocks: []slack.Block{section(text)}}
}

// slackUserID is the shape of a real Slack user id. A submission is only as trustworthy as its
// sender: a forged one can carry anything in a users select, "<!channel>" included.
var slackUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// validUserIDs reports whether every id is a real Slack user id.
func validUserIDs(ids ...string) bool {
	for _, id := range ids {
		if !slackUserID.MatchString(id) {
			return false
		}
	}
	return true
}
