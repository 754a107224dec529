package bot

import (
	"encoding/json"
	"fmt"
	"slices"

	"hirebot/handlers"
)

// Manifest is a Slack app manifest (schema major version 1) for a Socket Mode app.
type Manifest struct {
	Metadata           manifestMetadata    `json:"_metadata"`
	DisplayInformation manifestDisplay     `json:"display_information"`
	Features           manifestFeatures    `json:"features"`
	OAuthConfig        manifestOAuthConfig `json:"oauth_config"`
	Settings           manifestSettings    `json:"settings"`
}

type manifestMetadata struct {
	MajorVersion int `json:"major_version"`
}

type manifestDisplay struct {
	Name            string `json:"name"`
	Description     string `json:"description"`
	BackgroundColor string `json:"background_color"`
}

type manifestFeatures struct {
	AppHome       manifestAppHome        `json:"app_home"`
	BotUser       manifestBotUser        `json:"bot_user"`
	Shortcuts     []manifestShortcut     `json:"shortcuts,omitempty"`
	SlashCommands []manifestSlashCommand `json:"slash_commands"`
}

type manifestShortcut struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	CallbackID  string `json:"callback_id"`
	Description string `json:"description"`
}

type manifestAppHome struct {
	HomeTabEnabled             bool `json:"home_tab_enabled"`
	MessagesTabEnabled         bool `json:"messages_tab_enabled"`
	MessagesTabReadOnlyEnabled bool `json:"messages_tab_read_only_enabled"`
}

type manifestBotUser struct {
	DisplayName  string `json:"display_name"`
	AlwaysOnline bool   `json:"always_online"`
}

type manifestSlashCommand struct {
	Command      string `json:"command"`
	Description  string `json:"description"`
	UsageHint    string `json:"usage_hint,omitempty"`
	ShouldEscape bool   `json:"should_escape"`
}

type manifestOAuthConfig struct {
	Scopes manifestScopes `json:"scopes"`
}

type manifestScopes struct {
	Bot []string `json:"bot"`
}

type manifestSettings struct {
	EventSubscriptions   *manifestEvents       `json:"event_subscriptions,omitempty"`
	Interactivity        manifestInteractivity `json:"interactivity"`
	OrgDeployEnabled     bool                  `json:"org_deploy_enabled"`
	SocketModeEnabled    bool                  `json:"socket_mode_enabled"`
	TokenRotationEnabled bool                  `json:"token_rotation_enabled"`
}

type manifestEvents struct {
	BotEvents []string `json:"bot_events"`
}

type manifestInteractivity struct {
	IsEnabled bool `json:"is_enabled"`
}

// NewManifest builds the app manifest from the router's commands, so the commands Slack knows
// about are exactly the ones the bot routes.
func NewManifest(r *Router) Manifest {
	m := Manifest{
		Metadata: manifestMetadata{MajorVersion: 1},
		DisplayInformation: manifestDisplay{
			Name:            "hirebot",
			Description:     "Salary bands, interview questions, hiring FAQ and interview feedback for backend hiring.",
			BackgroundColor: "#2c2d30",
		},
		Features: manifestFeatures{
			AppHome: manifestAppHome{MessagesTabEnabled: true, MessagesTabReadOnlyEnabled: true},
			BotUser: manifestBotUser{DisplayName: "hirebot", AlwaysOnline: true},
		},
		// The scopes cover slash commands, replies and DMs, opening DM channels, reading users'
		// time zones, uploading files (a job posting's Markdown) and listing the members of a
		// user group HIREBOT_ADMINS names; modals need none.
		OAuthConfig: manifestOAuthConfig{Scopes: manifestScopes{Bot: []string{"commands", "chat:write", "files:write", "im:history", "im:write", "usergroups:read", "users:read"}}},
		Settings: manifestSettings{
			Interactivity:     manifestInteractivity{IsEnabled: true},
			SocketModeEnabled: true,
		},
	}
	if events := r.Events(); len(events) > 0 {
		m.Settings.EventSubscriptions = &manifestEvents{BotEvents: events}
	}
	// The Home tab is published when a user opens it (app_home_opened).
	m.Features.AppHome.HomeTabEnabled = slices.Contains(r.Events(), handlers.EventAppHomeOpened)
	for _, sc := range r.Shortcuts() {
		m.Features.Shortcuts = append(m.Features.Shortcuts, manifestShortcut{
			Name: sc.Name, Type: sc.Kind, CallbackID: sc.CallbackID, Description: sc.Description,
		})
	}
	for _, c := range r.Commands() {
		m.Features.SlashCommands = append(m.Features.SlashCommands, manifestSlashCommand{
			Command:     c.Name,
			Description: c.Description,
			UsageHint:   c.UsageHint,
		})
	}
	return m
}

// JSON renders the manifest as indented JSON, the form Slack's "create from manifest" accepts.
func (m Manifest) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	return append(b, '\n'), nil
}
