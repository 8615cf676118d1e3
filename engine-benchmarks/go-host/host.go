package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	extism "github.com/extism/go-sdk"
)

// hostRef is the caller the host application calls as (docs/CONTRACT.md section 5).
const hostRef = "host@0.0.0"

// maxCallDepth is the engine's default bound on nested calls (CONTRACT.md, limits).
const maxCallDepth = 16

// Host is the part of an engine that the side-by-side figures exercise, on the Extism Go SDK: plugins
// keyed by id@version, anchors and hooks resolved by the contract's version rule, and the engine
// host functions of CONTRACT.md section 5. One instance per plugin, driven from one goroutine, as
// the benchmarks call it; nothing here is safe for concurrent calls.
type Host struct {
	plugins     []*plugin
	hostAnchors []AnchorDecl
	resolved    []*resolvedHook
	depth       int
}

type plugin struct {
	desc     Descriptor
	ref      string
	files    map[string][]byte
	compiled *extism.CompiledPlugin
	inst     *extism.Plugin
	lastErr  string
	hasErr   bool
}

type resolvedHook struct {
	ref           string
	hook          HookDecl
	decl          int
	owner         *plugin
	anchorVersion string
}

// HookInfo is one element of the GetHooks JSON, with the fields and order the Java engine writes.
type HookInfo struct {
	Ref           string  `json:"ref"`
	ID            string  `json:"id"`
	PluginID      string  `json:"pluginId"`
	PluginVersion string  `json:"pluginVersion"`
	AnchorID      string  `json:"anchorId"`
	AnchorVersion string  `json:"anchorVersion"`
	Func          string  `json:"func"`
	Name          *string `json:"name"`
	Description   *string `json:"description"`
	Metadata      any     `json:"metadata"`
}

// DeclareAnchor declares an anchor as the host application (owner host@0.0.0).
func (h *Host) DeclareAnchor(id, version string) {
	h.hostAnchors = append(h.hostAnchors, AnchorDecl{ID: id, Version: version})
}

// Load compiles a plugin's module with the engine host functions bound to it. files are its archive's
// other files, for ReadFile.
func (h *Host) Load(ctx context.Context, d Descriptor, wasm []byte, files map[string][]byte) error {
	p := &plugin{desc: d, ref: d.ID + "@" + d.Version, files: files}
	for _, q := range h.plugins {
		if q.ref == p.ref {
			return fmt.Errorf("%s is already loaded", p.ref)
		}
	}
	compiled, err := compile(ctx, wasm, h.hostFunctions(p))
	if err != nil {
		return fmt.Errorf("%s: %w", p.ref, err)
	}
	p.compiled = compiled
	h.plugins = append(h.plugins, p)
	return nil
}

// compile is what the Go SDK does for a plugin before its first instance: WASI linked, as the
// engine links it for every plugin.
func compile(ctx context.Context, wasm []byte, funcs []extism.HostFunction) (*extism.CompiledPlugin, error) {
	m := extism.Manifest{Wasm: []extism.Wasm{extism.WasmData{Data: wasm, Name: "main"}}}
	return extism.NewCompiledPlugin(ctx, m, extism.PluginConfig{EnableWasi: true}, funcs)
}

// Start instantiates every plugin and resolves the hooks.
func (h *Host) Start(ctx context.Context) error {
	for _, p := range h.plugins {
		if p.inst != nil {
			continue
		}
		inst, err := p.compiled.Instance(ctx, extism.PluginInstanceConfig{})
		if err != nil {
			return fmt.Errorf("%s: %w", p.ref, err)
		}
		p.inst = inst
	}
	h.resolve()
	return nil
}

// Close releases every plugin's runtime.
func (h *Host) Close(ctx context.Context) {
	for _, p := range h.plugins {
		if p.inst != nil {
			p.inst.Close(ctx)
		}
		p.compiled.Close(ctx)
	}
	h.plugins = nil
}

type declared struct {
	anchor AnchorDecl
	owner  string
}

func (h *Host) declarations() []declared {
	var out []declared
	for _, a := range h.hostAnchors {
		out = append(out, declared{a, hostRef})
	}
	for _, p := range h.plugins {
		for _, a := range p.desc.Anchors {
			out = append(out, declared{a, p.ref})
		}
	}
	return out
}

// resolve applies the version rule: a hook naming X.Y.Z takes the highest patch of X.Y; one naming
// none takes the highest version. The order is order, plugin id, plugin version, declaration.
func (h *Host) resolve() {
	decls := h.declarations()
	h.resolved = nil
	for _, p := range h.plugins {
		for i, hk := range p.desc.Hooks {
			best := ""
			for _, d := range decls {
				if d.anchor.ID != hk.AnchorID || !versionMatches(hk.AnchorVersion, d.anchor.Version) {
					continue
				}
				if best == "" || compareVersions(d.anchor.Version, best) > 0 {
					best = d.anchor.Version
				}
			}
			if best != "" {
				h.resolved = append(h.resolved, &resolvedHook{ref: p.ref + "/" + hk.ID, hook: hk, decl: i, owner: p, anchorVersion: best})
			}
		}
	}
	sort.SliceStable(h.resolved, func(i, j int) bool {
		a, b := h.resolved[i], h.resolved[j]
		if a.hook.Order != b.hook.Order {
			return a.hook.Order < b.hook.Order
		}
		if a.owner.desc.ID != b.owner.desc.ID {
			return a.owner.desc.ID < b.owner.desc.ID
		}
		if c := compareVersions(a.owner.desc.Version, b.owner.desc.Version); c != 0 {
			return c < 0
		}
		return a.decl < b.decl
	})
}

