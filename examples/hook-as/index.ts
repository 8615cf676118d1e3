// A hook of examples.greeting.decorators written in AssemblyScript: it appends " [as]" to the
// greeting. Its export `describe` lists the anchor's hooks as the engine orders them, to show
// getHooks and the metadata each hook declares.
import * as pe from "../../pdk/assemblyscript/index";

export function exclaim(): i32 {
  pe.outputString(pe.inputString() + " [as]");
  return 0;
}

export function describe(): i32 {
  const hooks = pe.getHooks("examples.greeting.decorators");
  if (!hooks.ok) return pe.setError(hooks.error!.toString());
  let out = "";
  for (let i = 0; i < hooks.value.length; i++) {
    const h = hooks.value[i];
    const meta = h.metadata;
    out += h.ref + " (" + (meta == null ? "?" : meta.getString("language", "?")) + ")\n";
  }
  pe.outputString(out);
  return 0;
}

// Used through `asc --use abort=...`: a failed assertion fails the call instead of importing env.abort.
function abort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  pe.abortCall(message, fileName, line, column);
}
