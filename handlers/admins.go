package handlers

import (
	"context"
	"log/slog"
	"slices"
)

// Admins says who hirebot's admins are: the people HIREBOT_ADMINS names and the members of the
// user groups it names. Package bot implements it, asking Slack for a group's members; AdminIDs
// is a fixed list.
type Admins interface {
	// IsAdmin reports whether userID is an admin. An error means it could not be told (Slack did
	// not say who is in a group), not that the user is no admin.
	IsAdmin(ctx context.Context, userID string) (bool, error)
	// List is every admin's user id, sorted, for notices. When Slack does not say who is in a
	// group it returns the admins it knows of with the error.
	List(ctx context.Context) ([]string, error)
}

// AdminIDs is a fixed list of admins' user ids.
type AdminIDs []string

// IsAdmin reports whether userID is in the list.
func (a AdminIDs) IsAdmin(_ context.Context, userID string) (bool, error) {
	return userID != "" && slices.Contains(a, userID), nil
}

// List returns the ids, sorted.
func (a AdminIDs) List(context.Context) ([]string, error) {
	return slices.Sorted(slices.Values(a)), nil
}

// orNoAdmins is a, or nobody.
func orNoAdmins(a Admins) Admins {
	if a == nil {
		return AdminIDs(nil)
	}
	return a
}

// adminsUnknown is what a user reads when Slack did not say who is in the admins' user group.
const adminsUnknown = "I couldn't check with Slack who hirebot's admins are just now (HIREBOT_ADMINS names a user group). Try again in a minute."

// adminList is whom to tell: every admin, or those known when Slack did not say who is in a
// user group (logged).
func adminList(ctx context.Context, a Admins, logger *slog.Logger) []string {
	ids, err := a.List(ctx)
	if err != nil {
		logger.WarnContext(ctx, "admins' user group unknown; telling the admins known", "known", len(ids), "err", err)
	}
	return ids
}