// anchorVersionFor is the declaration GetHooks means: the caller's own, else the highest loaded.
func (h *Host) anchorVersionFor(caller, anchorID string) (string, bool) {
	best := ""
	for _, d := range h.declarations() {
		if d.anchor.ID != anchorID {
			continue
		}
		if d.owner == caller {
			return d.anchor.Version, true
		}
		if best == "" || compareVersions(d.anchor.Version, best) > 0 {
			best = d.anchor.Version
		}
	}
	return best, best != ""
}

// Hooks answers the hooks resolved to an anchor as caller sees them; an error when no one declares it.
func (h *Host) Hooks(caller, anchorID string) ([]HookInfo, error) {
	version, ok := h.anchorVersionFor(caller, anchorID)
	if !ok {
		return nil, fmt.Errorf("no active plugin declares anchor %s", anchorID)
	}
	out := []HookInfo{}
	for _, r := range h.resolved {
		if r.hook.AnchorID == anchorID && r.anchorVersion == version {
			out = append(out, r.info())
		}
	}
	return out, nil
}

func (r *resolvedHook) info() HookInfo {
	return HookInfo{Ref: r.ref, ID: r.hook.ID, PluginID: r.owner.desc.ID, PluginVersion: r.owner.desc.Version,
		AnchorID: r.hook.AnchorID, AnchorVersion: r.anchorVersion, Func: r.hook.Func,
		Name: r.hook.Name, Description: r.hook.Description, Metadata: r.hook.Metadata}
}

// CallHook calls a hook by full ref or bare id, as caller; its output, or the hook's error.
func (h *Host) CallHook(ctx context.Context, caller, ref string, payload []byte) ([]byte, error) {
	r, err := h.find(caller, ref)
	if err != nil {
		return nil, err
	}
	return h.invoke(ctx, r.owner, r.hook.Func, payload)
}

// Call calls any export of a plugin named by id@version, as the host does for an anchor owner.
func (h *Host) Call(ctx context.Context, pluginRef, function string, payload []byte) ([]byte, error) {
	for _, p := range h.plugins {
		if p.ref == pluginRef {
			return h.invoke(ctx, p, function, payload)
		}
	}
	return nil, fmt.Errorf("no plugin %s is loaded", pluginRef)
}

func (h *Host) invoke(ctx context.Context, p *plugin, function string, payload []byte) ([]byte, error) {
	if p.inst == nil {
		return nil, fmt.Errorf("plugin %s is not started", p.ref)
	}
	if h.depth >= maxCallDepth {
		return nil, fmt.Errorf("plugin %s function %s: calls nest deeper than %d", p.ref, function, maxCallDepth)
	}
	h.depth++
	defer func() { h.depth-- }()
	rc, out, err := p.inst.CallWithContext(ctx, function, payload)
	if err != nil {
		// A guest's own error_set text comes back as the error unchanged: the caller sees exactly it.
		return nil, err
	}
	if rc != 0 {
		return nil, fmt.Errorf("plugin %s function %s returned %d", p.ref, function, rc)
	}
	return out, nil
}

// find resolves a ref, or a bare id: first among hooks of anchors the caller declares, then among
// all; it must be unique at the first level that has a match.
func (h *Host) find(caller, name string) (*resolvedHook, error) {
	if strings.Contains(name, "/") {
		for _, r := range h.resolved {
			if r.ref == name {
				return r, nil
			}
		}
		return nil, fmt.Errorf("no resolved hook %s", name)
	}
	own := map[string]bool{}
	for _, d := range h.declarations() {
		if d.owner == caller {
			own[d.anchor.ID+"@"+d.anchor.Version] = true
		}
	}
	for _, level := range []func(*resolvedHook) bool{
		func(r *resolvedHook) bool { return own[r.hook.AnchorID+"@"+r.anchorVersion] },
		func(*resolvedHook) bool { return true },
	} {
		var matches []string
		var found *resolvedHook
		for _, r := range h.resolved {
			if r.hook.ID == name && level(r) {
				matches = append(matches, r.ref)
				found = r
			}
		}
		if len(matches) == 1 {
			return found, nil
		}
		if len(matches) > 1 {
			return nil, fmt.Errorf("hook id %s is ambiguous: %s", name, strings.Join(matches, ", "))
		}
	}
	return nil, fmt.Errorf("no resolved hook %s", name)
}

// versionMatches: "X.Y.Z" wanted matches any patch of X.Y; "" matches all but pre-releases; a
// pre-release only itself.
func versionMatches(wanted, have string) bool {
	if wanted == "" {
		return !strings.Contains(have, "-")
	}
	if strings.Contains(wanted, "-") || strings.Contains(have, "-") {
		return wanted == have
	}
	w, h := strings.Split(wanted, "."), strings.Split(have, ".")
	return len(w) == 3 && len(h) == 3 && w[0] == h[0] && w[1] == h[1]
}

func compareVersions(a, b string) int {
	pa, pb := versionParts(a), versionParts(b)
	for i := 0; i < 3; i++ {
		if pa[i] != pb[i] {
			if pa[i] < pb[i] {
				return -1
			}
			return 1
		}
	}
	// A pre-release sorts below its release.
	ra, rb := strings.Contains(a, "-"), strings.Contains(b, "-")
	switch {
	case ra == rb:
		return strings.Compare(a, b)
	case ra:
		return -1
	default:
		return 1
	}
}

func versionParts(v string) [3]int {
	var out [3]int
	core, _, _ := strings.Cut(strings.SplitN(v, "+", 2)[0], "-")
	for i, s := range strings.SplitN(core, ".", 3) {
		n, err := strconv.Atoi(s)
		if err == nil {
			out[i] = n
		}
	}
	return out
}
