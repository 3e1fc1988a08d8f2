#!/usr/bin/env python3
"""The database a user migrates from, as an existing account has it: a single-AZ,
unencrypted RDS for PostgreSQL instance in its own VPC, made with boto3 before the stack is
applied (run by tests/e2e/run.sh in the `random` flow).

  legacy_source.py create --endpoint URL --config CONFIG_JSON
      creates the VPC (two subnets in two AZs, a DB subnet group, a security group), the
      instance and its final snapshot; adds to CONFIG_JSON the `migration` section (method
      `snapshot`, phase `restore`) describing them and the source's master user and database
      name (the restored primary keeps them); prints one summary line last.
  legacy_source.py delete --endpoint URL
      deletes all of it again (before the "nothing remains" checks); the source's objects
      are never Terraform's, so the stack's destroy leaves them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

# Safety net: anything that escapes the explicit endpoint hits a closed local port.
os.environ.update({"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
                   "https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9",
                   "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
                   "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull})

import boto3  # noqa: E402

REGION = "us-east-1"  # the stack's primary region: the snapshot method copies within it
IDENTIFIER = "legacy-db"
SNAPSHOT = "legacy-db-final"
VPC_CIDR = "192.168.0.0/16"  # apart from the stack's VPCs and the emulator's default VPC
ENGINE_VERSION = "17.2"  # the stack's major: no snapshot upgrade on this path
SIZE_GIB = 20
MASTER_USERNAME = "legacyadmin"
DB_NAME = "trading"
TAG = {"Key": "rdha-e2e", "Value": "legacy-source"}


def clients(endpoint: str) -> tuple:
    def make(service: str):
        return boto3.client(service, region_name=REGION, endpoint_url=endpoint,
                            aws_access_key_id="testing", aws_secret_access_key="testing")
    return make("ec2"), make("rds")


def create(endpoint: str, config_path: str, engine_version: str = ENGINE_VERSION, phase: str = "restore",
           take_snapshot: bool = True) -> str:
    """The source, its snapshot (unless the caller's runbook takes it) and the config's
    `migration` section for it."""
    ec2, rds = clients(endpoint)
    vpc = ec2.create_vpc(CidrBlock=VPC_CIDR, TagSpecifications=[{"ResourceType": "vpc", "Tags": [TAG]}])["Vpc"]["VpcId"]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"192.168.{i}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"]
               for i, zone in enumerate(zones)]
    group = ec2.create_security_group(GroupName="legacy-db", Description="legacy database", VpcId=vpc)["GroupId"]
    rds.create_db_subnet_group(DBSubnetGroupName="legacy-db", DBSubnetGroupDescription="legacy database",
                               SubnetIds=subnets)
    rds.create_db_instance(DBInstanceIdentifier=IDENTIFIER, Engine="postgres", EngineVersion=engine_version,
                           DBInstanceClass="db.t3.medium", AllocatedStorage=SIZE_GIB, MasterUsername=MASTER_USERNAME,
                           MasterUserPassword="legacy-password-1", DBName=DB_NAME, MultiAZ=False,
                           StorageEncrypted=False, DBSubnetGroupName="legacy-db", VpcSecurityGroupIds=[group],
                           Tags=[TAG])
    if take_snapshot:
        rds.create_db_snapshot(DBInstanceIdentifier=IDENTIFIER, DBSnapshotIdentifier=SNAPSHOT)

    with open(config_path, encoding="utf-8") as handle:
        config = json.load(handle)
    # The restored primary keeps the source's master user and database: the spec names them.
    config.setdefault("database", {}).update({"master_username": MASTER_USERNAME, "db_name": DB_NAME})
    config["migration"] = {
        "enabled": True, "method": "snapshot", "phase": phase,
        "source_identifier": IDENTIFIER, "region": REGION, "vpc_id": vpc, "vpc_cidr": VPC_CIDR,
        "security_group_id": group, "engine_version": engine_version, "encrypted": False,
        "size_gib": SIZE_GIB, "source_snapshot_identifier": SNAPSHOT,
    }
    with open(config_path, "w", encoding="utf-8") as handle:
        json.dump(config, handle, indent=2)
        handle.write("\n")
    return f"{IDENTIFIER} (PostgreSQL {engine_version}, single-AZ, unencrypted, {SIZE_GIB} GiB) in {vpc}" + (f", snapshot {SNAPSHOT}" if take_snapshot else "")


def delete(endpoint: str) -> str:
    ec2, rds = clients(endpoint)
    rds.delete_db_instance(DBInstanceIdentifier=IDENTIFIER, SkipFinalSnapshot=True)
    rds.delete_db_snapshot(DBSnapshotIdentifier=SNAPSHOT)
    rds.delete_db_subnet_group(DBSubnetGroupName="legacy-db")
    vpcs = ec2.describe_vpcs(Filters=[{"Name": f"tag:{TAG['Key']}", "Values": [TAG["Value"]]}])["Vpcs"]
    for vpc in vpcs:
        vpc_id = vpc["VpcId"]
        for group in ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["SecurityGroups"]:
            if group["GroupName"] != "default":
                ec2.delete_security_group(GroupId=group["GroupId"])
        for subnet in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]:
            ec2.delete_subnet(SubnetId=subnet["SubnetId"])
        ec2.delete_vpc(VpcId=vpc_id)
    return f"{IDENTIFIER}, {SNAPSHOT} and {len(vpcs)} VPC deleted"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("create", "delete"))
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--config")
    args = parser.parse_args()
    if not args.endpoint.startswith(("http://127.0.0.1:", "http://localhost:")):
        print(f"legacy_source.py: refusing non-loopback endpoint {args.endpoint}", file=sys.stderr)
        return 2
    print(create(args.endpoint, args.config) if args.action == "create" else delete(args.endpoint))
    return 0


if __name__ == "__main__":
    sys.exit(main())
