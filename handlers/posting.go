package handlers

import (
	"context"
)

// PostingStore keeps job posting drafts.
type PostingStore interface {
	Ping(ctx context.Context) error
}

// postingRoutes lists the job posting builder's command, buttons and modals.
func (h *Handlers) postingRoutes() Routes { return Routes{} }
