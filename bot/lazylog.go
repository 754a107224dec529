package bot

import (
	"context"
	"log/slog"
	"slices"
	"sync"
)

// lazyAttrs is a slog.Handler that holds on to the attributes a logger was given with With and
// hands them to the handler below only when a record is first logged. Most envelopes log
// nothing, and formatting their attributes up front cost more than handling them.
type lazyAttrs struct {
	parent slog.Handler
	attrs  []slog.Attr
	once   sync.Once
	built  slog.Handler
}

// lazyLogger returns log with attrs added lazily: the same lines come out as from log.With.
func lazyLogger(log *slog.Logger, attrs ...slog.Attr) *slog.Logger {
	return slog.New(&lazyAttrs{parent: log.Handler(), attrs: attrs})
}

func (h *lazyAttrs) handler() slog.Handler {
	h.once.Do(func() {
		h.built = h.parent
		if len(h.attrs) > 0 {
			h.built = h.parent.WithAttrs(h.attrs)
		}
	})
	return h.built
}

func (h *lazyAttrs) Enabled(ctx context.Context, level slog.Level) bool {
	return h.parent.Enabled(ctx, level)
}

func (h *lazyAttrs) Handle(ctx context.Context, r slog.Record) error {
	return h.handler().Handle(ctx, r)
}

func (h *lazyAttrs) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	return &lazyAttrs{parent: h.parent, attrs: append(slices.Clip(h.attrs), attrs...)}
}

func (h *lazyAttrs) WithGroup(name string) slog.Handler {
	return h.handler().WithGroup(name)
}
