// A hook of examples.greeting.decorators written in Go: it appends " [go]" to the greeting.
package main

import pe "github.com/spirefy/pluginengine-java/pdk/go"

//go:wasmexport sign
func sign() int32 {
	return pe.Serve(func(greeting []byte) ([]byte, error) {
		return append(greeting, " [go]"...), nil
	})
}

func main() {}
