package main

import (
	"strings"
	"testing"
)

// The harness must answer GetHooks and CallHook as CONTRACT.md says, or the comparison measures
// another engine; these check its resolution without running any module.

func declare(h *Host, id, version string, anchors []AnchorDecl, hooks ...HookDecl) {
	h.plugins = append(h.plugins, &plugin{desc: Descriptor{ID: id, Version: version, Anchors: anchors, Hooks: hooks}, ref: id + "@" + version})
}

func refs(hooks []HookInfo) string {
	var out []string
	for _, k := range hooks {
		out = append(out, k.Ref+"->"+k.AnchorVersion)
	}
	return strings.Join(out, " ")
}

func TestVersionRule(t *testing.T) {
	for _, c := range []struct {
		wanted, have string
		match        bool
	}{
		{"1.0.0", "1.0.7", true},
		{"1.0.3", "1.0.0", true},
		{"1.0.0", "1.1.0", false},
		{"1.0.0", "2.0.0", false},
		{"", "2.0.0", true},
		{"", "2.0.0-rc.1", false},
		{"2.0.0-rc.1", "2.0.0-rc.1", true},
		{"2.0.0", "2.0.0-rc.1", false},
	} {
		if got := versionMatches(c.wanted, c.have); got != c.match {
			t.Errorf("versionMatches(%q, %q) = %v", c.wanted, c.have, got)
		}
	}
}

func TestHooksTakeHighestPatchInContractOrder(t *testing.T) {
	h := &Host{}
	declare(h, "a.owner", "1.0.0", []AnchorDecl{{ID: "a", Version: "1.0.0"}})
	declare(h, "a.owner", "1.0.5", []AnchorDecl{{ID: "a", Version: "1.0.5"}})
	declare(h, "z.hook", "1.0.0", nil, HookDecl{ID: "h", AnchorID: "a", AnchorVersion: "1.0.0", Func: "f", Order: 1})
	declare(h, "b.hook", "1.0.0", nil, HookDecl{ID: "h", AnchorID: "a", AnchorVersion: "1.0.2", Func: "f", Order: 1})
	declare(h, "y.hook", "1.0.0", nil, HookDecl{ID: "first", AnchorID: "a", AnchorVersion: "1.0.0", Func: "f"})
	declare(h, "c.hook", "1.0.0", nil, HookDecl{ID: "other", AnchorID: "a", AnchorVersion: "1.1.0", Func: "f"})
	h.resolve()
	got, err := h.Hooks(hostRef, "a")
	if err != nil {
		t.Fatal(err)
	}
	want := "y.hook@1.0.0/first->1.0.5 b.hook@1.0.0/h->1.0.5 z.hook@1.0.0/h->1.0.5"
	if refs(got) != want {
		t.Fatalf("hooks = %s, want %s", refs(got), want)
	}
	// The older owner means its own declaration, to which nothing resolved.
	if own, _ := h.Hooks("a.owner@1.0.0", "a"); len(own) != 0 {
		t.Fatalf("a.owner@1.0.0 sees %s", refs(own))
	}
	if _, err := h.Hooks(hostRef, "nobody.declares"); err == nil {
		t.Fatal("an undeclared anchor answered hooks")
	}
}

func TestBareIdsPreferTheCallersAnchorsAndRefuseAmbiguity(t *testing.T) {
	h := &Host{}
	declare(h, "mine", "1.0.0", []AnchorDecl{{ID: "m", Version: "1.0.0"}})
	declare(h, "theirs", "1.0.0", []AnchorDecl{{ID: "t", Version: "1.0.0"}})
	declare(h, "p", "1.0.0", nil,
		HookDecl{ID: "x", AnchorID: "m", AnchorVersion: "1.0.0", Func: "f"},
		HookDecl{ID: "y", AnchorID: "t", AnchorVersion: "1.0.0", Func: "f"})
	declare(h, "q", "1.0.0", nil,
		HookDecl{ID: "x", AnchorID: "t", AnchorVersion: "1.0.0", Func: "f"},
		HookDecl{ID: "y", AnchorID: "t", AnchorVersion: "1.0.0", Func: "f"})
	h.resolve()
	r, err := h.find("mine@1.0.0", "x")
	if err != nil || r.ref != "p@1.0.0/x" {
		t.Fatalf("mine's x = %v, %v", r, err)
	}
	if r, err := h.find("theirs@1.0.0", "x"); err != nil || r.ref != "q@1.0.0/x" {
		t.Fatalf("theirs's x = %v, %v", r, err)
	}
	if _, err := h.find("theirs@1.0.0", "y"); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Fatalf("theirs's y: %v", err)
	}
	if _, err := h.find(hostRef, "y"); err == nil || !strings.Contains(err.Error(), "p@1.0.0/y") || !strings.Contains(err.Error(), "q@1.0.0/y") {
		t.Fatalf("host's y: %v", err)
	}
	if r, err := h.find(hostRef, "q@1.0.0/y"); err != nil || r.owner.desc.ID != "q" {
		t.Fatalf("full ref: %v, %v", r, err)
	}
}
