// Exercises WriteFile, ReadFile's data-folder fall-back and GenerateFromTemplate through pdk/go.
// Every engine failure reaches the caller as this call's error, with the engine's message.
package main

import (
	"strings"

	"github.com/extism/go-pdk"
	pe "github.com/spirefy/pluginengine-java/pdk/go"
)

// split cuts the input at its first newline: the head names something, the rest is content.
func split(in []byte) (string, string) {
	head, rest, _ := strings.Cut(string(in), "\n")
	return head, rest
}

//go:wasmexport write
func write() int32 {
	return pe.Serve(func(in []byte) ([]byte, error) {
		path, content := split(in)
		if err := pe.WriteFile(path, []byte(content)); err != nil {
			return nil, err
		}
		return []byte("ok"), nil
	})
}

//go:wasmexport read
func read() int32 {
	return pe.Serve(func(in []byte) ([]byte, error) { return pe.ReadFile(string(in)) })
}

//go:wasmexport render
func render() int32 {
	return pe.Serve(func(in []byte) ([]byte, error) {
		template, data := split(in)
		var v any
		if data != "" {
			v = rawJSON(data)
		}
		text, err := pe.GenerateFromTemplate(template, v)
		return []byte(text), err
	})
}

//go:wasmexport story
func story() int32 {
	return pe.Serve(func(in []byte) ([]byte, error) {
		name := string(in)
		path := "notes/" + name + ".txt"
		if err := pe.WriteFile(path, []byte("dear "+name)); err != nil {
			return nil, err
		}
		back, err := pe.ReadFile(path)
		if err != nil {
			return nil, err
		}
		text, err := pe.GenerateFromTemplate("{{#each lines}}<{{this}}>{{/each}} from {{who}}",
			map[string]any{"lines": []string{string(back), "bye"}, "who": "files-go"})
		if err != nil {
			return nil, err
		}
		pdk.Log(pdk.LogInfo, "story: "+text)
		return []byte(text), nil
	})
}

// rawJSON hands JSON text through GenerateFromTemplate's encoder unchanged.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func main() {}
