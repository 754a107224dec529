package main

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"hirebot/bot"
	"hirebot/content"
	"hirebot/data"
	"hirebot/handlers"
)

// app is hirebot wired together: storage, the Slack connection and every feature. newApp builds
// it; run serves it until the context ends.
type app struct {
	cfg       config
	opts      appOptions
	log       *slog.Logger
	store     *data.Store
	bot       *bot.Bot
	metrics   *bot.Metrics
	features  handlers.Features
	reminders *handlers.Reminders
	outbox    *handlers.Outbox
	retention *handlers.Retention
	queued    chan struct{} // a message was queued: deliver now rather than at the next tick
	// gauges orders reading the outbox's figures with setting its gauges, so that a delivery run
	// that read them earlier (the loop's, beside a test's or a sweep's) never overwrites newer ones.
	gauges sync.Mutex
	// caughtUp is closed once the start-up sweep (the schedule's first run) is over, or at once
	// without a schedule: a test waits for it, so that sweep never runs in the middle of its steps.
	caughtUp chan struct{}
}

// appOptions are what differs between production and tests beyond the settings.
type appOptions struct {
	// clock is the one clock of the app: its Now goes to the handlers, the store and the bot, and
	// the reminder schedule computes and waits for its runs on it.
	clock      bot.Clock
	noSchedule bool          // no reminder schedule, so no start-up sweep either: a test sweeps itself
	flushGrace time.Duration // shutdown's wait for the last acks to leave
	// homeDebounce is how long a Home tab refresh waits for more changes; zero means the bot's
	// default.
	homeDebounce time.Duration
	// deliverEvery is how often, on clock, the outbox is delivered besides right after something
	// is queued (for retries that fall due); zero means defaultDeliverEvery.
	deliverEvery time.Duration
	// apiRetries is how many times a rate-limited call is retried in place (see
	// bot.Config.APIRetries); zero means the bot's default.
	apiRetries int
	// rateLimitsOnClock times the holds of rate-limited methods on clock instead of the wall
	// clock (bot.Config.RateLimitClock), for a test that moves time through many of them.
	rateLimitsOnClock bool
}

const defaultDeliverEvery = 5 * time.Second

func productionOptions() appOptions {
	return appOptions{clock: bot.WallClock{}, flushGrace: bot.DefaultFlushGrace}
}

