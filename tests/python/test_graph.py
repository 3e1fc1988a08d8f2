"""The generic graph API from Python: blocks by type with schema-checked keywords,
references (single, in lists, in nested blocks and maps), literals, templates, meta-
arguments, variables, locals, outputs, ordering, emission and graph export."""

from __future__ import annotations

import json

import pytest

import rdha


@pytest.fixture()
def stack() -> rdha.Stack:
    return rdha.Stack()


def test_attribute_access_returns_references(stack: rdha.Stack):
    east = stack.add_provider("aws", "us-east-1")
    db = stack.add_resource("aws_db_instance", "primary", provider=east, instance_class="db.t4g.micro")
    assert isinstance(db.arn, rdha.Ref)
    assert db.arn == rdha.Ref("aws_db_instance.primary.arn")
    assert str(db.arn) == "${aws_db_instance.primary.arn}"
    assert db["address"].text == "aws_db_instance.primary.address"  # a name no method can shadow
    assert db.master_user_secret[0].secret_arn.text == "aws_db_instance.primary.master_user_secret[0].secret_arn"
    assert db.tags["Name"].text == 'aws_db_instance.primary.tags["Name"]'
    assert db.self_reference().text == "aws_db_instance.primary"
    data = stack.add_data("aws_caller_identity", "current", provider=east)
    assert data.account_id.text == "data.aws_caller_identity.current.account_id"
    assert "account_id" in dir(data)
    with pytest.raises(AttributeError, match=r'aws_db_instance.primary \(aws_db_instance\) has no attribute "arnn". Did you mean "arn"\?'):
        db.arnn
    assert not hasattr(db, "_private")


def test_references_in_arguments_record_edges(stack: rdha.Stack):
    east = stack.add_provider("aws", "us-east-1")
    vpc = stack.add_resource("aws_vpc", "main", provider=east, cidr_block="10.0.0.0/16")
    a = stack.add_resource("aws_subnet", "a", provider=east, vpc_id=vpc.id, cidr_block="10.0.1.0/24",
                           availability_zone="us-east-1a")
    b = stack.add_resource("aws_subnet", "b", provider=east, vpc_id=vpc.id, cidr_block="10.0.2.0/24",
                           availability_zone="us-east-1b")
    group = stack.add_resource("aws_db_subnet_group", "db", provider=east, name="db", subnet_ids=[a.id, b.id])
    assert group.get("subnet_ids") == ["${aws_subnet.a.id}", "${aws_subnet.b.id}"]
    assert set(stack.edges()) == {
        ("aws_subnet.a", "aws_vpc.main"),
        ("aws_subnet.b", "aws_vpc.main"),
        ("aws_db_subnet_group.db", "aws_subnet.a"),
        ("aws_db_subnet_group.db", "aws_subnet.b"),
    }
    assert stack.topological_order() == ["aws_vpc.main", "aws_subnet.a", "aws_subnet.b", "aws_db_subnet_group.db"]
    assert a.node().availability_zone == "us-east-1a"  # a literal AZ is placement
    assert ("subnet_ids", "aws_subnet.a") in group.node().references


def test_nested_blocks_from_dicts_lists_and_add_block(stack: rdha.Stack):
    east = stack.add_provider("aws", "us-east-1")
    key = stack.add_resource("aws_kms_key", "k", provider=east)
    group = stack.add_resource(
        "aws_db_parameter_group", "pg", provider=east, family="postgres17",
        parameter=[{"name": "rds.force_ssl", "value": "1"}],
    )
    group.add_block("parameter", name="log_connections", value="1", apply_method="pending-reboot")
    assert group.get("parameter") == [
        {"name": "rds.force_ssl", "value": "1"},
        {"apply_method": "pending-reboot", "name": "log_connections", "value": "1"},
    ]
    secret = stack.add_resource("aws_secretsmanager_secret", "s", provider=east,
                                replica=[{"region": "us-west-2", "kms_key_id": key.arn}])
    assert ("replica", "aws_kms_key.k") in secret.node().references
    with pytest.raises(rdha.SchemaError, match='has no argument "paramter". Did you mean "parameter"'):
        group.add_block("paramter", name="x", value="y")


