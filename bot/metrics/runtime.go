package metrics

import (
	"bytes"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
)

// RegisterGo adds the Go runtime's figures under the names Prometheus' own Go client uses for them.
func RegisterGo(r *Registry) {
	r.GaugeVec("go_info", "Information about the Go environment.", "version").With(runtime.Version()).Set(1)
	r.Func("go_goroutines", "Number of goroutines that currently exist.", "gauge", func() (float64, bool) {
		return float64(runtime.NumGoroutine()), true
	})
	r.Func("go_threads", "Number of OS threads created.", "gauge", func() (float64, bool) {
		n, _ := runtime.ThreadCreateProfile(nil)
		return float64(n), true
	})
	for _, m := range []struct{ name, help, typ, key string }{
		{"go_memstats_alloc_bytes", "Number of heap bytes allocated and currently in use.", "gauge", "/memory/classes/heap/objects:bytes"},
		{"go_memstats_alloc_bytes_total", "Total number of heap bytes allocated, even if freed.", "counter", "/gc/heap/allocs:bytes"},
		{"go_memstats_sys_bytes", "Number of bytes obtained from the system.", "gauge", "/memory/classes/total:bytes"},
		{"go_gc_heap_goal_bytes", "Heap size target for the end of the GC cycle.", "gauge", "/gc/heap/goal:bytes"},
		{"go_gc_cycles_total", "Count of completed GC cycles.", "counter", "/gc/cycles/total:gc-cycles"},
		{"go_sched_gomaxprocs_threads", "The current runtime.GOMAXPROCS setting.", "gauge", "/sched/gomaxprocs:threads"},
	} {
		r.Func(m.name, m.help, m.typ, func() (float64, bool) { return readRuntime(m.key) })
	}
}

// readRuntime reads one runtime/metrics value; false if this Go does not have it.
func readRuntime(key string) (float64, bool) {
	s := []metrics.Sample{{Name: key}}
	metrics.Read(s)
	switch s[0].Value.Kind() {
	case metrics.KindUint64:
		return float64(s[0].Value.Uint64()), true
	case metrics.KindFloat64:
		return s[0].Value.Float64(), true
	}
	return 0, false
}

// RegisterProcess adds the process's own figures, read from /proc; on a system without it they
// are left out.
func RegisterProcess(r *Registry) {
	page := float64(os.Getpagesize())
	r.Func("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter", func() (float64, bool) {
		f, ok := procStat()
		if !ok {
			return 0, false
		}
		utime, err1 := strconv.ParseFloat(f[11], 64)
		stime, err2 := strconv.ParseFloat(f[12], 64)
		return (utime + stime) / userHZ, err1 == nil && err2 == nil
	})
	r.Func("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", func() (float64, bool) {
		f, ok := procStat()
		if !ok {
			return 0, false
		}
		pages, err := strconv.ParseFloat(f[21], 64)
		return pages * page, err == nil
	})
	r.Func("process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", func() (float64, bool) {
		f, ok := procStat()
		if !ok {
			return 0, false
		}
		size, err := strconv.ParseFloat(f[20], 64)
		return size, err == nil
	})
	r.Func("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "gauge", func() (float64, bool) {
		f, ok := procStat()
		boot, bootOK := bootTime()
		if !ok || !bootOK {
			return 0, false
		}
		ticks, err := strconv.ParseFloat(f[19], 64)
		return boot + ticks/userHZ, err == nil
	})
	r.Func("process_open_fds", "Number of open file descriptors.", "gauge", func() (float64, bool) {
		fds, err := os.ReadDir("/proc/self/fd")
		return float64(len(fds)), err == nil
	})
	r.Func("process_max_fds", "Maximum number of open file descriptors.", "gauge", func() (float64, bool) {
		return maxFDs()
	})
}

// userHZ is the unit of the times in /proc/<pid>/stat: 100 a second on every Linux there is.
const userHZ = 100

// procStat returns the fields of /proc/self/stat after the command name (which is in parentheses
// and may hold spaces): f[0] is the state, the third field of proc(5).
func procStat() ([]string, bool) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return nil, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 > len(b) {
		return nil, false
	}
	f := strings.Fields(string(b[i+2:]))
	return f, len(f) > 21
}

// bootTime is when the system booted, in seconds since the epoch, from /proc/stat.
func bootTime() (float64, bool) {
	rest, ok := procLine("/proc/stat", "btime ")
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
	return v, err == nil
}

// maxFDs is the soft limit on open files, from /proc/self/limits; false when unlimited.
func maxFDs() (float64, bool) {
	rest, ok := procLine("/proc/self/limits", "Max open files")
	f := strings.Fields(rest)
	if !ok || len(f) == 0 || f[0] == "unlimited" {
		return 0, false
	}
	v, err := strconv.ParseFloat(f[0], 64)
	return v, err == nil
}

// procLine returns what follows prefix on the first line of the file at path that starts with it.
func procLine(path, prefix string) (string, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", false
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			return rest, true
		}
	}
	return "", false
}
