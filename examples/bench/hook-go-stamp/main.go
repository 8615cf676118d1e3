// A second Go hook of examples.greeting.decorators, for the cold-start benchmark only: with
// greeter-go and hook-go it makes the case the issue measured, a Go anchor calling two Go hooks,
// each its own 2-3 MB module. It appends " [stamp]".
package main

import pe "github.com/spirefy/pluginengine-java/pdk/go"

//go:wasmexport stamp
func stamp() int32 {
	return pe.Serve(func(greeting []byte) ([]byte, error) {
		return append(greeting, " [stamp]"...), nil
	})
}

func main() {}
