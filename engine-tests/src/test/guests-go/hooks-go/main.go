// Calls every hook of greeting.decorators through pdk/go's CallHooks (one payload block, each
// hook by its place in GetHookRefs' answer: CallHookAt), as anchor-host's call_each does in C,
// and through CallAllHooks (every hook in one engine call), as anchor-host's call_all does.
package main

import (
	"strconv"
	"strings"

	pe "github.com/spirefy/pluginengine-java/pdk/go"
)

const anchor = "greeting.decorators"

// line writes one hook's answer: "<index> <ref>=<response>" or "<index> <ref>!<error>".
func line(b *strings.Builder, i int, ref string, out []byte, err error) {
	b.WriteString(strconv.Itoa(i) + " " + ref)
	if err != nil {
		b.WriteString("!" + err.Error())
	} else {
		b.WriteString("=" + string(out))
	}
	b.WriteString("\n")
}

// callEach answers one line per hook called, through CallHooks.
func callEach(in []byte, stopAfter int) ([]byte, error) {
	var b strings.Builder
	i := 0
	_, err := pe.CallHooks(anchor, in, func(ref string, out []byte, err error) bool {
		line(&b, i, ref, out, err)
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

// call_all answers the lines call_each answers, through CallAllHooks; a refused call fails with
// the engine's message.
//
//go:wasmexport call_all
func callAll() int32 {
	return pe.Serve(func(in []byte) ([]byte, error) {
		return lines(pe.CallAllHooks(anchor, in))
	})
}

// call_all_input answers what call_all answers, through CallAllHooksWithInput.
//
//go:wasmexport call_all_input
func callAllInput() int32 {
	return pe.Serve(func([]byte) ([]byte, error) { return lines(pe.CallAllHooksWithInput(anchor)) })
}

// lines writes CallAllHooks' answers as callEach writes its, or passes the engine's refusal on.
func lines(answers []pe.HookAnswer, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for i, a := range answers {
		line(&b, i, a.Ref, a.Out, a.Err)
	}
	return []byte(b.String()), nil
}

func main() {}
