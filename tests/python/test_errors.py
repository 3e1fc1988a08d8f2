"""Every C++ error class reaches Python as its rdha.* class with the same message and its
structured parts, for a representative bad input each."""

from __future__ import annotations

import pytest

import rdha


def test_hierarchy_is_rooted_at_rdha_error():
    for cls in (rdha.SpecError, rdha.GraphError, rdha.SchemaError, rdha.EmitError, rdha.ValidationError):
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
    with pytest.raises(rdha.CycleError):
        stack.validate()


def test_schema_error_for_a_literal_secret():
    stack = rdha.Stack()
    stack.add_provider("aws", "us-east-1")
    stack.add_resource("aws_db_instance", "db", instance_class="db.t4g.micro", password="hunter2")
    with pytest.raises(rdha.SchemaError) as error:
        stack.validate()
    assert error.value.code == "secret_literal"
    assert str(error.value).startswith('[rdha.schema.secret_literal] (aws_db_instance.db) sensitive argument "password"')


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
