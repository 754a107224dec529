package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
)

// Slack ids of the notification settings form and the Home button that opens it.
const (
	ActionHomeNotifications  = "home_notification_settings"
	ViewNotificationSettings = "notification_settings"
	blockPrefHours           = "np_hours"
	blockPrefAway            = "np_away"
	blockPrefStartingSoon    = "np_starting_soon"
	optionStartingSoon       = "starting_soon"
	maxHoursText             = 60
)

// PreferenceLookup reads a person's notification settings.
type PreferenceLookup interface {
	Preferences(ctx context.Context, userID string) (data.Preferences, error)
}

// PreferenceStore keeps each person's notification settings.
type PreferenceStore interface {
	PreferenceLookup
	SavePreferences(ctx context.Context, p data.Preferences) (data.Preferences, error)
}

// Preferences lets people choose, from the Home tab, their own working hours, a time out of
// office without reminders, and whether they want the "starting soon" message.
type Preferences struct {
	store    PreferenceStore
	zones    zones
	settings Settings
	now      func() time.Time
	logger   *slog.Logger
}

// PreferencesConfig is what Preferences needs.
type PreferencesConfig struct {
	Store    PreferenceStore
	Users    UserDirectory // time zones; nil means UTC
	Settings Settings
	Now      func() time.Time // nil means time.Now
	Logger   *slog.Logger     // nil logs nothing
}

// NewPreferences returns the notification settings feature.
func NewPreferences(c PreferencesConfig) *Preferences {
	logger := orDiscard(c.Logger)
	return &Preferences{store: c.Store, zones: zones{users: c.Users, logger: logger},
		settings: c.Settings.withDefaults(), now: orNow(c.Now), logger: logger}
}

// openForm answers the Home tab's "Notification settings" button with the form, filled in
// with what the person chose before.
func (pf *Preferences) openForm(ctx context.Context, act Action) (Response, error) {
	p, err := pf.store.Preferences(ctx, act.UserID)
	if err != nil {
		return Response{}, fmt.Errorf("load preferences: %w", err)
	}
	return Response{OpenView: preferencesModal(p, pf.settings.WorkingHours, zoneOrUTC(pf.zones.location(ctx, act.UserID)))}, nil
}

func preferencesModal(p data.Preferences, team WorkingHours, zone string) *slack.ModalViewRequest {
	hours := textInput(blockPrefHours, "Your working hours", "e.g. 09:00-17:00 Mon-Fri", maxHoursText, false)
	hours.Optional = true
	hours.Hint = plain(fmt.Sprintf("In your time zone (%s). Reminders wait for them. Empty: the team's hours, %s.", zone, team))
	hours.Element.(*slack.PlainTextInputBlockElement).InitialValue = p.WorkingHours

	picker := slack.NewDatePickerBlockElement(actionValue)
	picker.InitialDate = p.OutOfOffice
	away := slack.NewInputBlock(blockPrefAway, plain("Out of office until"), plain("No reminders until the day after this date."), picker)
	away.Optional = true

	soon := slack.NewOptionBlockObject(optionStartingSoon, plain("Message me when an interview of mine is starting soon"), nil)
	boxes := slack.NewCheckboxGroupsBlockElement(actionValue, soon)
	if p.StartingSoon {
		boxes.InitialOptions = []*slack.OptionBlockObject{soon}
	}
	starting := slack.NewInputBlock(blockPrefStartingSoon, plain("Before interviews"), nil, boxes)
	starting.Optional = true

	return &slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: ViewNotificationSettings,
		Title: plain("Notification settings"), Submit: plain("Save"), Close: plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			section("Choose when hirebot may nudge you. The team's settings apply to anything you leave empty."),
			hours, away, starting,
		}},
	}
}

