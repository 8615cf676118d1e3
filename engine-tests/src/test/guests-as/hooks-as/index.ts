// Calls every hook of greeting.decorators through pdk/assemblyscript's callHooks (one payload
// block, each hook by its place in GetHookRefs' answer: CallHookAt) and callAllHooks (every hook
// in one engine call), writing the lines guests-go/hooks-go writes through pdk/go.
import * as pe from "../../../../../pdk/assemblyscript/index";

const ANCHOR = "greeting.decorators";

// AssemblyScript has no closures: callHooks' callback gathers here.
let lines = "";
let stopAfter: i32 = -1;

/** One hook's answer: "<index> <ref>=<response>" or "<index> <ref>!<error>". */
function line(index: i32, ref: string, r: pe.Result<Uint8Array>): string {
  const answer = r.ok ? "=" + String.UTF8.decode(r.value.buffer) : "!" + r.error!.toString();
  return index.toString() + " " + ref + answer + "\n";
}

function gather(index: i32, ref: string, r: pe.Result<Uint8Array>): bool {
  lines += line(index, ref, r);
  return index + 1 != stopAfter;
}

function callEach(stop: i32): i32 {
  lines = "";
  stopAfter = stop;
  const n = pe.callHooks(ANCHOR, pe.input(), gather);
  if (!n.ok) return pe.setError(n.error!.toString());
  pe.outputString(lines);
  return 0;
}

/** Every hook with the input through callHooks, one line each. */
export function call_each(): i32 {
  return callEach(-1);
}

/** The first hook only: callHooks stops when the callback says so. */
export function call_first(): i32 {
  return callEach(1);
}

/** One line per answer, as call_each writes them. */
function answerLines(answers: pe.HookAnswer[]): string {
  let out = "";
  for (let i = 0; i < answers.length; i++) out += line(answers[i].index, answers[i].ref, answers[i].result);
  return out;
}

/** The lines call_each writes, through callAllHooks; a refused call fails with the engine's message. */
export function call_all(): i32 {
  const answers = pe.callAllHooks(ANCHOR, pe.input());
  if (!answers.ok) return pe.setError(answers.error!.toString());
  pe.outputString(answerLines(answers.value));
  return 0;
}

/** What call_all writes, through callAllHooksWithInput. */
export function call_all_input(): i32 {
  const answers = pe.callAllHooksWithInput(ANCHOR);
  if (!answers.ok) return pe.setError(answers.error!.toString());
  pe.outputString(answerLines(answers.value));
  return 0;
}

/** The input read as a CallAllHooks answer block, written as call_all writes it, or "!" and the error. */
export function decode_answers(): i32 {
  const answers = pe.decodeHookAnswers(ANCHOR, pe.input());
  pe.outputString(answers.ok ? answerLines(answers.value) : "!" + answers.error!.toString());
  return 0;
}

// Used through `asc --use abort=...`: a failed assertion fails the call instead of importing env.abort.
function abort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  pe.abortCall(message, fileName, line, column);
}
