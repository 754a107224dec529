package slacktest

import (
	"flag"
	"strconv"
)

// WidenParallel lets up to n parallel tests run at once unless -parallel was given. Call it from
// TestMain before m.Run: tests that spend most of their time waiting on sockets, real-time
// timeouts and Slack's Retry-After, not on the CPU, leave the cores idle at the default of one
// test per core.
func WidenParallel(n int) {
	if !flag.Parsed() {
		flag.Parse()
	}
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", strconv.Itoa(n))
	}
}
