package playground

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"hirebot/fakeslack"
)

// suggestions are the commands the page offers to try, one click each.
var suggestions = []string{"/salary seattle", "/interview-questions system design", "/hiring-faq degree",
	"/interview", "/feedback", "/job-posting"}

// fragments renders the parts of the page for a state; top is the modal on top of the stack
// and home the viewer's Home tab, when they look at it.
func (s *Server) fragments(ws workspace, st State, top, home *fakeslack.View) Fragments {
	r := &renderer{dir: ws, loc: st.User.loc}
	for _, u := range ws.users {
		if !u.IsBot {
			r.people = append(r.people, u)
		}
	}
	for _, c := range ws.channels {
		if !c.IsIM && !c.IsMPIM {
			r.channels = append(r.channels, c)
		}
	}
	f := Fragments{
		Sidebar: sidebarHTML(st),
		Header:  headerHTML(st),
	}
	if st.Tab == TabHome {
		f.Messages = homeHTML(r, home)
	} else {
		f.Messages = s.messagesHTML(r, ws, st)
	}
	if top != nil {
		f.Modal, f.ModalKey = s.modalHTML(r, *top, st)
	}
	return f
}

// pageURL is the address of a person's view of a conversation.
func pageURL(user, channel string) string {
	return "/?" + url.Values{"user": {user}, "channel": {channel}}.Encode()
}

// sidebarHTML lists the person's channels, their DM with the bot and the people to act as.
func sidebarHTML(st State) string {
	var b strings.Builder
	b.WriteString(`<div class="sb-title">Channels</div>`)
	for _, c := range st.Conversations {
		if !c.IsDM {
			b.WriteString(convLink(st, c, `<span class="sb-hash">#</span>`+html.EscapeString(c.Name)))
		}
	}
	b.WriteString(`<div class="sb-title">Direct messages</div>`)
	for _, c := range st.Conversations {
		if c.IsDM {
			b.WriteString(convLink(st, c, `<span class="avatar avatar-bot avatar-sm">hb</span>`+html.EscapeString(c.Name)+
				` <span class="app-badge">APP</span>`))
		}
	}
	b.WriteString(`<div class="sb-title">Act as <span class="sb-note">(simulated people)</span></div>`)
	for _, p := range st.People {
		cls := "person"
		if p.ID == st.User.ID {
			cls += " active"
		}
		fmt.Fprintf(&b, `<a class="%s" href="%s" data-person="%s" data-dm="%s" data-latest="%d" title="Act as %s">`,
			cls, html.EscapeString(pageURL(p.ID, st.Channel.ID)), html.EscapeString(p.ID), html.EscapeString(p.DM), p.DMLatest,
			html.EscapeString(p.RealName))
		b.WriteString(avatarHTML(p.RealName, p.Avatar))
		b.WriteString(`<span class="person-main"><span class="person-name">` + html.EscapeString(p.RealName) + `</span>`)
		b.WriteString(`<span class="person-role">` + html.EscapeString(p.Role) + `</span>`)
		b.WriteString(`<span class="person-tz">` + html.EscapeString(zoneLabel(p)) + ` · ` + html.EscapeString(p.LocalTime) + `</span></span>`)
		b.WriteString(`<span class="sb-badge" aria-label="new direct messages"></span></a>`)
	}
	return b.String()
}

// convLink is a sidebar entry; the page's script marks it unread from data-latest.
func convLink(st State, c Conversation, label string) string {
	cls := "sb-item"
	if c.ID == st.Channel.ID {
		cls += " active"
	}
	return fmt.Sprintf(`<a class="%s" href="%s" data-conv="%s" data-latest="%d">%s<span class="sb-badge"></span></a>`,
		cls, html.EscapeString(pageURL(st.User.ID, c.ID)), html.EscapeString(c.ID), c.Latest, label)
}

// zoneLabel names a person's time zone the way a colleague would.
func zoneLabel(p Person) string {
	if p.TZLabel != "" {
		return p.TZLabel
	}
	return p.TZ
}

// avatarHTML is a square with the first letter of a name, in one of six colours.
func avatarHTML(name string, colour int) string {
	initial := "?"
	for _, r := range name {
		initial = strings.ToUpper(string(r))
		break
	}
	return `<span class="avatar avatar-` + strconv.Itoa(colour) + `" aria-hidden="true">` + html.EscapeString(initial) + `</span>`
}