def test_an_unknown_type_of_a_known_provider_is_a_schema_error_with_the_nearest_type(stack: rdha.Stack):
    stack.add_provider("aws", "us-east-1")
    with pytest.raises(rdha.SchemaError) as error:
        stack.add_resource("aws_cloudwatch_metric_alarms", "cpu")
    assert str(error.value) == (
        '[rdha.schema.unknown_type] (aws_cloudwatch_metric_alarms.cpu) has type "aws_cloudwatch_metric_alarms", '
        'which the provider schema does not define. Did you mean "aws_cloudwatch_metric_alarm"?')
    assert len(stack) == 0


def test_a_type_outside_the_bindings_is_checked_against_the_provider_schema(stack: rdha.Stack):
    stack.add_provider("aws", "us-east-1")
    with pytest.raises(rdha.SchemaError) as error:
        stack.add_resource("aws_sqs_queue", "q", delay_secondz=5)
    assert str(error.value) == (
        '[rdha.schema.unknown_argument] (aws_sqs_queue.q) has no argument "delay_secondz". Did you mean '
        '"delay_seconds"?')


def test_literals_are_checked_against_the_argument_type(stack: rdha.Stack):
    stack.add_provider("aws", "us-east-1")
    with pytest.raises(rdha.SchemaError) as error:
        stack.add_resource("aws_cloudwatch_metric_alarm", "cpu", alarm_name="cpu", evaluation_periods="three")
    assert str(error.value) == (
        '[rdha.schema.wrong_type] (aws_cloudwatch_metric_alarm.cpu) argument "evaluation_periods" must be number, '
        'got "three".')
    # Terraform converts a string of a decimal number to a number, and "true"/"false" to a bool.
    alarm = stack.add_resource("aws_cloudwatch_metric_alarm", "cpu", alarm_name="cpu", evaluation_periods="3",
                               actions_enabled="false")
    assert alarm.get("evaluation_periods") == "3"
    with pytest.raises(rdha.SchemaError, match=r'argument "actions_enabled" must be bool, got "yes"'):
        alarm.set(actions_enabled="yes")
    with pytest.raises(rdha.SchemaError, match=r'argument "alarm_actions" must be set\(string\), got "arn:x"'):
        alarm.set(alarm_actions="arn:x")
    plan = stack.add_resource("aws_backup_plan", "daily", name="daily")
    with pytest.raises(rdha.SchemaError) as error:
        plan.add_block("rule", rule_name="daily", target_vault_name="vault", start_window="sixty")
    assert str(error.value) == (
        '[rdha.schema.wrong_type] (aws_backup_plan.daily) argument "rule.start_window" must be number, '
        'got "sixty".')
    with pytest.raises(rdha.SchemaError, match=r'argument "ingress" must be set\(object\), got '):
        stack.add_resource("aws_security_group", "sg", ingress=[{"from_port": "eighty"}])


def test_strings_are_literals_templates_and_raw_expressions_are_not(stack: rdha.Stack):
    east = stack.add_provider("aws", "us-east-1")
    part = stack.add_data("aws_partition", "current", provider=east)
    topic = stack.add_resource(
        "aws_sns_topic", "alarms", provider=east,
        name="alarms-${not_a_reference}",
        policy=rdha.expr('jsonencode({Version = "2012-10-17", Id = aws_kms_key.k.arn})'),
        display_name=rdha.tmpl("arn:", part.partition, ":sns ${literal}"),
        tags={"Owner": "%{me}", "Partition": part.partition},
    )
    assert topic.get("name") == "alarms-$${not_a_reference}"
    assert topic.get("policy") == '${jsonencode({Version = "2012-10-17", Id = aws_kms_key.k.arn})}'
    assert topic.get("display_name") == "arn:${data.aws_partition.current.partition}:sns $${literal}"
    assert topic.get("tags") == {"Owner": "%%{me}", "Partition": "${data.aws_partition.current.partition}"}
    targets = {target for _, target in topic.node().references}
    assert targets == {"aws_kms_key.k", "data.aws_partition.current"}  # raw expressions are scanned too
    assert rdha.escape_template("${x} %{y}") == "$${x} %%{y}"
    with pytest.raises(TypeError, match=r"aws_sns_topic.alarms.name: got the resource"):
        topic.set(name=topic)


