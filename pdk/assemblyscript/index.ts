// AssemblyScript plugin development kit for PluginEngine for Java.
//
// Typed wrappers of the engine's host functions (namespace extism:host/pluginengine, contract
// section 5, docs/CONTRACT.md), a small JSON reader/writer for payloads and GetHooks' answer, and input/output
// helpers. It builds on @extism/as-pdk, whose Host, Var, Config and Memory stay available.
//
// AssemblyScript has no exceptions a plugin can catch, so every engine call answers with a
// Result: `value` when `ok`, else `error` carries the engine's GetLastError message.

import { Host } from "@extism/as-pdk";
import {
  alloc,
  error_set,
  free,
  length,
  load_u64,
  load_u8,
  output_set,
  store_u64,
  store_u8,
} from "@extism/as-pdk/lib/env";

export { Host, Var, Config, Memory, LogLevel } from "@extism/as-pdk";

// ---------------------------------------------------------------------------------------------
// The engine's host functions. Every parameter and result is an offset into Extism memory; 0
// means "nothing": an empty answer, or a failure that GetLastError explains.

@external("extism:host/pluginengine", "GetHooks")
declare function hostGetHooks(anchorId: u64): u64;
@external("extism:host/pluginengine", "GetHookRefs")
declare function hostGetHookRefs(anchorId: u64): u64;
@external("extism:host/pluginengine", "CallHook")
declare function hostCallHook(ref: u64, payload: u64): u64;
@external("extism:host/pluginengine", "CallHookAt")
declare function hostCallHookAt(refs: u64, index: u64, payload: u64): u64;
/** Added to CallHookAt's index: the payload block is as the previous CallHookAt of this call read it. */
const PAYLOAD_UNCHANGED: u64 = 1 << 32;
@external("extism:host/pluginengine", "CallAllHooks")
declare function hostCallAllHooks(anchorId: u64, payload: u64): u64;
/** The Extism kernel's block of this call's input. */
@external("extism:host/env", "input_offset")
declare function inputOffset(): u64;
@external("extism:host/pluginengine", "SendEvent")
declare function hostSendEvent(eventId: u64, payload: u64): i64;
@external("extism:host/pluginengine", "ReadFile")
declare function hostReadFile(path: u64): u64;
@external("extism:host/pluginengine", "GetLastError")
declare function hostGetLastError(): u64;

/** A failed engine call: the host function, its first argument and the engine's message as is. */
export class HostError {
  func: string;
  target: string;
  message: string;

  constructor(func: string, target: string, message: string) {
    this.func = func;
    this.target = target;
    this.message = message;
  }

  toString(): string {
    return this.func + " " + this.target + ": " + this.message;
  }
}

/** The answer of an engine call: `value` when `ok`, otherwise `error` says why. */
export class Result<T> {
  value: T;
  error: HostError | null;

  constructor(value: T, error: HostError | null) {
    this.value = value;
    this.error = error;
  }

  get ok(): bool {
    return this.error == null;
  }
}

/** One element of GetHooks' answer, in the engine's order. */
export class Hook {
  /** pluginId@version/hookId: what callHook takes. */
  ref: string = "";
  id: string = "";
  pluginId: string = "";
  pluginVersion: string = "";
  anchorId: string = "";
  /** The version of the anchor the hook resolved to. */
  anchorVersion: string = "";
  func: string = "";
  name: string = "";
  description: string = "";
  /** The hook's manifest metadata, null when it has none. */
  metadata: JsonValue | null = null;
}

/**
 * The hooks resolved to the anchor, in the order the engine calls them. When this plugin
 * declares the anchor, its own declaration is meant. An anchor no plugin declares is an error.
 */
export function getHooks(anchorId: string): Result<Hook[]> {
  const a = allocString(anchorId);
  const out = hostGetHooks(a);
  freeBlock(a);
  const r = answer("GetHooks", anchorId, out);
  if (!r.ok) return new Result<Hook[]>([], r.error);
  if (r.value.length == 0) return new Result<Hook[]>([], null);
  return decodeHooks(anchorId, String.UTF8.decode(r.value.buffer));
}

/**
 * Calls a hook by full ref or by a bare id that names exactly one resolved hook. Its response
 * may be empty; a failing hook's error text is the error's message.
 */
