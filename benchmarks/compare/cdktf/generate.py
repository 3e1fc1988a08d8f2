#!/usr/bin/env python3
"""benchmarks/compare/cdktf/generate.py — the rdha default stack written as a cdktf program.

Reads the Terraform JSON that `rdha synth` wrote (terraform_out/ by default) and writes
TypeScript for CDK for Terraform 0.21 with @cdktf/provider-aws 20.1.0 that declares the
same blocks with the same arguments: every resource and data source becomes a typed
construct (`new DbInstance(this, ...)`) with camelCase properties, every reference becomes
an attribute token of the construct it names (`vpcPrimary.id`, or a template literal
when it is embedded in text), `provider` / `depends_on` / `lifecycle` become the
construct's meta-arguments, and the outputs become TerraformOutputs. Logical ids are
overridden to rdha's local names, so the two programs produce the same addresses
(check.py compares them).

Two programs come out, differing only in how they import the provider bindings:
  main.ts        deep imports   `import { Vpc } from "@cdktf/provider-aws/lib/vpc"`
  main_index.ts  package index  `import * as aws from "@cdktf/provider-aws"`

Neither is committed: `make bench-compare` (benchmarks/run.sh compare) generates both
from the rdha it times, before compiling them. By hand:
  build/rdha synth --out /tmp/rdha_out
  python3 benchmarks/compare/cdktf/generate.py /tmp/rdha_out
Nested-block and map knowledge comes from the committed schema facts
(tools/schema/facts.json), the same ones the C++ bindings are generated from.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Classes the provider generator renamed to avoid a clash with another export.
CLASS_OVERRIDES = {"VpcPeeringConnectionAccepter": "VpcPeeringConnectionAccepterA"}
ROOT = HERE.parents[2]

# A whole-value reference: "${aws_vpc.primary.id}" / "${data.aws_partition.current.partition}".
TRAVERSAL = r"(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*\.[a-z_][a-z0-9_]*"
WHOLE_REF = re.compile(r"^\$\{(" + TRAVERSAL + r")\}$")
EMBEDDED_REF = re.compile(r"\$\{(" + TRAVERSAL + r")\}")
ANY_REF = re.compile(r"((?:data\.)?(?:aws|random)_[a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def pascal(name: str) -> str:
    c = camel(name.replace("-", "_"))
    return c[:1].upper() + c[1:]


class Block:
    """One resource or data source of the rdha output."""

    def __init__(self, kind: str, type_: str, name: str, body: dict):
        self.kind, self.type, self.name, self.body = kind, type_, name, body
        self.address = f"data.{type_}.{name}" if kind == "data" else f"{type_}.{name}"
        prefix = "data_" if kind == "data" else ""
        short = type_.split("_", 1)[1]
        self.var = camel(prefix + short) + pascal(name)
        if type_.startswith("aws_"):
            module = ("data-aws-" if kind == "data" else "") + short.replace("_", "-")
            self.package = "@cdktf/provider-aws"
            self.cls = CLASS_OVERRIDES.get(pascal(module), pascal(module))
        else:  # random_password → @cdktf/provider-random Password
            module = short.replace("_", "-")
            self.package = "@cdktf/provider-random"
            self.cls = pascal(module)
        self.module = module
        self.namespace = camel(module.replace("-", "_"))


class Writer:
    def __init__(self, blocks: list[Block], facts: dict, index_import: bool):
        self.by_address = {b.address: b for b in blocks}
        self.facts = facts
        self.index_import = index_import

    # ---- values ---------------------------------------------------------------------
    def token(self, traversal: str) -> str | None:
        """`aws_vpc.primary.id` → `vpcPrimary.id` (None when it names no block)."""
        parts = traversal.split(".")
        address, attribute = (".".join(parts[:3]), parts[3]) if parts[0] == "data" else (".".join(parts[:2]), parts[2])
        block = self.by_address.get(address)
        if block is None:
            return None
        return f"{block.var}.{camel(attribute)}"

    def string(self, text: str) -> str:
        whole = WHOLE_REF.match(text)
        if whole and (tok := self.token(whole.group(1))) is not None:
            return tok
        if "${" not in text.replace("$${", ""):
            return json.dumps(text)
        # Only simple traversals embedded in literal text become a template literal;
        # anything more (function calls, indexes) is passed through as Terraform text.
        stripped = EMBEDDED_REF.sub("", text)
        if "${" in stripped.replace("$${", "") or "`" in text or "\\" in text:
            return json.dumps(text)
        out, last = [], 0
        for m in EMBEDDED_REF.finditer(text):
            tok = self.token(m.group(1))
            if tok is None:
                return json.dumps(text)
            out.append(text[last:m.start()].replace("${", "\\${") + "${" + tok + "}")
            last = m.end()
        out.append(text[last:].replace("${", "\\${"))
        return "`" + "".join(out) + "`"

    def value(self, value, type_=None, indent: int = 0) -> str:
        """A value of attribute type @p type_ (facts notation), as TypeScript."""
        pad, inner = "  " * indent, "  " * (indent + 1)
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if value is None:
            return "undefined"
        if isinstance(value, (int, float)):
            return json.dumps(value)
        element = type_[1] if isinstance(type_, list) and type_[0] in ("list", "set", "map") else None
        if isinstance(value, list):
            if not value:
                return "[]"
            items = [self.value(v, element, indent + 1) for v in value]
            return "[\n" + "".join(f"{inner}{i},\n" for i in items) + pad + "]"
        if not value:
            return "{}"
        if isinstance(type_, list) and type_[0] == "object":
            fields = type_[1]
            entries = [(camel(k), self.value(v, fields.get(k), indent + 1)) for k, v in sorted(value.items())]
        else:  # a map (keys are data) or dynamic JSON
            entries = [(json.dumps(k), self.value(v, element, indent + 1)) for k, v in sorted(value.items())]
        return "{\n" + "".join(f"{inner}{k}: {v},\n" for k, v in entries) + pad + "}"

    def body(self, body: dict, facts: dict | None, indent: int) -> list[tuple[str, str]]:
        """Arguments and nested blocks of one block as (property, TypeScript) pairs, for
        property lines at nesting level @p indent."""
        attributes = (facts or {}).get("attributes", {})
        blocks = (facts or {}).get("blocks", {})
        props = []
        for key, val in sorted(body.items()):
            if key in ("provider", "depends_on", "lifecycle", "count", "for_each"):
                continue
            if key in blocks:
                nested = blocks[key]
                items = val if isinstance(val, list) else [val]
                if nested["nesting"] == "single" or nested.get("max") == 1:
                    # cdktf types a block of at most one as an object, not a list.
                    props.append((camel(key), self.object(items[0], nested["block"], indent)))
                else:
                    pad = "  " * (indent + 1)
                    rendered = [self.object(item, nested["block"], indent + 1) for item in items]
                    props.append((camel(key), "[\n" + "".join(f"{pad}{r},\n" for r in rendered) + "  " * indent + "]"))
            else:
                props.append((camel(key), self.value(val, attributes.get(key, {}).get("type"), indent)))
        return props

    def object(self, body: dict, facts: dict | None, indent: int) -> str:
        props = self.body(body, facts, indent + 1)
        if not props:
            return "{}"
        pad = "  " * (indent + 1)
        return "{\n" + "".join(f"{pad}{k}: {v},\n" for k, v in props) + "  " * indent + "}"

    # ---- program --------------------------------------------------------------------
    def qualified(self, block: Block) -> str:
        if not self.index_import:
            return block.cls
        alias = "aws" if block.package == "@cdktf/provider-aws" else "random"
        return f"{alias}.{block.namespace}.{block.cls}"

    def construct(self, block: Block, providers: dict[str, str]) -> str:
        facts = self.facts["types"]["data" if block.kind == "data" else "resource"].get(block.type)
        props = self.body(block.body, facts, 3)
        provider = block.body.get("provider")
        if provider:
            props.append(("provider", providers[provider]))
        if "depends_on" in block.body:
            props.append(("dependsOn", "[" + ", ".join(self.by_address[a].var for a in block.body["depends_on"]) + "]"))
        if "lifecycle" in block.body:
            lifecycle = {camel(k): v for k, v in block.body["lifecycle"].items()}
            props.append(("lifecycle", json.dumps(lifecycle)))
        lines = [f"    const {block.var} = new {self.qualified(block)}(this, {json.dumps(block.address)}, {{"]
        lines += [f"      {k}: {v}," for k, v in props]
        lines.append("    });")
        lines.append(f"    {block.var}.overrideLogicalId({json.dumps(block.name)});")
        return "\n".join(lines)


def load(out_dir: Path) -> tuple[list[Block], dict, dict]:
    blocks, providers, outputs = [], {}, {}
    for path in sorted(out_dir.glob("*.tf.json")):
        document = json.loads(path.read_text())
        for kind in ("resource", "data"):
            for entry in document.get(kind, []):
                for type_, named in entry.items():
                    for name, body in named.items():
                        blocks.append(Block(kind, type_, name, body))
        if "ephemeral" in document:
            sys.exit("generate.py: ephemeral resources have no cdktf 0.21 equivalent; synth with the default spec")
        providers.update(document.get("provider", {}))
        outputs.update(document.get("output", {}))
    return blocks, providers, outputs


def dependency_order(blocks: list[Block]) -> list[Block]:
    """Blocks ordered so that every construct is declared before it is referenced."""
    by_address = {b.address: b for b in blocks}
    deps = {}
    for b in blocks:
        text = json.dumps(b.body)
        deps[b.address] = {m for m in ANY_REF.findall(text) if m in by_address and m != b.address}
    ordered, done = [], set()

    def visit(address: str, stack: tuple = ()):
        if address in done:
            return
        if address in stack:
            sys.exit(f"generate.py: dependency cycle through {address}")
        for d in sorted(deps[address]):
            visit(d, stack + (address,))
        done.add(address)
        ordered.append(by_address[address])

    for b in blocks:
        visit(b.address)
    return ordered


def program(blocks: list[Block], providers: dict, outputs: dict, facts: dict, index_import: bool) -> str:
    w = Writer(blocks, facts, index_import)
    used = sorted({(b.package, b.module, b.cls) for b in blocks})
    header = [
        "// Generated by benchmarks/compare/cdktf/generate.py from `rdha synth` output. Do not edit.",
        "// The rdha default HA stack for CDK for Terraform 0.21 + @cdktf/provider-aws 20.1.0,",
        "// " + ("package-index import (`import * as aws from \"@cdktf/provider-aws\"`)." if index_import
                 else "deep imports (`@cdktf/provider-aws/lib/<resource>`)."),
        'import { App, TerraformOutput, TerraformStack } from "cdktf";',
        'import { Construct } from "constructs";',
    ]
    if index_import:
        header.append('import * as aws from "@cdktf/provider-aws";')
        header.append('import * as random from "@cdktf/provider-random";')
        aws_provider, random_provider = "aws.provider.AwsProvider", "random.provider.RandomProvider"
    else:
        header.append('import { AwsProvider } from "@cdktf/provider-aws/lib/provider";')
        header.append('import { RandomProvider } from "@cdktf/provider-random/lib/provider";')
        header += [f'import {{ {cls} }} from "{package}/lib/{module}";' for package, module, cls in used]
        aws_provider, random_provider = "AwsProvider", "RandomProvider"

    lines = ["", "class HaStack extends TerraformStack {", "  constructor(scope: Construct, id: string) {",
             "    super(scope, id);"]
    provider_vars = {}
    for config in providers.get("aws", []):
        alias = config.get("alias", "")
        var = "aws" + pascal(alias or "primary") + "Provider"
        provider_vars["aws." + alias if alias else "aws"] = var
        props = [("region", json.dumps(config["region"]))]
        if alias:
            props.append(("alias", json.dumps(alias)))
        if "default_tags" in config:
            props.append(("defaultTags", "[{ tags: " + json.dumps(config["default_tags"]["tags"], sort_keys=True) + " }]"))
        lines.append(f"    const {var} = new {aws_provider}(this, {json.dumps(var)}, {{")
        lines += [f"      {k}: {v}," for k, v in props]
        lines.append("    });")
    if any(b.package == "@cdktf/provider-random" for b in blocks):
        lines.append(f'    new {random_provider}(this, "random");')
    for block in dependency_order(blocks):
        lines.append(w.construct(block, provider_vars))
    for name, output in sorted(outputs.items()):
        props = [("value", w.value(output["value"], None, 3))]
        if "description" in output:
            props.append(("description", json.dumps(output["description"])))
        if output.get("sensitive"):
            props.append(("sensitive", "true"))
        lines.append(f"    new TerraformOutput(this, {json.dumps(name)}, {{")
        lines += [f"      {k}: {v}," for k, v in props]
        lines.append("    });")
    lines += ["  }", "}", "",
              "// CDKTF_OUTDIR (read by App) chooses where cdk.tf.json goes.",
              "const app = new App();",
              'new HaStack(app, "rdha-ha");',
              "app.synth();", ""]
    return "\n".join(header + lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rdha_out", nargs="?", default=str(ROOT / "terraform_out"),
                        help="directory written by `rdha synth` (default: terraform_out/)")
    parser.add_argument("--facts", default=str(ROOT / "tools/schema/facts.json"))
    args = parser.parse_args()
    blocks, providers, outputs = load(Path(args.rdha_out))
    if not blocks:
        print(f"generate.py: no *.tf.json blocks in {args.rdha_out}", file=sys.stderr)
        return 2
    facts = json.loads(Path(args.facts).read_text())
    (HERE / "main.ts").write_text(program(blocks, providers, outputs, facts, index_import=False))
    (HERE / "main_index.ts").write_text(program(blocks, providers, outputs, facts, index_import=True))
    print(f"generate.py: {len(blocks)} blocks, {len(outputs)} outputs → main.ts, main_index.ts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