def test_unknown_keyword_is_a_schema_error_and_leaves_the_stack_unchanged(stack: rdha.Stack):
    with pytest.raises(rdha.SchemaError) as error:
        stack.add_resource("aws_vpc", "main", cidr_blok="10.0.0.0/16")
    assert str(error.value) == '[rdha.schema.unknown_argument] (aws_vpc.main) has no argument "cidr_blok". Did you mean "cidr_block"?'
    assert error.value.code == "unknown_argument"
    assert error.value.subject == "aws_vpc.main"
    assert len(stack) == 0
    stack.add_provider("aws", "us-east-1")
    vpc = stack.add_resource("aws_vpc", "main", cidr_block="10.0.0.0/16")  # the name is still free
    with pytest.raises(rdha.SchemaError, match=r'argument "enable_dns_support" must be bool, got \["yes"\]'):
        vpc.set(cidr_block="10.1.0.0/16", enable_dns_support=["yes"])
    assert vpc.get("cidr_block") == "10.0.0.0/16"  # nothing of the rejected call was applied
    with pytest.raises(rdha.SchemaError, match='argument "arn" is computed by the provider'):
        vpc.set(arn="x")


def test_route53_record_takes_name_and_type_keywords(stack: rdha.Stack):
    stack.add_provider("aws", "us-east-1")
    zone = stack.add_resource("aws_route53_zone", "internal", name="db.internal")
    record = stack.add_resource("aws_route53_record", "writer", zone_id=zone.zone_id, name="writer.db.internal",
                                type="CNAME", ttl=30, records=["db.example.com"])
    assert record.get("type") == "CNAME"
    assert record.node().type == "aws_route53_record"


def test_meta_arguments_variables_locals_outputs(stack: rdha.Stack, tmp_path):
    east = stack.add_provider("aws", "us-east-1")
    west = stack.add_provider("aws", "us-west-2", "dr", config={"default_tags": {"tags": {"Stack": "x"}}})
    cidr = stack.add_variable("vpc_cidr", type="string", default="10.0.0.0/16", description="VPC range")
    names = stack.add_local("names", {"vpc": "main"})
    vpc = stack.add_resource("aws_vpc", "main", provider=east, cidr_block=cidr, tags={"Name": names["vpc"]})
    dr = stack.add_resource("aws_vpc", "dr", provider="aws.dr", cidr_block="10.1.0.0/16",
                            depends_on=[vpc], lifecycle={"prevent_destroy": True, "ignore_changes": ["tags"]})
    dr.lifecycle(create_before_destroy=True, replace_triggered_by=[vpc.id])
    stack.add_output("vpc_ids", [vpc.id, dr.id], description="VPCs")
    assert str(west) == "aws.dr"
    assert dr.node().provider == "aws.dr" and dr.node().region == "us-west-2"
    assert dr.node().depends_on == ["aws_vpc.main"]
    assert dr.node().lifecycle["replace_triggered_by"] == ["aws_vpc.main.id"]
    assert stack.variables()["vpc_cidr"].default == "10.0.0.0/16"
    assert stack.outputs()["vpc_ids"].value == ["${aws_vpc.main.id}", "${aws_vpc.dr.id}"]

    files = stack.to_json()
    assert sorted(files) == ["network.tf.json", "outputs.tf.json", "providers.tf.json", "variables.tf.json", "versions.tf.json"]
    body = files["network.tf.json"]["resource"][1]["aws_vpc"]["dr"]
    assert body["provider"] == "aws.dr" and body["depends_on"] == ["aws_vpc.main"]
    assert body["lifecycle"] == {"create_before_destroy": True, "replace_triggered_by": ["aws_vpc.main.id"]}
    assert files["variables.tf.json"]["locals"]["names"] == {"vpc": "main"}

    written = stack.synth(tmp_path / "out")
    assert sorted(written) == sorted(files)
    texts = stack.to_text()
    for name in written:
        assert (tmp_path / "out" / name).read_text() == texts[name] == rdha.render(files[name])
        assert json.loads(texts[name]) == files[name]


