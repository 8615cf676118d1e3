//go:build wasm

package pluginengine

import (
	"github.com/extism/go-pdk"
)

// The engine's host functions (contract section 5, docs/CONTRACT.md). Every parameter and result is an offset into
// Extism memory; 0 means "nothing" (empty, or a failure that GetLastError explains).

//go:wasmimport extism:host/pluginengine GetHooks
func hostGetHooks(anchorID uint64) uint64

//go:wasmimport extism:host/pluginengine GetHookRefs
func hostGetHookRefs(anchorID uint64) uint64

//go:wasmimport extism:host/pluginengine CallHook
func hostCallHook(ref, payload uint64) uint64

//go:wasmimport extism:host/pluginengine CallHookAt
func hostCallHookAt(refs, index, payload uint64) uint64

// payloadUnchanged, added to CallHookAt's index, says the payload block is as the previous
// CallHookAt of this call read it: the engine may send those bytes without reading it again.
const payloadUnchanged = uint64(1) << 32

//go:wasmimport extism:host/pluginengine CallAllHooks
func hostCallAllHooks(anchorID, payload uint64) uint64

// inputOffset is the Extism kernel's block of this call's input.
//
//go:wasmimport extism:host/env input_offset
func inputOffset() uint64

//go:wasmimport extism:host/pluginengine SendEvent
func hostSendEvent(eventID, payload uint64) int64

//go:wasmimport extism:host/pluginengine ReadFile
func hostReadFile(path uint64) uint64

//go:wasmimport extism:host/pluginengine GetLastError
func hostGetLastError() uint64

//go:wasmimport extism:host/pluginengine GetTraceContext
func hostGetTraceContext() uint64

// Offered only with permission files (WriteFile) and templates (GenerateFromTemplate); the Go
// linker drops the import of a function a plugin never calls, so others do not need them.

//go:wasmimport extism:host/pluginengine WriteFile
func hostWriteFile(path, data uint64) int64

//go:wasmimport extism:host/pluginengine GenerateFromTemplate
func hostGenerateFromTemplate(template, data uint64) uint64

// GetHooks returns the hooks resolved to the anchor, in the order the engine calls them
// (section 4: order, plugin id, plugin version, declaration). When this plugin declares the
// anchor, its own declaration is meant. An anchor that no plugin declares is an *Error; an
// anchor without resolved hooks gives an empty slice.
func GetHooks(anchorID string) ([]Hook, error) {
	data, err := call1("GetHooks", anchorID, hostGetHooks)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return []Hook{}, nil
	}
	return DecodeHooks(anchorID, data)
}

// GetHookRefs returns the refs of the hooks resolved to the anchor, in GetHooks' order: an engine
// extension (docs/CONTRACT.md) for anchors that only call their hooks, a ninth of GetHooks' bytes (10 hooks, benchmark)
// and no JSON to decode. An anchor that no plugin declares is an *Error; none resolved gives an
// empty slice.
func GetHookRefs(anchorID string) ([]string, error) {
	data, err := call1("GetHookRefs", anchorID, hostGetHookRefs)
	if err != nil {
		return nil, err
	}
	return SplitRefs(data), nil
}

// CallHook calls a hook by full ref (pluginId@version/hookId) or by a bare hook id that names
// exactly one resolved hook, and returns its response, which may be empty. A failing hook gives
// an *Error whose Message is the hook's own error text.
func CallHook(ref string, payload []byte) ([]byte, error) {
	return result("CallHook", ref, call2(hostCallHook, ref, payload))
}

// CallHooks calls every hook resolved to the anchor, in GetHooks' order, with the same payload,
// and hands each answer to fn: the hook's ref and its response, or an *Error with the hook's own
// message. fn returns false to stop. The cheap way to call an anchor's hooks: the payload is
// written to Extism memory once for all of them, and each hook is called by its place in the
// list (CallHookAt, an engine extension, docs/CONTRACT.md) instead of by a ref written anew per
// call. It returns how many hooks were called; an anchor that no plugin declares is an *Error.
// fn may call CallHooks again. A plugin that calls it needs an engine that offers CallHookAt.
func CallHooks(anchorID string, payload []byte, fn func(ref string, out []byte, err error) bool) (int, error) {
	a := allocString(anchorID)
	list := hostGetHookRefs(a)
	free(a)
	if list == 0 {
		if msg := lastError(); msg != "" {
			return 0, &Error{Func: "GetHookRefs", Target: anchorID, Message: msg}
		}
		return 0, nil
	}
	mem := pdk.FindMemory(list)
	refs := SplitRefs(mem.ReadBytes())
	p := allocBytes(payload)
	n := callEach(refs, func(i int) ([]byte, error) {
		index := uint64(i)
		if i > 0 {
			index |= payloadUnchanged // the engine sends the payload it read for the first hook
		}
		return result("CallHook", refs[i], hostCallHookAt(list, index, p))
	}, fn)
	free(p)
	mem.Free()
	return n, nil
}

