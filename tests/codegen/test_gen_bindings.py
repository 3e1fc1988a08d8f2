"""Tests of tools/gen_bindings.py: per-fixture snapshots of the generated files, error
reporting, drift detection of the committed outputs, and (when terraform and the offline
plugin dir are available) live re-extraction of the committed facts.

Runs under `/usr/bin/python3 -m pytest tests/codegen` and plain unittest
(`python3 -m unittest discover -s tests/codegen`). Set RDHA_UPDATE_CODEGEN_FIXTURES=1 to
rewrite the expected files of the fixtures after an intended generator change.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "tools" / "gen_bindings.py"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
UPDATE = os.environ.get("RDHA_UPDATE_CODEGEN_FIXTURES") == "1"

_spec = importlib.util.spec_from_file_location("gen_bindings", GENERATOR)
gen = importlib.util.module_from_spec(_spec)
sys.modules["gen_bindings"] = gen
_spec.loader.exec_module(gen)


def generate_fixture(case: Path) -> dict[str, str]:
    """Every file the generator writes for a fixture, keyed by path relative to the root."""
    bindings = gen.parse_bindings((case / "bindings.txt").read_text(encoding="utf-8"))
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(case.glob("schema*.json"))]
    facts = gen.extract_facts(documents, bindings)
    return {"tools/schema/facts.json": gen.render_facts(facts), **gen.render_outputs(facts, bindings)}


def run_generator(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(GENERATOR), *args], capture_output=True, text=True)


class FixtureSnapshots(unittest.TestCase):
    """Each fixture's schema generates exactly its expected files."""

    def check_case(self, name: str) -> None:
        case = FIXTURES / name
        expected_root = case / "expected"
        generated = generate_fixture(case)
        if UPDATE:
            shutil.rmtree(expected_root, ignore_errors=True)
            for rel, text in generated.items():
                (expected_root / rel).parent.mkdir(parents=True, exist_ok=True)
                (expected_root / rel).write_text(text, encoding="utf-8")
        on_disk = sorted(p.relative_to(expected_root).as_posix() for p in expected_root.rglob("*") if p.is_file())
        self.assertEqual(sorted(generated), on_disk, f"{name}: generated file set differs from {expected_root}")
        for rel, text in generated.items():
            self.assertEqual((expected_root / rel).read_text(encoding="utf-8"), text, f"{name}: {rel} differs")

    def test_scalars_and_collections(self):
        self.check_case("scalars_and_collections")

    def test_nested_blocks(self):
        self.check_case("nested_blocks")

    def test_framework_and_kinds(self):
        self.check_case("framework_and_kinds")


