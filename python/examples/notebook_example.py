# %% [markdown]
# # Composing a custom HA stack with rdha
#
# A notebook-style script (cells marked `# %%`, as Jupyter, VS Code and jupytext read
# them). Instead of the default stack it composes its own from the same modules:
#
# * a primary region with **three** availability zones and **three** read replicas, one per
#   AZ, on its own address plan;
# * **no cross-region DR replica** (the DR region keeps its network, the peering and the
#   replicated master secret, ready for one);
# * a **third region** (eu-west-1) with a network of its own, built by the same module;
# * **extra alarms** added through the generic graph API.
#
# Run it as a script: `python3 python/examples/notebook_example.py [OUT_DIR]`.

# %%
from __future__ import annotations

import pathlib
import sys

import rdha

# %% [markdown]
# ## The specification
# Start from the documented defaults and change what differs. Lists and maps are live:
# appending to `spec.database.replicas` changes the spec.

# %%
spec = rdha.HaStackSpec(name_suffix="-nb")
primary = spec.regions.primary
primary.vpc_cidr = "10.40.0.0/16"
primary.azs = ["us-east-1a", "us-east-1b", "us-east-1c"]
primary.public_subnets = ["10.40.0.0/24", "10.40.1.0/24", "10.40.2.0/24"]
primary.private_subnets = ["10.40.10.0/24", "10.40.11.0/24", "10.40.12.0/24"]
spec.regions.dr = rdha.RegionSpec(
    name="us-west-2",
    vpc_cidr="10.41.0.0/16",
    azs=["us-west-2a", "us-west-2b"],
    public_subnets=["10.41.0.0/24", "10.41.1.0/24"],
    private_subnets=["10.41.10.0/24", "10.41.11.0/24"],
)
spec.database.replicas = [rdha.ReplicaSpec(f"replica-{i + 1}", az) for i, az in enumerate(primary.azs)]
spec.database.dr_replica.enabled = False
spec.database.automated_backups_replication = False
spec.failover.enabled = False
spec.tags["Owner"] = "data-platform"
spec.validate_or_throw()  # every problem at once, each naming its field path

# %% [markdown]
# ## The stack, module by module
# Each module adds its resources and returns handles the next one needs.

# %%
def compose(spec: rdha.HaStackSpec) -> rdha.Stack:
    stack = rdha.Stack()
    providers = rdha.add_providers(stack, spec)
    kms = rdha.build_kms(stack, spec, providers)
    primary_network = rdha.build_network(stack, spec, providers.primary, kms.primary_arn)
    assert providers.dr is not None  # None only when spec.regions.dr.enabled is False
    dr_network = rdha.build_network(stack, spec, providers.dr, kms.dr_arn)
    rdha.build_peering(stack, spec, primary_network, dr_network)
    secret = rdha.build_secrets(stack, spec, providers, kms)
    primary_security = rdha.build_security_groups(stack, spec, primary_network, dr_network)
    dr_security = rdha.build_security_groups(stack, spec, dr_network, primary_network)
    iam = rdha.build_iam(stack, spec, providers, kms)
    database = rdha.build_database(
        stack, spec, providers, primary_network, dr_network, primary_security, dr_security, kms, secret, iam
    )
    monitoring = rdha.build_monitoring(stack, spec, providers, kms, database)

    # A third region: its own provider configuration and network, from the same module.
    eu = rdha.RegionContext(
        "eu",
        stack.add_provider("aws", "eu-west-1", "eu", config={"default_tags": {"tags": dict(spec.tags)}}),
        rdha.RegionSpec(
            name="eu-west-1",
            vpc_cidr="10.42.0.0/16",
            azs=["eu-west-1a", "eu-west-1b"],
            public_subnets=["10.42.0.0/24", "10.42.1.0/24"],
            private_subnets=["10.42.10.0/24", "10.42.11.0/24"],
        ),
    )
    eu_network = rdha.build_network(stack, spec, eu, None)

    # Extra alarms with the generic API: keywords are checked against the provider schema,
    # attribute access gives references (edges), plain strings are literals.
    for replica in database.replicas:
        name = replica.node().name
        stack.add_resource(
            "aws_cloudwatch_metric_alarm",
            f"{name}_read_iops",
            provider=providers.primary.provider,
            alarm_name=rdha.named(spec, f"{name.replace('_', '-')}-read-iops"),
            alarm_description="Read IOPS above the gp3 baseline: reads may need another replica.",
            namespace="AWS/RDS",
            metric_name="ReadIOPS",
            statistic="Average",
            comparison_operator="GreaterThanThreshold",
            threshold=2500,
            evaluation_periods=3,
            period=60,
            dimensions={"DBInstanceIdentifier": replica.identifier},
            alarm_actions=[monitoring.primary_topic.arn],
            ok_actions=[monitoring.primary_topic.arn],
        )
    stack.add_output("primary_endpoint", database.primary.endpoint, description="Writer endpoint.")
    stack.add_output("reader_endpoints", [r.endpoint for r in database.replicas], description="Reader endpoints.")
    stack.add_output("eu_vpc_id", eu_network.vpc.id, description="VPC of the third region.")
    return stack


stack = compose(spec)
stack  # in a notebook: a summary table and the dependency graph

# %% [markdown]
# ## Inspect
# Every block, its placement and its edges; the order Terraform will create them in.

# %%
replicas = [h for h in stack.resources() if h.node().type == "aws_db_instance"]
print({str(h): h.node().availability_zone for h in replicas})
print(len(stack), "blocks,", len(stack.edges()), "edges; first five:", stack.topological_order()[:5])

# %% [markdown]
# ## Emit
# The same files the CLI writes, one per concern, validated first.

# %%
def main(argv: list[str]) -> int:
    out_dir = pathlib.Path(argv[1] if len(argv) > 1 else "notebook_out")
    for name in stack.synth(out_dir):
        print(out_dir / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
