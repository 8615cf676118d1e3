// Package pluginengine is the Go plugin development kit for PluginEngine for Java.
//
// It wraps the engine's host functions (namespace extism:host/pluginengine, contract section 5, docs/CONTRACT.md) in
// typed Go functions that return errors carrying the engine's GetLastError message, adds JSON
// helpers for typed payloads, and small helpers to write hooks and listeners as exports.
// Everything else an Extism plugin needs (input, output, config, vars, logging) comes from
// github.com/extism/go-pdk, which this package builds on.
//
// Build a plugin with standard Go 1.24 or later as a WASI reactor:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o plugin.wasm .
//
// The host-function wrappers exist only when GOARCH=wasm; the types and JSON codecs in this file
// compile everywhere so they can be unit-tested on the developer's machine.
package pluginengine

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// Hook is one element of GetHooks' answer: a hook resolved to an anchor, in the engine's order.
type Hook struct {
	// Ref is the full reference pluginId@version/hookId, what CallHook takes.
	Ref           string `json:"ref"`
	ID            string `json:"id"`
	PluginID      string `json:"pluginId"`
	PluginVersion string `json:"pluginVersion"`
	AnchorID      string `json:"anchorId"`
	// AnchorVersion is the version of the anchor the hook resolved to.
	AnchorVersion string `json:"anchorVersion"`
	Func          string `json:"func"`
	Name          string `json:"name,omitempty"`
	Description   string `json:"description,omitempty"`
	// Metadata is the hook's manifest metadata as given, or nil when it has none.
	Metadata json.RawMessage `json:"metadata,omitempty"`
}

// DecodeMetadata unmarshals the hook's metadata into v. A hook without metadata leaves v as is.
func (h Hook) DecodeMetadata(v any) error {
	if len(h.Metadata) == 0 || string(h.Metadata) == "null" {
		return nil
	}
	if err := json.Unmarshal(h.Metadata, v); err != nil {
		return fmt.Errorf("metadata of hook %s: %w", h.Ref, err)
	}
	return nil
}

// Error is a failed engine call: which host function, on what, and the engine's message
// (GetLastError) as is. For a hook that failed with error_set, Message is that hook's text.
type Error struct {
	Func    string // the host function: GetHooks, GetHookRefs, CallHook, CallAllHooks, SendEvent, ReadFile, WriteFile or GenerateFromTemplate
	Target  string // its first argument: the anchor id, hook ref, event id or path
	Message string // the engine's message
}

func (e *Error) Error() string {
	return e.Func + " " + e.Target + ": " + e.Message
}

// SplitRefs splits GetHookRefs' answer (each ref followed by a newline) into the refs, in order.
// Exported for tests.
func SplitRefs(data []byte) []string {
	refs := []string{}
	start := 0
	for i, b := range data {
		if b == '\n' {
			refs = append(refs, string(data[start:i]))
			start = i + 1
		}
	}
	if start < len(data) {
		refs = append(refs, string(data[start:]))
	}
	return refs
}

// HookAnswer is one hook's answer in CallAllHooks' result, in the anchor's order: the hook's ref
// and its response (possibly empty), or Err, an *Error whose Message is the hook's own message
// (what CallHook would have given).
type HookAnswer struct {
	Ref string
	Out []byte
	Err error
}

// answerHeader is the size of a record's head in CallAllHooks' answer: three little-endian u32s.
const answerHeader = 12

