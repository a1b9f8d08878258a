#!/usr/bin/env python3
"""typesock's public API, read from rustdoc's JSON (nightly `--output-format json`).

Two checks, one walk over every item a user can name (the crate root, its public modules,
their re-exports; `#[doc(hidden)]` items left out):

- the snapshot: one line per item, method, field and trait impl, with its signature, sorted;
  compared with `docs/public-api.txt`, so that any change to the surface shows in review
  (`--write` rewrites the file);
- the external types: every type or trait of another crate that a public signature names
  must be one of std's (`std`, `core`, `alloc`) or be listed, with its reason, in
  `.ci/external-types.txt`. No `libc`, `socket2`, `windows-sys` or `mio` type slips in.

Usage: public-api.py JSON [--write]
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "docs" / "public-api.txt"
ALLOWED = ROOT / ".ci" / "external-types.txt"
STD = {"std", "core", "alloc"}


def main() -> int:
    doc = json.loads(Path(sys.argv[1]).read_text())
    write = "--write" in sys.argv[2:]
    index, paths, crates = doc["index"], doc["paths"], doc["external_crates"]

    def crate_of(id_):
        entry = paths.get(str(id_))
        if entry is None:
            return None
        if entry["crate_id"] == 0:
            return "typesock"
        return crates[str(entry["crate_id"])]["name"]

    def full_path(id_, written):
        entry = paths.get(str(id_))
        return "::".join(entry["path"]) if entry else written

    external = {}  # full path -> first item naming it

    def note(id_, written, where):
        crate = crate_of(id_)
        if crate and crate != "typesock" and crate not in STD:
            external.setdefault(full_path(id_, written), where)

    def args(a, where):
        if not a:
            return ""
        if "angle_bracketed" in a:
            ab = a["angle_bracketed"]
            parts = [generic_arg(x, where) for x in ab["args"]]
            parts += [constraint(c, where) for c in ab.get("constraints", [])]
            return "<" + ", ".join(parts) + ">" if parts else ""
        if "parenthesized" in a:
            p = a["parenthesized"]
            out = "(" + ", ".join(ty(t, where) for t in p["inputs"]) + ")"
            return out + (" -> " + ty(p["output"], where) if p.get("output") else "")
        return ""

    def generic_arg(x, where):
        if "type" in x:
            return ty(x["type"], where)
        if "lifetime" in x:
            return x["lifetime"]
        if "const" in x:
            return x["const"].get("expr", "_")
        return "_"

    def constraint(c, where):
        binding = c.get("binding", {})
        if "equality" in binding:
            eq = binding["equality"]
            value = ty(eq["type"], where) if "type" in eq else str(eq)
            return f"{c['name']}{args(c.get('args'), where)} = {value}"
        bounds = binding.get("constraint", [])
        return f"{c['name']}: " + " + ".join(bound(b, where) for b in bounds)

    def path(p, where):
        note(p["id"], p["path"], where)
        written = p["path"]
        if crate_of(p["id"]) == "typesock":
            # The crate's own items by name: their module inside the crate is no part of
            # the API (the same item is often re-exported at the root).
            written = written.rsplit("::", 1)[-1]
        return written + args(p.get("args"), where)

    def bound(b, where):
        if "trait_bound" in b:
            tb = b["trait_bound"]
            modifier = "?" if tb.get("modifier") == "maybe" else ""
            return modifier + path(tb["trait"], where)
        if "outlives" in b:
            return b["outlives"]
        return "use<..>"

    def ty(t, where):
        if t is None:
            return "()"
        (kind, v), = t.items()
        if kind == "resolved_path":
            return path(v, where)
        if kind == "primitive":
            return v
        if kind == "generic":
            return v
        if kind == "borrowed_ref":
            life = v["lifetime"] + " " if v.get("lifetime") else ""
            return "&" + life + ("mut " if v["is_mutable"] else "") + ty(v["type"], where)
        if kind == "raw_pointer":
            return ("*mut " if v["is_mutable"] else "*const ") + ty(v["type"], where)
        if kind == "slice":
            return "[" + ty(v, where) + "]"
        if kind == "array":
            return f"[{ty(v['type'], where)}; {v['len']}]"
        if kind == "tuple":
            return "(" + ", ".join(ty(x, where) for x in v) + ")"
        if kind == "impl_trait":
            return "impl " + " + ".join(bound(b, where) for b in v)
        if kind == "dyn_trait":
            return "dyn " + " + ".join(path(x["trait"], where) for x in v["traits"])
        if kind == "qualified_path":
            self_ty = ty(v["self_type"], where)
            trait = path(v["trait"], where) if v.get("trait") else None
            head = f"<{self_ty} as {trait}>" if trait else self_ty
            return f"{head}::{v['name']}{args(v.get('args'), where)}"
        if kind == "function_pointer":
            sig = v["sig"]
            ins = ", ".join(ty(x[1], where) for x in sig["inputs"])
            out = " -> " + ty(sig["output"], where) if sig.get("output") else ""
            return f"fn({ins}){out}"
        if kind == "infer":
            return "_"
        return kind

    def generics(g, where):
        params = []
        for p in g.get("params", []):
            kind = p["kind"]
            if "lifetime" in kind:
                params.append(p["name"])
            elif "type" in kind:
                if kind["type"].get("is_synthetic"):
                    continue
                bounds = kind["type"].get("bounds", [])
                b = ": " + " + ".join(bound(x, where) for x in bounds) if bounds else ""
                params.append(p["name"] + b)
            elif "const" in kind:
                params.append(f"const {p['name']}: {ty(kind['const']['type'], where)}")
        out = "<" + ", ".join(params) + ">" if params else ""
        preds = []
        for w in g.get("where_predicates", []):
            if "bound_predicate" in w:
                bp = w["bound_predicate"]
                preds.append(
                    ty(bp["type"], where)
                    + ": "
                    + " + ".join(bound(x, where) for x in bp["bounds"])
                )
        return out, (" where " + ", ".join(preds) if preds else "")

    def function(name, f, where):
        g, w = generics(f["generics"], where)
        sig = f["sig"]
        def param(n, t):
            if n != "self":
                return f"{n}: {ty(t, where)}"
            if "borrowed_ref" in t and t["borrowed_ref"]["type"] == {"generic": "Self"}:
                return "&mut self" if t["borrowed_ref"]["is_mutable"] else "&self"
            return "self" if t == {"generic": "Self"} else f"self: {ty(t, where)}"

        ins = ", ".join(param(n, t) for n, t in sig["inputs"])
        out = " -> " + ty(sig["output"], where) if sig.get("output") else ""
        head = f["header"]
        qual = ("const " if head.get("is_const") else "") + (
            "async " if head.get("is_async") else ""
        ) + ("unsafe " if head.get("is_unsafe") else "")
        return f"{qual}fn {name}{g}({ins}){out}{w}"

    def hidden(item):
        return any("doc(hidden)" in str(a) or "hidden" == a for a in item.get("attrs", []))

    lines = set()

    def impls_of(owner, impls):
        for impl_id in impls:
            impl = index[str(impl_id)]["inner"]["impl"]
            if impl.get("is_synthetic") or impl.get("blanket_impl"):
                continue
            where = owner
            g, w = generics(impl["generics"], where)
            for_ty = ty(impl["for"], where)
            if impl.get("trait"):
                trait = path(impl["trait"], where)
                neg = "!" if impl.get("is_negative") else ""
                lines.add(f"impl{g} {neg}{trait} for {for_ty}{w}")
                continue
            for member in impl["items"]:
                m = index[str(member)]
                if m["visibility"] != "public" or hidden(m):
                    continue
                inner = m["inner"]
                label = f"{owner}::{m['name']}"
                if "function" in inner:
                    lines.add(f"impl{g} {for_ty}{w} :: " + function(m["name"], inner["function"], label))
                elif "assoc_const" in inner:
                    lines.add(f"impl{g} {for_ty} :: const {m['name']}: {ty(inner['assoc_const']['type'], label)}")

    def item(id_, name, prefix, seen):
        if id_ in seen:
            return
        seen.add(id_)
        it = index.get(str(id_))
        if it is None:
            # A re-export of another crate's item: it is in the API on purpose.
            entry = paths.get(str(id_))
            full = "::".join(entry["path"]) if entry else name
            lines.add(f"pub use {full} as {prefix}{name}")
            note(id_, full, prefix + name)
            return
        if hidden(it):
            return
        full = prefix + name
        (kind, v), = it["inner"].items()
        if kind == "module":
            lines.add(f"mod {full}")
            for child in v["items"]:
                c = index[str(child)]
                if c["visibility"] == "public":
                    visit(child, full + "::", seen)
        elif kind == "struct":
            g, w = generics(v["generics"], full)
            lines.add(f"struct {full}{g}{w}")
            fields = v["kind"].get("plain", {}).get("fields", []) if isinstance(v["kind"], dict) else []
            for f in fields:
                fi = index[str(f)]
                if fi["visibility"] == "public":
                    lines.add(f"field {full}::{fi['name']}: {ty(fi['inner']['struct_field'], full)}")
            impls_of(full, v["impls"])
        elif kind == "enum":
            g, w = generics(v["generics"], full)
            lines.add(f"enum {full}{g}{w}")
            for var in v["variants"]:
                vi = index[str(var)]
                vk = vi["inner"]["variant"]["kind"]
                if isinstance(vk, dict) and "tuple" in vk:
                    fs = [ty(index[str(f)]["inner"]["struct_field"], full) for f in vk["tuple"] if f is not None]
                    lines.add(f"variant {full}::{vi['name']}({', '.join(fs)})")
                elif isinstance(vk, dict) and "struct" in vk:
                    fs = [index[str(f)]["name"] + ": " + ty(index[str(f)]["inner"]["struct_field"], full) for f in vk["struct"]["fields"]]
                    lines.add(f"variant {full}::{vi['name']} {{ {', '.join(fs)} }}")
                else:
                    lines.add(f"variant {full}::{vi['name']}")
            impls_of(full, v["impls"])
        elif kind == "trait":
            g, w = generics(v["generics"], full)
            supers = " + ".join(bound(b, full) for b in v.get("bounds", []))
            lines.add(f"trait {full}{g}{': ' + supers if supers else ''}{w}")
            for member in v["items"]:
                m = index[str(member)]
                if hidden(m):
                    continue
                mk, mv = next(iter(m["inner"].items()))
                label = f"{full}::{m['name']}"
                if mk == "function":
                    lines.add(f"trait {full} :: " + function(m["name"], mv, label))
                elif mk == "assoc_type":
                    bs = " + ".join(bound(b, label) for b in mv.get("bounds", []))
                    lines.add(f"trait {full} :: type {m['name']}{': ' + bs if bs else ''}")
                elif mk == "assoc_const":
                    lines.add(f"trait {full} :: const {m['name']}: {ty(mv['type'], label)}")
            for impl_id in v.get("implementations", []):
                impl = index[str(impl_id)]["inner"]["impl"]
                if impl.get("is_synthetic") or impl.get("blanket_impl"):
                    continue
                g, w = generics(impl["generics"], full)
                lines.add(f"impl{g} {full} for {ty(impl['for'], full)}{w}")
        elif kind == "function":
            lines.add(function(full, v, full))
        elif kind == "type_alias":
            lines.add(f"type {full} = {ty(v['type'], full)}")
        elif kind == "constant":
            lines.add(f"const {full}: {ty(v['type'], full)}")
        elif kind == "macro":
            lines.add(f"macro {full}")
        else:
            lines.add(f"{kind} {full}")

    def visit(id_, prefix, seen):
        it = index[str(id_)]
        if hidden(it):
            return
        inner = it["inner"]
        if "use" in inner:
            use = inner["use"]
            if use["id"] is None:
                return
            if use["is_glob"]:
                target = index.get(str(use["id"]))
                if target and "module" in target["inner"]:
                    for child in target["inner"]["module"]["items"]:
                        if index[str(child)]["visibility"] == "public":
                            visit(child, prefix, seen)
                return
            item(use["id"], use["name"], prefix, seen)
        else:
            item(id_, it["name"], prefix, seen)

    root = index[str(doc["root"])]
    seen = set()
    for child in root["inner"]["module"]["items"]:
        if index[str(child)]["visibility"] == "public":
            visit(child, "typesock::", seen)

    # The external types, against the list of those allowed on purpose.
    allowed = set()
    for line in ALLOWED.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            allowed.add(line)
    failed = False
    for full, where in sorted(external.items()):
        crate = full.split("::", 1)[0]
        if full not in allowed and f"{crate}::*" not in allowed:
            print(f"error: {where} names {full}, a type of `{crate}` the API does not allow "
                  f"(.ci/external-types.txt)", file=sys.stderr)
            failed = True
    unused = sorted(a for a in allowed if not a.endswith("::*") and a not in external)
    for a in unused:
        print(f"error: .ci/external-types.txt allows {a}, which no public item names", file=sys.stderr)
        failed = True

    text = "".join(line + "\n" for line in sorted(lines))
    header = ("# typesock's public API (features: tokio; Linux), one line an item: written by\n"
              "# `.ci/public-api`, checked by CI. A change here is a change users see.\n")
    text = header + text
    if write:
        SNAPSHOT.write_text(text)
        print(f"wrote {SNAPSHOT.relative_to(ROOT)}: {len(lines)} lines")
    elif SNAPSHOT.read_text() != text:
        import difflib
        diff = difflib.unified_diff(
            SNAPSHOT.read_text().splitlines(), text.splitlines(),
            "docs/public-api.txt (committed)", "the API now", lineterm="")
        print("\n".join(diff))
        print("error: the public API changed: run `bash .ci/public-api --write` and commit "
              "docs/public-api.txt with the change", file=sys.stderr)
        failed = True
    else:
        print(f"public API unchanged: {len(lines)} lines; external types: "
              + (", ".join(sorted(external)) or "none"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
