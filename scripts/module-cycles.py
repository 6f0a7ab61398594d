#!/usr/bin/env python3
"""Import cycles between the top-level modules of a layer (app/src/server,
app/src/domain): a module that needs another which needs it back has no
place in a layered map. Reads `crate::<layer>::<module>` and `super::` paths
in code (comments dropped); prints each cycle with its edges and exits 1.

    scripts/module-cycles.py app/src/server app/src/domain
"""
import os
import re
import sys


def modules(root):
    """Top-level module name -> its files."""
    out = {}
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if name.endswith(".rs") and name != "mod.rs":
            out[name[:-3]] = [path]
        elif os.path.isdir(path):
            out[name] = [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if f.endswith(".rs")]
    return out


def code_lines(path):
    for line in open(path, encoding="utf-8"):
        line = line.split("//", 1)[0]
        if line.strip():
            yield line


def edges(root):
    layer = os.path.basename(os.path.normpath(root))
    mods = modules(root)
    graph = {m: set() for m in mods}
    for module, files in mods.items():
        for path in files:
            parts = os.path.relpath(path, root).split(os.sep)
            # How many `super::` lead from this file to the layer's root.
            depth = len(parts) - (1 if parts[-1] == "mod.rs" else 0)
            text = " ".join(code_lines(path))
            named = re.findall(r"\bcrate::%s::(\w+)" % layer, text)
            named += re.findall(r"\bcrate::%s::\{\s*(\w+)" % layer, text)
            for group in re.findall(r"\bcrate::%s::\{([^}]*)\}" % layer, text):
                named += re.findall(r"(?:^|,)\s*(\w+)", group)
            up = r"\b" + r"super::" * depth
            if depth >= 1:
                named += re.findall(up + r"(\w+)", text)
                for group in re.findall(up + r"\{([^}]*)\}", text):
                    named += re.findall(r"(?:^|,)\s*(\w+)", group)
            graph[module] |= {n for n in named if n in mods and n != module}
    return graph


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


failed = False
for root in sys.argv[1:]:
    graph = edges(root)
    for component in cycles(graph):
        failed = True
        print(f"\033[31m[layers]\033[0m import cycle in {root}: {', '.join(component)}", file=sys.stderr)
        for m in component:
            print(f"  {m} -> {', '.join(sorted(graph[m] & set(component)))}", file=sys.stderr)
sys.exit(1 if failed else 0)
