package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	extism "github.com/extism/go-sdk"
)

type benchOptions struct {
	guests, goModule, plugins string
	rounds, sliceMs, runs     int
}

// Figures are what the Java side's SeedStackTable reads; times in microseconds (Us) or seconds (S).
type Figures struct {
	Stack string `json:"stack"`
	// The host calls one hook with 64 B through the harness (ref lookup, then Plugin.Call), paired
	// with a bare go-sdk Plugin.Call of the same module.
	HookCallUs    float64 `json:"hookCallUs"`
	RawCallUs     float64 `json:"rawCallUs"`
	HookOverRaw   float64 `json:"hookOverRaw"`
	Anchor1Ratio  float64 `json:"anchor1Ratio"`
	Anchor10Ratio float64 `json:"anchor10Ratio"`
	// The anchor plugin's run (GetHooks + 10 CallHook) against the same 10 calls from Go.
	Anchor10ViaCallHookUs float64   `json:"anchor10ViaCallHookUs"`
	Anchor10FromHostUs    float64   `json:"anchor10FromHostUs"`
	Anchor10RatioQ1       float64   `json:"anchor10RatioQ1"`
	Anchor10RatioQ3       float64   `json:"anchor10RatioQ3"`
	GoModuleBytes         int       `json:"goModuleBytes"`
	CompileS              float64   `json:"compileS"`
	FirstCallS            float64   `json:"firstCallS"`
	ProcessS              float64   `json:"processS"`
	ProcessRunsS          []float64 `json:"processRunsS"`
}

func runBench(o benchOptions) (*Figures, error) {
	ctx := context.Background()
	slice := time.Duration(o.sliceMs) * time.Millisecond
	echo, err := os.ReadFile(filepath.Join(o.guests, "bench-echo.wasm"))
	if err != nil {
		return nil, err
	}
	anchorWasm, err := os.ReadFile(filepath.Join(o.guests, "bench-anchor.wasm"))
	if err != nil {
		return nil, err
	}
	f := &Figures{Stack: "github.com/extism/go-sdk v1.7.1, github.com/tetratelabs/wazero v1.9.0"}
	payload := benchPayload(64)

	hook, err := hookCall(ctx, echo, payload, o.rounds, slice)
	if err != nil {
		return nil, err
	}
	f.HookCallUs, f.RawCallUs, f.HookOverRaw = hook.AMicros, hook.BMicros, hook.Ratio

	for _, n := range []int{1, 10} {
		p, err := anchorCalls(ctx, echo, anchorWasm, n, payload, o.rounds, slice)
		if err != nil {
			return nil, err
		}
		if n == 1 {
			f.Anchor1Ratio = p.Ratio
		} else {
			f.Anchor10Ratio, f.Anchor10RatioQ1, f.Anchor10RatioQ3 = p.Ratio, p.RatioQ1, p.RatioQ3
			f.Anchor10ViaCallHookUs, f.Anchor10FromHostUs = p.AMicros, p.BMicros
		}
	}

	goModule, err := os.ReadFile(o.goModule)
	if err != nil {
		return nil, err
	}
	f.GoModuleBytes = len(goModule)
	if f.CompileS, f.FirstCallS, err = compileAndFirstCall(ctx, goModule, o.runs); err != nil {
		return nil, err
	}
	if f.ProcessRunsS, err = processes(o.plugins, o.runs); err != nil {
		return nil, err
	}
	f.ProcessS = quantile(f.ProcessRunsS, 0.5)
	return f, nil
}

func benchPayload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	return b
}

// hookCall: the bench.echo hook on a host-declared bench.anchor, called from the host by ref, paired
// with the raw SDK's Plugin.Call on its own instance of the same module.
func hookCall(ctx context.Context, echo, payload []byte, rounds int, slice time.Duration) (Paired, error) {
	h := &Host{}
	defer h.Close(ctx)
	h.DeclareAnchor("bench.anchor", "1.0.0")
	if err := h.Load(ctx, echoHook("bench.echo", "echo"), echo, nil); err != nil {
		return Paired{}, err
	}
	if err := h.Start(ctx); err != nil {
		return Paired{}, err
	}
	raw, err := extism.NewPlugin(ctx, extism.Manifest{Wasm: []extism.Wasm{extism.WasmData{Data: echo}}},
		extism.PluginConfig{EnableWasi: true}, nil)
	if err != nil {
		return Paired{}, err
	}
	defer raw.Close(ctx)
	const ref = "bench.echo@1.0.0/echo"
	out, err := h.CallHook(ctx, hostRef, ref, payload)
	if err := expect(out, err, payload, "engine hook call"); err != nil {
		return Paired{}, err
	}
	_, out, err = raw.Call("echo", payload)
	if err := expect(out, err, payload, "raw Plugin.Call"); err != nil {
		return Paired{}, err
	}
	return comparePaired(
		func() { must(h.CallHook(ctx, hostRef, ref, payload)) },
		func() { _, o, e := raw.Call("echo", payload); must(o, e) },
		rounds, slice), nil
}

