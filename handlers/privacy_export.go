package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"hirebot/data"
)

// export sends the admin, as files in their direct messages, everything stored about the
// candidate: JSON for a machine, Markdown for a person.
func (a *Admin) export(ctx context.Context, by, name string) (Response, error) {
	ex, err := a.store.ExportCandidate(ctx, name)
	if errors.Is(err, data.ErrNotFound) {
		return Response{}, &UserError{Msg: fmt.Sprintf("No interviews are recorded for *%s*, so there is nothing to export.", literal(name))}
	}
	if err != nil {
		return Response{}, fmt.Errorf("export: %w", err)
	}
	raw, err := json.MarshalIndent(ex, "", "  ")
	if err != nil {
		return Response{}, fmt.Errorf("export: encode: %w", err)
	}
	// The entry names an interview too, so that it follows the candidate if their name is
	// changed: their newest (the export lists them oldest first), so that the retention purge
	// pseudonymises it only with the last of them.
	ids := make([]int64, 0, len(ex.Interviews))
	for _, e := range ex.Interviews {
		ids = append(ids, e.Interview.ID)
	}
	var newest int64
	if len(ids) > 0 {
		newest = ids[len(ids)-1]
	}
	if err := a.store.Audit(ctx, data.AuditEntry{Actor: by, Action: data.AuditExported, Candidate: ex.Candidate, InterviewID: newest,
		Detail: fmt.Sprintf("%d interviews", len(ex.Interviews))}); err != nil {
		return Response{}, fmt.Errorf("export: audit: %w", err)
	}
	base := "candidate-export-" + ex.ExportedAt.Format("2006-01-02")
	// Each file is recorded against the candidate once Slack has it, so that erasing them
	// deletes it; the comment that comes with the files does not name them. A file that reaches
	// Slack after the candidate (in any spelling exported) was erased is deleted at once (and by the sweep if that fails).
	shared := func(ctx context.Context, f SharedFile) error {
		late, err := a.store.RecordExportFile(ctx, ids, data.ExportFile{FileID: f.FileID, Channel: f.Channel})
		if err != nil || late == nil {
			return err
		}
		a.logger.Info("export file of a candidate erased meanwhile: deleting it", "file", f.FileID)
		a.deleteFile(ctx, *late, true)
		return nil
	}
	return Response{
		Replies: []Message{{Text: fmt.Sprintf(":package: The export of *%s* is on its way to your direct messages.", literal(ex.Candidate))}},
		Files: []File{
			{Name: base + ".json", Title: "Candidate export (JSON)", Content: string(raw), Comment: "The candidate export you asked for", Shared: shared},
			{Name: base + ".md", Title: "Candidate export", Content: exportMarkdown(ex), Shared: shared},
		},
	}, nil
}