def test_stack_lookup_iteration_and_handle_lifetime(stack: rdha.Stack):
    stack.add_provider("aws", "us-east-1")
    vpc = stack.add_resource("aws_vpc", "main")
    assert stack["aws_vpc.main"] == vpc
    assert stack.find("aws_vpc.nope") is None
    assert "aws_vpc.main" in stack and len(stack) == 1
    assert [str(h) for h in stack] == [str(h) for h in stack.resources()] == ["aws_vpc.main"]
    with pytest.raises(KeyError) as error:
        stack["aws_vpc.nope"]
    assert error.value.args == ('aws_vpc.nope is not in the stack. Did you mean "aws_vpc.main"?',)
    with pytest.raises(KeyError) as error:
        stack["aws_s3_bucket.logs"]
    assert error.value.args == ("aws_s3_bucket.logs is not in the stack.",)  # nothing close enough to suggest
    del stack
    assert vpc.node().address == "aws_vpc.main"  # a handle keeps its stack alive


def test_a_missing_address_suggests_the_nearest():
    stack = rdha.build_ha_stack(rdha.HaStackSpec())
    with pytest.raises(KeyError) as error:
        stack["aws_db_instance.primar"]
    assert error.value.args == ('aws_db_instance.primar is not in the stack. Did you mean "aws_db_instance.primary"?',)


def test_graph_export_formats(stack: rdha.Stack):
    east = stack.add_provider("aws", "us-east-1")
    vpc = stack.add_resource("aws_vpc", "main", provider=east)
    stack.add_resource("aws_subnet", "a", provider=east, vpc_id=vpc.id).with_role("private")
    graph = stack.graph("json")
    assert graph == rdha.to_graph_json(stack)
    assert [n["address"] for n in graph["nodes"]] == ["aws_subnet.a", "aws_vpc.main"]
    assert graph["nodes"][0]["role"] == "private"
    assert graph["edges"] == [{"from": "aws_subnet.a", "to": "aws_vpc.main", "arguments": ["vpc_id"]}]
    assert stack.graph() == rdha.to_dot(stack) and stack.graph("dot").startswith("digraph rdha {")
    assert stack.graph("mermaid") == rdha.to_mermaid(stack)
    with pytest.raises(ValueError, match='graph format must be "dot", "mermaid" or "json"'):
        stack.graph("png")


def test_graph_export_options(stack: rdha.Stack):
    east = stack.add_provider("aws", "us-east-1")
    west = stack.add_provider("aws", "us-west-2", "dr")
    primary = stack.add_resource("aws_vpc", "main", provider=east)
    stack.add_resource("aws_subnet", "a", provider=east, vpc_id=primary.id)
    stack.add_resource("aws_vpc", "dr", provider=west)

    def addresses(graph):
        return [n["address"] for n in graph["nodes"]]

    assert addresses(stack.graph("json", region="us-west-2")) == ["aws_vpc.dr"]
    assert addresses(rdha.to_graph_json(stack, focus="aws_subnet.a")) == ["aws_subnet.a", "aws_vpc.main"]
    assert addresses(stack.graph("json", focus="aws_subnet.a", depth=0)) == ["aws_subnet.a"]
    assert stack.graph("json", edge_labels=False)["edges"] == [{"from": "aws_subnet.a", "to": "aws_vpc.main"}]
    assert stack.graph("json", legend=True)["legend"]["fill_by_concern"]["network"] == "#dbeafe"
    assert 'subgraph "cluster_legend"' in rdha.to_dot(stack, legend=True)
    assert rdha.to_mermaid(stack, region="us-east-1") == stack.graph("mermaid", region="us-east-1")
    assert stack.graph("dot", region="", focus="", depth=None, edge_labels=True, legend=False) == rdha.to_dot(stack)

    with pytest.raises(rdha.SpecError) as error:
        stack.graph("dot", focus="aws_vpc.mian")
    assert str(error.value) == (
        '[rdha.spec.invalid] (focus) "aws_vpc.mian" is not in the stack. The nearest address: aws_vpc.main. '
        "`rdha graph --format json` lists every address."
    )
    with pytest.raises(rdha.SpecError) as error:
        rdha.to_mermaid(stack, region="eu-west-1")
    assert str(error.value) == (
        '[rdha.spec.invalid] (region) "eu-west-1" is not a region of the stack, so the graph would be empty. '
        "The stack's regions: us-east-1, us-west-2."
    )
    with pytest.raises(rdha.SpecError) as error:
        rdha.to_dot(stack, focus="aws_vpc.main", depth=-1)
    assert str(error.value) == (
        "[rdha.spec.invalid] (depth) must be 0 or more (0 keeps the focus block alone), got -1."
    )