class GeneratedShape(unittest.TestCase):
    """The rules the snapshots encode, stated one by one."""

    @classmethod
    def setUpClass(cls):
        cls.widget = generate_fixture(FIXTURES / "scalars_and_collections")
        cls.pipeline = generate_fixture(FIXTURES / "nested_blocks")
        cls.framework = generate_fixture(FIXTURES / "framework_and_kinds")
        cls.widget_hpp = cls.widget["include/rdha/demo/widget.hpp"]
        cls.pipeline_hpp = cls.pipeline["include/rdha/demo/pipeline.hpp"]

    def test_facts_keep_types_and_flags_but_no_prose(self):
        facts = json.loads(self.widget["tools/schema/facts.json"])
        widget = facts["types"]["resource"]["demo_widget"]
        self.assertEqual(widget["attributes"]["name"], {"required": True, "type": "string"})
        self.assertEqual(widget["attributes"]["secret_wo"],
                         {"optional": True, "sensitive": True, "type": "string", "write_only": True})
        self.assertEqual(widget["attributes"]["matrix"]["type"], ["list", ["list", "number"]])
        self.assertEqual(facts["providers"], {"demo": {"source": "example/demo", "version": "1.2.3"}})
        for text in self.widget.values():
            self.assertNotIn("Prose", text)
            self.assertNotIn("description", text)

    def test_nested_type_becomes_cty_type(self):
        rule = json.loads(self.framework["tools/schema/facts.json"])["types"]["resource"]["demo_rule"]
        self.assertEqual(rule["attributes"]["match"]["type"],
                         ["object", {"field": "string", "values": ["set", "string"]}])
        self.assertEqual(rule["attributes"]["ports"]["type"], ["list", ["object", {"from": "number", "to": "number"}]])
        self.assertEqual(rule["attributes"]["routes"]["type"],
                         ["map", ["object", {"hops": ["list", ["object", {"address": "string"}]]}]])
        self.assertEqual(rule["attributes"]["targets"],
                         {"optional": True, "sensitive": True, "type": ["set", ["object", {"arn": "string"}]]})

    def test_group_nesting_is_single_and_counts_are_kept(self):
        pipeline = json.loads(self.pipeline["tools/schema/facts.json"])["types"]["resource"]["demo_pipeline"]
        stage = pipeline["blocks"]["stage"]
        self.assertEqual((stage["nesting"], stage["min"], stage["max"]), ("list", 1, 5))
        self.assertEqual(stage["block"]["blocks"]["action"]["block"]["blocks"]["config"]["nesting"], "single")

    def test_setters_take_the_schema_type(self):
        for line in (
            "Widget& name(const Arg<tf::String>& value) { put(\"name\", value.json()); return *this; }",
            "Widget& size(const Arg<tf::Number>& value)",
            "Widget& enabled(const Arg<tf::Bool>& value)",
            "Widget& zones(const Arg<tf::List<tf::String>>& value)",
            "Widget& ids(const Arg<tf::Set<tf::String>>& value)",
            "Widget& labels(const Arg<tf::Map<tf::String>>& value)",
            "Widget& matrix(const Arg<tf::List<tf::List<tf::Number>>>& value)",
            "Widget& settings(const Arg<tf::Dynamic>& value)",
            "Widget& pair(const Arg<tf::Dynamic>& value)",
        ):
            self.assertIn(line, self.widget_hpp)

    def test_computed_only_attributes_get_a_reference_but_no_setter(self):
        self.assertIn('Attr<tf::String> arn() const { return attr<tf::String>("arn"); }', self.widget_hpp)
        self.assertNotIn("Widget& arn(", self.widget_hpp)
        self.assertIn("/// Reference to `token` (string, computed, sensitive).", self.widget_hpp)

    def test_write_only_arguments_get_a_setter_but_no_reference(self):
        self.assertIn("/// `secret_wo` (string, optional, sensitive, write-only (Terraform >= 1.11)).", self.widget_hpp)
        self.assertIn("Widget& secret_wo(const Arg<tf::String>& value)", self.widget_hpp)
        self.assertNotIn("secret_wo() const", self.widget_hpp)

    def test_keywords_and_base_members_get_a_trailing_underscore(self):
        for terraform, cpp in (("class", "class_"), ("count", "count_"), ("delete", "delete_"),
                               ("namespace", "namespace_"), ("operator", "operator_"), ("set", "set_"),
                               ("default", "default_")):
            self.assertIn(f'Widget& {cpp}(const Arg<', self.widget_hpp)
            self.assertIn(f'put("{terraform}", value.json())', self.widget_hpp)
        self.assertIn('Attr<tf::String> json_() const { return attr<tf::String>("json"); }', self.widget_hpp)
        self.assertIn('depends_on_() const { return attr<tf::List<tf::String>>("depends_on"); }', self.widget_hpp)

    def test_every_base_class_member_is_escaped(self):
        header = (ROOT / "include" / "rdha" / "core" / "handle.hpp").read_text(encoding="utf-8")
        # `<return type> name(` at the start of a line, and data members `name_ =` / `name_;`.
        declared = set(re.findall(r"^\s*(?:template\s*<[^>]*>\s*)?(?:[\w:<>]+[\s&*]+)+([a-z]\w*)\s*\(",
                                  header, re.MULTILINE))
        declared |= set(re.findall(r"\b([a-z]\w*_)\s*(?:=|;)", header))
        declared -= {"operator", "return"}
        self.assertTrue({"set", "attr", "put", "json", "append_block"} <= declared, declared)
        self.assertEqual(declared - gen.BASE_MEMBERS, set(),
                         "members of ResourceHandle/BlockBuilder a generated name would hide; add them to BASE_MEMBERS")

    def test_blocks_get_builders_with_their_nesting(self):
        self.assertIn("/// Nested block `stage` (list, 1 to 5).", self.pipeline_hpp)
        self.assertIn('Pipeline& stage(const Stage& block) { append_block("stage", block.json(), /*single=*/false); '
                      "return *this; }", self.pipeline_hpp)
        self.assertIn('Pipeline& timeouts(const Timeouts& block) { append_block("timeouts", block.json(), '
                      "/*single=*/true); return *this; }", self.pipeline_hpp)
        self.assertIn('Stage& action(const Action& block) { append("action", block.json()); return *this; }',
                      self.pipeline_hpp)
        self.assertIn('Action& config(const Config& block) { put("config", block.json()); return *this; }',
                      self.pipeline_hpp)
        self.assertIn("/// Nested block `action` (set, at least 1).", self.pipeline_hpp)
        self.assertNotIn("Stage& position(", self.pipeline_hpp)  # computed inside a block: no setter

    def test_builder_names_never_hide_the_class_or_rdha_types(self):
        self.assertIn("struct AttrBlock : BlockBuilder {", self.pipeline_hpp)
        self.assertIn("Pipeline& attr_(const AttrBlock& block)", self.pipeline_hpp)
        self.assertIn("struct PipelineBlock : BlockBuilder {", self.pipeline_hpp)

    def test_kinds_map_to_namespaces_paths_and_registry_links(self):
        lookup = self.framework["include/rdha/demo/data/lookup.hpp"]
        self.assertIn("namespace rdha::demo::data {", lookup)
        self.assertIn("static constexpr Kind kKind = Kind::data;", lookup)
        self.assertIn("https://registry.terraform.io/providers/example/demo/1.2.3/docs/data-sources/lookup", lookup)
        token = self.framework["include/rdha/demo/ephemeral/token.hpp"]
        self.assertIn("namespace rdha::demo::ephemeral {", token)
        self.assertIn("docs/ephemeral-resources/token", token)
        self.assertEqual(self.framework["include/rdha/other/other.hpp"].count("#include"), 1)
        self.assertIn('#include "rdha/demo/data/lookup.hpp"', self.framework["include/rdha/demo/demo.hpp"])

    def test_facts_hold_every_type_of_the_provider_one_line_each(self):
        text = self.framework["tools/schema/facts.json"]
        facts = json.loads(text)
        bound = gen.parse_bindings((FIXTURES / "framework_and_kinds" / "bindings.txt").read_text(encoding="utf-8"))
        self.assertIn("other_unlisted", facts["types"]["resource"])  # in the schema, not in bindings.txt
        self.assertNotIn("other_unlisted", bound.types["resource"])
        self.assertNotIn("include/rdha/other/unlisted.hpp", self.framework)  # no binding header for it
        lines = [line.rstrip(",") for line in text.splitlines()]
        for kind, group in facts["types"].items():
            for name, body in group.items():
                self.assertIn(f'   "{name}": {gen.compact_json(body)}', lines)

    def test_embedded_facts_are_each_types_text_found_through_the_index(self):
        facts = json.loads(self.framework["tools/schema/facts.json"])
        shards = {}
        for rel, source in self.framework.items():
            match = re.match(r"src/schema/facts/shard_(\d+)\.cpp$", rel)
            if match:
                pieces = re.findall(r'R"rdha\((.*?)\)rdha"', source, re.DOTALL)
                self.assertTrue(all(len(piece) <= gen.RAW_CHUNK for piece in pieces))
                shards[int(match.group(1))] = "".join(pieces)
        index = self.framework["src/schema/facts/index.cpp"]
        self.assertIn("constinit const FactsTable kFactsTable{kNames, kEntries, kShards, kProviders};", index)
        names = "".join(re.findall(r'R"rdha\((.*?)\)rdha"', index.split("kNames[] =")[1].split(";")[0], re.DOTALL))
        entries = [(kind, names[int(start):int(start) + int(length)], shard, offset, size) for kind, start, length,
                   shard, offset, size in re.findall(r'\{Kind::(\w+), (\d+), (\d+), (\d+), (\d+), (\d+)\},', index)]
        order = {kind: i for i, kind in enumerate(gen.KINDS)}
        self.assertEqual([(k, n) for k, n, *_ in entries], sorted(((k, n) for k, n, *_ in entries),
                                                                  key=lambda e: (order[e[0]], e[1])))
        self.assertEqual(len(entries), sum(len(group) for group in facts["types"].values()))
        for kind, name, shard, offset, size in entries:
            text = shards[int(shard)][int(offset):int(offset) + int(size)]
            self.assertEqual(json.loads(text), facts["types"][kind][name])

    def test_long_facts_split_into_shards_and_pieces(self):
        facts = json.loads(self.widget["tools/schema/facts.json"])
        body = facts["types"]["resource"]["demo_widget"]
        facts["types"]["resource"] = {f"demo_w{i:03d}": body for i in range(
            gen.SHARD_CHARS // len(gen.compact_json(body)) + 2)}
        outputs = gen.render_embedded_facts(facts)
        self.assertEqual(sorted(outputs), ["src/schema/facts/index.cpp", "src/schema/facts/shard_00.cpp",
                                           "src/schema/facts/shard_01.cpp"])
        self.assertIn('{Kind::resource, 0, 9, 0, 0, ', outputs["src/schema/facts/index.cpp"])


class PythonHints(unittest.TestCase):
    """python/rdha/_typed_bindings.pyi: the typed add_resource overloads from the same facts."""

    PATH = "python/rdha/_typed_bindings.pyi"

    @classmethod
    def setUpClass(cls):
        cls.widget = generate_fixture(FIXTURES / "scalars_and_collections")[cls.PATH]
        cls.pipeline = generate_fixture(FIXTURES / "nested_blocks")[cls.PATH]
        cls.framework = generate_fixture(FIXTURES / "framework_and_kinds")[cls.PATH]

    def signature(self, text: str, type_name: str) -> str:
        start = text.index(f'__type: Literal["{type_name}"]')
        return text[start:text.index(") -> ResourceHandle:", start)]

    def test_required_arguments_have_no_default_and_optional_ones_take_none(self):
        widget = self.signature(self.widget, "demo_widget")
        self.assertIn("    *,\n        name: String,\n        operator: String,\n", widget)
        self.assertIn("size: Number | None = ...,", widget)
        self.assertIn("enabled: Bool | None = ...,", widget)
        self.assertIn("matrix: ListOf[ListOf[Number]] | None = ...,", widget)
        self.assertIn("labels: MapOf[String] | None = ...,", widget)
        self.assertIn("anything: Dynamic | None = ...,", widget)

    def test_computed_only_and_meta_argument_names_are_not_keywords(self):
        widget = self.signature(self.widget, "demo_widget")
        self.assertNotIn("arn:", widget)  # computed only
        self.assertEqual(widget.count("count:"), 1)  # the schema's `count` is the meta-argument at run time
        self.assertIn("count: Number | None = ...,", widget)
        self.assertIn("depends_on: DependsOn = ...,", widget)

    def test_a_python_keyword_argument_opens_the_signature_to_any_keyword(self):
        # `class` cannot be a parameter: it is passed as **{"class": ...}, so the type takes any keyword.
        widget = self.signature(self.widget, "demo_widget")
        self.assertNotIn("class:", widget)
        self.assertTrue(widget.rstrip().endswith("**kwargs: object,"))

    def test_blocks_are_typed_dicts_with_their_nesting_and_required_keys(self):
        pipeline = self.signature(self.pipeline, "demo_pipeline")
        self.assertIn("stage: BlockList[DemoPipeline_Stage],", pipeline)  # min_items 1: required
        self.assertIn("timeouts: Block[DemoPipeline_Timeouts] = ...,", pipeline)
        self.assertIn("class DemoPipeline_Stage(TypedDict, total=False):\n    name: Required[String]\n"
                      "    action: Required[BlockList[DemoPipeline_Stage_Action]]\n", self.pipeline)
        self.assertIn("    config: Block[DemoPipeline_Stage_Action_Config]\n", self.pipeline)

    def test_kinds_have_their_methods_and_other_types_a_last_overload(self):
        text = self.framework
        self.assertIn('UntypedResourceType: TypeAlias = Literal[\n    "other_unlisted",\n]', text)
        self.assertTrue(text.index('Literal["other_thing"]') < text.index("__type: UntypedResourceType"))
        self.assertIn("def add_data(\n        self,\n        __type: Literal[\"demo_lookup\"],", text)
        self.assertIn("def add_ephemeral(\n        self,\n        __type: Literal[\"demo_token\"],", text)
        self.assertIn("/docs/data-sources/lookup", text)
        # A kind with no bound type keeps the untyped signature; one signature is no overload.
        self.assertIn("    def add_data(self, __type: str, __name: str,", self.pipeline)
        self.assertNotIn("@overload", self.pipeline)

    def test_no_catch_all_str_overload_behind_typed_ones(self):
        # A Literal name is a str: a `str` overload would accept every mistaken typed call.
        self.assertNotIn("def add_resource(self, __type: str", self.framework)

    @unittest.skipUnless(importlib.util.find_spec("mypy"), "mypy (Debian python3-mypy) is not installed")
    def test_fixture_hints_pass_mypy_strict(self):
        """Every fixture's hints (keyword names, functional TypedDicts, nesting) are valid stubs."""
        with tempfile.TemporaryDirectory() as work:
            core = ("class Ref: ...\nclass Template: ...\nclass ProviderRef: ...\nclass ResourceHandle: ...\n"
                    "from ._typed_bindings import Stack as _TypedStack\nclass Stack(_TypedStack): ...\n")
            for case in ("scalars_and_collections", "nested_blocks", "framework_and_kinds"):
                package = Path(work) / case / "rdha"
                package.mkdir(parents=True)
                (package / "__init__.pyi").write_text("", encoding="utf-8")
                (package / "_core.pyi").write_text(core, encoding="utf-8")
                (package / "_typed_bindings.pyi").write_text(
                    generate_fixture(FIXTURES / case)[self.PATH], encoding="utf-8")
                result = subprocess.run(
                    [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(Path(work) / "cache"),
                     "-p", "rdha"], capture_output=True, text=True, cwd=Path(work) / case)
                self.assertEqual(result.returncode, 0, f"{case}: {result.stdout}{result.stderr}")


class GeneratorErrors(unittest.TestCase):
    """Inputs the generator refuses, with a message naming the culprit."""

    def setUp(self):
        self.schema = json.loads((FIXTURES / "scalars_and_collections" / "schema.json").read_text(encoding="utf-8"))

    def test_listed_type_missing_from_schema(self):
        bindings = gen.parse_bindings("provider demo example/demo 1.2.3\nresource demo_gadget\n")
        with self.assertRaisesRegex(gen.GenError, r"registry.terraform.io/example/demo has no resource 'demo_gadget'"):
            gen.extract_facts([self.schema], bindings)

    def test_provider_missing_from_schema(self):
        bindings = gen.parse_bindings("provider aws hashicorp/aws 5.100.0\nresource aws_vpc\n")
        with self.assertRaisesRegex(gen.GenError, r"no schema for provider registry.terraform.io/hashicorp/aws"):
            gen.extract_facts([self.schema], bindings)

    def test_type_without_declared_provider(self):
        with self.assertRaisesRegex(gen.GenError, r"x.txt:2: type 'aws_vpc' has no declared provider 'aws'"):
            gen.parse_bindings("provider demo example/demo 1.2.3\nresource aws_vpc\n", "x.txt")

    def test_names_that_collide_after_escaping(self):
        attributes = self.schema["provider_schemas"]["registry.terraform.io/example/demo"]["resource_schemas"][
            "demo_widget"]["block"]["attributes"]
        attributes["delete_"] = {"type": "string", "optional": True}
        facts = gen.extract_facts([self.schema], gen.parse_bindings(
            (FIXTURES / "scalars_and_collections" / "bindings.txt").read_text(encoding="utf-8")))
        with self.assertRaisesRegex(gen.GenError, r"demo_widget: 'delete_' and 'delete' both map to C\+\+ member"):
            gen.render_outputs(facts, gen.parse_bindings(
                (FIXTURES / "scalars_and_collections" / "bindings.txt").read_text(encoding="utf-8")))


class CommittedOutputs(unittest.TestCase):
    """The committed headers and the embedded facts (src/schema/facts/) are what the committed facts generate."""

    def test_check_passes_on_the_repository(self):
        result = run_generator("--check")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_check_lists_drifted_and_stale_files(self):
        with tempfile.TemporaryDirectory(prefix="rdha-codegen-") as tmp:
            root = Path(tmp)
            for rel in ("tools/bindings.txt", "tools/schema/facts.json"):
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(ROOT / rel, root / rel)
            self.assertEqual(run_generator("--root", tmp).returncode, 0)
            self.assertEqual(run_generator("--root", tmp, "--check").returncode, 0)

            vpc = root / "include/rdha/aws/vpc.hpp"
            vpc.write_text(vpc.read_text(encoding="utf-8").replace("cidr_block", "cidr"), encoding="utf-8")
            (root / "include/rdha/aws/gone.hpp").write_text(f"// {gen.BANNER_MARK}\n", encoding="utf-8")
            (root / "include/rdha/aws/hand_written.hpp").write_text("// not generated\n", encoding="utf-8")
            result = run_generator("--root", tmp, "--check")
            self.assertEqual(result.returncode, 1)
            self.assertIn("include/rdha/aws/vpc.hpp", result.stderr)
            self.assertIn("include/rdha/aws/gone.hpp (stale)", result.stderr)
            self.assertNotIn("hand_written", result.stderr)

            self.assertEqual(run_generator("--root", tmp).returncode, 0)
            self.assertFalse((root / "include/rdha/aws/gone.hpp").exists())
            self.assertTrue((root / "include/rdha/aws/hand_written.hpp").exists())
            self.assertEqual(run_generator("--root", tmp, "--check").returncode, 0)

    def test_bindings_txt_may_list_only_types_the_facts_have(self):
        with tempfile.TemporaryDirectory(prefix="rdha-codegen-") as tmp:
            root = Path(tmp)
            (root / "tools/schema").mkdir(parents=True)
            shutil.copy(ROOT / "tools/schema/facts.json", root / "tools/schema/facts.json")
            text = (ROOT / "tools/bindings.txt").read_text(encoding="utf-8")
            (root / "tools/bindings.txt").write_text(text + "resource aws_sqs_queues\n", encoding="utf-8")
            result = run_generator("--root", tmp, "--check")
            self.assertEqual(result.returncode, 2)
            self.assertIn("lists resource 'aws_sqs_queues', which the facts do not have", result.stderr)


@unittest.skipUnless(shutil.which("g++"), "g++ is not installed")
class FixtureHeadersCompile(unittest.TestCase):
    """The expected fixture headers (keyword names, nested builders) are valid C++20."""

    def test_fixture_headers_compile_with_warnings(self):
        # One translation unit for all fixtures: their class names are distinct.
        headers = sorted(h for h in FIXTURES.glob("*/expected/include/rdha/*/**/*.hpp")
                         if h.stem != h.parent.name)  # umbrellas share a path across fixtures
        self.assertGreater(len(headers), 5)
        source = "".join(f'#include "{h.as_posix()}"\n' for h in headers)
        result = subprocess.run(
            ["g++", "-std=c++20", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-fsyntax-only",
             f"-I{ROOT / 'include'}", "-x", "c++", "-"],
            input=source, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)


class LiveSchema(unittest.TestCase):
    """Re-extracting the facts from the real providers reproduces the committed facts."""

    def skip(self, reason: str) -> None:
        print(f"\nLiveSchema skipped: {reason}", file=sys.stderr)
        self.skipTest(reason)

    def plugin_dir(self) -> Path:
        if os.environ.get("RDHA_PLUGIN_DIR"):
            return Path(os.environ["RDHA_PLUGIN_DIR"])
        env = dict(os.environ, TF_STANDIN_NO_APT="1")
        result = subprocess.run(["bash", str(ROOT / "tools" / "plugin_dir.sh")], capture_output=True, text=True,
                                env=env)
        if result.returncode != 0:
            self.skip(f"tools/plugin_dir.sh could not build the offline plugin dir: {result.stderr.strip()[-300:]}")
        return Path(result.stdout.strip())

    def test_live_extraction_matches_committed_facts(self):
        if shutil.which("terraform") is None:
            self.skip("terraform is not on PATH")
        plugin_dir = self.plugin_dir()
        bindings = gen.parse_bindings((ROOT / "tools" / "bindings.txt").read_text(encoding="utf-8"))
        for provider in bindings.providers.values():
            if not list((plugin_dir / "registry.terraform.io" / provider.source / provider.version).glob("*/*")):
                self.skip(f"{plugin_dir} does not serve {provider.source} {provider.version}")
        result = run_generator("--live", "--check", "--plugin-dir", str(plugin_dir))
        self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    unittest.main()
