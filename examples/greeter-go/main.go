// The greeter owns the anchor examples.greeting.decorators. Its export greet reads its template
// from its own archive, then passes the greeting through every hook of the anchor, in the
// engine's order. A failing hook is skipped; its error is appended to the answer, one per line.
package main

import (
	"strings"

	pe "github.com/spirefy/pluginengine-java/pdk/go"
)

const anchor = "examples.greeting.decorators"

//go:wasmexport greet
func greet() int32 {
	return pe.Serve(func(name []byte) ([]byte, error) {
		template, err := pe.ReadFile("templates/greeting.txt")
		if err != nil {
			return nil, err
		}
		text := []byte(strings.ReplaceAll(string(template), "{name}", string(name)))

		hooks, err := pe.GetHooks(anchor)
		if err != nil {
			return nil, err
		}
		var failures []string
		for _, h := range hooks {
			out, err := pe.CallHook(h.Ref, text)
			if err != nil {
				failures = append(failures, err.Error())
				continue
			}
			text = out
		}
		for _, f := range failures {
			text = append(text, "\nerror: "+f...)
		}
		return text, nil
	})
}

// hooks answers the hooks resolved to an anchor (the input, or this plugin's own anchor when the
// input is empty) as "ref anchorVersion" lines. An anchor no plugin declares fails the call with
// the PDK's error, e.g. "GetHooks no.such.anchor: <the engine's reason>".
//
//go:wasmexport hooks
func hooks() int32 {
	return pe.Serve(func(input []byte) ([]byte, error) {
		id := anchor
		if len(input) > 0 {
			id = string(input)
		}
		hooks, err := pe.GetHooks(id)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		for _, h := range hooks {
			b.WriteString(h.Ref + " " + h.AnchorVersion + "\n")
		}
		return []byte(b.String()), nil
	})
}

// A reactor needs a main, which never runs: the host calls the exports after _initialize.
func main() {}
