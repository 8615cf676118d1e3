package pluginengine

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// The answer of GetHooks as the engine writes it (contract section 5, docs/CONTRACT.md).
const hooksJSON = `[
 {"ref":"examples.hook.c@1.0.0/decorate","id":"decorate","pluginId":"examples.hook.c","pluginVersion":"1.0.0",
  "anchorId":"examples.greeting.decorators","anchorVersion":"1.0.0","func":"decorate","name":"C decorator",
  "description":"adds [c]","metadata":{"lang":"c","weight":2}},
 {"ref":"examples.hook.go@1.0.0/sign","id":"sign","pluginId":"examples.hook.go","pluginVersion":"1.0.0",
  "anchorId":"examples.greeting.decorators","anchorVersion":"1.0.0","func":"sign","metadata":null}
]`

func TestDecodeHooksKeepsOrderAndEveryField(t *testing.T) {
	hooks, err := DecodeHooks("examples.greeting.decorators", []byte(hooksJSON))
	if err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 2 || hooks[0].Ref != "examples.hook.c@1.0.0/decorate" || hooks[1].Ref != "examples.hook.go@1.0.0/sign" {
		t.Fatalf("hooks out of order or missing: %+v", hooks)
	}
	want := Hook{Ref: "examples.hook.c@1.0.0/decorate", ID: "decorate", PluginID: "examples.hook.c", PluginVersion: "1.0.0",
		AnchorID: "examples.greeting.decorators", AnchorVersion: "1.0.0", Func: "decorate", Name: "C decorator",
		Description: "adds [c]"}
	got := hooks[0]
	got.Metadata = nil
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	var meta struct {
		Lang   string `json:"lang"`
		Weight int    `json:"weight"`
	}
	if err := hooks[0].DecodeMetadata(&meta); err != nil || meta.Lang != "c" || meta.Weight != 2 {
		t.Fatalf("metadata = %+v, err %v", meta, err)
	}
	meta.Lang = "unchanged"
	if err := hooks[1].DecodeMetadata(&meta); err != nil || meta.Lang != "unchanged" {
		t.Fatalf("null metadata must leave the target alone: %+v, err %v", meta, err)
	}
}

func TestDecodeHooksOfAnEmptyArrayIsEmptyNotNil(t *testing.T) {
	hooks, err := DecodeHooks("a", []byte("[]"))
	if err != nil || hooks == nil || len(hooks) != 0 {
		t.Fatalf("got %#v, %v", hooks, err)
	}
}

func TestDecodeHooksNamesTheAnchorWhenTheAnswerIsNotAnArray(t *testing.T) {
	_, err := DecodeHooks("examples.greeting.decorators", []byte(`{"ref":1}`))
	var e *Error
	if !errors.As(err, &e) || e.Func != "GetHooks" || e.Target != "examples.greeting.decorators" ||
		!strings.HasPrefix(e.Message, "the engine's answer is not a JSON array of hooks: ") {
		t.Fatalf("got %v", err)
	}
}

func TestErrorSaysFunctionTargetAndTheEnginesMessage(t *testing.T) {
	err := &Error{Func: "CallHook", Target: "examples.hook.c@1.0.0/decorate", Message: "c hook: nobody to greet"}
	if got := err.Error(); got != "CallHook examples.hook.c@1.0.0/decorate: c hook: nobody to greet" {
		t.Fatalf("got %q", got)
	}
}

type greeting struct {
	Text string `json:"text"`
}

func TestRoundTripJSONEncodesThePayloadAndDecodesTheResponse(t *testing.T) {
	var sent []byte
	r, err := roundTripJSON[greeting, greeting]("CallHook", "h", greeting{Text: "hi"}, func(b []byte) ([]byte, error) {
		sent = b
		return []byte(`{"text":"HI"}`), nil
	})
	if err != nil || r.Text != "HI" || string(sent) != `{"text":"hi"}` {
		t.Fatalf("got %+v, %v, sent %s", r, err, sent)
	}
}

