// A listener written in Go for examples.greeting.decorated, which the C hook sends. It reports
// what it heard as a JSON event of its own, so a host (or another plugin) can observe it.
package main

import pe "github.com/spirefy/pluginengine-java/pdk/go"

type audited struct {
	Heard string `json:"heard"`
	By    string `json:"by"`
}

//go:wasmexport audit
func audit() int32 {
	return pe.Serve(func(greeting []byte) ([]byte, error) {
		_, err := pe.SendEventJSON("examples.greeting.audited", audited{Heard: string(greeting), By: "examples.listener.go"})
		return nil, err
	})
}

func main() {}
