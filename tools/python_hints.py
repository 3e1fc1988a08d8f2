"""tools/python_hints.py — the typed Python face of the bound types, for tools/gen_bindings.py.

Renders python/rdha/_typed_bindings.pyi from the same schema facts and the same bindings list
as the C++ headers: `@overload`s of Stack.add_resource / add_data / add_ephemeral with the
type name as a `Literal`, every settable argument of the type as a keyword-only parameter
typed from its cty type (required ones without a default), a TypedDict per nested block
(keys complete in an IDE), and last an overload for every other type the facts know,
taking any keywords. python/tools/stubgen.py makes this module's stub-only `Stack` the base
of `Stack` in python/rdha/_core.pyi.

The hints accept every value the run time accepts (python/bindings/convert.cpp converts
the value, src/schema/schema.cpp `value_fits` checks it), with two deliberate exceptions,
both of which type checkers cannot tell apart from a mistake: a number argument refuses
`str` (Terraform converts "3" to 3, but `evaluation_periods="three"` must be an error),
and a required argument must be passed when the block is added (the run time only checks
it in Stack.validate()). A Ref or Template (an interpolation) fits every argument.

There is no catch-all `str` overload: `Literal["aws_vpc"]` is a `str`, so a type checker
would fall through to it on every mistake in a typed call and report nothing. A type name
held in a `str` variable, or a type of a provider the facts do not cover, type-checks as
`typing.cast(typing.Any, name)`.

Python 3 standard library only; no imports from gen_bindings (it imports this module).
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass

PATH = "python/rdha/_typed_bindings.pyi"
# The stub-only class holding the overloads. python/tools/stubgen.py bases rdha._core.Stack
# on it; sharing the name makes type checkers' messages say `"add_resource" of "Stack"`.
STACK_BASE = "Stack"
METHODS = {"resource": "add_resource", "data": "add_data", "ephemeral": "add_ephemeral"}
# Keywords the run time takes as meta-arguments or the provider (python/bindings/core.cpp,
# edits_from); Terraform reserves these names, so no schema argument can use them.
META_ARGUMENTS = {
    "count": "Number | None",
    "depends_on": "DependsOn",
    "for_each": "Dynamic",
    "lifecycle": "LifecycleSettings",
}
RESERVED = frozenset([*META_ARGUMENTS, "provider"])
LINE = 100

# The value types of rdha._core the run time accepts as arguments (convert.cpp), shared by
# every hint below: one home for what an argument may hold.
PRELUDE = '''\
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, Protocol, Required, TypeAlias, TypedDict, TypeVar, overload, type_check_only

from ._core import ProviderRef, Ref, ResourceHandle, Template

_T = TypeVar("_T")

@type_check_only
class _PlainView(Protocol):
    """A live list or map of a spec (StringList, StringMap, ...): converted as its plain copy."""
    def _rdha_plain(self) -> object: ...

# An interpolation: an attribute reference (handle.arn), a variable, raw HCL, a template.
Expression: TypeAlias = Ref | Template
# Terraform converts any primitive to a string.
String: TypeAlias = str | int | float | Expression
# A number; the run time also takes a decimal string ("3"), which a type cannot tell from "three".
Number: TypeAlias = int | float | Expression
# Terraform converts the strings "true", "false", "1" and "0" to a bool.
Bool: TypeAlias = bool | Literal["true", "false", "1", "0"] | Expression
Dynamic: TypeAlias = object
ListOf: TypeAlias = Sequence[_T] | _PlainView | Expression
MapOf: TypeAlias = Mapping[str, _T] | _PlainView | Expression
Object: TypeAlias = Mapping[str, object] | Expression
# A nested block: its TypedDict (keys complete in an IDE) or any dict, as the run time takes.
Block: TypeAlias = _T | Mapping[str, object]
# A list or set block: one body or a list of bodies.
BlockList: TypeAlias = _T | Mapping[str, object] | Sequence[_T | Mapping[str, object]]
# A map block: bodies by key.
BlockMap: TypeAlias = Mapping[str, _T | Mapping[str, object]]

class Lifecycle(TypedDict, total=False):
    create_before_destroy: bool
    prevent_destroy: bool
    ignore_changes: str | Sequence[str]
    replace_triggered_by: Sequence[Ref | ResourceHandle | str]

LifecycleSettings: TypeAlias = Lifecycle | Mapping[str, object]
DependsOn: TypeAlias = ResourceHandle | Iterable[ResourceHandle]
'''


class HintError(ValueError):
    """A schema name the hints cannot spell; gen_bindings reports it as its own error."""


@dataclass
class BoundType:
    kind: str
    type_name: str
    doc_url: str
    block: dict


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def value_hint(cty: object) -> str:
    """The hint for a value of cty type @p cty (as src/schema/schema.cpp value_fits checks it)."""
    if cty == "string":
        return "String"
    if cty == "number":
        return "Number"
    if cty == "bool":
        return "Bool"
    if isinstance(cty, list) and len(cty) == 2 and cty[0] in ("list", "set"):
        return f"ListOf[{value_hint(cty[1])}]"
    if isinstance(cty, list) and len(cty) == 2 and cty[0] == "map":
        return f"MapOf[{value_hint(cty[1])}]"
    if isinstance(cty, list) and cty and cty[0] == "object":
        return "Object"
    if isinstance(cty, list) and cty and cty[0] == "tuple":
        return "ListOf[Dynamic]"
    return "Dynamic"


def _settable(facts: dict) -> bool:
    return bool(facts.get("required") or facts.get("optional"))


def _is_keyword_name(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


class HintsWriter:
    """Renders the module: TypedDicts first (inner before outer), then the class. A block's
    TypedDict is named by its path, `AwsS3Bucket_LifecycleRule_Expiration`: the underscores
    keep `aws_s3_bucket` + `server_side_encryption_configuration` apart from the type
    `aws_s3_bucket_server_side_encryption_configuration`."""

    def __init__(self, types: list[BoundType], unbound: dict[str, list[str]], banner: str):
        self.types = types
        self.unbound = unbound
        self.banner = banner
        self.typed_dicts: list[str] = []
        self.typed_dict_names: dict[str, str] = {}  # name -> path it was made for

    def typed_dict(self, name: str, block: dict, path: str) -> str:
        """Writes the TypedDict of a block body (and of the blocks inside it); returns its name."""
        if name in self.typed_dict_names:
            raise HintError(f"{path}: TypedDict name {name} is also made for {self.typed_dict_names[name]}")
        self.typed_dict_names[name] = path
        fields = []
        for key, facts in block.get("attributes", {}).items():
            if not _settable(facts):
                continue
            hint = value_hint(facts["type"])
            fields.append((key, f"Required[{hint}]" if facts.get("required") else f"{hint} | None"))
        for key, nested in block.get("blocks", {}).items():
            hint = self.block_hint(f"{name}_{pascal(key)}", nested, f"{path}.{key}")
            fields.append((key, f"Required[{hint}]" if nested["min"] > 0 else hint))
        if all(_is_keyword_name(key) for key, _ in fields):
            lines = [f"class {name}(TypedDict, total=False):"]
            lines += [f"    {key}: {hint}" for key, hint in fields] or ["    pass"]
        else:  # a key Python cannot spell as an identifier: the functional form
            lines = [f"{name} = TypedDict(\"{name}\", {{"]
            lines += [f"    \"{key}\": {hint}," for key, hint in fields]
            lines += ["}, total=False)"]
        self.typed_dicts.append("\n".join(lines))
        return name

    def block_hint(self, name: str, nested: dict, path: str) -> str:
        body = self.typed_dict(name, nested["block"], path)
        if nested["nesting"] == "single":
            return f"Block[{body}]"
        if nested["nesting"] == "map":
            return f"BlockMap[{body}]"
        return f"BlockList[{body}]"

    def signature(self, bound: BoundType, method: str) -> list[str]:
        prefix = {"resource": "", "data": "Data", "ephemeral": "Ephemeral"}[bound.kind]
        required, optional = [], []
        takes_any = False
        attributes = bound.block.get("attributes", {})
        blocks = bound.block.get("blocks", {})
        for name in sorted([*attributes, *blocks]):
            if name in RESERVED or (name in attributes and not _settable(attributes[name])):
                continue  # a meta-argument keyword at run time, or computed only
            if not _is_keyword_name(name):
                takes_any = True  # settable only as **{"name": value}
                continue
            if name in attributes:
                hint = value_hint(attributes[name]["type"])
                is_required = bool(attributes[name].get("required"))
            else:
                hint = self.block_hint(f"{prefix}{pascal(bound.type_name)}_{pascal(name)}", blocks[name],
                                       f"{bound.type_name}.{name}")
                is_required = blocks[name]["min"] > 0
            if is_required:
                required.append(f"{name}: {hint}")
            else:  # null leaves an argument unset; a block must be a dict
                optional.append(f"{name}: {hint} = ..." if name in blocks else f"{name}: {hint} | None = ...")
        optional += [f"{name}: {hint} = ..." for name, hint in META_ARGUMENTS.items()]
        parameters = ["self", f"__type: Literal[\"{bound.type_name}\"]", "__name: str",
                      "provider: ProviderRef | str | None = ...", "*", *required, *optional]
        if takes_any:
            parameters.append("**kwargs: object")
        lines = [f"    def {method}("]
        lines += [f"        {parameter}," for parameter in parameters]
        lines += ["    ) -> ResourceHandle:", f"        \"\"\"`{bound.type_name}`: {bound.doc_url}\"\"\""]
        return lines

    def fallback(self, method: str, type_hint: str) -> list[str]:
        """The signature taking any keywords, for the type names @p type_hint allows."""
        return [f"    def {method}(self, __type: {type_hint}, __name: str, provider: ProviderRef | str | None = ..., "
                f"**kwargs: object) -> ResourceHandle: ..."]

    def render(self) -> str:
        aliases: list[str] = []
        methods: list[str] = []
        for kind, method in METHODS.items():
            bound = [t for t in self.types if t.kind == kind]
            unbound = self.unbound.get(kind, [])
            alias = None
            if unbound:
                alias = f"Untyped{pascal(kind)}Type"
                aliases.append(f"# Every other {kind} type of the providers the facts cover: any keywords.")
                aliases.append(f"{alias}: TypeAlias = Literal[")
                aliases += wrap([f"\"{name}\"" for name in unbound], "    ")
                aliases.append("]")
            if not bound:
                methods += self.fallback(method, "str")  # nothing typed: any name
                continue
            signatures = [self.signature(t, method) for t in bound]
            if alias:
                signatures.append(self.fallback(method, alias))
            if len(signatures) == 1:  # one signature is no overload
                methods += signatures[0]
            else:
                methods += [line for signature in signatures for line in ["    @overload", *signature]]
        parts = [*(f"# {line}" for line in self.banner.splitlines()), "", PRELUDE.rstrip("\n"), "", *self.typed_dicts, *aliases, "",
                 "@type_check_only", f"class {STACK_BASE}:",
                 "    \"\"\"Stack.add_resource / add_data / add_ephemeral, one signature per bound type",
                 "    (stub-only: the base of rdha._core.Stack in the stubs, not at run time).\"\"\"",
                 *methods]
        return "\n".join(parts) + "\n"


def wrap(words: list[str], indent: str) -> list[str]:
    """@p words comma-separated in lines of at most LINE characters."""
    lines: list[str] = []
    current = ""
    for word in words:
        piece = f"{word},"
        if current and len(indent) + len(current) + 1 + len(piece) > LINE:
            lines.append(indent + current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        lines.append(indent + current)
    return lines


def render(types: list[BoundType], unbound: dict[str, list[str]], banner: str) -> str:
    """The text of python/rdha/_typed_bindings.pyi."""
    return HintsWriter(types, unbound, banner).render()
