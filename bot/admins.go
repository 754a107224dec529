package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// adminGroupTTL is how long a user group's members are trusted before Slack is asked again:
// someone added to or removed from the admins' group counts within it.
const adminGroupTTL = 5 * time.Minute

// groupMembersLister lists a user group's members (usergroups.users.list).
type groupMembersLister interface {
	members(ctx context.Context, group string) ([]string, error)
}

// AdminDirectory is who hirebot's admins are (handlers.Admins): the user ids HIREBOT_ADMINS
// names, and the members of the user groups (S…) it names, as Slack lists them, remembered
// for a few minutes. When Slack does not answer, the members it last gave are used; a group
// never listed makes IsAdmin an error for anyone not named directly.
type AdminDirectory struct {
	users  []string
	groups []string
	lister groupMembersLister
	now    func() time.Time

	mu    sync.Mutex
	known map[string]groupMembers
}

type groupMembers struct {
	users   []string
	fetched time.Time
}

// Admins returns the admins' directory: users by id and the members of groups, asked of Slack.
func (b *Bot) Admins(users, groups []string) *AdminDirectory {
	return newAdminDirectory(users, groups, slackGroups{b}, b.cfg.Now)
}

func newAdminDirectory(users, groups []string, lister groupMembersLister, now func() time.Time) *AdminDirectory {
	return &AdminDirectory{users: slices.Clone(users), groups: slices.Clone(groups), lister: lister, now: now, known: map[string]groupMembers{}}
}

// IsAdmin reports whether userID is named or in a named group.
func (d *AdminDirectory) IsAdmin(ctx context.Context, userID string) (bool, error) {
	if userID == "" {
		return false, nil
	}
	if slices.Contains(d.users, userID) {
		return true, nil
	}
	var errs []error
	for _, g := range d.groups {
		members, err := d.members(ctx, g)
		if slices.Contains(members, userID) {
			return true, nil
		}
		if err != nil && members == nil {
			errs = append(errs, err)
		}
	}
	return false, errors.Join(errs...)
}

// List returns every admin's user id, sorted and once each.
func (d *AdminDirectory) List(ctx context.Context) ([]string, error) {
	ids := slices.Clone(d.users)
	var errs []error
	for _, g := range d.groups {
		members, err := d.members(ctx, g)
		ids = append(ids, members...)
		if err != nil && members == nil {
			errs = append(errs, err)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), errors.Join(errs...)
}

// members is a group's members: remembered ones while fresh, else Slack's answer. When Slack
// fails it returns the members it last gave (nil if none) with the error.
func (d *AdminDirectory) members(ctx context.Context, group string) ([]string, error) {
	now := d.now()
	d.mu.Lock()
	k, ok := d.known[group]
	d.mu.Unlock()
	if ok && now.Sub(k.fetched) < adminGroupTTL {
		return k.users, nil
	}
	users, err := d.lister.members(ctx, group)
	if err != nil {
		return k.users, fmt.Errorf("members of user group %s: %w", group, err)
	}
	if users == nil {
		users = []string{}
	}
	d.mu.Lock()
	d.known[group] = groupMembers{users: users, fetched: now}
	d.mu.Unlock()
	return users, nil
}

// slackGroups asks Slack for a group's members.
type slackGroups struct{ b *Bot }

func (s slackGroups) members(ctx context.Context, group string) ([]string, error) {
	users, err := s.b.api.GetUserGroupMembersContext(ctx, group)
	if err != nil {
		return nil, classify(describe(err))
	}
	return users, nil
}