export function callHook(ref: string, payload: Uint8Array): Result<Uint8Array> {
  const r = allocString(ref);
  const p = allocBytes(payload);
  const out = hostCallHook(r, p);
  freeBlock(p);
  freeBlock(r);
  return answer("CallHook", ref, out);
}

/**
 * (engine extension, docs/CONTRACT.md) The refs of the hooks resolved to the anchor, in getHooks'
 * order: for anchors that only call their hooks, no JSON to parse. An anchor no plugin declares
 * is an error; none resolved gives an empty array.
 */
export function getHookRefs(anchorId: string): Result<string[]> {
  const a = allocString(anchorId);
  const out = hostGetHookRefs(a);
  freeBlock(a);
  const r = answer("GetHookRefs", anchorId, out);
  return new Result<string[]>(r.ok ? splitRefs(r.value) : [], r.error);
}

/**
 * Calls every hook resolved to the anchor, in getHooks' order, with the same payload, and hands
 * each answer to fn (its place, its ref, its response or its error); fn returns false to stop.
 * The cheap way to call an anchor's hooks: the payload is written to Extism memory once for all
 * of them, and each hook is called by its place in the list (CallHookAt, an engine extension)
 * instead of by a ref written anew per call. Answers how many hooks were called; an anchor no
 * plugin declares is an error. fn cannot capture locals (AssemblyScript has no closures): keep
 * what it gathers in module-level variables. Needs an engine that offers CallHookAt.
 */
export function callHooks(anchorId: string, payload: Uint8Array,
                          fn: (index: i32, ref: string, answer: Result<Uint8Array>) => bool): Result<i32> {
  const a = allocString(anchorId);
  const list = hostGetHookRefs(a);
  freeBlock(a);
  if (list == 0) {
    const message = lastError();
    return new Result<i32>(0, message == null ? null : new HostError("GetHookRefs", anchorId, message));
  }
  const refs = splitRefs(readBlock(list));
  const p = allocBytes(payload);
  let called = 0;
  while (called < refs.length) {
    const i = called++;
    // From the second hook on, the engine sends the payload it read for the first (PAYLOAD_UNCHANGED).
    const r = answer("CallHook", refs[i], hostCallHookAt(list, <u64>i | (i > 0 ? PAYLOAD_UNCHANGED : 0), p));
    if (!fn(i, refs[i], r)) break;
  }
  freeBlock(p);
  free(list);
  return new Result<i32>(called, null);
}

/**
 * One hook's answer in callAllHooks' result: its place in the anchor's list (0 first), its ref, and
 * its response, or an error whose message is the hook's own (what callHook would have answered).
 */
export class HookAnswer {
  index: i32;
  ref: string;
  result: Result<Uint8Array>;

  constructor(index: i32, ref: string, result: Result<Uint8Array>) {
    this.index = index;
    this.ref = ref;
    this.result = result;
  }
}

/**
 * (engine extension, docs/CONTRACT.md) Calls every hook resolved to the anchor, in getHooks'
 * order, with the same payload, in one engine call (CallAllHooks), and answers their answers in
 * that order. A hook's failure does not stop the others; all have run when this returns. For an
 * anchor that calls every hook, the cheapest way: one host call and one answers block per anchor
 * call, where callHooks makes a host call and an answer block per hook (use callHooks to stop at
 * a hook's answer). None resolved gives an empty array; an error when the engine refused (no
 * plugin declares the anchor, or the answers together exceed what this plugin's memory may
 * hold). Needs an engine that offers CallAllHooks.
 */
export function callAllHooks(anchorId: string, payload: Uint8Array): Result<HookAnswer[]> {
  const p = allocBytes(payload);
  const answers = callAllHooksWith(anchorId, p);
  freeBlock(p);
  return answers;
}

/**
 * callAllHooks with this call's own input as the payload, handed to the engine where it already
 * lies in Extism memory: for an anchor that passes its hooks what it was given, the payload is
 * neither read into AssemblyScript memory nor copied back out (a kernel call for every 8 bytes of
 * it fewer). The input may still be read with input().
 */
export function callAllHooksWithInput(anchorId: string): Result<HookAnswer[]> {
  return callAllHooksWith(anchorId, inputOffset());
}

