#!/usr/bin/env python3
"""Turns JMH's JSON results (-rf json) into the Markdown tables of docs/PERFORMANCE.md.

    python3 engine-benchmarks/results-table.py results.json

Each row pairs an engine measurement with its baseline from the same run and the same parameters:
median of the measurement iterations, JMH's 99.9% error of the mean, and the ratio of the medians.
"""
import json
import statistics
import sys
from collections import defaultdict

# Per benchmark class: which method is the baseline of which.
BASELINES = {
    "HookCallBenchmark": {"engine": "rawSdk"},
    "AnchorBenchmark": {"viaCallHook": "fromJava", "listOnly": "fromJava"},
    "EventBenchmark": {"fromPlugin": "rawSdk", "fromHost": "rawSdk"},
    "LoadBenchmark": {"coldEngine": "rawSdk"},
    "InstantiateBenchmark": {"runtimeSpi": "rawSdk", "engineRestart": "rawSdk"},
    "ThroughputBenchmark": {"engine1": "raw1", "engine2": "raw2", "engine4": "raw4"},
}


def load(path):
    out = {}
    for r in json.load(open(path)):
        cls, method = r["benchmark"].split(".")[-2:]
        params = tuple(sorted((r.get("params") or {}).items()))
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        out[(cls, method, params)] = (statistics.median(raw), r["primaryMetric"]["scoreError"],
                                      r["primaryMetric"]["scoreUnit"], r.get("threads", 1))
    return out


def fmt(v):
    if v != v:  # NaN
        return "n/a"
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:.0f}"


def main(path):
    res = load(path)
    by_class = defaultdict(list)
    for key in res:
        by_class[key[0]].append(key)
    for cls, pairs in BASELINES.items():
        if cls not in by_class:
            continue
        print(f"\n### {cls}\n")
        print("| runtime | params | measured | median ± error | baseline | median ± error | ratio |")
        print("|---|---|---|---|---|---|---|")
        rows = []
        for (c, method, params) in by_class[cls]:
            if method not in pairs:
                continue
            base = res.get((c, pairs[method], params))
            m = res[(c, method, params)]
            p = dict(params)
            runtime = p.pop("runtime", "")
            ptxt = ", ".join(f"{k}={v}" for k, v in p.items()) or "-"
            ratio = m[0] / base[0] if base else float("nan")
            rows.append((runtime, ptxt, method, m, pairs[method], base, ratio, p))
        rows.sort(key=lambda r: (r[0], [int(v) if str(v).isdigit() else v for v in r[7].values()], r[2]))
        for runtime, ptxt, method, m, bname, base, ratio, _ in rows:
            unit = m[2]
            btxt = f"{fmt(base[0])} ± {fmt(base[1])} {base[2]}" if base else "n/a"
            print(f"| {runtime} | {ptxt} | {method} | {fmt(m[0])} ± {fmt(m[1])} {unit} | {bname} | {btxt} | {ratio:.2f} |")
        if cls == "AnchorBenchmark":
            print("\nOne CallHook against one callHook from Java: (viaCallHook - listOnly) / hooks beside fromJava / hooks:\n")
            print("| runtime | hooks | per CallHook | per Java callHook | ratio |")
            print("|---|---|---|---|---|")
            for runtime in ("chicory", "extism"):
                for n in ("1", "10"):
                    key = (("hooks", n), ("runtime", runtime))
                    via, lst, java = (res.get((cls, m, key)) for m in ("viaCallHook", "listOnly", "fromJava"))
                    if None in (via, lst, java):
                        continue
                    per_hook = (via[0] - lst[0]) / int(n)
                    per_java = java[0] / int(n)
                    print(f"| {runtime} | {n} | {fmt(per_hook)} {via[2]} | {fmt(per_java)} {java[2]} | {per_hook / per_java:.2f} |")
        if cls == "ThroughputBenchmark":
            print("\nScaling (throughput with N threads / with 1 thread):\n")
            print("| runtime | engine 2/1 | engine 4/1 | raw 2/1 | raw 4/1 |")
            print("|---|---|---|---|---|")
            for runtime in ("chicory", "extism"):
                k = lambda meth: res.get((cls, meth, (("runtime", runtime),)))
                vals = [k(x) for x in ("engine1", "engine2", "engine4", "raw1", "raw2", "raw4")]
                if None in vals:
                    continue
                e1, e2, e4, r1, r2, r4 = (v[0] for v in vals)
                print(f"| {runtime} | {e2 / e1:.2f} | {e4 / e1:.2f} | {r2 / r1:.2f} | {r4 / r1:.2f} |")
    kernel = {k: v for k, v in res.items() if k[0] == "KernelCallBenchmark"}
    if kernel:
        print("\n### KernelCallBenchmark (raw SDKs only)\n")
        print("| runtime | kernel function | call with 0 | call with 1000 | one kernel call |")
        print("|---|---|---|---|---|")
        for runtime in ("chicory", "extism"):
            for method, name in (("loadU64", "load_u64"), ("storeU64", "store_u64")):
                zero = kernel.get(("KernelCallBenchmark", method, (("calls", "0"), ("runtime", runtime))))
                many = kernel.get(("KernelCallBenchmark", method, (("calls", "1000"), ("runtime", runtime))))
                if zero is None or many is None:
                    continue
                per_call_ns = (many[0] - zero[0]) / 1000 * 1000  # us/op -> ns per kernel call
                print(f"| {runtime} | {name} | {fmt(zero[0])} ± {fmt(zero[1])} {zero[2]} | {fmt(many[0])} ± {fmt(many[1])} {many[2]} | {per_call_ns:.0f} ns |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "results.json")
