"""Every C++ error class reaches Python as its rdha.* class with the same message and its
structured parts, for a representative bad input each."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import rdha


def test_hierarchy_is_rooted_at_rdha_error():
    for cls in (rdha.SpecError, rdha.GraphError, rdha.SchemaError, rdha.EmitError, rdha.ValidationError,
                rdha.InternalError):
        assert issubclass(cls, rdha.Error)
    assert issubclass(rdha.CycleError, rdha.GraphError)
    assert issubclass(rdha.Error, Exception)
    assert rdha.errors.SpecError is rdha.SpecError


def test_spec_error_lists_every_problem():
    spec = rdha.HaStackSpec()
    spec.database.port = 80
    spec.name_suffix = "-UPPER"
    with pytest.raises(rdha.SpecError) as error:
        rdha.build_ha_stack(spec)
    e = error.value
    assert (e.kind, e.code, e.subject) == ("spec", "invalid", "")
    assert str(e).startswith("[rdha.spec.invalid] ")
    assert f"{len(e.problems)} problems found:" in str(e)
    assert "database.port" in [p.subject for p in e.problems]
    assert all(isinstance(p, rdha.Problem) for p in e.problems)
    assert e.message in str(e)


def test_graph_error_for_a_duplicate_address():
    stack = rdha.Stack()
    stack.add_provider("aws", "us-east-1")
    stack.add_resource("aws_vpc", "main")
    with pytest.raises(rdha.GraphError) as error:
        stack.add_resource("aws_vpc", "main")
    assert str(error.value) == (
        "[rdha.graph.duplicate_address] (aws_vpc.main) is declared twice. Give each block a unique local name "
        "within its type."
    )
    assert (error.value.kind, error.value.code, error.value.subject) == ("graph", "duplicate_address", "aws_vpc.main")
    assert error.value.message == "is declared twice. Give each block a unique local name within its type."


def test_graph_error_for_an_undeclared_provider():
    stack = rdha.Stack()
    with pytest.raises(rdha.GraphError, match=r'\(aws_vpc.main\) uses provider configuration "aws.dr", which is not declared'):
        stack.add_resource("aws_vpc", "main", provider="aws.dr")


def test_cycle_error_lists_the_cycle():
    stack = rdha.Stack()
    stack.add_provider("aws", "us-east-1")
    a = stack.add_resource("aws_security_group", "a")
    b = stack.add_resource("aws_security_group", "b", description=a.id)
    a.set(description=b.id)
    with pytest.raises(rdha.CycleError) as error:
        stack.topological_order()
    e = error.value
    assert isinstance(e, rdha.GraphError)
    assert e.code == "cycle"
    assert e.cycles == [["aws_security_group.a", "aws_security_group.b", "aws_security_group.a"]]
    assert e.self_references == []
    assert "Cycle: aws_security_group.a -> aws_security_group.b -> aws_security_group.a" in str(e)
    with pytest.raises(rdha.ValidationError) as error:
        stack.validate()
    assert error.value.code == "cycle"
    assert [p.subject for p in error.value.problems] == [""]
    assert error.value.cycles == e.cycles and error.value.self_references == []


def test_validation_error_lists_cycles_and_self_references_among_other_problems(tmp_path):
    stack = rdha.Stack()
    stack.add_provider("aws", "us-east-1")
    a = stack.add_resource("aws_security_group", "a")
    a.set(description=a.id)
    stack.add_resource("aws_subnet", "s", vpc_id=rdha.Ref("aws_vpc.missing.id"))
    with pytest.raises(rdha.ValidationError) as error:
        stack.synth(tmp_path / "out")
    assert error.value.code == "failed" and len(error.value.problems) >= 2
    assert error.value.cycles == [] and error.value.self_references == ["aws_security_group.a"]


def test_validation_error_without_a_cycle_has_empty_cycles():
    stack = rdha.Stack()
    stack.add_provider("aws", "us-east-1")
    stack.add_resource("aws_subnet", "a", vpc_id=rdha.Ref("aws_vpc.missing.id"))
    with pytest.raises(rdha.ValidationError) as error:
        stack.validate()
    assert (error.value.cycles, error.value.self_references) == ([], [])


def test_validation_error_for_a_literal_secret():
    stack = rdha.Stack()
    stack.add_provider("aws", "us-east-1")
    stack.add_resource("aws_db_instance", "db", instance_class="db.t4g.micro", password="hunter2")
    with pytest.raises(rdha.ValidationError) as error:
        stack.validate()
    assert error.value.code == "secret_literal"
    assert str(error.value).startswith('[rdha.schema.secret_literal] (aws_db_instance.db) sensitive argument "password"')


DANGLING = ('argument "vpc_id" references "aws_vpc.missing", which is not declared in this stack. Add it to the '
            'stack or fix the reference.')


def test_one_dangling_reference_is_a_validation_error_with_one_problem():
    stack = rdha.Stack()
    stack.add_provider("aws", "us-east-1")
    stack.add_resource("aws_subnet", "a", vpc_id=rdha.Ref("aws_vpc.missing.id"))
    with pytest.raises(rdha.ValidationError) as error:
        stack.validate()
    e = error.value
    assert type(e) is rdha.ValidationError
    assert str(e) == f"[rdha.graph.unknown_reference] (aws_subnet.a) {DANGLING}"
    assert (e.kind, e.code, e.subject, e.message) == ("graph", "unknown_reference", "aws_subnet.a", DANGLING)
    assert [(p.subject, p.message) for p in e.problems] == [
        ("aws_subnet.a", f"[rdha.graph.unknown_reference] {DANGLING}")]


def test_two_dangling_references_are_the_same_error_type_with_two_problems():
    stack = rdha.Stack()
    stack.add_provider("aws", "us-east-1")
    stack.add_resource("aws_subnet", "a", vpc_id=rdha.Ref("aws_vpc.missing.id"))
    stack.add_resource("aws_subnet", "b", vpc_id=rdha.Ref("aws_vpc.missing.id"))
    with pytest.raises(rdha.ValidationError) as error:
        stack.validate()
    e = error.value
    assert type(e) is rdha.ValidationError
    assert str(e) == ("[rdha.validation.failed] 2 problems found:\n"
                      f"  aws_subnet.a: [rdha.graph.unknown_reference] {DANGLING}\n"
                      f"  aws_subnet.b: [rdha.graph.unknown_reference] {DANGLING}")
    assert (e.kind, e.code, e.subject) == ("validation", "failed", "")
    assert [(p.subject, p.message) for p in e.problems] == [
        ("aws_subnet.a", f"[rdha.graph.unknown_reference] {DANGLING}"),
        ("aws_subnet.b", f"[rdha.graph.unknown_reference] {DANGLING}")]


def test_emit_error_when_the_output_path_is_a_file(tmp_path):
    stack = rdha.Stack()
    stack.add_provider("aws", "us-east-1")
    target = tmp_path / "occupied"
    target.write_text("not a directory")
    with pytest.raises(rdha.EmitError) as error:
        stack.synth(target)
    assert error.value.code == "not_a_directory"
    assert error.value.subject == str(target)
    assert str(error.value) == (
        f"[rdha.emit.not_a_directory] ({target}) exists and is not a directory. Choose another output path."
    )


def test_synth_refuses_a_file_rdha_did_not_write_and_changes_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "versions.tf.json").write_text('{"terraform": {}}\n')  # the user's, where rdha writes
    before = {p.name: (p.stat().st_ino, p.read_bytes()) for p in out.iterdir()}
    with pytest.raises(rdha.EmitError) as error:
        rdha.build_ha_stack(rdha.HaStackSpec()).synth(out)
    target = out / "versions.tf.json"
    assert (error.value.code, error.value.subject) == ("not_owned", str(target))
    assert str(error.value) == (
        f"[rdha.emit.not_owned] ({target}) exists, and rdha did not write it: .rdha-manifest.json does not list it and "
        "it differs from what rdha writes there. Nothing was written. Move it away, or delete it if it is an old "
        "output of rdha, then run rdha again."
    )
    assert {p.name: (p.stat().st_ino, p.read_bytes()) for p in out.iterdir()} == before


def test_validation_error_aggregates_several_problems():
    stack = rdha.Stack()
    stack.add_provider("aws", "us-east-1")
    stack.add_resource("aws_subnet", "a", vpc_id=rdha.Ref("aws_vpc.missing.id"))
    stack.add_resource("aws_db_instance", "db", instance_class="db.t4g.micro", password="literal")
    with pytest.raises(rdha.ValidationError) as error:
        stack.validate()
    e = error.value
    assert (e.kind, e.code) == ("validation", "failed")
    subjects = [p.subject for p in e.problems]
    assert "aws_db_instance.db" in subjects and "aws_subnet.a" in subjects
    assert str(e).startswith(f"[rdha.validation.failed] {len(e.problems)} problems found:")


def test_errors_are_catchable_as_the_base_class():
    with pytest.raises(rdha.Error):
        rdha.HaStackSpec.from_json("[", "<inline>")


def test_any_other_cpp_exception_is_an_internal_error(build_dir, package_path):
    """The tests' fault library makes the next C++ operator new throw: a std::runtime_error,
    a std::bad_alloc, an int. Each reaches Python as rdha.InternalError, never a bare
    RuntimeError or a crash."""
    library = build_dir / "librdha_fault_injection.so"
    script = """
