#!/usr/bin/env python3
"""Local AWS emulator for the emulated end-to-end deploy: moto's ThreadedMotoServer on
127.0.0.1, with small in-process patches for moto 5.2.1 bugs that block the stack.

Usage (from a shell harness):
    python3 tests/e2e/moto_server.py --port 0 --port-file FILE
starts the server on a free port, writes the port to FILE, prints it, and runs until
SIGTERM or SIGINT, then stops the server and exits 0.

Every patch below names the moto bug it works around and the moto version it was written
against; applying a patch asserts that version, so a moto upgrade fails loudly at start-up
instead of silently double-patching. Set RDHA_MOTO_NO_PATCHES=1 to start plain moto, or to a
comma list of patch names to leave those out (used to show that each test in
tests/e2e/test_moto_patches.py fails without its patch).
"""

from __future__ import annotations

import argparse
import copy
import logging
import os
import secrets
import signal
import string
import sys
import threading
from collections.abc import Callable
from typing import Any

import moto

NO_PATCHES_ENV = "RDHA_MOTO_NO_PATCHES"

# (name, moto version, bug, apply function), in application order.
_PATCHES: list[tuple[str, str, str, Callable[[], None]]] = []


def emulator_patch(name: str, version: str, bug: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Registers a patch; `bug` is the one-line description listed in the README."""

    def register(apply: Callable[[], None]) -> Callable[[], None]:
        _PATCHES.append((name, version, bug, apply))
        return apply

    return register


def _random_upper(n: int) -> str:
    return "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(n))


def _new_dbi_resource_id() -> str:
    return "db-" + _random_upper(26)


# --------------------------------------------------------------------------------------
# IAM
# --------------------------------------------------------------------------------------


@emulator_patch(
    "iam-managed-policies",
    "5.2.1",
    "AWS managed policies (e.g. AmazonRDSEnhancedMonitoringRole) are not loaded unless "
    "MOTO_IAM_LOAD_MANAGED_POLICIES=true, so AttachRolePolicy fails with NoSuchEntity.",
)
def _iam_managed_policies() -> None:
    # Read when an account's IAM backend is first created, i.e. after start-up.
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"


# --------------------------------------------------------------------------------------
# RDS
# --------------------------------------------------------------------------------------


@emulator_patch(
    "rds-unique-dbi-resource-id",
    "5.2.1",
    "Every DB instance gets the hard-coded DbiResourceId db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U; the "
    "provider finds instances by that id, so read-after-create fails.",
)
def _rds_unique_dbi_resource_id() -> None:
    from moto.rds.models import DBInstance

    original_init = DBInstance.__init__

    def __init__(self: DBInstance, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.dbi_resource_id = _new_dbi_resource_id()

    DBInstance.__init__ = __init__  # type: ignore[method-assign]


@emulator_patch(
    "rds-default-ca-certificate",
    "5.2.1",
    "A DB instance created without CACertificateIdentifier reports rds-ca-default; AWS's "
    "default CA for new instances is rds-ca-rsa2048-g1. The provider (which never sends the "
    "CA at create) then modifies the CA after every create and waits about 80 s more.",
)
def _rds_default_ca_certificate() -> None:
    from moto.rds.models import DBInstance

    original_init = DBInstance.__init__

    def __init__(self: DBInstance, *args: Any, **kwargs: Any) -> None:
        if not kwargs.get("ca_certificate_identifier"):
            kwargs["ca_certificate_identifier"] = "rds-ca-rsa2048-g1"
        original_init(self, *args, **kwargs)

    DBInstance.__init__ = __init__  # type: ignore[method-assign]


@emulator_patch(
    "rds-monitoring-and-performance-insights",
    "5.2.1",
    "CreateDBInstance drops MonitoringInterval/MonitoringRoleArn and the Performance "
    "Insights fields, and update() stores EnablePerformanceInsights as an attribute the "
    "response never reads (it reads PerformanceInsightsEnabled): perpetual drift.",
)
def _rds_monitoring_and_performance_insights() -> None:
    from moto.rds.models import DBInstance

    original_init = DBInstance.__init__
    original_update = DBInstance.update

    def set_performance_insights(instance: DBInstance, enabled: Any, kwargs: dict[str, Any]) -> None:
        instance.performance_insights_enabled = bool(enabled)
        if kwargs.get("performance_insights_kms_key_id") is not None:
            instance.performance_insights_kms_key_id = kwargs["performance_insights_kms_key_id"]
        if kwargs.get("performance_insights_retention_period") is not None:
            instance.performance_insights_retention_period = kwargs["performance_insights_retention_period"]
        elif enabled and not getattr(instance, "performance_insights_retention_period", None):
            instance.performance_insights_retention_period = 7  # AWS default (free tier)

    def __init__(self: DBInstance, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.monitoring_interval = kwargs.get("monitoring_interval") or 0
        self.monitoring_role_arn = kwargs.get("monitoring_role_arn")
        self.performance_insights_kms_key_id = None
        self.performance_insights_retention_period = None
        set_performance_insights(self, kwargs.get("enable_performance_insights"), kwargs)

    def update(self: DBInstance, *args: Any, **db_kwargs: Any) -> None:
        enabled = db_kwargs.pop("enable_performance_insights", None)
        if enabled is not None:
            set_performance_insights(self, enabled, db_kwargs)
        original_update(self, *args, **db_kwargs)

    DBInstance.__init__ = __init__  # type: ignore[method-assign]
    DBInstance.update = update  # type: ignore[method-assign]


@emulator_patch(
    "rds-read-replica-own-state",
    "5.2.1",
    "create_db_instance_read_replica shallow-copies the source: a cross-region replica keeps "
    "the source region's backend (DBSubnetGroupNotFoundFault), shares the source's "
    "DbiResourceId and mutable lists, inherits MultiAZ and (cross-region) the source's AZ, "
    "and copies MaxAllocatedStorage, log exports, tags, monitoring, Performance Insights and "
    "the backup retention from the source while ignoring the request's log exports.",
)
def _rds_read_replica_own_state() -> None:
    from moto.ec2.models import ec2_backends
    from moto.rds.models import RDSBackend
    from moto.core.utils import utcnow

    def create_db_instance_read_replica(self: RDSBackend, db_kwargs: dict[str, Any]) -> Any:
        primary = self.find_db_from_id(db_kwargs["source_db_instance_identifier"])
        cross_region = primary.region != self.region_name
        replica = copy.copy(primary)
        # Bind to the called region first: update() resolves DBSubnetGroupName there.
        replica.backend = self
        replica.dbi_resource_id = _new_dbi_resource_id()
        replica.created = utcnow()
        replica.instance_create_time = replica.created
        # Own lists, and the request's settings or the AWS defaults rather than the source's.
        replica.tags = []
        replica.db_security_groups = list(primary.db_security_groups)
        replica.domain_memberships = []
        replica._associated_roles = []
        replica.enabled_cloudwatch_logs_exports = list(db_kwargs.pop("enable_cloudwatch_logs_exports", None) or [])
        replica._max_allocated_storage = replica.allocated_storage  # reported as unset
        # AWS starts a read replica with automated backups off (the API takes no
        # BackupRetentionPeriod; ModifyDBInstance turns them on afterwards).
        replica.backup_retention_period = 0
        replica.multi_az = False
        replica.monitoring_interval = 0
        replica.monitoring_role_arn = None
        replica.performance_insights_enabled = False
        replica.performance_insights_kms_key_id = None
        replica.performance_insights_retention_period = None
        replica.db_instance_automated_backups_replications = []
        replica.secondary_availability_zone = None
        if cross_region:
            replica.availability_zone = f"{self.region_name}a"
            if not db_kwargs.get("vpc_security_group_ids"):
                ec2 = ec2_backends[self.account_id][self.region_name]
                replica.vpc_security_group_ids = [ec2.get_default_security_group(ec2.default_vpc.id).id]
        else:
            replica.vpc_security_group_ids = list(primary.vpc_security_group_ids)
        replica.update(**db_kwargs)
        replica.set_as_replica()
        self.databases[db_kwargs["db_instance_identifier"]] = replica
        primary.add_replica(replica)
        return replica

    RDSBackend.create_db_instance_read_replica = create_db_instance_read_replica  # type: ignore[method-assign]


@emulator_patch(
    "rds-delete-cross-region-replica",
    "5.2.1",
    "A cross-region replica is recorded on its source by ARN but removed by identifier, so "
    "DeleteDBInstance raises inside moto after the replica is popped: HTTP 500 and a "
    "half-deleted state.",
)
def _rds_delete_cross_region_replica() -> None:
    from moto.rds.exceptions import DBInstanceNotFoundError
    from moto.rds.models import DBInstance, RDSBackend

    def remove_replica(self: DBInstance, replica: DBInstance) -> None:
        for ref in (replica.db_instance_identifier, replica.db_instance_arn):
            if ref in self.replicas:
                self.replicas.remove(ref)

    original_delete = RDSBackend.delete_db_instance

    def delete_db_instance(self: RDSBackend, *args: Any, **kwargs: Any) -> Any:
        ident = kwargs.get("db_instance_identifier", args[0] if args else None)
        database = self.databases.get(ident) if ident else None
        if database is not None and database.is_replica:
            try:
                self.find_db_from_id(database.source_db_instance_identifier)
            except DBInstanceNotFoundError:
                database.is_replica = False  # source already gone: nothing to unlink
        return original_delete(self, *args, **kwargs)

    DBInstance.remove_replica = remove_replica  # type: ignore[method-assign]
    RDSBackend.delete_db_instance = delete_db_instance  # type: ignore[method-assign]


@emulator_patch(
    "rds-promote-unlinks",
    "5.2.1",
    "promote_read_replica leaves ReadReplicaSourceDBInstanceIdentifier on the promoted "
    "instance and the replica in its source's ReadReplicaDBInstanceIdentifiers.",
)
def _rds_promote_unlinks() -> None:
    from moto.rds.exceptions import DBInstanceNotFoundError
    from moto.rds.models import RDSBackend

    original_promote = RDSBackend.promote_read_replica

    def promote_read_replica(self: RDSBackend, db_kwargs: dict[str, Any]) -> Any:
        database = self.describe_db_instances(db_kwargs["db_instance_identifier"])[0]
        if database.is_replica:
            try:
                self.find_db_from_id(database.source_db_instance_identifier).remove_replica(database)
            except DBInstanceNotFoundError:
                pass
            database.source_db_instance_identifier = None
        return original_promote(self, db_kwargs)

    RDSBackend.promote_read_replica = promote_read_replica  # type: ignore[method-assign]


@emulator_patch(
    "rds-reboot-force-failover",
    "5.2.1",
    "RebootDBInstance ignores ForceFailover: a Multi-AZ instance stays in the same AZ, so a "
    "failover drill cannot observe the switch. Now the primary and standby AZs swap.",
)
def _rds_reboot_force_failover() -> None:
    from moto.rds.responses import RDSResponse

    def reboot_db_instance(self: RDSResponse) -> Any:
        from moto.core.responses import ActionResult

        database = self.backend.reboot_db_instance(self.params.get("DBInstanceIdentifier"))
        if self.params.get("ForceFailover") and database.multi_az:
            standby = getattr(database, "secondary_availability_zone", None)
            if not standby:  # first failover: pick another AZ of the subnet group
                current = database.availability_zone
                group = getattr(database, "db_subnet_group", None)
                zones = sorted({s.availability_zone for s in getattr(group, "_subnets", [])} - {current})
                standby = zones[0] if zones else current[:-1] + ("b" if current[-1] != "b" else "a")
            database.secondary_availability_zone = database.availability_zone
            database.availability_zone = standby
        return ActionResult({"DBInstance": database})

    RDSResponse.reboot_db_instance = reboot_db_instance  # type: ignore[method-assign]


@emulator_patch(
    "rds-parameter-source-user",
    "5.2.1",
    "Parameters set through ModifyDBParameterGroup carry no Source=user, so the provider drops "
    "them on read and re-adds e.g. rds.force_ssl on every plan.",
)
def _rds_parameter_source_user() -> None:
    from moto.rds.models import DBParameterGroup

    original_update_parameters = DBParameterGroup.update_parameters

    def update_parameters(self: DBParameterGroup, new_parameters: Any) -> None:
        original_update_parameters(self, [{**p, "Source": p.get("Source") or "user"} for p in new_parameters])

    DBParameterGroup.update_parameters = update_parameters  # type: ignore[method-assign]


MASTER_PASSWORD_PATH = "/moto-api/rdha/rds-master-password"


@emulator_patch(
    "rds-master-password-inspection",
    "5.2.1",
    "moto records CreateDBInstance's MasterUserPassword but no API returns it, and "
    "/moto-api/data.json answers HTTP 500 once a DB instance exists (its write-only properties, "
    "e.g. db_subnet_group_name, raise NotImplementedError). Adds a read-only route "
    f"GET {MASTER_PASSWORD_PATH}?region=R&identifier=ID so a test can compare the password "
    "the DB was created with against the stored secret.",
)
def _rds_master_password_inspection() -> None:
    import json
    from urllib.parse import parse_qs, urlparse

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.moto_api._internal import urls
    from moto.rds.models import DBInstance, rds_backends

    assert isinstance(DBInstance.__dict__.get("master_user_password"), property)

    def master_password(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
        query = {k: v[0] for k, v in parse_qs(urlparse(full_url).query).items()}
        account = query.get("account", DEFAULT_ACCOUNT_ID)
        region, identifier = query.get("region", ""), query.get("identifier", "")
        database = rds_backends[account][region].databases.get(identifier) if region else None
        if database is None:
            body = {"Error": f"no DB instance {identifier!r} in {region!r} (account {account})"}
            return 404, {"Content-Type": "application/json"}, json.dumps(body)
        body = {"DBInstanceIdentifier": identifier, "MasterUserPassword": getattr(database, "_master_user_password", None)}
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    urls.url_paths["{0}" + MASTER_PASSWORD_PATH] = master_password


class _ReplicatedAutomatedBackup:
    """An automated backup replicated into another region (attributes named as the API's)."""

    def __init__(self, backend: Any, source: Any, retention: int, kms_key_id: str | None) -> None:
        self.db_instance_automated_backups_arn = (
            f"arn:{backend.partition}:rds:{backend.region_name}:{backend.account_id}:"
            f"auto-backup:ab-{_random_upper(26).lower()}"
        )
        self.db_instance_arn = source.db_instance_arn
        self.dbi_resource_id = source.dbi_resource_id
        self.region = source.region
        self.db_instance_identifier = source.db_instance_identifier
        self.status = "replicating"
        self.allocated_storage = source.allocated_storage
        self.port = source.port
        self.availability_zone = source.availability_zone
        self.instance_create_time = source.instance_create_time
        self.master_username = source.master_username
        self.engine = source.engine
        self.engine_version = source.engine_version
        self.license_model = source.license_model
        self.storage_type = source.storage_type
        self.encrypted = bool(source.storage_encrypted)
        self.kms_key_id = kms_key_id
        self.backup_retention_period = retention
        self.iam_database_authentication_enabled = source.enable_iam_database_authentication


@emulator_patch(
    "rds-automated-backups-replication",
    "5.2.1",
    "StartDBInstanceAutomatedBackupsReplication is not implemented (HTML 500; the provider "
    "retries for about 10 minutes). Start/Stop are added, and DescribeDBInstanceAutomatedBackups "
    "answers for replicated backups by DBInstanceAutomatedBackupsArn or DbiResourceId.",
)
def _rds_automated_backups_replication() -> None:
    from moto.core.responses import ActionResult
    from moto.rds.exceptions import InvalidDBInstanceStateFault, RDSClientError
    from moto.rds.responses import RDSResponse

    assert not hasattr(RDSResponse, "start_db_instance_automated_backups_replication")

    def replications(backend: Any) -> dict[str, _ReplicatedAutomatedBackup]:
        if not hasattr(backend, "rdha_backup_replications"):
            backend.rdha_backup_replications = {}
        return backend.rdha_backup_replications

    def start_db_instance_automated_backups_replication(self: RDSResponse) -> Any:
        source = self.backend.find_db_from_id(self.params["SourceDBInstanceArn"])
        mine = replications(self.backend)
        if any(r.db_instance_arn == source.db_instance_arn for r in mine.values()):
            raise InvalidDBInstanceStateFault(
                f"Automated backups of {source.db_instance_arn} already replicate to {self.region}."
            )
        record = _ReplicatedAutomatedBackup(
            self.backend, source, int(self.params.get("BackupRetentionPeriod") or 7), self.params.get("KmsKeyId")
        )
        mine[record.db_instance_automated_backups_arn] = record
        links = getattr(source, "db_instance_automated_backups_replications", None) or []
        source.db_instance_automated_backups_replications = links + [
            {"DBInstanceAutomatedBackupsArn": record.db_instance_automated_backups_arn}
        ]
        return ActionResult({"DBInstanceAutomatedBackup": record})

    def stop_db_instance_automated_backups_replication(self: RDSResponse) -> Any:
        source_arn = self.params["SourceDBInstanceArn"]
        mine = replications(self.backend)
        record = next((r for r in mine.values() if r.db_instance_arn == source_arn), None)
        if record is None:
            raise InvalidDBInstanceStateFault(
                f"Automated backups for {source_arn} are not replicating to the current region."
            )
        del mine[record.db_instance_automated_backups_arn]
        record.status = "retained"
        try:
            source = self.backend.find_db_from_id(source_arn)
            source.db_instance_automated_backups_replications = [
                link
                for link in getattr(source, "db_instance_automated_backups_replications", None) or []
                if link["DBInstanceAutomatedBackupsArn"] != record.db_instance_automated_backups_arn
            ]
        except RDSClientError:
            pass  # source already deleted
        return ActionResult({"DBInstanceAutomatedBackup": record})

    original_describe = RDSResponse.describe_db_instance_automated_backups

    def describe_db_instance_automated_backups(self: RDSResponse) -> Any:
        arn = self.params.get("DBInstanceAutomatedBackupsArn")
        dbi = self.params.get("DbiResourceId")
        found = [
            r
            for r in replications(self.backend).values()
            if (not arn or r.db_instance_automated_backups_arn == arn) and (not dbi or r.dbi_resource_id == dbi)
        ]
        if not arn and not (dbi and found):
            return original_describe(self)  # this region's own automated backups
        if not found:
            raise RDSClientError(
                "DBInstanceAutomatedBackupNotFoundFault", f"Automated backup {arn or dbi} not found."
            )
        return ActionResult({"DBInstanceAutomatedBackups": found})

    RDSResponse.start_db_instance_automated_backups_replication = start_db_instance_automated_backups_replication  # type: ignore[attr-defined]
    RDSResponse.stop_db_instance_automated_backups_replication = stop_db_instance_automated_backups_replication  # type: ignore[attr-defined]
    RDSResponse.describe_db_instance_automated_backups = describe_db_instance_automated_backups  # type: ignore[method-assign]


@emulator_patch(
    "rds-modify-db-snapshot",
    "5.2.1",
    "ModifyDBSnapshot is not implemented (NotImplementedError, HTTP 500), so a snapshot's "
    "engine upgrade (the migration runbook's upgrade step) cannot run, and a restore takes "
    "the engine version of the instance the snapshot was taken from.",
)
def _rds_modify_db_snapshot() -> None:
    from moto.core.responses import ActionResult
    from moto.rds.exceptions import InvalidParameterValue
    from moto.rds.responses import RDSResponse

    assert not hasattr(RDSResponse, "modify_db_snapshot")

    def major(version: str) -> int:
        return int(version.split(".")[0])

    # https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSnapshot.html: a
    # manual snapshot gets a new engine version (or option group); it is never downgraded.
    def modify_db_snapshot(self: RDSResponse) -> Any:
        snapshot = self.backend.get_db_snapshot(self.params["DBSnapshotIdentifier"])
        version = self.params.get("EngineVersion")
        if version:
            if snapshot.snapshot_type != "manual":
                raise InvalidParameterValue("Only manual DB snapshots can be upgraded.")
            if major(version) < major(snapshot.engine_version):
                raise InvalidParameterValue(
                    f"Cannot upgrade the snapshot from {snapshot.engine_version} to {version}: not an upgrade."
                )
            snapshot.engine_version = version
            # The restore copies the instance captured in the snapshot: upgrade it too.
            snapshot.database.engine_version = version
        if self.params.get("OptionGroupName"):
            snapshot.database.option_group_name = self.params["OptionGroupName"]
        return ActionResult({"DBSnapshot": snapshot})

    RDSResponse.modify_db_snapshot = modify_db_snapshot  # type: ignore[attr-defined]


# The emulator's PostgreSQL catalogue for DescribeDBEngineVersions: a few versions per major,
# shaped as AWS answers (the real list changes every quarter and is not the point: the
# runbook's queries over ValidUpgradeTarget are).
POSTGRES_VERSIONS = ("13.15", "14.12", "15.7", "16.3", "16.4", "17.2", "17.4")


@emulator_patch(
    "rds-describe-db-engine-versions",
    "5.2.1",
    "DescribeDBEngineVersions is not implemented (NotImplementedError, HTTP 500). Answers for "
    "postgres from a small fixed catalogue, with ValidUpgradeTarget: the later minors of the "
    "same major and every version of the later majors.",
)
def _rds_describe_db_engine_versions() -> None:
    from moto.core.responses import ActionResult
    from moto.rds.responses import RDSResponse

    assert not hasattr(RDSResponse, "describe_db_engine_versions")

    def key(version: str) -> tuple[int, ...]:
        return tuple(int(part) for part in version.split("."))

    def entry(version: str) -> dict[str, Any]:
        targets = [
            {"Engine": "postgres", "EngineVersion": target, "AutoUpgrade": False,
             "IsMajorVersionUpgrade": key(target)[0] > key(version)[0]}
            for target in POSTGRES_VERSIONS
            if key(target) > key(version)
        ]
        return {"Engine": "postgres", "EngineVersion": version, "DBParameterGroupFamily": f"postgres{key(version)[0]}",
                "ValidUpgradeTarget": targets}

    # https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html
    def describe_db_engine_versions(self: RDSResponse) -> Any:
        engine = self.params.get("Engine")
        version = self.params.get("EngineVersion")
        found = [
            entry(v) for v in POSTGRES_VERSIONS
            if engine in (None, "postgres") and (version is None or v == version or v.startswith(version + "."))
        ]
        return ActionResult({"DBEngineVersions": found})

    RDSResponse.describe_db_engine_versions = describe_db_engine_versions  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------
# KMS
# --------------------------------------------------------------------------------------


@emulator_patch(
    "kms-replicate-key",
    "5.2.1",
    "ReplicateKey ignores Tags/Description/Policy (the provider waits 10 minutes for the tags, "
    "then fails), shares the primary's multi-Region configuration (DescribeKey on the replica "
    "then makes the primary report REPLICA) and its aliases (CreateAlias of the same name in "
    "the replica region fails with AlreadyExistsException).",
)
def _kms_replicate_key() -> None:
    import json

    from moto.core.utils import unix_time
    from moto.kms.models import KmsBackend, kms_backends
    from moto.kms.responses import KmsResponse

    def replicate_key(
        self: KmsBackend,
        key_id: str,
        replica_region: str,
        tags: list[dict[str, str]] | None = None,
        description: str | None = None,
        policy: str | None = None,
    ) -> Any:
        primary = self.keys[self.any_id_to_key_id(key_id)]
        replica = copy.copy(primary)
        replica.region = replica_region
        replica.arn = primary.arn.replace(f":{self.region_name}:", f":{replica_region}:")
        replica.creation_date = unix_time()
        replica.aliases = {}
        replica.grants = {}
        replica.rotations = []
        if description is not None:
            replica.description = description
        if policy:
            replica.policy = policy
        if primary.multi_region:
            shared = primary.multi_region_configuration
            if not any(r["Region"] == replica_region for r in shared["ReplicaKeys"]):
                shared["ReplicaKeys"].append({"Arn": replica.arn, "Region": replica_region})
            # The replica set is one list; the key type and the dict are per key.
            replica.multi_region_configuration = {
                "MultiRegionKeyType": "REPLICA",
                "PrimaryKey": dict(shared["PrimaryKey"]),
                "ReplicaKeys": shared["ReplicaKeys"],
            }
        target = kms_backends[self.account_id][replica_region]
        target.keys[replica.id] = replica
        if tags:
            target.tag_resource(replica.id, tags)
        return replica

    def replicate_key_response(self: KmsResponse) -> str:
        key_id = self._get_param("KeyId")
        self._validate_key_id(key_id)
        replica_region = self._get_param("ReplicaRegion")
        tags = self._get_param("Tags") or []
        replica = self.kms_backend.replicate_key(
            key_id, replica_region, tags, self._get_param("Description"), self._get_param("Policy")
        )
        return json.dumps(
            {
                "ReplicaKeyMetadata": replica.to_dict()["KeyMetadata"],
                "ReplicaPolicy": replica.policy,
                "ReplicaTags": tags,
            }
        )

    KmsBackend.replicate_key = replicate_key  # type: ignore[method-assign]
    KmsResponse.replicate_key = replicate_key_response  # type: ignore[method-assign]


# --------------------------------------------------------------------------------------
# Secrets Manager
# --------------------------------------------------------------------------------------


@emulator_patch(
    "secretsmanager-replica-kms-key",
    "5.2.1",
    "A replica region's KmsKeyId is ignored (ReplicationStatus always reports "
    "alias/aws/secretsmanager): perpetual diff on the secret's replica block.",
)
def _secretsmanager_replica_kms_key() -> None:
    from moto.secretsmanager.models import FakeSecret

    original_create_replicas = FakeSecret.create_replicas

    def create_replicas(self: FakeSecret, replica_regions: list[dict[str, str]], force_overwrite: bool) -> Any:
        replicas = original_create_replicas(self, replica_regions, force_overwrite=force_overwrite)
        for replica, config in zip(replicas, replica_regions or []):
            if config.get("KmsKeyId"):
                replica.config["KmsKeyId"] = config["KmsKeyId"]
        return replicas

    FakeSecret.create_replicas = create_replicas  # type: ignore[method-assign]


@emulator_patch(
    "secretsmanager-stop-replication-to-replica",
    "5.2.1",
    "StopReplicationToReplica is not implemented (HTTP 500), so the region-loss runbook of "
    "`rdha drill` cannot promote the secret replica. Now the replica becomes a standalone "
    "secret in its region (same ARN, versions and the replica's KMS key) and leaves the "
    "primary's ReplicationStatus.",
)
def _secretsmanager_stop_replication_to_replica() -> None:
    import json

    from moto.secretsmanager.exceptions import InvalidParameterException, SecretNotFoundException
    from moto.secretsmanager.models import ReplicaSecret
    from moto.secretsmanager.responses import SecretsManagerResponse

    assert not hasattr(SecretsManagerResponse, "stop_replication_to_replica")

    def stop_replication_to_replica(self: SecretsManagerResponse) -> str:
        secret_id = self._get_param("SecretId")
        store = self.backend.secrets
        replica = store.get(secret_id)
        if replica is None:
            raise SecretNotFoundException()
        if not isinstance(replica, ReplicaSecret):
            raise InvalidParameterException(f"{secret_id} is not a replica secret in {self.region}.")
        source = replica.source
        standalone = copy.copy(source)  # name, description, tags, rotation, policy
        standalone.arn = replica.arn
        standalone.region = replica.region
        standalone.replicas = []
        standalone.versions = copy.deepcopy(source.versions)
        standalone.tags = copy.deepcopy(source.tags)
        standalone.kms_key_id = replica.config.get("KmsKeyId")
        standalone.deleted_date = None
        for key, value in list(dict.items(store)):
            if value is replica:
                dict.__setitem__(store, key, standalone)
        source.replicas = [r for r in source.replicas if r is not replica]
        return json.dumps({"ARN": standalone.arn})

    SecretsManagerResponse.stop_replication_to_replica = stop_replication_to_replica  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------
# Route 53
# --------------------------------------------------------------------------------------


@emulator_patch(
    "route53-vpc-makes-zone-private",
    "5.2.1",
    "CreateHostedZone makes a zone private only when HostedZoneConfig.PrivateZone is true; AWS "
    "(and the provider, which sends only the VPC) makes a zone created with a VPC private. The "
    "provider's association of the second VPC then fails with PublicZoneVPCAssociation.",
)
def _route53_vpc_makes_zone_private() -> None:
    from moto.route53.responses import Route53

    original_create = Route53.create_hosted_zone

    def create_hosted_zone(self: Route53) -> Any:
        if self._get_param("VPC.VPCId") and self._get_param("HostedZoneConfig.PrivateZone") is None:
            config = self.params.get("HostedZoneConfig")
            if not isinstance(config, dict):
                config = self.params["HostedZoneConfig"] = {}
            config["PrivateZone"] = "true"
        return original_create(self)

    Route53.create_hosted_zone = create_hosted_zone  # type: ignore[method-assign]


@emulator_patch(
    "route53-cloudwatch-metric-health-check",
    "5.2.1",
    "A CLOUDWATCH_METRIC health check loses AlarmIdentifier and InsufficientDataHealthStatus "
    "(create, get, list, update) and reports endpoint defaults (Port 80, RequestInterval 30): "
    "the provider re-adds the status and replaces the check (request_interval forces new) on "
    "every plan.",
)
def _route53_cloudwatch_metric_health_check() -> None:
    from moto.route53.models import HealthCheck
    from moto.route53.responses import Route53

    # Read by the patched health_check_config; set from the request below.
    HealthCheck.alarm_identifier = None  # type: ignore[attr-defined]
    HealthCheck.insufficient_data_health_status = None  # type: ignore[attr-defined]
    original_config = HealthCheck.health_check_config

    # AWS: "Don't specify a value for Port when you specify a value for Type of
    # CLOUDWATCH_METRIC or CALCULATED" (Route 53 API Reference, HealthCheckConfig,
    # https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html); an
    # alarm check reports none of the endpoint fields, as moto already does for CALCULATED.
    def health_check_config(self: HealthCheck) -> dict[str, Any]:
        config = original_config.fget(self)  # type: ignore[attr-defined]
        if self.type_ == "CLOUDWATCH_METRIC":
            for endpoint_field in ("IPAddress", "Port", "RequestInterval", "FailureThreshold", "MeasureLatency"):
                config.pop(endpoint_field, None)
        if self.alarm_identifier:
            config["AlarmIdentifier"] = self.alarm_identifier
        if self.insufficient_data_health_status:
            config["InsufficientDataHealthStatus"] = self.insufficient_data_health_status
        return config

    def keep_alarm_fields(result: Any, source: dict[str, Any]) -> Any:
        check = result.result["HealthCheck"]
        if source.get("AlarmIdentifier"):
            alarm = source["AlarmIdentifier"]
            check.alarm_identifier = {"Region": alarm.get("Region"), "Name": alarm.get("Name")}
        if source.get("InsufficientDataHealthStatus"):
            check.insufficient_data_health_status = source["InsufficientDataHealthStatus"]
        return result

    original_create = Route53.create_health_check
    original_update = Route53.update_health_check

    def create_health_check(self: Route53) -> Any:
        return keep_alarm_fields(original_create(self), self._get_param("HealthCheckConfig") or {})

    def update_health_check(self: Route53) -> Any:
        request = {name: self._get_param(name) for name in ("AlarmIdentifier", "InsufficientDataHealthStatus")}
        return keep_alarm_fields(original_update(self), request)

    HealthCheck.health_check_config = property(health_check_config)  # type: ignore[assignment,method-assign]
    Route53.create_health_check = create_health_check  # type: ignore[method-assign]
    Route53.update_health_check = update_health_check  # type: ignore[method-assign]


# --------------------------------------------------------------------------------------
# EC2
# --------------------------------------------------------------------------------------


@emulator_patch(
    "ec2-peering-tags-per-region",
    "5.2.1",
    "A cross-region VPC peering connection described from the accepter region shows the "
    "requester region's tags (tags are read through the requester's backend): perpetual diff.",
)
def _ec2_peering_tags_per_region() -> None:
    from moto.ec2.models.vpc_peering_connections import VPCPeeringConnectionBackend

    def local_view(backend: Any, pcx: Any) -> Any:
        if pcx.ec2_backend is backend:
            return pcx
        view = copy.copy(pcx)  # shares status and options; reads tags from this region
        view.ec2_backend = backend
        return view

    original_get = VPCPeeringConnectionBackend.get_vpc_peering_connection
    original_describe = VPCPeeringConnectionBackend.describe_vpc_peering_connections

    def get_vpc_peering_connection(self: Any, vpc_pcx_id: str) -> Any:
        return local_view(self, original_get(self, vpc_pcx_id))

    def describe_vpc_peering_connections(self: Any, vpc_peering_ids: list[str] | None = None) -> Any:
        return [local_view(self, p) for p in original_describe(self, vpc_peering_ids)]

    VPCPeeringConnectionBackend.get_vpc_peering_connection = get_vpc_peering_connection  # type: ignore[method-assign]
    VPCPeeringConnectionBackend.describe_vpc_peering_connections = describe_vpc_peering_connections  # type: ignore[method-assign]


@emulator_patch(
    "ec2-sg-rule-group-description",
    "5.2.1",
    "A security-group rule that references another group loses its description (moto reads "
    "it only from the CIDR range): perpetual diff on aws_vpc_security_group_ingress_rule.",
)
def _ec2_sg_rule_group_description() -> None:
    from moto.ec2.models.security_groups import SecurityGroupRule

    def description(self: SecurityGroupRule) -> str | None:
        # ModifySecurityGroupRules writes into ip_range, so it wins when present.
        return self.ip_range.get("Description", self.source_group.get("Description"))

    SecurityGroupRule.description = property(description)  # type: ignore[assignment,method-assign]


# --------------------------------------------------------------------------------------
# Launcher
# --------------------------------------------------------------------------------------


def apply_patches(skip: frozenset[str] = frozenset()) -> list[str]:
    """Applies every patch not in `skip`, after checking the moto version it was written for."""
    unknown = skip - {name for name, *_ in _PATCHES}
    if unknown:
        raise SystemExit(f"moto_server.py: {NO_PATCHES_ENV} names unknown patches: {', '.join(sorted(unknown))}")
    applied = []
    for name, version, _bug, apply in _PATCHES:
        if moto.__version__ != version:
            raise SystemExit(
                f"moto_server.py: patch {name} targets moto {version}, found moto {moto.__version__}; "
                "re-check the bug and update the patch"
            )
        if name not in skip:
            apply()
            applied.append(name)
    return applied


def skipped_patches() -> frozenset[str] | None:
    """RDHA_MOTO_NO_PATCHES: unset/0 = all patches, 1 = none (plain moto), or a comma list
    of patch names to leave out (to show one bug behind the others)."""
    value = os.environ.get(NO_PATCHES_ENV, "").strip()
    if value in ("", "0"):
        return frozenset()
    if value == "1":
        return None
    return frozenset(v.strip() for v in value.split(",") if v.strip())


def _write_port_file(path: str, port: int) -> None:
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(f"{port}\n")
    os.replace(tmp, path)  # readers never see a partial file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Local moto server for the emulated end-to-end deploy.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (loopback only)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free port")
    parser.add_argument("--port-file", help="write the bound port here once serving; removed at exit")
    parser.add_argument("--access-log", action="store_true", help="log every request to stderr")
    parser.add_argument("--list-patches", action="store_true", help="print the patches and exit")
    args = parser.parse_args(argv)

    # Without a handler, moto's errors (HTTP 500) leave no traceback anywhere.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.INFO if args.access_log else logging.WARNING)

    if args.list_patches:
        for name, version, bug, _ in _PATCHES:
            print(f"{name} (moto {version}): {bug}")
        return 0
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        parser.error(f"--host must be a loopback address, got {args.host}")

    # Installed first, so a kill during start-up still ends in a clean exit.
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    skip = skipped_patches()
    if skip is None:
        print(f"moto_server.py: {NO_PATCHES_ENV}=1, starting unpatched moto {moto.__version__}", file=sys.stderr)
    else:
        applied = apply_patches(skip)
        print(f"moto_server.py: moto {moto.__version__}, {len(applied)} patches applied", file=sys.stderr)

    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address=args.host, port=args.port, verbose=False)
    server.start()
    port = server.get_host_and_port()[1]
    if args.port_file:
        _write_port_file(args.port_file, port)
    print(port, flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        if args.port_file:  # the file exists only while the server is up
            try:
                os.remove(args.port_file)
            except FileNotFoundError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