// save stores the form's choices, or sends back field errors.
func (pf *Preferences) save(ctx context.Context, sub Submission) (Response, error) {
	value := func(block string) slack.BlockAction { return sub.Values[block][actionValue] }
	p := data.Preferences{UserID: sub.UserID, WorkingHours: strings.TrimSpace(value(blockPrefHours).Value),
		OutOfOffice: value(blockPrefAway).SelectedDate}
	for _, o := range value(blockPrefStartingSoon).SelectedOptions {
		p.StartingSoon = p.StartingSoon || o.Value == optionStartingSoon
	}
	errs := map[string]string{}
	if p.WorkingHours != "" {
		if _, err := ParseWorkingHours(p.WorkingHours); err != nil {
			errs[blockPrefHours] = `Write them like "09:00-17:00 Mon-Fri" (days optional, Mon-Fri when left out).`
		}
	}
	if p.OutOfOffice != "" {
		day, err := time.Parse(time.DateOnly, p.OutOfOffice)
		today := pf.now().In(pf.zones.location(ctx, sub.UserID)).Format(time.DateOnly)
		switch {
		case err != nil:
			errs[blockPrefAway] = "Pick a date."
		case day.Format(time.DateOnly) < today:
			errs[blockPrefAway] = "Pick today or a later date, or clear it if you're back."
		}
	}
	if len(errs) > 0 {
		return Response{ViewErrors: errs}, nil
	}
	if _, err := pf.store.SavePreferences(ctx, p); err != nil {
		pf.logger.Error("save preferences failed", "user", sub.UserID, "err", err)
		return Response{}, &UserError{Msg: "I couldn't save your settings just now. Please try again.", BlockID: blockPrefHours}
	}
	return Response{}, nil
}

// prefsLookup gives the reminder sweep each person's working hours and time away; without a
// lookup, everyone follows the team's settings.
type prefsLookup struct {
	store  PreferenceLookup // nil: the team's settings for everyone
	logger *slog.Logger
}

// reminding returns the working hours to remind userID in (theirs or team's) and, while they
// are out of office, when they are back: the start of the day after their last day away, in
// loc. back is zero when they are not away at local.
func (l prefsLookup) reminding(ctx context.Context, userID string, team WorkingHours, local time.Time) (hours WorkingHours, back time.Time) {
	p := l.lookup(ctx, userID)
	hours = team
	if p.WorkingHours != "" {
		if own, err := ParseWorkingHours(p.WorkingHours); err == nil {
			hours = own
		}
	}
	if end, ok := awayUntil(p, local.Location()); ok && local.Before(end) {
		back = end
	}
	return hours, back
}

func (l prefsLookup) lookup(ctx context.Context, userID string) data.Preferences {
	if l.store == nil {
		return data.DefaultPreferences(userID)
	}
	p, err := l.store.Preferences(ctx, userID)
	if err != nil {
		l.logger.Warn("preferences lookup failed; using the team's settings", "user", userID, "err", err)
		return data.DefaultPreferences(userID)
	}
	return p
}

// awayUntil is the end of p's last day out of office (midnight after it) in loc.
func awayUntil(p data.Preferences, loc *time.Location) (time.Time, bool) {
	if p.OutOfOffice == "" {
		return time.Time{}, false
	}
	day, err := time.ParseInLocation(time.DateOnly, p.OutOfOffice, loc)
	if err != nil {
		return time.Time{}, false
	}
	return day.AddDate(0, 0, 1), true
}

// laterOf is the later of two times.
func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// noteAway adds to an escalation which pending panelists are out of office, and until when.
func (l prefsLookup) noteAway(ctx context.Context, msg *Message, iv data.Interview, now time.Time) {
	var lines []string
	for _, p := range iv.Panel {
		if p.Status != data.PanelPending {
			continue
		}
		loc := zoneOf(p.TZ)
		if end, ok := awayUntil(l.lookup(ctx, p.UserID), loc); ok && now.Before(end) {
			lines = append(lines, fmt.Sprintf("<@%s> is out of office until %s.", p.UserID, end.AddDate(0, 0, -1).Format("Mon 2 Jan")))
		}
	}
	if len(lines) > 0 {
		msg.Blocks = append(msg.Blocks, contextBlock(":palm_tree: "+strings.Join(lines, " ")+" Their reminders resume the day after."))
	}
}
