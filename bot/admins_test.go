package bot

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// groupsStub answers usergroups.users.list from a map, or fails while down.
type groupsStub struct {
	groups map[string][]string
	down   bool
	calls  int
}

func (g *groupsStub) members(_ context.Context, group string) ([]string, error) {
	g.calls++
	if g.down {
		return nil, errors.New("service_unavailable")
	}
	users, ok := g.groups[group]
	if !ok {
		return nil, errors.New("no_such_subteam")
	}
	return users, nil
}

func TestAdminDirectory(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	stub := &groupsStub{groups: map[string][]string{"S0ADM": {"U0B", "U0A"}}}
	d := newAdminDirectory([]string{"U0OWNER", "U0A"}, []string{"S0ADM"}, stub, clock)

	for _, tc := range []struct {
		user    string
		want    bool
		wantErr bool
	}{
		{"U0OWNER", true, false}, // named
		{"U0B", true, false},     // in the group
		{"U0X", false, false},
		{"", false, false},
	} {
		got, err := d.IsAdmin(ctx, tc.user)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("IsAdmin(%q) = %v, %v; want %v (error %v)", tc.user, got, err, tc.want, tc.wantErr)
		}
	}
	if ids, err := d.List(ctx); err != nil || !slices.Equal(ids, []string{"U0A", "U0B", "U0OWNER"}) {
		t.Errorf("List = %v, %v; want each admin once, sorted", ids, err)
	}
	if stub.calls != 1 {
		t.Errorf("Slack asked %d times within %v, want once", stub.calls, adminGroupTTL)
	}

	// Membership changes count once the remembered list is old; when Slack is down, the last
	// answer stands.
	stub.groups["S0ADM"] = []string{"U0C"}
	now = now.Add(adminGroupTTL)
	if ok, _ := d.IsAdmin(ctx, "U0C"); !ok {
		t.Error("a member added to the group is no admin after the remembered list expired")
	}
	if ok, _ := d.IsAdmin(ctx, "U0B"); ok {
		t.Error("a member removed from the group is still an admin")
	}
	stub.down = true
	now = now.Add(adminGroupTTL)
	if ok, err := d.IsAdmin(ctx, "U0C"); !ok || err != nil {
		t.Errorf("Slack down: IsAdmin = %v, %v; want the last known members", ok, err)
	}

	// A group Slack never listed: no one outside the named users can be told an admin, and
	// the caller learns why.
	cold := newAdminDirectory([]string{"U0OWNER"}, []string{"S0ADM"}, stub, clock)
	if ok, err := cold.IsAdmin(ctx, "U0C"); ok || err == nil {
		t.Errorf("group never listed: IsAdmin = %v, %v; want false and an error", ok, err)
	}
	if ok, err := cold.IsAdmin(ctx, "U0OWNER"); !ok || err != nil {
		t.Errorf("named admin while Slack is down: %v, %v", ok, err)
	}
	if ids, err := cold.List(ctx); err == nil || !slices.Equal(ids, []string{"U0OWNER"}) {
		t.Errorf("List while Slack is down = %v, %v; want the named admins and an error", ids, err)
	}
}
