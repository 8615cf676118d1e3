// A plugin as an author of the original Go engine wrote it: the engine's functions imported by
// the names that engine's Go PDK used, each argument and result an offset into Extism memory.
// Only Extism's go-pdk is used, for input, output and memory.
package main

import (
	"github.com/extism/go-pdk"
)

//go:wasmimport extism:host/pluginengine GetHooksForAnchor
func getHooksForAnchor(anchorID uint64) uint64

//go:wasmimport extism:host/pluginengine CallHook
func callHook(hookID, payload uint64) uint64

//go:wasmimport extism:host/pluginengine ReadFile
func readFile(path uint64) uint64

//go:wasmimport extism:host/pluginengine WriteFile
func writeFile(path, data uint64) int64

//go:wasmimport extism:host/pluginengine GenerateFromTemplate
func generateFromTemplate(template, data uint64) uint64

func alloc(s string) uint64 {
	mem := pdk.AllocateString(s)
	return mem.Offset()
}

func text(off uint64) string {
	if off == 0 {
		return ""
	}
	mem := pdk.FindMemory(off)
	defer mem.Free()
	return string(mem.ReadBytes())
}

// compat_story writes the input to a file, reads it back and renders it; a step that fails
// answers "<step> failed" as the original PDK's callers saw it: no message, only 0.
//
//go:wasmexport compat_story
func compatStory() int32 {
	name := string(pdk.Input())
	if writeFile(alloc("compat/"+name+".txt"), alloc("hi "+name)) != 0 {
		pdk.OutputString("WriteFile failed")
		return 0
	}
	back := text(readFile(alloc("compat/" + name + ".txt")))
	if back == "" {
		pdk.OutputString("ReadFile failed")
		return 0
	}
	out := text(generateFromTemplate(alloc("[{{greeting}}]"), alloc(`{"greeting":"`+back+`"}`)))
	if out == "" {
		pdk.OutputString("GenerateFromTemplate failed")
		return 0
	}
	pdk.OutputString(out)
	return 0
}

// compat_hooks lists, through GetHooksForAnchor, the hooks of an anchor (the input), calling each
// by the id the original PDK's Hook carried; answers their responses joined.
//
//go:wasmexport compat_hooks
func compatHooks() int32 {
	list := text(getHooksForAnchor(alloc(string(pdk.Input()))))
	pdk.OutputString(list + "|" + text(callHook(alloc("none"), alloc("x"))))
	return 0
}

func main() {}