// headerHTML names the conversation and who is looking at it.
func headerHTML(st State) string {
	who := html.EscapeString(st.User.RealName) + ` (` + html.EscapeString(st.User.Role) + `)`
	if st.Channel.IsDM {
		presence := `<span class="presence">connecting…</span>`
		if st.Connected {
			presence = `<span class="presence online">online</span>`
		}
		return `<div class="ch-title"><span class="avatar avatar-bot avatar-sm">hb</span>` + html.EscapeString(st.Channel.Name) +
			` <span class="app-badge">APP</span> ` + presence + `</div>` + appTabsHTML(st) + `<div class="ch-sub">` + who +
			`'s ` + appTabNote[st.Tab] + `</div>`
	}
	return fmt.Sprintf(`<div class="ch-title"><span class="sb-hash">#</span>%s</div><div class="ch-sub">%d members · you are %s</div>`,
		html.EscapeString(st.Channel.Name), st.Channel.Members, who)
}

// appTabNote says what each tab of the app's page is for.
var appTabNote = map[string]string{
	TabHome:     "Home tab: what hirebot publishes for you, with buttons that open its forms.",
	TabMessages: "direct messages with hirebot: heads-ups, reminders and drafts arrive here.",
}

// appTabsHTML is the Home and Messages tabs of the app's page, as Slack shows them.
func appTabsHTML(st State) string {
	var b strings.Builder
	b.WriteString(`<nav class="app-tabs" aria-label="hirebot's tabs">`)
	for _, t := range []struct{ id, label string }{{TabHome, "Home"}, {TabMessages, "Messages"}} {
		cls, current := "app-tab", ""
		if t.id == st.Tab {
			cls, current = "app-tab active", ` aria-current="page"`
		}
		fmt.Fprintf(&b, `<a class="%s" href="%s" data-tab="%s"%s>%s</a>`, cls,
			html.EscapeString(pageURL(st.User.ID, st.Channel.ID)+"&tab="+t.id), t.id, current, t.label)
	}
	b.WriteString(`</nav>`)
	return b.String()
}

// homeHTML renders the viewer's Home tab, or says that the bot has published none yet.
func homeHTML(r *renderer, v *fakeslack.View) string {
	if v == nil {
		return `<div class="home-view home-empty"><p>Opening hirebot's Home tab… If nothing shows, hirebot has not published one for you.</p></div>`
	}
	r.scope, r.values = v.ID, v.State
	defer func() { r.values = nil }()
	return `<div class="home-view" data-home="` + html.EscapeString(v.ID) + `">` + r.blocks(v.Blocks) + `</div>`
}

// messagesHTML renders the conversation: a welcome with suggestions, then each message the
// viewer can see, with the errors Slack showed them in this conversation.
func (s *Server) messagesHTML(r *renderer, ws workspace, st State) string {
	var b strings.Builder
	b.WriteString(welcomeHTML(st))
	errs := s.channelErrors(st.User.ID, st.Channel.ID)
	for _, m := range st.Messages {
		for len(errs) > 0 && !errs[0].At.After(messageTime(m.TS)) {
			b.WriteString(userErrorHTML(errs[0], st))
			errs = errs[1:]
		}
		b.WriteString(messageHTML(r, ws, st, m))
	}
	for _, e := range errs {
		b.WriteString(userErrorHTML(e, st))
	}
	return b.String()
}

// welcomeHTML opens every conversation with what it is for and, in a channel, commands to try.
func welcomeHTML(st State) string {
	if st.Channel.IsDM {
		// Like Slack with a read-only Messages tab, nothing can be typed here.
		return `<div class="welcome"><h3>This is your direct message with hirebot</h3><p>Interview heads-ups, feedback reminders and job posting drafts arrive here. ` +
			`To run a command, open a channel such as #hiring.</p></div>`
	}
	var b strings.Builder
	b.WriteString(`<div class="welcome"><h3>This is the very beginning of #` + html.EscapeString(st.Channel.Name) +
		`</h3><p>Type a command below, or try one of these. hirebot's answers are private to you until you share them.</p>`)
	b.WriteString(`<div class="chips">`)
	for _, cmd := range suggestions {
		b.WriteString(`<button type="button" class="chip" data-fill="` + html.EscapeString(cmd) + `">` + html.EscapeString(cmd) + `</button>`)
	}
	b.WriteString(`</div></div>`)
	return b.String()
}