// DecodeHookAnswers parses CallAllHooks' answer (docs/CONTRACT.md section 5): per hook, in order,
// three little-endian u32s (status: 0 answered, 1 failed; the ref's length; the body's length),
// the ref's UTF-8 bytes, then the body, the response or the failure's message. The answers' Out
// share data's bytes, each capped so that appending to one cannot overwrite the next. A record
// that runs past the end of data is an *Error naming the anchor and where; nothing is read past
// data. Exported for tests; plugins call CallAllHooks.
func DecodeHookAnswers(anchorID string, data []byte) ([]HookAnswer, error) {
	answers := []HookAnswer{}
	for at := 0; at < len(data); {
		if len(data)-at < answerHeader {
			return nil, malformedAnswers(anchorID, len(answers), at, "a record head of 12 bytes", len(data)-at)
		}
		status := binary.LittleEndian.Uint32(data[at:])
		refLen, bodyLen := uint64(binary.LittleEndian.Uint32(data[at+4:])), uint64(binary.LittleEndian.Uint32(data[at+8:]))
		at += answerHeader
		// In uint64, the sum of two u32s cannot wrap on any GOARCH.
		if refLen+bodyLen > uint64(len(data)-at) {
			return nil, malformedAnswers(anchorID, len(answers), at-answerHeader,
				fmt.Sprintf("a record of %d bytes", answerHeader+refLen+bodyLen), len(data)-at+answerHeader)
		}
		ref := string(data[at : at+int(refLen)])
		at += int(refLen)
		body := data[at : at+int(bodyLen) : at+int(bodyLen)]
		at += int(bodyLen)
		switch status {
		case 0:
			answers = append(answers, HookAnswer{Ref: ref, Out: body})
		case 1:
			answers = append(answers, HookAnswer{Ref: ref, Out: []byte{}, Err: &Error{Func: "CallHook", Target: ref, Message: string(body)}})
		default:
			return nil, &Error{Func: "CallAllHooks", Target: anchorID,
				Message: fmt.Sprintf("the engine's answer is malformed: record %d (hook %s) has status %d, expected 0 or 1", len(answers), ref, status)}
		}
	}
	return answers, nil
}

func malformedAnswers(anchorID string, record, at int, expected string, left int) error {
	return &Error{Func: "CallAllHooks", Target: anchorID,
		Message: fmt.Sprintf("the engine's answer is malformed: record %d at byte %d needs %s, %d are left", record, at, expected, left)}
}

// callEach calls hook i for each ref, in order, and hands its answer to fn (nil: answers dropped)
// until fn returns false; it returns how many hooks were called. The loop of CallHooks, kept free
// of host calls so it is testable anywhere.
func callEach(refs []string, call func(i int) ([]byte, error), fn func(ref string, out []byte, err error) bool) int {
	for i, ref := range refs {
		out, err := call(i)
		if fn != nil && !fn(ref, out, err) {
			return i + 1
		}
	}
	return len(refs)
}

// DecodeHooks parses GetHooks' JSON answer. Exported for tests and for hosts of hooks lists
// obtained some other way; plugins call GetHooks.
func DecodeHooks(anchorID string, data []byte) ([]Hook, error) {
	hooks := []Hook{}
	if err := json.Unmarshal(data, &hooks); err != nil {
		return nil, &Error{Func: "GetHooks", Target: anchorID, Message: "the engine's answer is not a JSON array of hooks: " + err.Error()}
	}
	return hooks, nil
}

// encodeJSON marshals a payload, naming what it was for when that fails (a channel, a cycle...).
func encodeJSON(fn, target string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, &Error{Func: fn, Target: target, Message: "cannot encode the payload as JSON: " + err.Error()}
	}
	return b, nil
}

// decodeJSON unmarshals a response into a new R, naming the call whose answer did not fit.
func decodeJSON[R any](fn, target string, data []byte) (R, error) {
	var r R
	if len(data) == 0 {
		return r, &Error{Func: fn, Target: target, Message: fmt.Sprintf("empty response, expected JSON for %T", r)}
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, &Error{Func: fn, Target: target, Message: fmt.Sprintf("response is not JSON for %T: %v", r, err)}
	}
	return r, nil
}

// roundTripJSON encodes in, hands the bytes to call and decodes its answer as R: the shared
// body of the *JSON helpers, kept free of host calls so it is testable anywhere.
func roundTripJSON[T, R any](fn, target string, in T, call func([]byte) ([]byte, error)) (R, error) {
	var zero R
	payload, err := encodeJSON(fn, target, in)
	if err != nil {
		return zero, err
	}
	out, err := call(payload)
	if err != nil {
		return zero, err
	}
	return decodeJSON[R](fn, target, out)
}
