package handlers

import (
	"context"
	"fmt"

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

// auditEntry is the audit entry a change passes to the store, which writes it in the change's
// own transaction (a replayed delivery writes none); nil when there is no audit trail. An empty
// action on a scorecard lets the store name it by its version.
func (in *Interviews) auditEntry(actor string, action data.AuditAction, candidate string, interviewID int64) *data.AuditEntry {
	if in.auditor == nil {
		return nil
	}
	return &data.AuditEntry{Actor: actor, Action: action, Candidate: candidate, InterviewID: interviewID}
}

// auditRead appends an entry to the audit trail for something about to be read: the candidate
// as the interview interviewID (the first one shown) names them, so that the entry follows them
// if their name is changed. A read whose entry cannot be written is not shown: the trail has
// every read.
func (in *Interviews) auditRead(ctx context.Context, actor string, action data.AuditAction, candidate string, interviewID int64) error {
	if in.auditor == nil {
		return nil
	}
	e := data.AuditEntry{Actor: actor, Action: action, Candidate: candidate, InterviewID: interviewID}
	if err := in.auditor.Audit(context.WithoutCancel(ctx), e); err != nil {
		return fmt.Errorf("audit %s by %s: %w", action, actor, err)
	}
	return nil
}
