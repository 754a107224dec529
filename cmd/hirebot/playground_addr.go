package main

import (
	"log/slog"
	"net"
)

// playgroundExposedWarning is logged when the playground listens where other machines can reach
// it, as in a container (HIREBOT_PLAYGROUND_ADDR=0.0.0.0:8080).
const playgroundExposedWarning = "the playground has no login: anyone who can reach this port can act as any user"

// warnIfExposed warns, loudly, when addr is not a loopback address.
func warnIfExposed(log *slog.Logger, addr net.Addr) {
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		return
	}
	log.Warn(playgroundExposedWarning, "addr", addr.String(),
		"fix", "publish the port to yourself only (docker run -p 127.0.0.1:8080:8080), or outside a container set HIREBOT_PLAYGROUND_ADDR=127.0.0.1:8080")
}
