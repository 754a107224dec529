package handlers

import "time"

// Features is every feature hirebot offers, each built with only what it uses. A nil feature
// is left out of the routes (the manifest needs only the commands, for instance).
type Features struct {
	Lookups     *Lookups
	Interviews  *Interviews
	Reminders   *Reminders
	Postings    *Postings
	Home        *Home
	Preferences *Preferences
	Admin       *Admin
}

// Routes lists every command, button and form hirebot answers, and the method that serves it:
// the whole surface on one screen.
func (f Features) Routes() Routes {
	var r Routes
	if l := f.Lookups; l != nil {
		salary := CommandSpec{Name: salaryCommand, Handle: l.Salary,
			Description: "Salary bands for Python backend engineers by location and level",
			UsageHint:   "[location] [level] | compare [level] — e.g. seattle senior"}
		questions := CommandSpec{Name: questionsCommand, Handle: l.Questions,
			Description: "Sample interview questions for Python backend engineers, with evaluation tips",
			UsageHint:   "[technical | behavioral | culture-fit | topic | random] — e.g. system-design"}
		faq := CommandSpec{Name: faqCommand, Handle: l.FAQ,
			Description: "Answers from the hiring and career FAQ for Python backend roles",
			UsageHint:   "[words] — e.g. degree, testing, salary progression"}
		if !l.library.Single() { // each command takes the role first
			salary.Description, salary.UsageHint = "Salary bands by role, location and level", "role [location] [level] | role compare [level] — e.g. backend seattle senior"
			questions.Description, questions.UsageHint = "Sample interview questions for a role, with evaluation tips", "role [technical | behavioral | culture-fit | topic | random]"
			faq.Description, faq.UsageHint = "Answers from a role's hiring and career FAQ", "role [words] — e.g. backend degree"
		}
		r.Commands = append(r.Commands, salary, questions, faq)
		r.Actions = append(r.Actions, ActionSpec{ActionID: ActionShare, Handle: l.Share})
		if f.Home != nil {
			r.Actions = append(r.Actions, ActionSpec{ActionID: ActionHomeSalary, Handle: l.openSalaryForm})
			r.Views = append(r.Views, ViewSpec{CallbackID: ViewSalaryLookup, Handle: l.salaryLookup})
		}
	}
	if in := f.Interviews; in != nil {
		r.Commands = append(r.Commands,
			CommandSpec{Name: interviewCommand, Handle: in.interview,
				Description: "Record an interview and its panel, or list the interviews you are part of",
				UsageHint:   "[list [upcoming | past | cancelled] | help]"},
			CommandSpec{Name: feedbackCommand, Handle: in.feedbackCommand,
				Description: "Submit interview scorecards, read a candidate's feedback summary, record a decision, or see how fast feedback comes in",
				UsageHint:   "[candidate | summary candidate | decide candidate | stats [30d | 2026-11 | me] | help]"},
		)
		r.Actions = append(r.Actions,
			ActionSpec{ActionID: ActionOpenScorecard, Handle: in.openScorecardAction},
			ActionSpec{ActionID: ActionManageInterview, Handle: in.manageAction},
			ActionSpec{ActionID: ActionViewSummary, Handle: in.viewSummaryAction},
			ActionSpec{ActionID: ActionRecordDecision, Handle: in.decisionAction},
		)
		r.Views = append(r.Views,
			ViewSpec{CallbackID: ViewInterview, Handle: f.Home.refreshing(in.recordInterview, interviewPeople)},
			ViewSpec{CallbackID: ViewInterviewEdit, Handle: f.Home.refreshing(in.saveInterviewEdit, in.changedInterviewPeople)},
			ViewSpec{CallbackID: ViewInterviewReschedule, Handle: f.Home.refreshing(in.saveReschedule, in.changedInterviewPeople)},
			ViewSpec{CallbackID: ViewInterviewCancel, Handle: f.Home.refreshing(in.cancelInterview, in.changedInterviewPeople)},
			ViewSpec{CallbackID: ViewScorecard, Handle: f.Home.refreshing(in.submitScorecard, in.scorecardPeople)},
			ViewSpec{CallbackID: ViewDecision, Handle: f.Home.refreshing(in.submitDecision, in.decisionPeople)},
		)
		if in.drafts != nil {
			r.Closes = append(r.Closes, CloseSpec{CallbackID: ViewScorecard, Handle: in.saveDraft})
		}
		if f.Home != nil {
			r.Actions = append(r.Actions, ActionSpec{ActionID: ActionHomeRecordInterview, Handle: in.openInterviewForm})
		}
		r.Shortcuts = append(r.Shortcuts, ShortcutSpec{CallbackID: ShortcutRecordInterview, Kind: GlobalShortcut,
			Name: "Record an interview", Description: "Record an interview and its panel, like /interview", Handle: formShortcut(in.openInterviewForm)})
		r.Shortcuts = append(r.Shortcuts, ShortcutSpec{CallbackID: ShortcutAddNote, Kind: MessageShortcut,
			Name: "Add to candidate notes", Description: "Save this message as a note on a candidate whose interview you are part of", Handle: in.addNoteShortcut})
		r.Views = append(r.Views, ViewSpec{CallbackID: ViewCandidateNote, Handle: in.saveNote})
	}
	if rm := f.Reminders; rm != nil {
		r.Actions = append(r.Actions,
			ActionSpec{ActionID: ActionSnoozeHour, Handle: rm.snoozeAction(time.Hour)},
			ActionSpec{ActionID: ActionSnoozeTomorrow, Handle: rm.snoozeAction(0)},
			ActionSpec{ActionID: ActionNotAttended, Handle: f.Home.refreshingAction(rm.notAttended, rm.absentPeople)},
		)
	}
	if ps := f.Postings; ps != nil {
		posting := CommandSpec{Name: postingCommand, Handle: ps.jobPosting,
			Description: "Write a job posting draft for a Python backend role, then edit, share or export it",
			UsageHint:   "[list | open <id> | help]"}
		if !ps.roles.Single() {
			posting.Description = "Write a job posting draft for one of your roles, then edit, share or export it"
		}
		r.Commands = append(r.Commands, posting)
		r.Actions = append(r.Actions,
			ActionSpec{ActionID: ActionPostingOpen, Handle: ps.openPosting},
			ActionSpec{ActionID: ActionPostingEdit, Handle: ps.editPosting},
			ActionSpec{ActionID: ActionPostingShare, Handle: ps.sharePosting},
			ActionSpec{ActionID: ActionPostingExport, Handle: ps.exportPosting},
			ActionSpec{ActionID: ActionPostingDelete, Handle: f.Home.refreshingAction(ps.deletePosting, clicker)},
		)
		if f.Home != nil {
			r.Actions = append(r.Actions, ActionSpec{ActionID: ActionHomeNewPosting, Handle: ps.openPostingForm})
		}
		r.Shortcuts = append(r.Shortcuts, ShortcutSpec{CallbackID: ShortcutDraftPosting, Kind: GlobalShortcut,
			Name: "Draft a job posting", Description: "Write a job posting draft, like /job-posting", Handle: formShortcut(ps.openPostingForm)})
		r.Views = append(r.Views,
			ViewSpec{CallbackID: ViewPostingForm, Handle: f.Home.refreshing(ps.savePosting, submitter)},
			ViewSpec{CallbackID: ViewPostingShare, Handle: ps.postShared},
		)
	}
	if pf := f.Preferences; pf != nil && f.Home != nil {
		r.Actions = append(r.Actions, ActionSpec{ActionID: ActionHomeNotifications, Handle: pf.openForm})
		r.Views = append(r.Views, ViewSpec{CallbackID: ViewNotificationSettings, Handle: pf.save})
	}
	if a := f.Admin; a != nil {
		r.Commands = append(r.Commands, CommandSpec{Name: adminCommand, Handle: a.command,
			Description: "For hirebot's admins: erase or export a candidate's data, legal holds, the audit trail",
			UsageHint:   "[erase | export | hold | release <candidate> | audit [candidate | @user] [7d]]"})
		r.Actions = append(r.Actions,
			ActionSpec{ActionID: ActionAdminErase, Handle: a.erase},
			ActionSpec{ActionID: ActionAdminCancel, Handle: a.cancelErase},
		)
	}
	if h := f.Home; h != nil {
		r.Events = append(r.Events, EventSpec{Type: EventAppHomeOpened, Handle: h.opened})
		r.Home = h.Refresh
		r.HomeShown = h.shown
	}
	return r
}