import ctypes, rdha
arm = ctypes.CDLL(None).rdha_fault_arm_new
for kind in (b"runtime_error", b"bad_alloc", b"int"):
    arm(kind)
    try:
        rdha.HaStackSpec()
    except rdha.InternalError as e:
        print(e.kind, e.code, "|", e)
"""
    env = {**os.environ, "PYTHONPATH": str(package_path),
           # The fault library first: its operator new must win over a sanitizer runtime's.
           "LD_PRELOAD": " ".join(filter(None, [str(library), os.environ.get("LD_PRELOAD")])),
           "ASAN_OPTIONS": ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "verify_asan_link_order=0"]))}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    bug = ". This is a bug in rdha; please report it with the input that caused it."
    assert result.stdout.splitlines() == [
        "internal unexpected | [rdha.internal.unexpected] unexpected error: injected by the tests' fault library" + bug,
        "internal out_of_memory | [rdha.internal.out_of_memory] rdha ran out of memory. The input is far larger than "
        "any spec or stack should be.",
        "internal unexpected | [rdha.internal.unexpected] unexpected error: an exception of unknown type" + bug,
    ]


def test_synth_to_an_empty_path_is_an_emit_error(tmp_path):
    stack = rdha.build_ha_stack(rdha.HaStackSpec())
    with pytest.raises(rdha.EmitError) as error:
        stack.synth("")
    assert str(error.value) == (
        "[rdha.emit.empty_path] the output directory path is empty. Give a directory, e.g. terraform_out."
    )
    with pytest.raises(rdha.EmitError, match=r"^\[rdha.emit.refused_directory\] \(/\) is the root of the file system"):
        stack.synth("/")


def test_hostile_config_text_is_a_spec_error_with_a_decodable_message():
    """Numbers beyond a double, nesting far deeper than a spec, keys given twice, NUL bytes
    and values cut inside a character: each a SpecError whose text is valid UTF-8."""
    cases = {
        '{"database": {"port": 1e400}}': "malformed_json",
        "[" * 100_000: "invalid",
        '{"database": {}, "database": {}}': "invalid",
        '{"database": {}}\0': "malformed_json",
        '{"database": {"port": "' + "é" * 100 + '"}}': "invalid",
    }
    for text, code in cases.items():
        with pytest.raises(rdha.SpecError) as error:
            rdha.HaStackSpec.from_json(text, "stack.json")
        assert error.value.code == code, text[:40]
    with pytest.raises(rdha.SpecError) as error:
        rdha.HaStackSpec.from_dict({"database": {"port": "é" * 100}})
    assert str(error.value) == (
        '[rdha.spec.invalid] (database.port) must be an integer, got "' + "é" * 38 + '....'
    )