func TestRoundTripJSONPassesTheCallsErrorThrough(t *testing.T) {
	failure := &Error{Func: "CallHook", Target: "h", Message: "refused"}
	_, err := roundTripJSON[greeting, greeting]("CallHook", "h", greeting{}, func([]byte) ([]byte, error) { return nil, failure })
	if err != failure {
		t.Fatalf("got %v", err)
	}
}

func TestRoundTripJSONExplainsAResponseThatIsNotTheExpectedType(t *testing.T) {
	_, err := roundTripJSON[greeting, greeting]("CallHook", "h", greeting{}, func([]byte) ([]byte, error) { return []byte("not json"), nil })
	if err == nil || !strings.HasPrefix(err.Error(), "CallHook h: response is not JSON for pluginengine.greeting: ") {
		t.Fatalf("got %v", err)
	}
	_, err = roundTripJSON[greeting, greeting]("CallHook", "h", greeting{}, func([]byte) ([]byte, error) { return []byte{}, nil })
	if err == nil || err.Error() != "CallHook h: empty response, expected JSON for pluginengine.greeting" {
		t.Fatalf("got %v", err)
	}
}

func TestEncodeJSONNamesTheCallWhenThePayloadCannotBeEncoded(t *testing.T) {
	_, err := encodeJSON("SendEvent", "e", make(chan int))
	if err == nil || !strings.HasPrefix(err.Error(), "SendEvent e: cannot encode the payload as JSON: ") {
		t.Fatalf("got %v", err)
	}
	if b, _ := encodeJSON("SendEvent", "e", json.RawMessage(`{"a":1}`)); string(b) != `{"a":1}` {
		t.Fatalf("raw JSON must pass as is, got %s", b)
	}
}

func TestSplitRefsKeepsOrderAndEmptyIsEmptyNotNil(t *testing.T) {
	refs := SplitRefs([]byte("a@1.0.0/h1\nb@2.0.0/h2\n"))
	if len(refs) != 2 || refs[0] != "a@1.0.0/h1" || refs[1] != "b@2.0.0/h2" {
		t.Fatalf("refs = %q", refs)
	}
	if empty := SplitRefs(nil); empty == nil || len(empty) != 0 {
		t.Fatalf("empty = %#v", empty)
	}
	if last := SplitRefs([]byte("a@1.0.0/h1")); len(last) != 1 || last[0] != "a@1.0.0/h1" {
		t.Fatalf("a last ref without its newline = %q", last)
	}
}

func TestCallEachCallsEveryPlaceInOrderAndStopsWhenTold(t *testing.T) {
	refs := []string{"a@1.0.0/x", "b@1.0.0/y", "c@1.0.0/z"}
	var called []int
	call := func(i int) ([]byte, error) {
		called = append(called, i)
		if i == 1 {
			return nil, &Error{Func: "CallHook", Target: refs[i], Message: "no"}
		}
		return []byte{byte('0' + i)}, nil
	}
	var seen []string
	n := callEach(refs, call, func(ref string, out []byte, err error) bool {
		if err != nil {
			seen = append(seen, ref+"!"+err.Error())
		} else {
			seen = append(seen, ref+"="+string(out))
		}
		return true
	})
	want := []string{"a@1.0.0/x=0", "b@1.0.0/y!CallHook b@1.0.0/y: no", "c@1.0.0/z=2"}
	if n != 3 || !reflect.DeepEqual(seen, want) || !reflect.DeepEqual(called, []int{0, 1, 2}) {
		t.Fatalf("n=%d seen=%q called=%v", n, seen, called)
	}
	called = nil
	n = callEach(refs, call, func(ref string, out []byte, err error) bool { return err == nil })
	if n != 2 || !reflect.DeepEqual(called, []int{0, 1}) {
		t.Fatalf("a false answer must stop after that hook: n=%d called=%v", n, called)
	}
	called = nil
	if n = callEach(refs, call, nil); n != 3 || len(called) != 3 {
		t.Fatalf("nil fn: n=%d called=%v", n, called)
	}
}