/** callAllHooks with the payload already a block of Extism memory (the caller frees it, if it must). */
function callAllHooksWith(anchorId: string, payload: u64): Result<HookAnswer[]> {
  const a = allocString(anchorId);
  const out = hostCallAllHooks(a, payload);
  freeBlock(a);
  // One copy of the whole block (8 bytes a kernel call) and one free; parsed in AssemblyScript memory.
  const r = answer("CallAllHooks", anchorId, out);
  if (!r.ok) return new Result<HookAnswer[]>([], r.error);
  return decodeHookAnswers(anchorId, r.value);
}

/**
 * Parses CallAllHooks' answer: per hook, in order, three little-endian u32s (status: 0 answered, 1
 * failed; the ref's length; the body's length), the ref's UTF-8 bytes, then the body (the response,
 * or the failure's message). A record that runs past the block is an error saying where; nothing
 * is read past it.
 */
export function decodeHookAnswers(anchorId: string, data: Uint8Array): Result<HookAnswer[]> {
  const answers: HookAnswer[] = [];
  const len = data.length;
  let at = 0;
  while (at < len) {
    const i = answers.length;
    if (len - at < 12) return malformedAnswers(anchorId, i, at, "a record head of 12 bytes", len - at);
    const status = load<u32>(data.dataStart + <usize>at);
    const refLen = <u64>load<u32>(data.dataStart + <usize>at + 4);
    const bodyLen = <u64>load<u32>(data.dataStart + <usize>at + 8);
    // In u64, the sum of two u32 lengths cannot wrap.
    if (refLen + bodyLen > <u64>(len - at - 12)) {
      return malformedAnswers(anchorId, i, at, "a record of " + (12 + refLen + bodyLen).toString() + " bytes", len - at);
    }
    at += 12;
    const ref = String.UTF8.decode(data.buffer.slice(data.byteOffset + at, data.byteOffset + at + <i32>refLen));
    at += <i32>refLen;
    const body = data.slice(at, at + <i32>bodyLen);
    at += <i32>bodyLen;
    if (status == 0) {
      answers.push(new HookAnswer(i, ref, new Result<Uint8Array>(body, null)));
    } else if (status == 1) {
      const message = String.UTF8.decode(body.buffer);
      answers.push(new HookAnswer(i, ref, new Result<Uint8Array>(new Uint8Array(0), new HostError("CallHook", ref, message))));
    } else {
      return new Result<HookAnswer[]>([], new HostError("CallAllHooks", anchorId, "the engine's answer is malformed: record "
          + i.toString() + " (hook " + ref + ") has status " + status.toString() + ", expected 0 or 1"));
    }
  }
  return new Result<HookAnswer[]>(answers, null);
}

function malformedAnswers(anchorId: string, record: i32, at: i32, expected: string, left: i32): Result<HookAnswer[]> {
  return new Result<HookAnswer[]>([], new HostError("CallAllHooks", anchorId, "the engine's answer is malformed: record "
      + record.toString() + " at byte " + at.toString() + " needs " + expected + ", " + left.toString() + " are left"));
}

/** GetHookRefs' answer split into its refs (each followed by a newline). */
function splitRefs(data: Uint8Array): string[] {
  const refs: string[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] == 0x0a) {
      refs.push(String.UTF8.decode(data.buffer.slice(start, i)));
      start = i + 1;
    }
  }
  if (start < data.length) refs.push(String.UTF8.decode(data.buffer.slice(start, data.length)));
  return refs;
}

/** callHook with UTF-8 text both ways. */
export function callHookString(ref: string, payload: string): Result<string> {
  return text(callHook(ref, utf8(payload)));
}

/** callHook with JSON both ways: payload is JSON text, the response is parsed. */
export function callHookJSON(ref: string, payloadJson: string): Result<JsonValue> {
  const r = callHook(ref, utf8(payloadJson));
  if (!r.ok) return new Result<JsonValue>(new JsonValue(), r.error);
  return parseJSONResult("CallHook", ref, String.UTF8.decode(r.value.buffer));
}

/**
 * Delivers the event to each resolved listener, synchronously, and answers how many completed
 * without error. An unknown event, or a send the engine refused, is an error.
 */
