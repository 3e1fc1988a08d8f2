"""Proves each emulator patch in tests/e2e/moto_server.py removes its moto bug.

Run with the interpreter that has moto and boto3 (no pytest needed):
    python3 -m unittest tests/e2e/test_moto_patches.py
The module starts the launcher as a subprocess on a free loopback port, talks to it with
boto3 and fake credentials, stops it by PID, and prints `N passed, M failed` last.

With RDHA_MOTO_NO_PATCHES=1 the launcher starts plain moto 5.2.1: then all 22 tests in
EmulatorPatches fail and the 2 Launcher tests pass. With RDHA_MOTO_NO_PATCHES=<patch name>
only that patch is left out; checked once for every patch, each leaves at least its own
test failing (the README's patch table lists which). Each docstring says what plain moto
does instead.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import uuid
from pathlib import Path
from typing import Any

# Safety net: anything that escapes the endpoint override hits a closed local port.
os.environ.update(
    {
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
        "http_proxy": "http://127.0.0.1:9",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
)

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "moto_server.py"
PRIMARY = "us-east-1"
DR = "us-west-2"
ACCOUNT = "123456789012"  # moto's default account
MONITORING_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"


class _Server:
    """The launcher run as a child process; stopped by its PID."""

    def __init__(self, extra_env: dict[str, str] | None = None) -> None:
        self.dir = tempfile.TemporaryDirectory(prefix="rdha-moto-")
        self.port_file = Path(self.dir.name) / "port"
        self.log = open(Path(self.dir.name) / "server.log", "w+b")
        self.proc = subprocess.Popen(
            [sys.executable, str(LAUNCHER), "--port", "0", "--port-file", str(self.port_file)],
            stdout=subprocess.PIPE,
            stderr=self.log,
            env={**os.environ, **(extra_env or {})},
        )
        deadline = time.monotonic() + 60
        while not self.port_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                log = self.log_text()
                self.stop()
                raise RuntimeError(f"moto launcher did not start: {log}")
            time.sleep(0.05)
        self.port = int(self.port_file.read_text())
        self.printed = self.proc.stdout.readline().decode().strip()  # type: ignore[union-attr]

    def log_text(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self, timeout: float = 20) -> int:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.port_file_left = self.port_file.exists()
        if self.proc.stdout:
            self.proc.stdout.close()
        self.log.close()
        self.dir.cleanup()
        return self.proc.returncode


_server: _Server | None = None


def setUpModule() -> None:
    global _server
    _server = _Server()


def tearDownModule() -> None:
    if _server is not None:
        _server.stop()


def client(service: str, region: str = PRIMARY) -> Any:
    assert _server is not None
    return boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region
    ).client(
        service,
        endpoint_url=f"http://127.0.0.1:{_server.port}",
        config=Config(retries={"max_attempts": 1}, proxies={}),
    )


def uid(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def error_code(exc: ClientError) -> str:
    return exc.response["Error"]["Code"]


class _Rds:
    """Small builders for the RDS tests: a VPC with subnets, a subnet group, instances."""

    @staticmethod
    def subnet_group(region: str) -> str:
        ec2 = client("ec2", region)
        vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=f"{region}{az}")["Subnet"][
                "SubnetId"
            ]
            for i, az in enumerate("ab")
        ]
        name = uid("sng")
        client("rds", region).create_db_subnet_group(
            DBSubnetGroupName=name, DBSubnetGroupDescription="e2e", SubnetIds=subnets
        )
        return name

    @staticmethod
    def instance(region: str = PRIMARY, **extra: Any) -> dict[str, Any]:
        rds = client("rds", region)
        kwargs = {
            "DBInstanceIdentifier": uid("db"),
            "DBInstanceClass": "db.t3.micro",
            "Engine": "postgres",
            "EngineVersion": "16.3",
            "AllocatedStorage": 20,
            "MasterUsername": "rdha",
            "MasterUserPassword": "not-a-secret-1",
            **extra,
        }
        return rds.create_db_instance(**kwargs)["DBInstance"]

    @staticmethod
    def describe(identifier: str, region: str = PRIMARY) -> dict[str, Any]:
        return client("rds", region).describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]


class EmulatorPatches(unittest.TestCase):
    """One test per patch; each names the bug and what plain moto 5.2.1 does instead."""

    def test_iam_loads_aws_managed_policies(self) -> None:
        """Unpatched: AttachRolePolicy -> NoSuchEntity (managed policy not loaded)."""
        iam = client("iam")
        role = uid("monitoring")
        iam.create_role(
            RoleName=role,
            AssumeRolePolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "monitoring.rds.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            ),
        )
        iam.attach_role_policy(RoleName=role, PolicyArn=MONITORING_POLICY)
        attached = iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]
        self.assertEqual([p["PolicyArn"] for p in attached], [MONITORING_POLICY])

    def test_rds_instances_get_distinct_dbi_resource_ids(self) -> None:
        """Unpatched: both instances report db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U."""
        first = _Rds.instance()
        second = _Rds.instance()
        self.assertNotEqual(first["DbiResourceId"], second["DbiResourceId"])
        found = client("rds").describe_db_instances(
            Filters=[{"Name": "dbi-resource-id", "Values": [second["DbiResourceId"]]}]
        )["DBInstances"]
        self.assertEqual([d["DBInstanceIdentifier"] for d in found], [second["DBInstanceIdentifier"]])

    def test_rds_default_ca_certificate(self) -> None:
        """Unpatched: a new instance reports CACertificateIdentifier rds-ca-default."""
        db = _Rds.instance()
        self.assertEqual(db["CACertificateIdentifier"], "rds-ca-rsa2048-g1")
        chosen = _Rds.instance(CACertificateIdentifier="rds-ca-ecc384-g1")
        self.assertEqual(chosen["CACertificateIdentifier"], "rds-ca-ecc384-g1")

    def test_rds_create_keeps_monitoring_and_performance_insights(self) -> None:
        """Unpatched: MonitoringInterval/RoleArn and PerformanceInsights* are absent after
        create, and ModifyDBInstance(EnablePerformanceInsights) never shows up."""
        role_arn = f"arn:aws:iam::{ACCOUNT}:role/{uid('monitoring')}"
        db = _Rds.instance(
            MonitoringInterval=60,
            MonitoringRoleArn=role_arn,
            EnablePerformanceInsights=True,
            PerformanceInsightsRetentionPeriod=7,
        )
        got = _Rds.describe(db["DBInstanceIdentifier"])
        self.assertEqual(got["MonitoringInterval"], 60)
        self.assertEqual(got["MonitoringRoleArn"], role_arn)
        self.assertTrue(got["PerformanceInsightsEnabled"])
        self.assertEqual(got["PerformanceInsightsRetentionPeriod"], 7)

        client("rds").modify_db_instance(
            DBInstanceIdentifier=db["DBInstanceIdentifier"], EnablePerformanceInsights=False, ApplyImmediately=True
        )
        self.assertFalse(_Rds.describe(db["DBInstanceIdentifier"])["PerformanceInsightsEnabled"])

        plain = _Rds.instance()
        self.assertEqual(plain["MonitoringInterval"], 0)
        self.assertFalse(plain["PerformanceInsightsEnabled"])

    def test_rds_cross_region_replica_has_its_own_region_and_state(self) -> None:
        """Unpatched: CreateDBInstanceReadReplica in the DR region -> DBSubnetGroupNotFoundFault
        (the copy still resolves the subnet group in the source region)."""
        primary = _Rds.instance(
            MultiAZ=True,
            DBSubnetGroupName=_Rds.subnet_group(PRIMARY),
            Tags=[{"Key": "role", "Value": "primary"}],
        )
        dr_group = _Rds.subnet_group(DR)
        replica_id = uid("replica")
        replica = client("rds", DR).create_db_instance_read_replica(
            DBInstanceIdentifier=replica_id,
            SourceDBInstanceIdentifier=primary["DBInstanceArn"],
            DBInstanceClass="db.t3.micro",
            DBSubnetGroupName=dr_group,
            Tags=[{"Key": "role", "Value": "replica"}],
        )["DBInstance"]

        self.assertEqual(replica["DBSubnetGroup"]["DBSubnetGroupName"], dr_group)
        self.assertIn(f":rds:{DR}:", replica["DBInstanceArn"])
        self.assertNotEqual(replica["DbiResourceId"], primary["DbiResourceId"])
        self.assertFalse(replica["MultiAZ"])
        self.assertTrue(replica["AvailabilityZone"].startswith(DR), replica["AvailabilityZone"])
        self.assertEqual(replica["ReadReplicaSourceDBInstanceIdentifier"], primary["DBInstanceArn"])
        self.assertEqual(replica["TagList"], [{"Key": "role", "Value": "replica"}])

        source = _Rds.describe(primary["DBInstanceIdentifier"])
        self.assertEqual(source["ReadReplicaDBInstanceIdentifiers"], [replica["DBInstanceArn"]])
        self.assertTrue(source["MultiAZ"])
        self.assertEqual(source["TagList"], [{"Key": "role", "Value": "primary"}])
        self.assertEqual(
            client("rds", DR).describe_db_instances(
                Filters=[{"Name": "dbi-resource-id", "Values": [replica["DbiResourceId"]]}]
            )["DBInstances"][0]["DBInstanceIdentifier"],
            replica_id,
        )

    def test_rds_replica_takes_storage_and_log_exports_from_its_request(self) -> None:
        """Unpatched: the replica reports the source's log exports (['postgresql']) instead
        of the request's (['upgrade']); one that asks for neither inherits the source's
        MaxAllocatedStorage (100) and exports. (A requested MaxAllocatedStorage is kept.)"""
        primary = _Rds.instance(MaxAllocatedStorage=100, EnableCloudwatchLogsExports=["postgresql"])
        rds = client("rds")
        asked = rds.create_db_instance_read_replica(
            DBInstanceIdentifier=uid("replica"),
            SourceDBInstanceIdentifier=primary["DBInstanceIdentifier"],
            MaxAllocatedStorage=200,
            EnableCloudwatchLogsExports=["upgrade"],
        )["DBInstance"]
        self.assertEqual(asked["MaxAllocatedStorage"], 200)
        self.assertEqual(asked["EnabledCloudwatchLogsExports"], ["upgrade"])

        silent = rds.create_db_instance_read_replica(
            DBInstanceIdentifier=uid("replica"), SourceDBInstanceIdentifier=primary["DBInstanceIdentifier"]
        )["DBInstance"]
        self.assertNotIn("MaxAllocatedStorage", silent)
        self.assertEqual(silent.get("EnabledCloudwatchLogsExports", []), [])

        source = _Rds.describe(primary["DBInstanceIdentifier"])
        self.assertEqual(source["MaxAllocatedStorage"], 100)
        self.assertEqual(source["EnabledCloudwatchLogsExports"], ["postgresql"])

    def test_rds_replica_starts_with_backups_off(self) -> None:
        """Unpatched: a new replica reports the source's BackupRetentionPeriod (7), though
        CreateDBInstanceReadReplica takes none and AWS starts replicas with backups off; the
        provider then plans backup_retention_period 7 -> 0 on every same-region reader."""
        primary = _Rds.instance(BackupRetentionPeriod=7)
        rds = client("rds")
        replica = rds.create_db_instance_read_replica(
            DBInstanceIdentifier=uid("replica"), SourceDBInstanceIdentifier=primary["DBInstanceIdentifier"]
        )["DBInstance"]
        self.assertEqual(replica["BackupRetentionPeriod"], 0)
        rds.modify_db_instance(DBInstanceIdentifier=replica["DBInstanceIdentifier"], BackupRetentionPeriod=3)
        self.assertEqual(_Rds.describe(replica["DBInstanceIdentifier"])["BackupRetentionPeriod"], 3)
        self.assertEqual(_Rds.describe(primary["DBInstanceIdentifier"])["BackupRetentionPeriod"], 7)

    def _cross_region_pair(self) -> tuple[dict[str, Any], dict[str, Any]]:
        primary = _Rds.instance(DBSubnetGroupName=_Rds.subnet_group(PRIMARY))
        replica = client("rds", DR).create_db_instance_read_replica(
            DBInstanceIdentifier=uid("replica"),
            SourceDBInstanceIdentifier=primary["DBInstanceArn"],
            DBSubnetGroupName=_Rds.subnet_group(DR),
        )["DBInstance"]
        return primary, replica

    def test_rds_delete_cross_region_replica(self) -> None:
        """Without rds-delete-cross-region-replica: DeleteDBInstance -> HTTP 500 (ValueError in
        moto); the replica is gone from its region but still listed on its source."""
        primary, replica = self._cross_region_pair()
        dr = client("rds", DR)
        dr.delete_db_instance(DBInstanceIdentifier=replica["DBInstanceIdentifier"], SkipFinalSnapshot=True)
        with self.assertRaises(ClientError) as gone:
            dr.describe_db_instances(DBInstanceIdentifier=replica["DBInstanceIdentifier"])
        self.assertEqual(error_code(gone.exception), "DBInstanceNotFound")
        self.assertEqual(_Rds.describe(primary["DBInstanceIdentifier"])["ReadReplicaDBInstanceIdentifiers"], [])

    def test_rds_promote_read_replica_makes_it_standalone(self) -> None:
        """Without rds-promote-unlinks: the promoted instance keeps
        ReadReplicaSourceDBInstanceIdentifier and stays listed on its source. (Unlinking a
        cross-region replica needs rds-delete-cross-region-replica's remove_replica fix.)"""
        primary, replica = self._cross_region_pair()
        dr = client("rds", DR)
        promoted = dr.promote_read_replica(DBInstanceIdentifier=replica["DBInstanceIdentifier"])["DBInstance"]
        self.assertNotIn("ReadReplicaSourceDBInstanceIdentifier", promoted)
        self.assertEqual(_Rds.describe(primary["DBInstanceIdentifier"])["ReadReplicaDBInstanceIdentifiers"], [])

        dr.modify_db_instance(
            DBInstanceIdentifier=replica["DBInstanceIdentifier"], BackupRetentionPeriod=14, ApplyImmediately=True
        )
        after = _Rds.describe(replica["DBInstanceIdentifier"], DR)
        self.assertEqual(after["BackupRetentionPeriod"], 14)
        self.assertNotIn("ReadReplicaSourceDBInstanceIdentifier", after)
        # Standalone now: deleting it must not touch the former source.
        dr.delete_db_instance(DBInstanceIdentifier=replica["DBInstanceIdentifier"], SkipFinalSnapshot=True)
        self.assertEqual(_Rds.describe(primary["DBInstanceIdentifier"])["DBInstanceStatus"], "available")

    def test_rds_reboot_force_failover_moves_to_standby_az(self) -> None:
        """Unpatched: the reboot succeeds but the instance stays in its AZ."""
        db = _Rds.instance(MultiAZ=True, DBSubnetGroupName=_Rds.subnet_group(PRIMARY), AvailabilityZone=f"{PRIMARY}a")
        rds = client("rds")
        rebooted = rds.reboot_db_instance(DBInstanceIdentifier=db["DBInstanceIdentifier"], ForceFailover=True)[
            "DBInstance"
        ]
        self.assertEqual(rebooted["AvailabilityZone"], f"{PRIMARY}b")
        self.assertEqual(rebooted["SecondaryAvailabilityZone"], f"{PRIMARY}a")
        self.assertEqual(rebooted["DBInstanceStatus"], "available")
        back = rds.reboot_db_instance(DBInstanceIdentifier=db["DBInstanceIdentifier"], ForceFailover=True)
        self.assertEqual(back["DBInstance"]["AvailabilityZone"], f"{PRIMARY}a")

    def test_rds_user_parameters_have_source_user(self) -> None:
        """Unpatched: rds.force_ssl comes back without Source."""
        rds = client("rds")
        group = uid("pg")
        rds.create_db_parameter_group(DBParameterGroupName=group, DBParameterGroupFamily="postgres16", Description="e2e")
        rds.modify_db_parameter_group(
            DBParameterGroupName=group,
            Parameters=[{"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "pending-reboot"}],
        )
        params = rds.describe_db_parameters(DBParameterGroupName=group, Source="user")["Parameters"]
        force_ssl = [p for p in params if p["ParameterName"] == "rds.force_ssl"]
        self.assertEqual(len(force_ssl), 1)
        self.assertEqual(force_ssl[0].get("Source"), "user")
        self.assertEqual(force_ssl[0]["ParameterValue"], "1")

    def test_rds_master_password_inspection(self) -> None:
        """Without rds-master-password-inspection: the route answers 404 (no such moto-api
        path), and /moto-api/data.json answers 500 once a DB instance exists."""
        import urllib.request

        assert _server is not None
        db = _Rds.instance(MasterUserPassword="Inspect3dPassw0rd")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy
        base = f"http://127.0.0.1:{_server.port}/moto-api/rdha/rds-master-password"
        with opener.open(f"{base}?region={PRIMARY}&identifier={db['DBInstanceIdentifier']}", timeout=10) as answer:
            body = json.loads(answer.read())
        self.assertEqual(body["MasterUserPassword"], "Inspect3dPassw0rd")
        with self.assertRaises(urllib.error.HTTPError) as missing:
            opener.open(f"{base}?region={PRIMARY}&identifier=no-such-db", timeout=10)
        self.assertEqual(missing.exception.code, 404)

    def test_rds_automated_backups_replication(self) -> None:
        """Unpatched: StartDBInstanceAutomatedBackupsReplication -> HTTP 500 (not implemented)."""
        source = _Rds.instance(BackupRetentionPeriod=7)
        key_arn = client("kms", DR).create_key(Description="backups")["KeyMetadata"]["Arn"]
        dr = client("rds", DR)
        started = dr.start_db_instance_automated_backups_replication(
            SourceDBInstanceArn=source["DBInstanceArn"], BackupRetentionPeriod=7, KmsKeyId=key_arn
        )["DBInstanceAutomatedBackup"]
        arn = started["DBInstanceAutomatedBackupsArn"]
        self.assertTrue(arn.startswith(f"arn:aws:rds:{DR}:{ACCOUNT}:auto-backup:ab-"), arn)

        found = dr.describe_db_instance_automated_backups(DBInstanceAutomatedBackupsArn=arn)[
            "DBInstanceAutomatedBackups"
        ]
        self.assertEqual(len(found), 1)
        self.assertEqual(found[0]["Status"].upper(), "REPLICATING")
        self.assertEqual(found[0]["DBInstanceArn"], source["DBInstanceArn"])
        self.assertEqual(found[0]["KmsKeyId"], key_arn)
        self.assertEqual(found[0]["BackupRetentionPeriod"], 7)
        links = _Rds.describe(source["DBInstanceIdentifier"])["DBInstanceAutomatedBackupsReplications"]
        self.assertEqual(links, [{"DBInstanceAutomatedBackupsArn": arn}])

        dr.stop_db_instance_automated_backups_replication(SourceDBInstanceArn=source["DBInstanceArn"])
        with self.assertRaises(ClientError) as gone:
            dr.describe_db_instance_automated_backups(DBInstanceAutomatedBackupsArn=arn)
        self.assertEqual(error_code(gone.exception), "DBInstanceAutomatedBackupNotFound")
        self.assertEqual(
            _Rds.describe(source["DBInstanceIdentifier"]).get("DBInstanceAutomatedBackupsReplications", []), []
        )
        with self.assertRaises(ClientError) as again:
            dr.stop_db_instance_automated_backups_replication(SourceDBInstanceArn=source["DBInstanceArn"])
        self.assertIn("not replicating to the current region", again.exception.response["Error"]["Message"])

    def test_rds_modify_db_snapshot_upgrades_and_the_restore_uses_it(self) -> None:
        """Unpatched: ModifyDBSnapshot -> HTTP 500 (not implemented)."""
        rds = client("rds")
        source = _Rds.instance(EngineVersion="16.4")
        snapshot = uid("snap")
        rds.create_db_snapshot(DBInstanceIdentifier=source["DBInstanceIdentifier"], DBSnapshotIdentifier=snapshot)
        upgraded = rds.modify_db_snapshot(DBSnapshotIdentifier=snapshot, EngineVersion="17.4")["DBSnapshot"]
        self.assertEqual(upgraded["EngineVersion"], "17.4")
        self.assertEqual(rds.describe_db_snapshots(DBSnapshotIdentifier=snapshot)["DBSnapshots"][0]["EngineVersion"], "17.4")
        restored = rds.restore_db_instance_from_db_snapshot(
            DBInstanceIdentifier=uid("restored"), DBSnapshotIdentifier=snapshot
        )["DBInstance"]
        self.assertEqual(restored["EngineVersion"], "17.4")
        self.assertEqual(_Rds.describe(source["DBInstanceIdentifier"])["EngineVersion"], "16.4")  # the source stays
        with self.assertRaises(ClientError) as down:
            rds.modify_db_snapshot(DBSnapshotIdentifier=snapshot, EngineVersion="16.4")
        self.assertEqual(error_code(down.exception), "InvalidParameterValue")
        with self.assertRaises(ClientError) as missing:
            rds.modify_db_snapshot(DBSnapshotIdentifier=uid("none"), EngineVersion="17.4")
        self.assertEqual(error_code(missing.exception), "DBSnapshotNotFound")

    def test_rds_describe_db_engine_versions_lists_upgrade_targets(self) -> None:
        """Unpatched: DescribeDBEngineVersions -> HTTP 500 (not implemented)."""
        rds = client("rds")
        found = rds.describe_db_engine_versions(Engine="postgres", EngineVersion="16.4")["DBEngineVersions"]
        self.assertEqual([v["EngineVersion"] for v in found], ["16.4"])
        self.assertEqual(found[0]["DBParameterGroupFamily"], "postgres16")
        targets = {t["EngineVersion"]: t["IsMajorVersionUpgrade"] for t in found[0]["ValidUpgradeTarget"]}
        self.assertEqual(targets, {"17.2": True, "17.4": True})
        self.assertEqual([v["EngineVersion"] for v in rds.describe_db_engine_versions(Engine="postgres", EngineVersion="16")
                          ["DBEngineVersions"]], ["16.3", "16.4"])
        self.assertEqual(rds.describe_db_engine_versions(Engine="postgres", EngineVersion="9.6")["DBEngineVersions"], [])

    def test_kms_replicate_key_keeps_request_and_own_identity(self) -> None:
        """Unpatched: the replica has no tags, the primary's description and policy, the
        primary then reports REPLICA, and CreateAlias in the DR region -> AlreadyExistsException."""
        east, west = client("kms", PRIMARY), client("kms", DR)
        primary = east.create_key(Description="primary", MultiRegion=True)["KeyMetadata"]
        alias = f"alias/{uid('rdha')}"
        east.create_alias(AliasName=alias, TargetKeyId=primary["KeyId"])
        policy = json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "root",
                        "Effect": "Allow",
                        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                        "Action": "kms:*",
                        "Resource": "*",
                    }
                ],
            }
        )
        replicated = east.replicate_key(
            KeyId=primary["KeyId"],
            ReplicaRegion=DR,
            Description="replica",
            Policy=policy,
            Tags=[{"TagKey": "role", "TagValue": "dr"}],
        )
        self.assertEqual(replicated["ReplicaTags"], [{"TagKey": "role", "TagValue": "dr"}])

        replica = west.describe_key(KeyId=primary["KeyId"])["KeyMetadata"]
        self.assertEqual(replica["Description"], "replica")
        self.assertEqual(replica["MultiRegionConfiguration"]["MultiRegionKeyType"], "REPLICA")
        self.assertIn(f":kms:{DR}:", replica["Arn"])
        self.assertEqual(west.list_resource_tags(KeyId=primary["KeyId"])["Tags"], [{"TagKey": "role", "TagValue": "dr"}])
        self.assertEqual(json.loads(west.get_key_policy(KeyId=primary["KeyId"], PolicyName="default")["Policy"]), json.loads(policy))

        again = east.describe_key(KeyId=primary["KeyId"])["KeyMetadata"]
        self.assertEqual(again["MultiRegionConfiguration"]["MultiRegionKeyType"], "PRIMARY")
        self.assertEqual(again["Description"], "primary")
        self.assertEqual(
            [r["Region"] for r in again["MultiRegionConfiguration"]["ReplicaKeys"]], [DR]
        )
        self.assertEqual(east.list_resource_tags(KeyId=primary["KeyId"])["Tags"], [])

        west.create_alias(AliasName=alias, TargetKeyId=primary["KeyId"])
        self.assertIn(alias, [a["AliasName"] for a in west.list_aliases(KeyId=primary["KeyId"])["Aliases"]])

    def test_secretsmanager_replica_keeps_its_kms_key(self) -> None:
        """Unpatched: ReplicationStatus reports alias/aws/secretsmanager for the DR replica."""
        dr_key = client("kms", DR).create_key(Description="secrets")["KeyMetadata"]["Arn"]
        sm = client("secretsmanager")
        name = uid("secret")
        sm.create_secret(Name=name, SecretString="x", AddReplicaRegions=[{"Region": DR, "KmsKeyId": dr_key}])
        status = sm.describe_secret(SecretId=name)["ReplicationStatus"]
        self.assertEqual([(s["Region"], s["KmsKeyId"]) for s in status], [(DR, dr_key)])

    def test_secretsmanager_stop_replication_promotes_replica(self) -> None:
        """Unpatched: StopReplicationToReplica -> HTTP 500 (not implemented)."""
        key = client("kms", DR).create_key(Description="dr")["KeyMetadata"]["Arn"]
        name = uid("secret")
        primary = client("secretsmanager")
        primary.create_secret(
            Name=name, SecretString="s3cret", AddReplicaRegions=[{"Region": DR, "KmsKeyId": key}]
        )
        dr = client("secretsmanager", DR)
        arn = dr.stop_replication_to_replica(SecretId=name)["ARN"]
        self.assertIn(f":secretsmanager:{DR}:", arn)
        promoted = dr.describe_secret(SecretId=name)
        self.assertNotIn("PrimaryRegion", promoted)
        self.assertEqual(promoted["KmsKeyId"], key)
        self.assertEqual(dr.get_secret_value(SecretId=name)["SecretString"], "s3cret")
        self.assertNotIn("ReplicationStatus", primary.describe_secret(SecretId=name))
        # The former primary can now be deleted on its own; the promoted copy stays.
        primary.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
        self.assertEqual(dr.get_secret_value(SecretId=name)["SecretString"], "s3cret")

    def test_route53_zone_created_with_vpc_is_private(self) -> None:
        """Unpatched: the zone is public, and associating a second VPC fails with
        PublicZoneVPCAssociation."""
        first = client("ec2").create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
        second = client("ec2", DR).create_vpc(CidrBlock="10.31.0.0/16")["Vpc"]["VpcId"]
        route53 = client("route53")
        zone = route53.create_hosted_zone(
            Name=f"{uid('db')}.internal", CallerReference=uid("ref"), VPC={"VPCRegion": PRIMARY, "VPCId": first}
        )["HostedZone"]
        self.assertTrue(zone["Config"]["PrivateZone"])
        route53.associate_vpc_with_hosted_zone(HostedZoneId=zone["Id"], VPC={"VPCRegion": DR, "VPCId": second})
        vpcs = route53.get_hosted_zone(Id=zone["Id"])["VPCs"]
        self.assertEqual(sorted(v["VPCId"] for v in vpcs), sorted([first, second]))

    def test_route53_cloudwatch_metric_health_check_keeps_alarm(self) -> None:
        """Unpatched: HealthCheckConfig has no AlarmIdentifier or InsufficientDataHealthStatus
        after create, get, list or update, and reports Port 80 and RequestInterval 30."""
        route53 = client("route53")

        def alarm_config(region: str, name: str, insufficient_data: str) -> dict[str, Any]:
            return {
                "Type": "CLOUDWATCH_METRIC",
                "AlarmIdentifier": {"Region": region, "Name": name},
                "InsufficientDataHealthStatus": insufficient_data,
            }

        def seen(check_id: str) -> list[dict[str, Any]]:
            """The check's config as GetHealthCheck and ListHealthChecks return it."""
            got = route53.get_health_check(HealthCheckId=check_id)["HealthCheck"]
            listed = next(h for h in route53.list_health_checks()["HealthChecks"] if h["Id"] == check_id)
            return [got["HealthCheckConfig"], listed["HealthCheckConfig"]]

        def alarm_fields(config: dict[str, Any]) -> dict[str, Any]:
            return {k: config.get(k) for k in ("Type", "AlarmIdentifier", "InsufficientDataHealthStatus")}

        want = alarm_config(DR, "writer-failover", "LastKnownStatus")
        created = route53.create_health_check(CallerReference=uid("ref"), HealthCheckConfig=want)["HealthCheck"]
        for config in [created["HealthCheckConfig"], *seen(created["Id"])]:
            self.assertEqual(alarm_fields(config), want)
            for endpoint_field in ("IPAddress", "Port", "RequestInterval", "FailureThreshold", "MeasureLatency"):
                self.assertNotIn(endpoint_field, config)

        want = alarm_config(PRIMARY, "reader-1-replicating", "Unhealthy")
        updated = route53.update_health_check(
            HealthCheckId=created["Id"],
            AlarmIdentifier=want["AlarmIdentifier"],
            InsufficientDataHealthStatus=want["InsufficientDataHealthStatus"],
        )["HealthCheck"]
        for config in [updated["HealthCheckConfig"], *seen(created["Id"])]:
            self.assertEqual(alarm_fields(config), want)

        # An endpoint check keeps its endpoint fields.
        endpoint = route53.create_health_check(
            CallerReference=uid("ref"), HealthCheckConfig={"Type": "TCP", "IPAddress": "192.0.2.10", "Port": 5432}
        )["HealthCheck"]["HealthCheckConfig"]
        self.assertEqual((endpoint["Port"], endpoint["RequestInterval"]), (5432, 30))
        self.assertNotIn("AlarmIdentifier", endpoint)

    def test_ec2_cross_region_peering_tags_are_per_region(self) -> None:
        """Unpatched: described from the accepter region, the peering shows the requester's tags."""
        east, west = client("ec2", PRIMARY), client("ec2", DR)
        vpc_east = east.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        vpc_west = west.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
        pcx = east.create_vpc_peering_connection(
            VpcId=vpc_east,
            PeerVpcId=vpc_west,
            PeerRegion=DR,
            TagSpecifications=[{"ResourceType": "vpc-peering-connection", "Tags": [{"Key": "side", "Value": "requester"}]}],
        )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        west.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
        west.create_tags(Resources=[pcx], Tags=[{"Key": "side", "Value": "accepter"}])

        seen_west = west.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]
        seen_east = east.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]
        self.assertEqual(seen_west["Tags"], [{"Key": "side", "Value": "accepter"}])
        self.assertEqual(seen_east["Tags"], [{"Key": "side", "Value": "requester"}])
        self.assertEqual(seen_west["Status"]["Code"], "active")
        self.assertEqual(seen_east["Status"]["Code"], "active")

    def test_ec2_group_referencing_rule_keeps_description(self) -> None:
        """Unpatched: DescribeSecurityGroupRules has no Description for the group rule."""
        ec2 = client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.3.0.0/16")["Vpc"]["VpcId"]
        db_sg = ec2.create_security_group(GroupName=uid("db"), Description="db", VpcId=vpc)["GroupId"]
        app_sg = ec2.create_security_group(GroupName=uid("app"), Description="app", VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(
            GroupId=db_sg,
            IpPermissions=[
                {
                    "IpProtocol": "tcp",
                    "FromPort": 5432,
                    "ToPort": 5432,
                    "UserIdGroupPairs": [{"GroupId": app_sg, "Description": "postgres from app"}],
                }
            ],
        )
        rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [db_sg]}])[
            "SecurityGroupRules"
        ]
        ingress = [r for r in rules if not r["IsEgress"]]
        self.assertEqual(len(ingress), 1)
        self.assertEqual(ingress[0]["ReferencedGroupInfo"]["GroupId"], app_sg)
        self.assertEqual(ingress[0].get("Description"), "postgres from app")