// record is one hook's record of CallAllHooks' answer, as the engine writes it (HookAnswers.java).
func record(status uint32, ref, body string) []byte {
	b := binary.LittleEndian.AppendUint32(nil, status)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(ref)))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(body)))
	return append(append(b, ref...), body...)
}

func TestDecodeHookAnswersKeepsOrderResponsesAndEachFailuresMessage(t *testing.T) {
	var data []byte
	data = append(data, record(0, "a@1.0.0/upper", "BOB")...)
	data = append(data, record(1, "b@1.0.0/fail", "hook failed on purpose")...)
	data = append(data, record(0, "c@1.0.0/empty", "")...)
	data = append(data, record(0, "d@1.0.0/zoë", "Zoë!")...)
	answers, err := DecodeHookAnswers("greeting.decorators", data)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, a := range answers {
		if a.Err != nil {
			seen = append(seen, a.Ref+"!"+a.Err.Error())
		} else {
			seen = append(seen, a.Ref+"="+string(a.Out))
		}
	}
	want := []string{"a@1.0.0/upper=BOB", "b@1.0.0/fail!CallHook b@1.0.0/fail: hook failed on purpose",
		"c@1.0.0/empty=", "d@1.0.0/zoë=Zoë!"}
	if !reflect.DeepEqual(seen, want) {
		t.Fatalf("seen = %q", seen)
	}
	var e *Error
	if !errors.As(answers[1].Err, &e) || e.Func != "CallHook" || e.Message != "hook failed on purpose" || answers[1].Out == nil {
		t.Fatalf("a failed hook's answer = %#v", answers[1])
	}
	if answers[2].Out == nil || len(answers[2].Out) != 0 {
		t.Fatalf("an empty response must be empty, not nil: %#v", answers[2].Out)
	}
	// The answers share the block's bytes: appending to one must not write over the next.
	_ = append(answers[2].Out, make([]byte, len(record(0, "d@1.0.0/zoë", "Zoë!")))...)
	if string(answers[3].Out) != "Zoë!" {
		t.Fatalf("an append to an answer changed the next one: %q", answers[3].Out)
	}
}

func TestDecodeHookAnswersOfNothingIsEmptyNotNil(t *testing.T) {
	if answers, err := DecodeHookAnswers("a", nil); err != nil || answers == nil || len(answers) != 0 {
		t.Fatalf("got %#v, %v", answers, err)
	}
}

func TestDecodeHookAnswersReadsNothingPastTheBlockAndSaysWhere(t *testing.T) {
	good := record(0, "a@1.0.0/x", "ok")
	huge := binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, 0), 0xffffffff), 0xffffffff)
	cases := map[string]struct {
		data []byte
		msg  string
	}{
		"a cut head":       {append(append([]byte{}, good...), 0, 0, 0), "record 1 at byte 23 needs a record head of 12 bytes, 3 are left"},
		"a cut body":       {good[:len(good)-1], "record 0 at byte 0 needs a record of 23 bytes, 22 are left"},
		"lengths past u32": {append(append([]byte{}, good...), huge...), "record 1 at byte 23 needs a record of 8589934602 bytes, 12 are left"},
		"an unknown status": {append(append([]byte{}, good...), record(2, "b@1.0.0/y", "")...),
			"record 1 (hook b@1.0.0/y) has status 2, expected 0 or 1"},
	}
	for name, c := range cases {
		answers, err := DecodeHookAnswers("greeting.decorators", c.data)
		var e *Error
		if answers != nil || !errors.As(err, &e) || e.Func != "CallAllHooks" || e.Target != "greeting.decorators" ||
			e.Message != "the engine's answer is malformed: "+c.msg {
			t.Errorf("%s: got %#v, %v", name, answers, err)
		}
	}
}
