// Writes to every place a plugin's output can go, so that tests can see it reach the host.
package main

import (
	"fmt"
	"os"
	"strconv"

	pe "github.com/spirefy/pluginengine-java/pdk/go"
)

// talk logs once at every level, then writes one line to stdout and one to stderr, each
// carrying the call's input so that a test can tell calls apart.
//
//go:wasmexport talk
func talk() int32 {
	return pe.Serve(func(in []byte) ([]byte, error) {
		tag := string(in)
		pe.Tracef("trace %s", tag)
		pe.Debugf("debug %s", tag)
		pe.Infof("info %s", tag)
		pe.Warnf("warn %s", tag)
		pe.Errorf("error %s", tag)
		fmt.Fprintln(os.Stdout, "stdout "+tag)
		fmt.Fprintln(os.Stderr, "stderr "+tag)
		fmt.Fprint(os.Stdout, "unterminated "+tag) // no newline: still one line of this call
		return []byte("talked"), nil
	})
}

// panics writes a line to stderr, then panics with the input as its message.
//
//go:wasmexport panics
func panics() int32 {
	return pe.Serve(func(in []byte) ([]byte, error) {
		fmt.Fprintln(os.Stderr, "about to panic")
		panic(string(in))
	})
}

// flood writes N numbered lines of 100 bytes to stdout (N is the input).
//
//go:wasmexport flood
func flood() int32 {
	return pe.Serve(func(in []byte) ([]byte, error) {
		n, err := strconv.Atoi(string(in))
		if err != nil {
			return nil, err
		}
		for i := 0; i < n; i++ {
			fmt.Fprintf(os.Stdout, "%06d %092d\n", i, 0)
		}
		return []byte("flooded"), nil
	})
}

func main() {}