// anchorCalls: bench.anchor.owner's run (GetHooks, then CallHook for each ref) paired with the host
// doing the same: Hooks, then CallHook for each.
func anchorCalls(ctx context.Context, echo, anchorWasm []byte, n int, payload []byte, rounds int, slice time.Duration) (Paired, error) {
	h := &Host{}
	defer h.Close(ctx)
	owner := Descriptor{ID: "bench.anchor.owner", Version: "1.0.0", Anchors: []AnchorDecl{{ID: "bench.anchor", Version: "1.0.0"}}}
	if err := h.Load(ctx, owner, anchorWasm, nil); err != nil {
		return Paired{}, err
	}
	for i := 0; i < n; i++ {
		if err := h.Load(ctx, echoHook(fmt.Sprintf("bench.hook%d", i), fmt.Sprintf("h%d", i)), echo, nil); err != nil {
			return Paired{}, err
		}
	}
	if err := h.Start(ctx); err != nil {
		return Paired{}, err
	}
	if hooks, _ := h.Hooks(hostRef, "bench.anchor"); len(hooks) != n {
		return Paired{}, fmt.Errorf("%d of %d hooks resolved", len(hooks), n)
	}
	viaCallHook := func() ([]byte, error) { return h.Call(ctx, "bench.anchor.owner@1.0.0", "run", payload) }
	fromGo := func() ([]byte, error) {
		hooks, err := h.Hooks(hostRef, "bench.anchor")
		if err != nil {
			return nil, err
		}
		var last []byte
		for _, k := range hooks {
			if last, err = h.CallHook(ctx, hostRef, k.Ref, payload); err != nil {
				return nil, err
			}
		}
		return last, nil
	}
	out, err := viaCallHook()
	if err := expect(out, err, payload, "anchor run"); err != nil {
		return Paired{}, err
	}
	out, err = fromGo()
	if err := expect(out, err, payload, "hooks from Go"); err != nil {
		return Paired{}, err
	}
	out, err = h.Call(ctx, "bench.anchor.owner@1.0.0", "list", payload)
	if err := expect(out, err, []byte(fmt.Sprint(n)), "anchor list"); err != nil {
		return Paired{}, err
	}
	return comparePaired(func() { must(viaCallHook()) }, func() { must(fromGo()) }, rounds, slice), nil
}

// compileAndFirstCall: the Go hook module compiled into a new runtime (no compilation cache, as a
// first start), then one instance and its first call; medians of runs.
func compileAndFirstCall(ctx context.Context, wasm []byte, runs int) (float64, float64, error) {
	var compiles, firsts []float64
	for i := 0; i < runs; i++ {
		h := &Host{}
		h.DeclareAnchor("examples.greeting.decorators", "1.0.0")
		d := Descriptor{ID: "examples.hook.go", Version: "1.0.0",
			Hooks: []HookDecl{{ID: "sign", AnchorID: "examples.greeting.decorators", AnchorVersion: "1.0.0", Func: "sign"}}}
		t0 := time.Now()
		if err := h.Load(ctx, d, wasm, nil); err != nil {
			return 0, 0, err
		}
		t1 := time.Now()
		if err := h.Start(ctx); err != nil {
			return 0, 0, err
		}
		out, err := h.CallHook(ctx, hostRef, "examples.hook.go@1.0.0/sign", []byte("Hello"))
		t2 := time.Now()
		if err := expect(out, err, []byte("Hello [go]"), "Go hook"); err != nil {
			return 0, 0, err
		}
		h.Close(ctx)
		compiles = append(compiles, t1.Sub(t0).Seconds())
		firsts = append(firsts, t2.Sub(t1).Seconds())
	}
	return quantile(compiles, 0.5), quantile(firsts, 0.5), nil
}

// processes: this binary's `call` of the Go greeter with its two Go hooks, each a new process, timed
// from spawn to exit, as ProcessColdStart times `plugin-engine call`.
func processes(plugins string, runs int) ([]float64, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	const want = "Hello, bob [go] [stamp]"
	var out []float64
	for i := 0; i < runs; i++ {
		cmd := exec.Command(self, "call", "--plugins", plugins, "examples.greeter", "greet", "bob")
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		t0 := time.Now()
		err := cmd.Run()
		el := time.Since(t0).Seconds()
		if err != nil || !strings.HasSuffix(strings.TrimSpace(buf.String()), want) {
			return nil, fmt.Errorf("%s: %v: %s", strings.Join(cmd.Args, " "), err, buf.String())
		}
		out = append(out, el)
	}
	return out, nil
}

func echoHook(id, hookID string) Descriptor {
	return Descriptor{ID: id, Version: "1.0.0",
		Hooks: []HookDecl{{ID: hookID, AnchorID: "bench.anchor", AnchorVersion: "1.0.0", Func: "echo"}}}
}

func expect(out []byte, err error, want []byte, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !bytes.Equal(out, want) {
		return fmt.Errorf("%s answered %q, not %q", what, out, want)
	}
	return nil
}

// must fails the run on an error inside a timed loop: a benchmark must not measure failures.
func must(_ []byte, err error) {
	if err != nil {
		panic(err)
	}
}