class Launcher(unittest.TestCase):
    """The launcher's own contract with the shell harness."""

    def test_port_file_and_clean_exit_on_sigterm(self) -> None:
        server = _Server()
        port = server.port
        self.assertEqual(server.printed, str(port))
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        self.assertEqual(server.stop(), 0)
        self.assertFalse(server.port_file_left)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()

    def test_patches_refuse_another_moto_version(self) -> None:
        sys.path.insert(0, str(HERE))
        try:
            import moto
            import moto_server
        finally:
            sys.path.remove(str(HERE))
        real = moto.__version__
        moto.__version__ = "0.0.0"
        try:
            with self.assertRaises(SystemExit) as refused:
                moto_server.apply_patches()
        finally:
            moto.__version__ = real
        self.assertIn("targets moto 5.2.1, found moto 0.0.0", str(refused.exception))


# The summary is printed at exit so it follows unittest's own report.
_results: list[unittest.TestResult] = []


class _RecordingSuite(unittest.TestSuite):
    def run(self, result: unittest.TestResult, debug: bool = False) -> unittest.TestResult:
        _results.append(result)
        return super().run(result, debug)


def load_tests(loader: unittest.TestLoader, tests: unittest.TestSuite, pattern: str | None) -> unittest.TestSuite:
    return _RecordingSuite([tests])


@atexit.register
def _print_summary() -> None:
    if not _results:
        return
    bad = [t for r in _results for t, _ in r.failures + r.errors] + [t for r in _results for t in r.unexpectedSuccesses]
    failed = len(bad)  # includes module set-up/tear-down errors
    failed_tests = sum(isinstance(t, unittest.TestCase) for t in bad)
    skipped = sum(len(r.skipped) for r in _results)
    passed = sum(r.testsRun for r in _results) - failed_tests - skipped
    sys.stderr.flush()
    print(f"{passed} passed, {failed} failed", flush=True)


if __name__ == "__main__":
    unittest.main()
