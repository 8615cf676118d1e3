// go-host: the original engine's stack (the Extism Go SDK on wazero) running the same guests as
// engine-benchmarks, for the side-by-side table of docs/PERFORMANCE.md (issue 20).
//
//	go-host bench --guests DIR --go-module FILE --plugins DIR [--rounds 40] [--slice-ms 100] [--runs 5]
//	go-host call --plugins DIR PLUGIN_ID FUNCTION INPUT
//
// bench prints its figures as one JSON object; call loads every *.tar.gz of DIR, starts them and
// prints the answer of one call, as `plugin-engine call` does.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "bench":
		err = benchCommand(os.Args[2:])
	case "call":
		err = callCommand(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-host:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: go-host bench --guests DIR --go-module FILE --plugins DIR [--rounds N] [--slice-ms MS] [--runs N]\n"+
		"       go-host call --plugins DIR PLUGIN_ID FUNCTION INPUT")
	os.Exit(2)
}

func benchCommand(args []string) error {
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	var o benchOptions
	fs.StringVar(&o.guests, "guests", "", "folder of bench-echo.wasm and bench-anchor.wasm")
	fs.StringVar(&o.goModule, "go-module", "", "the Go hook module (examples/hook-go built)")
	fs.StringVar(&o.plugins, "plugins", "", "folder of greeter-go, hook-go and hook-go-stamp .tar.gz")
	fs.IntVar(&o.rounds, "rounds", 40, "paired rounds")
	fs.IntVar(&o.sliceMs, "slice-ms", 100, "milliseconds per slice")
	fs.IntVar(&o.runs, "runs", 5, "compiles and processes measured")
	fs.Parse(args)
	if o.guests == "" || o.goModule == "" || o.plugins == "" {
		usage()
	}
	r, err := runBench(o)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func callCommand(args []string) error {
	fs := flag.NewFlagSet("call", flag.ExitOnError)
	dir := fs.String("plugins", "", "folder of plugin archives (*.tar.gz)")
	fs.Parse(args)
	if *dir == "" || fs.NArg() != 3 {
		usage()
	}
	ctx := context.Background()
	h, err := loadFolder(ctx, *dir)
	if err != nil {
		return err
	}
	defer h.Close(ctx)
	pluginRef, err := h.latest(fs.Arg(0))
	if err != nil {
		return err
	}
	out, err := h.Call(ctx, pluginRef, fs.Arg(1), []byte(fs.Arg(2)))
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}

// loadFolder loads and starts every archive of dir, in name order.
func loadFolder(ctx context.Context, dir string) (*Host, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tar.gz"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	h := &Host{}
	for _, f := range files {
		a, err := readArchive(f)
		if err != nil {
			return nil, err
		}
		if err := h.Load(ctx, a.Desc, a.Wasm, a.Files); err != nil {
			return nil, err
		}
	}
	return h, h.Start(ctx)
}

// latest is the ref of the highest loaded version of a plugin named by a bare id (or the ref itself).
func (h *Host) latest(id string) (string, error) {
	best := ""
	for _, p := range h.plugins {
		if p.ref == id {
			return id, nil
		}
		if p.desc.ID == id && (best == "" || compareVersions(p.desc.Version, best) > 0) {
			best = p.desc.Version
		}
	}
	if best == "" {
		return "", fmt.Errorf("no plugin %s is loaded", id)
	}
	return id + "@" + best, nil
}