// newApp opens the database, loads the content and wires the features to them and to Slack.
// Nothing connects yet.
func newApp(ctx context.Context, cfg config, log *slog.Logger, opts appOptions) (*app, error) {
	// The content loads while the database opens: both are start-up's own work, and neither
	// needs the other. A content error is the one reported when both fail.
	var roles *content.Library
	loaded := make(chan error, 1)
	go func() {
		var err error
		roles, err = content.LoadLibrary(cfg.ContentDir)
		loaded <- err
	}()
	queued := make(chan struct{}, 1)
	store, err := data.Open(ctx, cfg.DBPath, data.WithClock(opts.clock.Now), data.WithOwner(cfg.ReplicaID),
		data.WithQueueHook(func() {
			select {
			case queued <- struct{}{}:
			default: // a delivery is due already
			}
		}))
	if cerr := <-loaded; cerr != nil {
		if err == nil {
			store.Close()
		}
		return nil, cerr
	}
	if err != nil && data.IsPostgresURL(cfg.DBPath) {
		return nil, hidePassword(postgresOpenError(data.Describe(cfg.DBPath), "HIREBOT_DB", err), cfg.DBPath)
	}
	if err != nil {
		return nil, err
	}
	c := roles.Default().Content
	metrics := bot.NewMetrics()
	bcfg := bot.Config{
		AppToken:     cfg.AppToken,
		BotToken:     cfg.BotToken,
		APIURL:       cfg.APIURL,
		Logger:       log,
		Metrics:      metrics,
		FlushGrace:   opts.flushGrace,
		HomeDebounce: opts.homeDebounce,
		APIRetries:   opts.apiRetries,
		Now:          opts.clock.Now,
	}
	if opts.rateLimitsOnClock {
		bcfg.RateLimitClock = opts.clock
	}
	b, err := bot.New(bcfg)
	if err != nil {
		store.Close()
		return nil, err
	}
	a := &app{cfg: cfg, opts: opts, log: log, store: store, bot: b, metrics: metrics, queued: queued, caughtUp: make(chan struct{})}
	admins := b.Admins(cfg.Admins, cfg.AdminGroups)
	a.reminders = handlers.NewReminders(handlers.RemindersConfig{
		Store: store, Content: c, Users: b, Settings: cfg.Feedback, Prefs: store, Now: opts.clock.Now, Logger: log,
	})
	a.outbox = handlers.NewOutbox(handlers.OutboxConfig{
		Store: store, Sender: b, Owner: store.Owner(), Now: opts.clock.Now, Logger: log, Metrics: metrics,
	})
	a.retention = handlers.NewRetention(handlers.RetentionConfig{
		Store: store, Period: cfg.Retention, Admins: admins, Now: opts.clock.Now, Logger: log,
	})
	a.features = handlers.Features{
		Lookups: handlers.NewRoleLookups(roles, rand.IntN).WithShares(store),
		Interviews: handlers.NewInterviews(handlers.InterviewsConfig{
			Store: store, Users: b, Settings: cfg.Feedback, Scorecards: &c.Scorecard, Now: opts.clock.Now, Metrics: metrics, Logger: log,
		}).WithNotes(store).WithStats(store, admins).WithAudit(store).WithDrafts(store),
		Reminders: a.reminders,
		Postings:  handlers.NewPostings(handlers.PostingsConfig{Roles: roles, Content: c, Store: store, Shares: store, Users: b, Metrics: metrics, Logger: log}),
		Home: handlers.NewHome(handlers.HomeConfig{
			Store: store, Users: b, Settings: cfg.Feedback, Roles: roles, Admins: admins, Now: opts.clock.Now, Logger: log,
		}),
		Preferences: handlers.NewPreferences(handlers.PreferencesConfig{
			Store: store, Users: b, Settings: cfg.Feedback, Now: opts.clock.Now, Logger: log,
		}),
		Admin: handlers.NewAdmin(handlers.AdminConfig{Store: store, Deleter: b, Admins: admins, Now: opts.clock.Now, Logger: log}),
	}
	return a, nil
}

// commandRoutes is every route without storage or Slack behind it: enough to list the commands
// (the manifest), not to serve them.
func commandRoutes(cfg config) (handlers.Routes, error) {
	roles, err := content.LoadLibrary(cfg.ContentDir)
	if err != nil {
		return handlers.Routes{}, err
	}
	c := roles.Default().Content
	return handlers.Features{
		Lookups:     handlers.NewRoleLookups(roles, nil),
		Interviews:  handlers.NewInterviews(handlers.InterviewsConfig{}),
		Reminders:   handlers.NewReminders(handlers.RemindersConfig{}),
		Postings:    handlers.NewPostings(handlers.PostingsConfig{Roles: roles, Content: c}),
		Home:        handlers.NewHome(handlers.HomeConfig{}),
		Preferences: handlers.NewPreferences(handlers.PreferencesConfig{}),
		Admin:       handlers.NewAdmin(handlers.AdminConfig{}),
	}.Routes(), nil
}

// sweep runs the sweep (see sweepNow) unless another replica on the same database is running
// it: replicas whose schedules fire together sweep one at a time, and the others pass.
func (a *app) sweep(ctx context.Context) (handlers.SweepReport, error) {
	var rep handlers.SweepReport
	ran, err := a.store.Alone(ctx, "sweep", func(ctx context.Context) error {
		var err error
		rep, err = a.sweepNow(ctx)
		return err
	})
	if err == nil && !ran {
		a.log.Info("another replica is sweeping; this one passes")
	}
	return rep, err
}

// sweepNow runs, once, now: the retention purge when it is due, the retry of message deletions
// erasures left unfinished, and the reminder sweep; and it forgets handled deliveries older than
// a day (Slack stops redelivering within minutes).
func (a *app) sweepNow(ctx context.Context) (handlers.SweepReport, error) {
	// The purge goes first: an interview it anonymises is not chased any more.
	if _, err := a.retention.Run(ctx); err != nil {
		a.log.Error("retention purge failed", "err", err)
	}
	if _, err := a.features.Admin.RetryDeletions(ctx); err != nil {
		a.log.Error("retrying message deletions failed", "err", err)
	}
	rep, err := a.reminders.Sweep(ctx)
	a.metrics.Reminders(rep.Sent, rep.Failed, rep.Deferred, rep.Escalated)
	if _, ferr := a.store.ForgetDeliveries(ctx, a.opts.clock.Now().Add(-24*time.Hour)); ferr != nil {
		a.log.Warn("forgetting old handled deliveries failed", "err", ferr)
	}
	return rep, err
}