def test_roles_the_analyses_read_are_an_enum_and_other_names_are_for_graphs(stack: rdha.Stack):
    east = stack.add_provider("aws", "us-east-1")
    west = stack.add_provider("aws", "us-west-2", "dr")
    writer = stack.add_resource("aws_db_instance", "w", provider=east, identifier="w", instance_class="db.t4g.micro")
    replica = stack.add_resource("aws_db_instance", "r", provider=west, identifier="r", instance_class="db.t4g.micro",
                                 replicate_source_db=writer.arn)
    assert writer.node().role == rdha.DbRole.none
    replica.with_role(rdha.DbRole.dr_replica)
    writer.with_role("writer")  # by name: the same enum
    assert (writer.node().role, replica.node().role) == (rdha.DbRole.writer, rdha.DbRole.dr_replica)
    assert str(rdha.DbRole.dr_replica) == "dr_replica"
    subnet = stack.add_resource("aws_subnet", "a", provider=east).with_role("private")
    assert (subnet.node().role, subnet.node().custom_role) == (rdha.DbRole.none, "private")
    roles = {n["address"]: n["role"] for n in stack.graph("json")["nodes"]}
    assert roles == {"aws_db_instance.w": "writer", "aws_db_instance.r": "dr_replica", "aws_subnet.a": "private"}


def test_handles_of_another_stack_are_rejected(stack: rdha.Stack):
    other = rdha.Stack()
    stack.add_provider("aws", "us-east-1")
    other.add_provider("aws", "us-east-1")
    mine = stack.add_resource("aws_vpc", "a")
    theirs = other.add_resource("aws_vpc", "b")
    with pytest.raises(rdha.GraphError) as error:
        mine.depends_on(theirs)
    assert error.value.code == "foreign_reference"
    assert error.value.subject == "aws_vpc.b"


def test_self_containing_and_too_deep_values_raise_instead_of_crashing(stack: rdha.Stack):
    """Converting a value walks it in C++: a container that holds itself is a ValueError
    (as json.dumps), one nested beyond 200 levels a RecursionError; the stack is unchanged."""
    stack.add_provider("aws", "us-east-1")
    circular: list = ["a"]
    circular.append(circular)
    with pytest.raises(ValueError, match=r"^aws_vpc.main.tags.Name\[1\]: the value contains itself"):
        stack.add_resource("aws_vpc", "main", cidr_block="10.0.0.0/16", tags={"Name": circular})
    looped: dict = {}
    looped["again"] = looped
    with pytest.raises(ValueError, match=r"^variable.looped.again: the value contains itself"):
        stack.add_variable("looped", "any", default=looped)

    deep: list = []
    for _ in range(30_000):
        deep = [deep]
    with pytest.raises(RecursionError, match=r"nested deeper than 200 levels"):
        stack.add_resource("aws_vpc", "main", cidr_block="10.0.0.0/16", tags={"Name": deep})
    with pytest.raises(RecursionError, match=r"nested deeper than 200 levels"):
        rdha.HaStackSpec.from_dict({"tags": deep})
    assert "aws_vpc.main" not in stack

    shared = ["x"]  # the same list twice is not circular
    stack.add_local("shared", {"a": shared, "b": shared})
    assert stack.locals()["shared"] == {"a": ["x"], "b": ["x"]}
