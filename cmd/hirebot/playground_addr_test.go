package main

import (
	"bytes"
	"log/slog"
	"net"
	"strings"
	"testing"
)

func TestConfigPlaygroundWarnsWhenReachableFromOutside(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr string
		warn bool
	}{
		{"127.0.0.1:8080", false},
		{"[::1]:8080", false},
		{"0.0.0.0:8080", true},
		{"[::]:8080", true},
		{"192.0.2.7:8080", true},
	}
	for _, tt := range tests {
		addr, err := net.ResolveTCPAddr("tcp", tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		warnIfExposed(slog.New(slog.NewTextHandler(&logs, nil)), addr)
		warned := strings.Contains(logs.String(), "level=WARN") && strings.Contains(logs.String(), playgroundExposedWarning)
		if warned != tt.warn {
			t.Errorf("%s: warned %v, want %v; logs: %s", tt.addr, warned, tt.warn, logs.String())
		}
	}
}