// exportMarkdown is the export as a document a person can read.
func exportMarkdown(ex data.CandidateExport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\nEverything hirebot stores about this candidate, exported %s.\n", ex.Candidate, ex.ExportedAt.Format("2006-01-02 15:04 UTC"))
	if ex.LegalHold {
		b.WriteString("\nUnder legal hold")
		if ex.HeldAt != nil {
			fmt.Fprintf(&b, ", placed by %s on %s", ex.HeldBy, ex.HeldAt.Format("2006-01-02 15:04 UTC"))
		}
		b.WriteString(".\n")
	}
	for _, e := range ex.Interviews {
		iv := e.Interview
		fmt.Fprintf(&b, "\n## %s interview, %s\n\n- Candidate as recorded: %s\n- Role: %s\n- Hiring manager: %s\n- Recorded by: %s\n- Panel:",
			stageName(iv.Stage), iv.StartsAt.Format("2006-01-02 15:04 UTC"), iv.Candidate, iv.Role, iv.HiringManager, iv.RecordedBy)
		for _, p := range append(iv.Panel, iv.Removed...) {
			fmt.Fprintf(&b, " %s (%s)", p.UserID, p.Status)
		}
		b.WriteString("\n")
		if iv.Cancelled() {
			fmt.Fprintf(&b, "- Cancelled %s by %s: %s\n", iv.CancelledAt.Format("2006-01-02"), iv.CancelledBy, iv.CancelReason)
		}
		for _, sc := range e.Scorecards {
			ratings := make([]string, len(sc.Ratings))
			for i, r := range sc.Ratings {
				ratings[i] = fmt.Sprintf("%s %d of %d", r.Label, r.Value, len(sc.Scale))
			}
			fmt.Fprintf(&b, "\n### Scorecard by %s, version %d (%s)\n\n- Recommendation: %s (%s)\n- Ratings: %s\n- %s: %s\n- %s: %s\n",
				sc.Author, sc.Version, sc.SubmittedAt.Format("2006-01-02 15:04 UTC"), sc.RecommendationLabel(), sc.Recommendation,
				strings.Join(ratings, ", "), sc.FieldLabel("strengths"), sc.Strengths, sc.FieldLabel("concerns"), sc.Concerns)
			if sc.Note != "" {
				fmt.Fprintf(&b, "- %s: %s\n", sc.FieldLabel("note"), sc.Note)
			}
		}
		for _, n := range e.Notes {
			fmt.Fprintf(&b, "\n### Note by %s (%s)\n\n%s\n", n.Author, n.CreatedAt.Format("2006-01-02 15:04 UTC"), n.Body)
		}
		for _, d := range e.Decisions {
			fmt.Fprintf(&b, "\n### Decision: %s, by %s (%s)\n\n%s\n", d.Outcome, d.DecidedBy, d.DecidedAt.Format("2006-01-02 15:04 UTC"), d.Reason)
		}
		for _, d := range e.Drafts {
			fmt.Fprintf(&b, "\n### Unsubmitted scorecard draft by %s (saved %s)\n\n- Recommendation: %s\n- Strengths: %s\n- Concerns: %s\n- Note: %s\n",
				d.Author, d.SavedAt.Format("2006-01-02 15:04 UTC"), d.Recommendation, d.Strengths, d.Concerns, d.Note)
		}
	}
	if len(ex.Messages) > 0 {
		b.WriteString("\n## Messages hirebot sent about them\n\n")
		for _, m := range ex.Messages {
			fmt.Fprintf(&b, "- %s, %s to %s (%s", m.CreatedAt.Format("2006-01-02 15:04 UTC"), m.Kind, m.To, m.Status)
			if m.SentTS != "" {
				fmt.Fprintf(&b, " in %s, message %s", m.SentChannel, m.SentTS)
			}
			fmt.Fprintf(&b, "): %s\n", m.Text)
			for _, line := range blockTexts(m.Blocks) {
				fmt.Fprintf(&b, "  > %s\n", strings.ReplaceAll(line, "\n", "\n  > "))
			}
		}
	}
	if len(ex.Audit) > 0 {
		b.WriteString("\n## Audit trail\n\n")
		for _, e := range ex.Audit {
			fmt.Fprintf(&b, "- %s: %s %s", e.At.Format("2006-01-02 15:04 UTC"), e.Actor, e.Action)
			if e.InterviewID != 0 {
				fmt.Fprintf(&b, " (interview %d)", e.InterviewID)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// blockTexts lists the texts a Block Kit message shows, in order: what its reader saw.
func blockTexts(blocks json.RawMessage) []string {
	var tree any
	if len(blocks) == 0 || json.Unmarshal(blocks, &tree) != nil {
		return nil
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			if t, ok := v["type"].(string); ok && (t == "mrkdwn" || t == "plain_text") {
				if text, ok := v["text"].(string); ok && text != "" {
					out = append(out, text)
				}
				return
			}
			for _, k := range []string{"text", "fields", "elements"} {
				if e, ok := v[k]; ok {
					walk(e)
				}
			}
		}
	}
	walk(tree)
	return out
}
