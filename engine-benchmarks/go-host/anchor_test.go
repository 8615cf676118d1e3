package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The benchmark's own guests, as the bench profile compiles them before its tests run: the
// harness must load the anchor module whole (it imports the engine's later extensions too) and
// answer its contract-only path, or the side-by-side table cannot be made.
func TestTheBenchmarkAnchorLoadsAndCallsItsHooks(t *testing.T) {
	guests := filepath.Join("..", "target", "classes", "guests")
	anchorWasm, err := os.ReadFile(filepath.Join(guests, "bench-anchor.wasm"))
	if err != nil {
		t.Fatalf("the bench profile compiles the guests before this test (mvnw -Pbench -pl engine-benchmarks package): %v", err)
	}
	echo, err := os.ReadFile(filepath.Join(guests, "bench-echo.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p, err := anchorCalls(ctx, echo, anchorWasm, 2, []byte("payload"), 1, 1)
	if err != nil {
		t.Fatalf("anchor with 2 hooks: %v", err)
	}
	if p.AMicros <= 0 || p.BMicros <= 0 {
		t.Fatalf("no time measured: %+v", p)
	}

	// An extension the original engine lacks fails the call that uses it, with a message saying so.
	h := &Host{}
	defer h.Close(ctx)
	owner := Descriptor{ID: "bench.anchor.owner", Version: "1.0.0", Anchors: []AnchorDecl{{ID: "bench.anchor", Version: "1.0.0"}}}
	if err := h.Load(ctx, owner, anchorWasm, nil); err != nil {
		t.Fatal(err)
	}
	if err := h.Load(ctx, echoHook("bench.hook0", "h0"), echo, nil); err != nil {
		t.Fatal(err)
	}
	if err := h.Start(ctx); err != nil {
		t.Fatal(err)
	}
	out, err := h.Call(ctx, "bench.anchor.owner@1.0.0", "run_all", []byte("x"))
	if err == nil || bytes.Equal(out, []byte("x")) || !strings.Contains(err.Error(), "CallAllHooks") {
		t.Fatalf("run_all on the original engine's stack: out %q, err %v", out, err)
	}
}