export function sendEvent(eventId: string, payload: Uint8Array): Result<i64> {
  const e = allocString(eventId);
  const p = allocBytes(payload);
  const n = hostSendEvent(e, p);
  freeBlock(p);
  freeBlock(e);
  if (n >= 0) return new Result<i64>(n, null);
  let message = lastError();
  if (message == null) message = "the engine refused the event without a message";
  return new Result<i64>(0, new HostError("SendEvent", eventId, message!));
}

/** sendEvent with a UTF-8 text (or JSON text) payload. */
export function sendEventString(eventId: string, payload: string): Result<i64> {
  return sendEvent(eventId, utf8(payload));
}

/**
 * A file of this plugin's own archive, by a path relative to its manifest's folder. A missing
 * file or a path leaving the archive is an error; an empty file is an empty array.
 */
export function readFile(path: string): Result<Uint8Array> {
  const p = allocString(path);
  const out = hostReadFile(p);
  freeBlock(p);
  return answer("ReadFile", path, out);
}

/** readFile decoded as UTF-8. */
export function readFileString(path: string): Result<string> {
  return text(readFile(path));
}

// ---------------------------------------------------------------------------------------------
// Input, output and errors of the current call.

/** This call's input. */
export function input(): Uint8Array {
  return Host.input();
}

/** This call's input as UTF-8 text. */
export function inputString(): string {
  return String.UTF8.decode(Host.input().buffer);
}

/** Sets this call's output; an empty output is left unset (Extism has no empty block). */
export function output(data: Uint8Array): void {
  if (data.length == 0) return;
  output_set(allocBytes(data), <u64>data.length);
}

/**
 * Sets this call's output to UTF-8 text. Unlike Host.outputString of as-pdk 1.0.0, which uses
 * the UTF-16 length, this writes every byte of non-ASCII text.
 */
export function outputString(s: string): void {
  output(utf8(s));
}

/** Sets the call's error; returns 1 so an export fails with `return setError("why")`. */
export function setError(message: string): i32 {
  error_set(allocString(message.length == 0 ? "error" : message));
  return 1;
}

/**
 * An abort handler that fails the current call with AssemblyScript's message instead of
 * importing env.abort, which Extism hosts do not offer. Wire it with
 * `asc ... --use abort=<your entry>/abort` and, in the entry file:
 *   function abort(m: string | null, f: string | null, l: u32, c: u32): void { abortCall(m, f, l, c); }
 */
export function abortCall(message: string | null, fileName: string | null, line: u32, column: u32): void {
  const m = message == null ? "abort" : message;
  const f = fileName == null ? "?" : fileName;
  setError(m + " (" + f + ":" + line.toString() + ":" + column.toString() + ")");
  unreachable();
}

// ---------------------------------------------------------------------------------------------
// Extism memory.

function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

function text(r: Result<Uint8Array>): Result<string> {
  return new Result<string>(r.ok ? String.UTF8.decode(r.value.buffer) : "", r.error);
}

/** Reads the engine's answer and frees it: offset 0 is empty without an error, a failure with one. */
function answer(func: string, target: string, out: u64): Result<Uint8Array> {
  if (out != 0) return new Result<Uint8Array>(takeBlock(out), null);
  const message = lastError();
  if (message != null) return new Result<Uint8Array>(new Uint8Array(0), new HostError(func, target, message));
  return new Result<Uint8Array>(new Uint8Array(0), null);
}

/** GetLastError's message, null when the last engine call succeeded. */
function lastError(): string | null {
  const off = hostGetLastError();
  if (off == 0) return null;
  return String.UTF8.decode(takeBlock(off).buffer);
}

/** Copies a block the engine returned into AssemblyScript memory, then frees it. */
function takeBlock(off: u64): Uint8Array {
  const buf = readBlock(off);
  free(off);
  return buf;
}

/** Copies a block into AssemblyScript memory. */
function readBlock(off: u64): Uint8Array {
  const len = <i32>length(off);
  const buf = new Uint8Array(len);
  const base = buf.dataStart;
  let i = 0;
  for (; i + 8 <= len; i += 8) store<u64>(base + <usize>i, load_u64(off + <u64>i));
  for (; i < len; i++) store<u8>(base + <usize>i, load_u8(off + <u64>i));
  return buf;
}

