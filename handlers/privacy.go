package handlers

import (
	"context"

	"hirebot/data"
)

// Auditor appends to the audit trail of who did what to candidate data.
type Auditor interface {
	Audit(ctx context.Context, e data.AuditEntry) error
}

// WithAudit records in the audit trail every feedback summary read, every scorecard, interview
// and decision recorded or changed.
func (in *Interviews) WithAudit(a Auditor) *Interviews {
	in.auditor = a
	return in
}

// audited appends an entry to the audit trail for a change that succeeded (err is nil; a
// replayed delivery was audited when first handled). A failure to audit is logged: the change
// it records is made already.
func (in *Interviews) audited(ctx context.Context, err error, actor string, action data.AuditAction, candidate string, interviewID int64) {
	if err != nil || in.auditor == nil {
		return
	}
	e := data.AuditEntry{Actor: actor, Action: action, Candidate: candidate, InterviewID: interviewID}
	if aerr := in.auditor.Audit(context.WithoutCancel(ctx), e); aerr != nil {
		in.logger.Error("audit entry not saved", "action", action, "user", actor, "interview", interviewID, "err", aerr)
	}
}

// scorecardAction is how the audit trail names a saved scorecard: its first version is
// submitted, later ones change it.
func scorecardAction(sc data.Scorecard) data.AuditAction {
	if sc.Version > 1 {
		return data.AuditChangedScorecard
	}
	return data.AuditSubmittedScorecard
}
