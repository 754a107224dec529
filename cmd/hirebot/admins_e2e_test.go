package main

import (
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// TestAdminsByUserGroup: HIREBOT_ADMINS may name a user group; its members are admins as Slack
// lists them, and someone taken out of the group stops being one within minutes.
func TestAdminsByUserGroup(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	fake.AddUserGroup(fakeslack.UserGroup{ID: "S0HIRINGADM", Handle: "hiring-admins", Users: []string{slacktest.Recruiter}})
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_ADMINS": "S0HIRINGADM"}))

	help := h.Command(slacktest.Recruiter, slacktest.Hiring, "/hirebot-admin", "")
	mustContain(t, texts(t, help), "/hirebot-admin erase Jane Doe")
	if !help.Ephemeral {
		t.Error("the admin help was public")
	}
	mustContain(t, texts(t, h.Command(slacktest.Recruiter, slacktest.Hiring, "/feedback", "stats")), "Feedback stats")
	mustContain(t, texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/hirebot-admin", "audit")), "only for hirebot's admins")

	// The group changes in Slack: the new member is an admin, the old one no longer.
	fake.AddUserGroup(fakeslack.UserGroup{ID: "S0HIRINGADM", Handle: "hiring-admins", Users: []string{slacktest.HiringManager}})
	h.Clock.Advance(6 * time.Minute)
	mustContain(t, texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/hirebot-admin", "audit")), "audit")
	mustContain(t, texts(t, h.Command(slacktest.Recruiter, slacktest.Hiring, "/hirebot-admin", "audit")), "only for hirebot's admins")

	// Slack cannot say who is in the group and never did: a private "try again", not a refusal.
	fake2 := newFeedbackFake(t)
	h2 := startBot(t, fake2, feedbackEnv(map[string]string{"HIREBOT_ADMINS": "S0GONE"}))
	mustContain(t, texts(t, h2.Command(slacktest.Recruiter, slacktest.Hiring, "/hirebot-admin", "audit")), "couldn't check with Slack who hirebot's admins are")
}