// CallAllHooks calls every hook resolved to the anchor, in GetHooks' order, with the same payload,
// in one engine call (CallAllHooks, an engine extension, docs/CONTRACT.md), and returns their
// answers in that order: each hook's ref and response, or an *Error with the hook's own message
// in Err, as CallHook would have given it. A hook's failure does not stop the others; all have run
// when it returns. For an anchor that calls every hook, the cheapest way: one host call and one
// answers block per anchor call, where CallHooks makes a host call and an answer block per hook
// (use CallHooks to stop at a hook's answer). None resolved gives an empty slice; an *Error when
// the engine refused: no plugin declares the anchor, or the answers together exceed what this
// plugin's memory may hold. A plugin that calls it needs an engine that offers CallAllHooks.
func CallAllHooks(anchorID string, payload []byte) ([]HookAnswer, error) {
	p := allocBytes(payload)
	answers, err := callAllHooksWith(anchorID, p)
	free(p)
	return answers, err
}

// CallAllHooksWithInput is CallAllHooks with this call's own input as the payload, handed to the
// engine where it already lies in Extism memory: for an anchor that passes its hooks what it was
// given, the payload is neither read into Go memory nor copied back out (a kernel call for every 8
// bytes of it fewer). The input may still be read with pdk.Input.
func CallAllHooksWithInput(anchorID string) ([]HookAnswer, error) {
	return callAllHooksWith(anchorID, inputOffset())
}

// callAllHooksWith is CallAllHooks with the payload already a block of Extism memory (the caller
// frees it, if it must).
func callAllHooksWith(anchorID string, payload uint64) ([]HookAnswer, error) {
	a := allocString(anchorID)
	out := hostCallAllHooks(a, payload)
	free(a)
	// One copy of the whole block (8 bytes a kernel call) and one free; the answers are parsed in
	// Go memory and share its bytes.
	data, err := result("CallAllHooks", anchorID, out)
	if err != nil {
		return nil, err
	}
	return DecodeHookAnswers(anchorID, data)
}

// SendEvent delivers the event to each resolved listener, synchronously and in order, and
// returns how many completed without error (a failing listener does not stop the others). An
// unknown event, or a send the engine refused (e.g. nesting too deep), is an *Error.
func SendEvent(eventID string, payload []byte) (int, error) {
	n := call2(hostSendEvent, eventID, payload)
	if n < 0 {
		msg := lastError()
		if msg == "" {
			msg = "the engine refused the event without a message"
		}
		return 0, &Error{Func: "SendEvent", Target: eventID, Message: msg}
	}
	return int(n), nil
}

// ReadFile returns a file of this plugin's own archive, by a path relative to the folder that
// holds its manifest. A missing file, or a path that leaves the archive, is an *Error; an empty
// file gives an empty slice.
func ReadFile(path string) ([]byte, error) {
	return call1("ReadFile", path, hostReadFile)
}

// WriteFile writes data to path in this plugin's own data folder, replacing the file whole (a
// reader sees the old or the new content). It needs permission files, granted by the host; a
// path that would leave the folder, a write over the plugin's quota, or a refused call is an
// *Error with the engine's reason.
func WriteFile(path string, data []byte) error {
	n := call2(hostWriteFile, path, data)
	if n != 0 {
		msg := lastError()
		if msg == "" {
			msg = "the engine refused the write without a message"
		}
		return &Error{Func: "WriteFile", Target: path, Message: msg}
	}
	return nil
}

// GenerateFromTemplate renders a Handlebars template (its text, not a file) with data, which is
// encoded as JSON. Only the helpers if, unless, each, with and lookup exist, and no partials. It
// needs permission templates; a bad template or one whose output is too long is an *Error.
func GenerateFromTemplate(template string, data any) (string, error) {
	j, err := encodeJSON("GenerateFromTemplate", "data", data)
	if err != nil {
		return "", err
	}
	text, err := result("GenerateFromTemplate", "template", call2(hostGenerateFromTemplate, template, j))
	return string(text), err
}

