package slacktest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"hirebot/fakeslack"
)

// ProcessEnv, in a test binary's environment, makes it run the bot instead of its tests: the
// binary was started by StartProcess, and its TestMain calls RunIfProcess first.
const ProcessEnv = "SLACKTEST_PROCESS"

// RunIfProcess runs the bot with run and exits, when the test binary was started by
// StartProcess; otherwise it returns at once. Call it first in TestMain.
func RunIfProcess(run func() error) {
	if os.Getenv(ProcessEnv) == "" {
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bot:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// Process is the bot under test in a process of its own, so that a test can kill it with
// SIGKILL, as a crash or an OOM kill would, and start another on the same database.
type Process struct {
	Logs *Logs // its standard output and error
	fake *fakeslack.Server
	env  []string
	cmd  *exec.Cmd
	done chan error // how the process exited, once Wait returns
	// ended is set once Kill or Stop has seen the process exit (only the test's goroutine
	// touches it).
	ended bool
}

// StartProcess starts the test binary again as the bot (see RunIfProcess) with env as its whole
// environment (settings, tokens, the fake's API URL; the last of a name counts) and waits until
// fake has a connection. The process is killed when the test ends, if it still runs.
func StartProcess(t testing.TB, fake *fakeslack.Server, env ...string) *Process {
	t.Helper()
	p := &Process{fake: fake, env: env}
	p.start(t)
	t.Cleanup(func() {
		if !p.ended {
			p.Kill()
		}
	})
	return p
}

func (p *Process) start(t testing.TB) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p.Logs = &Logs{}
	p.cmd = exec.Command(self, "-test.run=^$")
	p.cmd.Env = append(append([]string(nil), p.env...), ProcessEnv+"=1")
	p.cmd.Stdout, p.cmd.Stderr = p.Logs, p.Logs
	p.done, p.ended = make(chan error, 1), false
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := p.fake.WaitConnected(ctx); err != nil {
		p.Kill()
		t.Fatalf("the bot did not connect: %v\n%s", err, p.Logs)
	}
}

// Kill ends the process at once with SIGKILL and waits until it is gone.
func (p *Process) Kill() {
	p.signal(syscall.SIGKILL)
}

// Stop ends the process as a deploy would, with SIGTERM, and returns how it exited.
func (p *Process) Stop() error {
	return p.signal(syscall.SIGTERM)
}

// signal sends sig unless the process has ended, and returns how it exited.
func (p *Process) signal(sig syscall.Signal) error {
	if !p.ended {
		_ = p.cmd.Process.Signal(sig)
	}
	err := <-p.done
	p.done <- err // for a later Kill or Stop
	p.ended = true
	return err
}

// Restart starts a new process with the same environment, once this one has ended (killed or
// stopped), and waits until fake has its connection. Its Logs are new.
func (p *Process) Restart(t testing.TB) {
	t.Helper()
	if !p.ended {
		t.Fatal("slacktest: restart of a bot process that still runs; Kill or Stop it first")
	}
	p.start(t)
}
