package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	extism "github.com/extism/go-sdk"
)

const engineNamespace = "extism:host/pluginengine"

// hostFunctions are the engine's functions (CONTRACT.md section 5) bound to one plugin: every
// parameter and result an i64 block offset (SendEvent and WriteFile answer numbers), 0 meaning
// nothing; each clears the plugin's last error first.
func (h *Host) hostFunctions(p *plugin) []extism.HostFunction {
	i64 := extism.ValueTypeI64
	one, two := []extism.ValueType{i64}, []extism.ValueType{i64, i64}
	getHooks := func(ctx context.Context, cp *extism.CurrentPlugin, stack []uint64) {
		stack[0] = h.getHooks(p, cp, stack[0])
	}
	fns := []extism.HostFunction{
		extism.NewHostFunctionWithStack("GetHooks", getHooks, one, one),
		extism.NewHostFunctionWithStack("GetHooksForAnchor", getHooks, one, one),
		extism.NewHostFunctionWithStack("GetHookRefs", func(ctx context.Context, cp *extism.CurrentPlugin, stack []uint64) {
			stack[0] = h.getHookRefs(p, cp, stack[0])
		}, one, one),
		extism.NewHostFunctionWithStack("CallHook", func(ctx context.Context, cp *extism.CurrentPlugin, stack []uint64) {
			stack[0] = h.callHook(ctx, p, cp, stack[0], stack[1])
		}, two, one),
		extism.NewHostFunctionWithStack("SendEvent", func(ctx context.Context, cp *extism.CurrentPlugin, stack []uint64) {
			// The harness loads no events, so every event is one that no plugin declares.
			id := readBlock(cp, stack[0])
			p.fail(fmt.Sprintf("no active plugin declares event %s", id))
			stack[0] = uint64(0xFFFFFFFFFFFFFFFF)
		}, two, one),
		extism.NewHostFunctionWithStack("GetLastError", func(ctx context.Context, cp *extism.CurrentPlugin, stack []uint64) {
			msg, had := p.lastErr, p.hasErr
			p.clear()
			stack[0] = 0
			if had {
				stack[0] = writeBlock(cp, []byte(msg))
			}
		}, nil, one),
		extism.NewHostFunctionWithStack("GetTraceContext", func(ctx context.Context, cp *extism.CurrentPlugin, stack []uint64) {
			// The harness's host passes no trace context: 0 with no error.
			p.clear()
			stack[0] = 0
		}, nil, one),
		extism.NewHostFunctionWithStack("WriteFile", func(ctx context.Context, cp *extism.CurrentPlugin, stack []uint64) {
			p.fail(fmt.Sprintf("plugin %s is not granted permission files", p.ref))
			stack[0] = 1
		}, two, one),
		extism.NewHostFunctionWithStack("GenerateFromTemplate", func(ctx context.Context, cp *extism.CurrentPlugin, stack []uint64) {
			p.fail(fmt.Sprintf("plugin %s is not granted permission templates", p.ref))
			stack[0] = 0
		}, two, one),
		// The engine's later extensions, which the original engine never had: linked so that the
		// benchmark anchor (one module with every variant) loads, failing if called. The table
		// compares only what both stacks offer (GetHooks and CallHook).
		extism.NewHostFunctionWithStack("CallHookAt", func(ctx context.Context, cp *extism.CurrentPlugin, stack []uint64) {
			stack[0] = p.notOffered("CallHookAt")
		}, []extism.ValueType{i64, i64, i64}, one),
		extism.NewHostFunctionWithStack("CallAllHooks", func(ctx context.Context, cp *extism.CurrentPlugin, stack []uint64) {
			stack[0] = p.notOffered("CallAllHooks")
		}, two, one),
	}
	readFile := func(ctx context.Context, cp *extism.CurrentPlugin, stack []uint64) {
		stack[0] = h.readFile(p, cp, stack[0])
	}
	fns = append(fns,
		extism.NewHostFunctionWithStack("ReadFile", readFile, one, one),
		extism.NewHostFunctionWithStack("LoadFile", readFile, one, one))
	for i := range fns {
		fns[i].SetNamespace(engineNamespace)
	}
	return fns
}

func (h *Host) getHooks(p *plugin, cp *extism.CurrentPlugin, anchorOff uint64) uint64 {
	p.clear()
	hooks, err := h.Hooks(p.ref, readBlock(cp, anchorOff))
	if err != nil {
		p.fail(err.Error())
		return 0
	}
	js, err := json.Marshal(hooks)
	if err != nil {
		p.fail(err.Error())
		return 0
	}
	return writeBlock(cp, js)
}

// getHookRefs answers the engine extension GetHookRefs (CONTRACT.md section 5): GetHooks' refs
// alone, each followed by a newline; no hooks is 0 with no error.
func (h *Host) getHookRefs(p *plugin, cp *extism.CurrentPlugin, anchorOff uint64) uint64 {
	p.clear()
	hooks, err := h.Hooks(p.ref, readBlock(cp, anchorOff))
	if err != nil {
		p.fail(err.Error())
		return 0
	}
	if len(hooks) == 0 {
		return 0
	}
	var lines strings.Builder
	for _, hook := range hooks {
		lines.WriteString(hook.Ref)
		lines.WriteByte('\n')
	}
	return writeBlock(cp, []byte(lines.String()))
}

func (h *Host) callHook(ctx context.Context, p *plugin, cp *extism.CurrentPlugin, refOff, payloadOff uint64) uint64 {
	p.clear()
	ref := readBlock(cp, refOff)
	var payload []byte
	if payloadOff != 0 {
		b, err := cp.ReadBytes(payloadOff)
		if err != nil {
			p.fail(fmt.Sprintf("CallHook %s: the payload is not a block: %v", ref, err))
			return 0
		}
		payload = b
	}
	out, err := h.CallHook(ctx, p.ref, ref, payload)
	if err != nil {
		p.fail(err.Error())
		return 0
	}
	return writeBlock(cp, out)
}

func (h *Host) readFile(p *plugin, cp *extism.CurrentPlugin, pathOff uint64) uint64 {
	p.clear()
	name := readBlock(cp, pathOff)
	clean := path.Clean(name)
	if name == "" || path.IsAbs(name) || clean == ".." || strings.HasPrefix(clean, "../") {
		p.fail(fmt.Sprintf("ReadFile %q: only files of the plugin's own archive can be read", name))
		return 0
	}
	b, ok := p.files[clean]
	if !ok {
		p.fail(fmt.Sprintf("ReadFile %q: plugin %s has no such file", name, p.ref))
		return 0
	}
	return writeBlock(cp, b)
}

func (p *plugin) clear() { p.lastErr, p.hasErr = "", false }

func (p *plugin) fail(msg string) { p.lastErr, p.hasErr = msg, true }

// notOffered fails a call of an engine extension the original engine does not have.
func (p *plugin) notOffered(name string) uint64 {
	p.fail(fmt.Sprintf("%s is an extension of PluginEngine for Java, not offered by the original engine", name))
	return 0
}

func readBlock(cp *extism.CurrentPlugin, off uint64) string {
	if off == 0 {
		return ""
	}
	s, err := cp.ReadString(off)
	if err != nil {
		return ""
	}
	return s
}

// writeBlock copies b into a new block the plugin owns; an empty b is 0 (Extism has no empty block).
func writeBlock(cp *extism.CurrentPlugin, b []byte) uint64 {
	if len(b) == 0 {
		return 0
	}
	off, err := cp.WriteBytes(b)
	if err != nil {
		return 0
	}
	return off
}