// CallHookJSON calls a hook whose anchor speaks JSON: it encodes payload, calls the hook and
// decodes its response into an R. An empty or non-JSON response is an *Error.
func CallHookJSON[T, R any](ref string, payload T) (R, error) {
	return roundTripJSON[T, R]("CallHook", ref, payload, func(b []byte) ([]byte, error) { return CallHook(ref, b) })
}

// SendEventJSON sends the event with payload encoded as JSON; see SendEvent.
func SendEventJSON[T any](eventID string, payload T) (int, error) {
	b, err := encodeJSON("SendEvent", eventID, payload)
	if err != nil {
		return 0, err
	}
	return SendEvent(eventID, b)
}

// ReadFileJSON reads a file of this plugin's archive and decodes it as JSON into an R.
func ReadFileJSON[R any](path string) (R, error) {
	data, err := ReadFile(path)
	if err != nil {
		var zero R
		return zero, err
	}
	return decodeJSON[R]("ReadFile", path, data)
}

// Serve runs the body of a hook or listener export: it hands fn the call's input, sets fn's
// answer as the output, or its error as the call's error, and returns the export's status.
//
//	//go:wasmexport shout
//	func shout() int32 { return pluginengine.Serve(func(in []byte) ([]byte, error) { ... }) }
func Serve(fn func(input []byte) ([]byte, error)) int32 {
	out, err := fn(pdk.Input())
	if err != nil {
		pdk.SetErrorString(err.Error())
		return 1
	}
	if len(out) > 0 { // Extism has no empty block: an empty output is simply left unset
		pdk.Output(out)
	}
	return 0
}

// ServeJSON is Serve for JSON payloads: the input is decoded into a T, fn's R is encoded as the
// output. Input that is not a T fails the call with a message saying so.
func ServeJSON[T, R any](fn func(T) (R, error)) int32 {
	return Serve(func(in []byte) ([]byte, error) {
		t, err := decodeJSON[T]("input", "of this call", in)
		if err != nil {
			return nil, err
		}
		r, err := fn(t)
		if err != nil {
			return nil, err
		}
		return encodeJSON("output", "of this call", r)
	})
}

// TraceContext returns the W3C traceparent the host passed with the call tree this call belongs
// to (e.g. "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), or "" when it passed none.
// A plugin that calls out to other services passes it on as its parent, with a span of its own.
func TraceContext() string {
	off := hostGetTraceContext()
	if off == 0 {
		return ""
	}
	return string(takeBlock(off))
}

// call1 runs a one-argument host function that answers with a block.
func call1(fn, arg string, host func(uint64) uint64) ([]byte, error) {
	a := allocString(arg)
	out := host(a)
	free(a)
	return result(fn, arg, out)
}

// call2 runs a two-argument host function on a string (an id or a path) and bytes (a payload),
// each written to a block that is freed after the call: the engine reads arguments, never frees them.
func call2[R any](host func(uint64, uint64) R, arg string, data []byte) R {
	a := allocString(arg)
	d := allocBytes(data)
	out := host(a, d)
	free(d)
	free(a)
	return out
}

// result reads a host function's answer block and frees it. Offset 0 is an empty answer when
// GetLastError is 0 and a failure otherwise.
func result(fn, target string, out uint64) ([]byte, error) {
	if out == 0 {
		if msg := lastError(); msg != "" {
			return nil, &Error{Func: fn, Target: target, Message: msg}
		}
		return []byte{}, nil
	}
	return takeBlock(out), nil
}

// lastError is GetLastError's message, "" when the last engine call succeeded.
func lastError() string {
	off := hostGetLastError()
	if off == 0 {
		return ""
	}
	return string(takeBlock(off))
}

// takeBlock copies a block the engine returned into Go memory, then frees it: the block
// belongs to the plugin, and reading it first is the only safe order.
func takeBlock(off uint64) []byte {
	mem := pdk.FindMemory(off)
	data := mem.ReadBytes()
	mem.Free()
	return data
}

// allocBytes copies b into a new Extism block; 0 for an empty b (Extism has no empty block,
// and 0 is how the engine reads "empty").
func allocBytes(b []byte) uint64 {
	if len(b) == 0 {
		return 0
	}
	mem := pdk.AllocateBytes(b)
	return mem.Offset()
}

func allocString(s string) uint64 { return allocBytes([]byte(s)) }

// free releases a block this package allocated; the engine reads arguments, never frees them.
func free(off uint64) {
	if off != 0 {
		mem := pdk.NewMemory(off, 0)
		mem.Free()
	}
}
