package playground

import "strings"

// emojiNames maps the shortcodes the bot and people commonly write to their characters.
// Unknown shortcodes stay as typed, as Slack shows them when it has no such emoji.
var emojiNames = map[string]string{
	"alarm_clock": "⏰", "bulb": "💡", "calendar": "📅", "clipboard": "📋", "eyes": "👀",
	"heavy_check_mark": "✔️", "hourglass": "⌛", "i": "ℹ️", "information_source": "ℹ️",
	"mag": "🔍", "memo": "📝", "ok_hand": "👌", "point_right": "👉", "rocket": "🚀",
	"smile": "😄", "slightly_smiling_face": "🙂", "star": "⭐", "tada": "🎉", "thumbsup": "👍",
	"+1": "👍", "wastebasket": "🗑️", "warning": "⚠️", "wave": "👋", "white_check_mark": "✅",
	"x": "❌", "zzz": "💤", "briefcase": "💼", "moneybag": "💰", "speech_balloon": "💬",
}

// emojiAt reads a :shortcode: at the start of s and returns its character and the length of
// the shortcode, or 0 when s does not start with a known one.
func emojiAt(s string) (string, int) {
	end := strings.IndexByte(s[1:], ':')
	if end < 1 || end > 40 {
		return "", 0
	}
	e, ok := emojiNames[s[1:end+1]]
	if !ok {
		return "", 0
	}
	return e, end + 2
}
