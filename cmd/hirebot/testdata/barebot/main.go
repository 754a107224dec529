// Command barebot is the floor the load command measures hirebot against: slack-go's socketmode
// client acking every slash command with the bytes in the file its one argument names, until
// SIGTERM. It is built on its own, like hirebot, so that its memory is a bare bot's.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: barebot REPLY-FILE")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "barebot:", err)
		os.Exit(1)
	}
}

func run(replyFile string) error {
	reply, err := os.ReadFile(replyFile)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	api := slack.New(os.Getenv("SLACK_BOT_TOKEN"), slack.OptionAPIURL(os.Getenv("SLACK_API_URL")),
		slack.OptionAppLevelToken(os.Getenv("SLACK_APP_TOKEN")))
	client := socketmode.New(api)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-client.Events:
				if evt.Type == socketmode.EventTypeSlashCommand {
					_ = client.Ack(*evt.Request, json.RawMessage(reply))
				}
			}
		}
	}()
	if err := client.RunContext(ctx); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}
