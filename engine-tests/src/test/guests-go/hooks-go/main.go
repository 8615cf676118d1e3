// Calls every hook of greeting.decorators through pdk/go's CallHooks (one payload block, each
// hook by its place in GetHookRefs' answer: CallHookAt), as anchor-host's call_each does in C.
package main

import (
	"strconv"
	"strings"

	pe "github.com/spirefy/pluginengine-java/pdk/go"
)

// callEach answers one line per hook called: "<index> <ref>=<response>" or "<index> <ref>!<error>".
func callEach(in []byte, stopAfter int) ([]byte, error) {
	var b strings.Builder
	i := 0
	_, err := pe.CallHooks("greeting.decorators", in, func(ref string, out []byte, err error) bool {
		b.WriteString(strconv.Itoa(i) + " " + ref)
		if err != nil {
			b.WriteString("!" + err.Error())
		} else {
			b.WriteString("=" + string(out))
		}
		b.WriteString("\n")
		i++
		return i != stopAfter
	})
	return []byte(b.String()), err
}

//go:wasmexport call_each
func callEachExport() int32 {
	return pe.Serve(func(in []byte) ([]byte, error) { return callEach(in, -1) })
}

//go:wasmexport call_first
func callFirst() int32 {
	return pe.Serve(func(in []byte) ([]byte, error) { return callEach(in, 1) })
}

func main() {}