// messageHTML renders one message: author, time, the "only visible to you" mark and content.
func messageHTML(r *renderer, ws workspace, st State, m MessageState) string {
	u := ws.byUser[m.User]
	cls := "msg"
	if m.Ephemeral {
		cls += " ephemeral"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="%s" data-channel="%s" data-ts="%s">`, cls, html.EscapeString(st.Channel.ID), html.EscapeString(m.TS))
	if u.IsBot {
		b.WriteString(`<span class="avatar avatar-bot">hb</span>`)
	} else {
		b.WriteString(avatarHTML(displayName(u), avatarOf(st.People, m.User)))
	}
	b.WriteString(`<div class="msg-body"><div class="msg-meta"><span class="msg-author">` + html.EscapeString(authorName(u, m.User)) + `</span>`)
	if u.IsBot {
		b.WriteString(`<span class="app-badge">APP</span>`)
	}
	b.WriteString(`<time>` + messageTime(m.TS).In(st.User.loc).Format("3:04 PM") + `</time>`)
	if m.Edited {
		b.WriteString(`<span class="msg-edited">(edited)</span>`)
	}
	b.WriteString(`</div>`)
	if !m.Ephemeral {
		b.WriteString(messageMenuHTML(st.Shortcuts))
	}
	if m.Ephemeral {
		b.WriteString(`<div class="only-you"><span aria-hidden="true">👁</span> Only visible to you</div>`)
	}
	r.scope = m.TS
	b.WriteString(`<div class="msg-content">`)
	if len(m.Blocks) > 0 {
		b.WriteString(r.blocks(m.Blocks))
	} else if m.Text != "" || len(m.Files) == 0 {
		b.WriteString(`<div class="sk-text">` + mrkdwnHTML(m.Text, ws) + `</div>`)
	}
	for _, f := range m.Files {
		b.WriteString(fileHTML(f))
	}
	b.WriteString(`</div></div></div>`)
	return b.String()
}

// fileHTML is a file a message shares, as Slack shows it: a card with the file's title, its
// name and size, and a link that downloads it.
func fileHTML(f FileState) string {
	if !f.Available {
		return `<div class="sk-file sk-file-gone"><span class="sk-file-icon" aria-hidden="true">📄</span><div class="sk-file-main">` +
			`<span class="sk-file-title">This file is no longer available</span></div></div>`
	}
	meta := html.EscapeString(f.Name) + ` · ` + fileSize(f.Size)
	return `<div class="sk-file" data-file="` + html.EscapeString(f.ID) + `"><span class="sk-file-icon" aria-hidden="true">📄</span><div class="sk-file-main">` +
		`<a class="sk-file-title" href="` + html.EscapeString(f.URL) + `" download="` + html.EscapeString(f.Name) + `">` + html.EscapeString(f.Title) + `</a>` +
		`<span class="sk-file-meta">` + meta + `</span></div>` +
		`<a class="sk-btn sk-file-download" href="` + html.EscapeString(f.URL) + `" download="` + html.EscapeString(f.Name) + `">Download</a></div>`
}

// fileSize is a size as Slack writes it: "812 B", "4 KB", "1.2 MB".
func fileSize(n int) string {
	switch {
	case n < 1000:
		return strconv.Itoa(n) + " B"
	case n < 999_500:
		return strconv.Itoa((n+500)/1000) + " KB"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
}

// messageMenuHTML is a message's "More actions" menu, shown on hover, with the bot's message
// shortcuts. Slack offers none on an ephemeral message, so neither does the page.
func messageMenuHTML(shortcuts []Shortcut) string {
	var b strings.Builder
	for _, sc := range shortcuts {
		if sc.Message {
			fmt.Fprintf(&b, `<button type="button" class="sk-menu-item" data-shortcut="%s" title="%s">%s <span class="menu-app">hirebot</span></button>`,
				html.EscapeString(sc.CallbackID), html.EscapeString(sc.Description), html.EscapeString(sc.Name))
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return `<details class="msg-more"><summary aria-label="More actions" title="More actions">⋯</summary><div class="sk-menu">` +
		`<div class="menu-title">Message shortcuts</div>` + b.String() + `</div></details>`
}

// authorName names a message's author, or shows their id when they are not in the workspace.
func authorName(u fakeslack.User, id string) string {
	if u.ID == "" {
		return id
	}
	return displayName(u)
}

// avatarOf is the avatar colour of a person.
func avatarOf(people []Person, id string) int {
	if i := slices.IndexFunc(people, func(p Person) bool { return p.ID == id }); i >= 0 {
		return people[i].Avatar
	}
	return 5
}

// channelErrors lists the errors Slack showed userID in a conversation, oldest first.
func (s *Server) channelErrors(userID, channelID string) []fakeslack.UserError {
	var out []fakeslack.UserError
	for _, e := range s.cfg.Slack.UserErrors() {
		if e.UserID == userID && e.ChannelID == channelID && e.ViewID == "" {
			out = append(out, e)
		}
	}
	return out
}

// userErrorHTML shows an error the way Slack does: a private note from Slackbot.
func userErrorHTML(e fakeslack.UserError, st State) string {
	return `<div class="msg ephemeral slackbot"><span class="avatar avatar-slackbot" aria-hidden="true">S</span><div class="msg-body">` +
		`<div class="msg-meta"><span class="msg-author">Slackbot</span><time>` + e.At.In(st.User.loc).Format("3:04 PM") + `</time></div>` +
		`<div class="only-you"><span aria-hidden="true">👁</span> Only visible to you</div>` +
		`<div class="msg-content"><div class="sk-text">` + html.EscapeString(e.Text) + `</div></div></div></div>`
}

// viewChrome is the part of a view object the dialog frame shows.
type viewChrome struct {
	Title  *textObj `json:"title"`
	Submit *textObj `json:"submit"`
	Close  *textObj `json:"close"`
}

// modalHTML renders the top view as a dialog and returns it with a key that changes whenever it
// must be drawn again (new content, errors, a pending submission or a Slack error), so that
// what the user is typing survives unrelated updates.
func (s *Server) modalHTML(r *renderer, v fakeslack.View, st State) (string, string) {
	var chrome viewChrome
	_ = json.Unmarshal(v.Raw, &chrome)
	banner := ""
	var bannerSeq uint64
	for _, e := range s.cfg.Slack.UserErrors() {
		if e.ViewID == v.ID && e.Seq >= v.Seq {
			banner, bannerSeq = e.Text, e.Seq
		}
	}
	errs, _ := json.Marshal(v.Errors)
	key := fmt.Sprintf("%s|%s|%s|%t|%d", v.ID, v.Hash, errs, v.Submitting, bannerSeq)

	r.scope, r.values, r.errors = v.ID, v.State, v.Errors
	defer func() { r.values, r.errors = nil, nil }()
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="modal-backdrop" data-view="%s" data-key="%s"><div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title">`,
		html.EscapeString(v.ID), html.EscapeString(key))
	b.WriteString(`<div class="modal-head">`)
	if st.View != nil && st.View.Depth > 1 {
		b.WriteString(`<button type="button" class="modal-back" data-close aria-label="Back">‹</button>`)
	}
	b.WriteString(`<span class="avatar avatar-bot avatar-sm">hb</span><h2 id="modal-title">` + r.text(chrome.Title) + `</h2>`)
	b.WriteString(`<button type="button" class="modal-x" data-dismiss aria-label="Close">×</button></div>`)
	if banner != "" {
		b.WriteString(`<div class="modal-banner" role="alert">` + html.EscapeString(banner) + `</div>`)
	}
	b.WriteString(`<form class="modal-body" novalidate>` + r.blocks(v.Blocks) + `</form><div class="modal-foot">`)
	closeLabel := "Cancel"
	if chrome.Close != nil {
		closeLabel = r.text(chrome.Close)
	}
	b.WriteString(`<button type="button" class="sk-btn" data-close>` + closeLabel + `</button>`)
	if chrome.Submit != nil {
		disabled := ""
		if v.Submitting {
			disabled = ` disabled aria-busy="true"`
		}
		b.WriteString(`<button type="button" class="sk-btn sk-primary" data-submit` + disabled + `>` + r.text(chrome.Submit) + `</button>`)
	}
	b.WriteString(`</div></div></div>`)
	return b.String(), key
}
