package bot

import (
	"fmt"
	"slices"
	"strings"

	"hirebot/handlers"
)

// Router finds the handler for a slash command or a block action. Like http.ServeMux it panics at
// start-up on an empty or duplicate registration, so a routing mistake never reaches a user.
type Router struct {
	commands      map[string]handlers.CommandSpec
	actions       map[string]handlers.ActionFunc
	views         map[string]handlers.SubmissionFunc
	closes        map[string]handlers.ClosedFunc
	events        map[string]handlers.EventFunc
	shorts        map[string]handlers.ShortcutSpec
	shortcutOrder []handlers.ShortcutSpec
	order         []handlers.CommandSpec
	home          handlers.HomeFunc
	homeShown     handlers.HomeShownFunc
}

// NewRouter registers every route, panicking on an empty or duplicate name.
func NewRouter(routes handlers.Routes) *Router {
	r := &Router{
		commands:  make(map[string]handlers.CommandSpec),
		actions:   make(map[string]handlers.ActionFunc),
		views:     make(map[string]handlers.SubmissionFunc),
		closes:    make(map[string]handlers.ClosedFunc),
		events:    make(map[string]handlers.EventFunc),
		shorts:    make(map[string]handlers.ShortcutSpec),
		home:      routes.Home,
		homeShown: routes.HomeShown,
	}
	for _, c := range routes.Commands {
		r.addCommand(c)
	}
	for _, a := range routes.Actions {
		r.addAction(a)
	}
	for _, v := range routes.Views {
		r.addView(v)
	}
	for _, c := range routes.Closes {
		r.addClose(c)
	}
	for _, e := range routes.Events {
		r.addEvent(e)
	}
	for _, sc := range routes.Shortcuts {
		r.addShortcut(sc)
	}
	return r
}

func (r *Router) addShortcut(sc handlers.ShortcutSpec) {
	switch {
	case sc.CallbackID == "" || sc.Handle == nil:
		panic(fmt.Sprintf("bot: shortcut %q needs a callback_id and a handler", sc.CallbackID))
	case sc.Kind != handlers.GlobalShortcut && sc.Kind != handlers.MessageShortcut:
		panic(fmt.Sprintf("bot: shortcut %s is neither global nor message", sc.CallbackID))
	case sc.Name == "" || len([]rune(sc.Name)) > 24 || sc.Description == "":
		panic(fmt.Sprintf("bot: shortcut %s needs a name of at most 24 characters and a description", sc.CallbackID))
	}
	register(r.shorts, "shortcut", sc.CallbackID, sc, true)
	r.shortcutOrder = append(r.shortcutOrder, sc)
}

// Shortcut returns the handler of the shortcut with callbackID.
func (r *Router) Shortcut(callbackID string) (handlers.ShortcutFunc, bool) {
	sc, ok := r.shorts[callbackID]
	return sc.Handle, ok
}

// Shortcuts lists the registered shortcuts in registration order.
func (r *Router) Shortcuts() []handlers.ShortcutSpec {
	return append([]handlers.ShortcutSpec(nil), r.shortcutOrder...)
}

func (r *Router) addEvent(e handlers.EventSpec) {
	register(r.events, "event", e.Type, e.Handle, e.Handle != nil)
}

// Event returns the handler for an Events API event type ("app_home_opened").
func (r *Router) Event(eventType string) (handlers.EventFunc, bool) {
	h, ok := r.events[eventType]
	return h, ok
}

// Events lists the routed Events API event types, sorted: the events the app subscribes to.
func (r *Router) Events() []string {
	types := make([]string, 0, len(r.events))
	for t := range r.events {
		types = append(types, t)
	}
	slices.Sort(types)
	return types
}

// Home returns the function that rebuilds a user's Home tab, or nil when there is none.
func (r *Router) Home() handlers.HomeFunc { return r.home }

// HomeShown returns the function that notes a published Home tab its user opened, or nil.
func (r *Router) HomeShown() handlers.HomeShownFunc { return r.homeShown }

func (r *Router) addCommand(c handlers.CommandSpec) {
	switch {
	case !strings.HasPrefix(c.Name, "/") || len(c.Name) < 2:
		panic(fmt.Sprintf("bot: command %q must start with / and have a name", c.Name))
	case c.Handle == nil:
		panic(fmt.Sprintf("bot: command %s has no handler", c.Name))
	case c.Description == "":
		panic(fmt.Sprintf("bot: command %s has no description", c.Name))
	}
	register(r.commands, "command", c.Name, c, true)
	r.order = append(r.order, c)
}

func (r *Router) addAction(a handlers.ActionSpec) {
	register(r.actions, "action", a.ActionID, a.Handle, a.Handle != nil)
}

func (r *Router) addView(v handlers.ViewSpec) {
	register(r.views, "view", v.CallbackID, v.Handle, v.Handle != nil)
}

// View returns the submission handler for a view's callback_id.
func (r *Router) View(callbackID string) (handlers.SubmissionFunc, bool) {
	h, ok := r.views[callbackID]
	return h, ok
}

func (r *Router) addClose(c handlers.CloseSpec) {
	register(r.closes, "closed view", c.CallbackID, c.Handle, c.Handle != nil)
}

// Closed returns the handler for a view with callbackID closed unsubmitted.
func (r *Router) Closed(callbackID string) (handlers.ClosedFunc, bool) {
	h, ok := r.closes[callbackID]
	return h, ok
}

// Command returns the handler for a slash command name ("/salary").
func (r *Router) Command(name string) (handlers.CommandFunc, bool) {
	c, ok := r.commands[name]
	return c.Handle, ok
}

// Action returns the handler for an action_id.
func (r *Router) Action(actionID string) (handlers.ActionFunc, bool) {
	h, ok := r.actions[actionID]
	return h, ok
}

// Commands lists the registered commands in registration order.
func (r *Router) Commands() []handlers.CommandSpec {
	return append([]handlers.CommandSpec(nil), r.order...)
}

// register adds value under key to routes, panicking at start-up (like http.ServeMux) on an empty
// key, a missing handler or a key registered twice.
func register[V any](routes map[string]V, kind, key string, value V, hasHandler bool) {
	switch {
	case key == "" || !hasHandler:
		panic(fmt.Sprintf("bot: %s %q needs an id and a handler", kind, key))
	}
	if _, dup := routes[key]; dup {
		panic(fmt.Sprintf("bot: %s %s registered twice", kind, key))
	}
	routes[key] = value
}
