package playground

import "hirebot/fakeslack"

// The playground's workspace: four people in four time zones, in two channels.
const (
	HiringManager = "U0HM"   // hana, America/Los_Angeles
	Interviewer1  = "U0INT1" // ivan, Europe/Berlin
	Interviewer2  = "U0INT2" // priya, Asia/Kolkata
	Recruiter     = "U0REC"  // rosa, America/New_York
	General       = "C0GENERAL"
	Hiring        = "C0HIRING"
)

// roles are what the playground's people do, shown in the person switcher.
var roles = map[string]string{
	HiringManager: "Hiring manager",
	Interviewer1:  "Interviewer",
	Interviewer2:  "Interviewer",
	Recruiter:     "Recruiter",
}

// AddTeam adds the playground's people and channels to a fake Slack; the bot is a member of
// both channels.
func AddTeam(fake *fakeslack.Server) {
	people := []fakeslack.User{
		{ID: HiringManager, Name: "hana", RealName: "Hana Okafor", TZ: "America/Los_Angeles", TZLabel: "Pacific Standard Time", TZOffset: -28800},
		{ID: Interviewer1, Name: "ivan", RealName: "Ivan Petrov", TZ: "Europe/Berlin", TZLabel: "Central European Time", TZOffset: 3600},
		{ID: Interviewer2, Name: "priya", RealName: "Priya Nair", TZ: "Asia/Kolkata", TZLabel: "India Standard Time", TZOffset: 19800},
		{ID: Recruiter, Name: "rosa", RealName: "Rosa Lindqvist", TZ: "America/New_York", TZLabel: "Eastern Standard Time", TZOffset: -18000},
	}
	for _, u := range people {
		fake.AddUser(u)
	}
	everyone := []string{HiringManager, Interviewer1, Interviewer2, Recruiter, fake.BotUserID()}
	fake.AddChannel(fakeslack.Channel{ID: General, Name: "general", Members: everyone})
	fake.AddChannel(fakeslack.Channel{ID: Hiring, Name: "hiring", Members: everyone})
}