/** A new Extism block holding data; 0 for empty data, which the engine reads as empty. */
function allocBytes(data: Uint8Array): u64 {
  const len = data.length;
  if (len == 0) return 0;
  const off = alloc(<u64>len);
  const base = data.dataStart;
  let i = 0;
  for (; i + 8 <= len; i += 8) store_u64(off + <u64>i, load<u64>(base + <usize>i));
  for (; i < len; i++) store_u8(off + <u64>i, load<u8>(base + <usize>i));
  return off;
}

function allocString(s: string): u64 {
  return allocBytes(utf8(s));
}

/** Frees an argument block: the engine reads arguments, it never frees them. */
function freeBlock(off: u64): void {
  if (off != 0) free(off);
}

// ---------------------------------------------------------------------------------------------
// JSON: a small reader (JsonValue) and a quoting helper for writing.

export enum JsonKind {
  Null,
  Bool,
  Number,
  String,
  Array,
  Object,
}

/** A parsed JSON value. Objects keep their members in order. */
export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  bool: bool = false;
  num: f64 = 0;
  str: string = "";
  items: JsonValue[] = [];
  keys: string[] = [];
  /** The value's JSON text exactly as written. */
  raw: string = "null";

  /** The member named key of an object, null when absent or not an object. */
  get(key: string): JsonValue | null {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] == key) return this.items[i];
    return null;
  }

  /** The string member named key, or fallback when absent or not a string. */
  getString(key: string, fallback: string = ""): string {
    const v = this.get(key);
    return v != null && v.kind == JsonKind.String ? v.str : fallback;
  }
}

/** Quotes s as a JSON string, escaping what JSON requires. */
export function jsonQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x22) out += '\\"';
    else if (c == 0x5c) out += "\\\\";
    else if (c == 0x0a) out += "\\n";
    else if (c == 0x0d) out += "\\r";
    else if (c == 0x09) out += "\\t";
    else if (c < 0x20) out += "\\u00" + (c < 0x10 ? "0" : "") + c.toString(16);
    else out += String.fromCharCode(c);
  }
  return out + '"';
}

/** Parses JSON text; the error says where it stopped being JSON. */
export function parseJSON(json: string): Result<JsonValue> {
  return parseJSONResult("parseJSON", "text", json);
}

function parseJSONResult(func: string, target: string, json: string): Result<JsonValue> {
  const p = new JsonParser(json);
  const v = p.value();
  p.space();
  if (p.error == null && p.pos < json.length) p.fail("unexpected text after the value");
  if (p.error != null) return new Result<JsonValue>(new JsonValue(), new HostError(func, target, "not JSON: " + p.error!));
  return new Result<JsonValue>(v, null);
}

/** Turns GetHooks' JSON answer into Hooks. */
export function decodeHooks(anchorId: string, json: string): Result<Hook[]> {
  const parsed = parseJSONResult("GetHooks", anchorId, json);
  if (!parsed.ok) return new Result<Hook[]>([], parsed.error);
  const list = parsed.value;
  if (list.kind != JsonKind.Array) {
    return new Result<Hook[]>([], new HostError("GetHooks", anchorId, "the engine's answer is not a JSON array of hooks"));
  }
  const hooks: Hook[] = [];
  for (let i = 0; i < list.items.length; i++) {
    const o = list.items[i];
    const h = new Hook();
    h.ref = o.getString("ref");
    h.id = o.getString("id");
    h.pluginId = o.getString("pluginId");
    h.pluginVersion = o.getString("pluginVersion");
    h.anchorId = o.getString("anchorId");
    h.anchorVersion = o.getString("anchorVersion");
    h.func = o.getString("func");
    h.name = o.getString("name");
    h.description = o.getString("description");
    const m = o.get("metadata");
    h.metadata = m != null && m.kind != JsonKind.Null ? m : null;
    hooks.push(h);
  }
  return new Result<Hook[]>(hooks, null);
}

class JsonParser {
  s: string;
  pos: i32 = 0;
  error: string | null = null;

  constructor(s: string) {
    this.s = s;
  }

  fail(why: string): void {
    if (this.error == null) this.error = why + " at offset " + this.pos.toString();
  }

