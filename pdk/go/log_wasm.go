//go:build wasm

package pluginengine

import "fmt"

// Logging through Extism's log_* kernel functions. The engine hands every line to the host under
// this plugin's ref (contract section 5), at the level it was logged with; the host's logger
// decides what it keeps, so these do not ask get_log_level first. They import the kernel
// functions themselves: go-pdk v1.1.3's pdk.Log sends trace lines to log_error, and leaves
// each message's block allocated until the call ends.

//go:wasmimport extism:host/env log_trace
func hostLogTrace(offset uint64)

//go:wasmimport extism:host/env log_debug
func hostLogDebug(offset uint64)

//go:wasmimport extism:host/env log_info
func hostLogInfo(offset uint64)

//go:wasmimport extism:host/env log_warn
func hostLogWarn(offset uint64)

//go:wasmimport extism:host/env log_error
func hostLogError(offset uint64)

func logf(host func(uint64), format string, args []any) {
	off := allocString(fmt.Sprintf(format, args...))
	host(off)
	free(off)
}

// Tracef logs a formatted line at trace level.
func Tracef(format string, args ...any) { logf(hostLogTrace, format, args) }

// Debugf logs a formatted line at debug level.
func Debugf(format string, args ...any) { logf(hostLogDebug, format, args) }

// Infof logs a formatted line at info level.
func Infof(format string, args ...any) { logf(hostLogInfo, format, args) }

// Warnf logs a formatted line at warning level.
func Warnf(format string, args ...any) { logf(hostLogWarn, format, args) }

// Errorf logs a formatted line at error level.
func Errorf(format string, args ...any) { logf(hostLogError, format, args) }