// deliver runs the outbox once, now.
func (a *app) deliver(ctx context.Context) (handlers.DeliveryReport, error) {
	rep, err := a.outbox.Deliver(ctx)
	a.gauges.Lock()
	defer a.gauges.Unlock()
	if st, serr := a.store.OutboxStats(ctx, a.opts.clock.Now()); serr == nil {
		a.metrics.Outbox(st.Pending, st.Claimed, st.Sent, st.Failed, st.Dropped)
	}
	return rep, err
}

// deliverLoop delivers the outbox whenever something is queued, and every deliverEvery on the
// app's clock for retries that fall due (and for what another replica left), until ctx ends. The
// wait for the next round is kept across wake-ups, so one wait is pending on the clock at a time:
// a test that moves the clock past a retry time sees the retry go out.
func (a *app) deliverLoop(ctx context.Context) {
	every := a.opts.deliverEvery
	if every <= 0 {
		every = defaultDeliverEvery
	}
	round := a.opts.clock.After(every)
	for {
		if _, err := a.deliver(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("outbox delivery failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-a.queued:
		case <-round:
			round = a.opts.clock.After(every)
		}
	}
}

// releaseClaims drops the claims this process left when it last stopped (a crash mid-sweep or
// mid-delivery), so their work goes on at once instead of after the lease.
func (a *app) releaseClaims(ctx context.Context) error {
	released, others, err := a.store.ReleaseClaims(ctx, a.store.Owner(), a.opts.clock.Now())
	if err != nil {
		return err
	}
	if released > 0 || others > 0 {
		a.log.Info("claims at start-up", "released_own", released, "held_by_others", others, "owner", a.store.Owner())
	}
	return nil
}

// run connects to Slack and serves until ctx ends, with the reminder schedule and the ops
// listener beside the bot; it closes the database when everything has stopped. started, when
// not nil, is called once everything beside the bot runs, before the bot connects.
func (a *app) run(ctx context.Context, started func(*app)) error {
	defer a.store.Close()
	log := a.log
	log.Info("hirebot starting", "api_url", a.cfg.APIURL, "db", data.Describe(a.cfg.DBPath), "reminder_schedule", a.cfg.ReminderSchedule)

	// The database closes only after everything beside the bot has finished.
	var wg sync.WaitGroup
	defer wg.Wait()
	// Everything beside the bot stops when run returns, also when the bot fails (a revoked
	// token): this cancel runs before wg.Wait.
	sideCtx, stopSide := context.WithCancel(ctx)
	defer stopSide()
	if err := a.releaseClaims(ctx); err != nil {
		return err
	}
	// Deliveries wait for the bot's own shutdown: the bot's handlers may still queue messages.
	deliverCtx, stopDelivering := context.WithCancel(context.WithoutCancel(ctx))
	var delivering sync.WaitGroup
	delivering.Go(func() { a.deliverLoop(deliverCtx) })
	defer delivering.Wait()
	defer stopDelivering()
	if a.cfg.HTTPAddr != "" {
		if err := serveOps(sideCtx, &wg, a.cfg.HTTPAddr, bot.OpsHandler(a.bot, a.store.Ping, a.metrics), log); err != nil {
			return err
		}
	}
	var caughtUp sync.Once
	if a.opts.noSchedule {
		caughtUp.Do(func() { close(a.caughtUp) })
	} else {
		wg.Go(func() {
			err := bot.Schedule(sideCtx, a.cfg.ReminderSchedule, a.opts.clock, time.UTC, log, func(ctx context.Context) {
				if _, err := a.sweep(ctx); err != nil {
					log.Error("reminder sweep failed", "err", err)
				}
				caughtUp.Do(func() { close(a.caughtUp) })
			})
			if err != nil {
				log.Error("reminder schedule stopped", "err", err)
			}
		})
	}
	if started != nil {
		started(a)
	}
	if err := a.bot.Run(ctx, bot.NewRouter(a.features.Routes())); err != nil {
		return err
	}
	log.Info("hirebot stopped")
	return nil
}