  space(): void {
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
      this.pos++;
    }
  }

  value(): JsonValue {
    const v = new JsonValue();
    this.space();
    const start = this.pos;
    if (this.pos >= this.s.length) {
      this.fail("unexpected end");
      return v;
    }
    const c = this.s.charCodeAt(this.pos);
    if (c == 0x7b /* { */) {
      v.kind = JsonKind.Object;
      this.pos++;
      this.space();
      if (this.peek(0x7d)) this.pos++;
      else
        while (this.error == null) {
          this.space();
          if (!this.peek(0x22)) {
            this.fail("expected a member name");
            break;
          }
          v.keys.push(this.string());
          this.space();
          if (!this.peek(0x3a)) {
            this.fail("expected ':'");
            break;
          }
          this.pos++;
          v.items.push(this.value());
          this.space();
          if (this.peek(0x2c)) this.pos++;
          else if (this.peek(0x7d)) {
            this.pos++;
            break;
          } else this.fail("expected ',' or '}'");
        }
    } else if (c == 0x5b /* [ */) {
      v.kind = JsonKind.Array;
      this.pos++;
      this.space();
      if (this.peek(0x5d)) this.pos++;
      else
        while (this.error == null) {
          v.items.push(this.value());
          this.space();
          if (this.peek(0x2c)) this.pos++;
          else if (this.peek(0x5d)) {
            this.pos++;
            break;
          } else this.fail("expected ',' or ']'");
        }
    } else if (c == 0x22) {
      v.kind = JsonKind.String;
      v.str = this.string();
    } else if (this.word("true")) {
      v.kind = JsonKind.Bool;
      v.bool = true;
    } else if (this.word("false")) {
      v.kind = JsonKind.Bool;
    } else if (this.word("null")) {
      v.kind = JsonKind.Null;
    } else if (c == 0x2d || (c >= 0x30 && c <= 0x39)) {
      v.kind = JsonKind.Number;
      while (this.pos < this.s.length) {
        const d = this.s.charCodeAt(this.pos);
        if (!((d >= 0x30 && d <= 0x39) || d == 0x2d || d == 0x2b || d == 0x2e || d == 0x65 || d == 0x45)) break;
        this.pos++;
      }
      v.num = parseFloat(this.s.substring(start, this.pos));
      if (isNaN(v.num)) this.fail("bad number");
    } else {
      this.fail("unexpected character");
    }
    v.raw = this.s.substring(start, this.pos);
    return v;
  }

  peek(c: i32): bool {
    return this.pos < this.s.length && this.s.charCodeAt(this.pos) == c;
  }

  word(w: string): bool {
    if (this.s.substr(this.pos, w.length) != w) return false;
    this.pos += w.length;
    return true;
  }

  /** A string starting at the quote under pos; leaves pos after the closing quote. */
  string(): string {
    this.pos++;
    let out = "";
    let from = this.pos;
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (c == 0x22) {
        out += this.s.substring(from, this.pos);
        this.pos++;
        return out;
      }
      if (c != 0x5c) {
        this.pos++;
        continue;
      }
      out += this.s.substring(from, this.pos);
      const e = this.pos + 1 < this.s.length ? this.s.charCodeAt(this.pos + 1) : 0;
      this.pos += 2;
      if (e == 0x6e) out += "\n";
      else if (e == 0x74) out += "\t";
      else if (e == 0x72) out += "\r";
      else if (e == 0x62) out += "\b";
      else if (e == 0x66) out += "\f";
      else if (e == 0x75 /* u */) {
        let code = 0;
        for (let k = 0; k < 4; k++) {
          const h = this.pos + k < this.s.length ? this.s.charCodeAt(this.pos + k) : 0;
          const d = h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x61 && h <= 0x66 ? h - 0x57 : h >= 0x41 && h <= 0x46 ? h - 0x37 : -1;
          if (d < 0) {
            this.fail("bad \\u escape");
            return out;
          }
          code = code * 16 + d;
        }
        out += String.fromCharCode(code);
        this.pos += 4;
      } else if (e == 0x22 || e == 0x5c || e == 0x2f) out += String.fromCharCode(e);
      else {
        this.fail("bad escape");
        return out;
      }
      from = this.pos;
    }
    this.fail("unterminated string");
    return out;
  }
}
