"""What Route 53's resolver answers for the stack's private names, computed from the
emulator's records, health checks and CloudWatch data (moto stores records and checks but
evaluates neither).

The rules modelled, each from the Route 53 Developer Guide:
- A CLOUDWATCH_METRIC health check follows the alarm's *data stream* against the alarm's
  criteria, not the alarm's state; with insufficient data it takes
  InsufficientDataHealthStatus: Healthy, Unhealthy, or LastKnownStatus (the last status, and
  Healthy for a new check). treat_missing_data plays no part. ("Types of Amazon Route 53
  health checks", https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-types.html;
  "HealthCheckConfig", https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html)
- Failover routing: the PRIMARY record while it is healthy, else the SECONDARY; a record
  without a health check is healthy; when both are unhealthy the PRIMARY is answered.
- Weighted routing: only records with a weight > 0 while one of them is healthy; when all
  of those are unhealthy, the weight-0 records; when every record is unhealthy, all of them.
  ("How Amazon Route 53 chooses records when health checking is configured",
  https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html)

The model has its own clock: `answer(..., at=...)` evaluates the data as it stands at that
moment, so a test can look 15 minutes past the last datapoint without waiting. Evaluate in
time order: LastKnownStatus remembers what the previous evaluation saw. A CloudWatch region
listed in `dark_regions` gives no data (its endpoints are down in the drill).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alarm_model import COMPARE

HEALTHY, UNHEALTHY, LAST_KNOWN = "Healthy", "Unhealthy", "LastKnownStatus"



@dataclass
class Check:
    """One CLOUDWATCH_METRIC health check and the criteria of the alarm it follows."""

    id: str
    region: str
    alarm: dict[str, Any]  # DescribeAlarms' MetricAlarm
    insufficient: str


class Route53Model:
    def __init__(self, route53: Any, cloudwatch: Callable[[str], Any], dark_regions: set[str] | None = None,
                 insufficient_override: str | None = None) -> None:
        """route53: a client reading the records and checks (the data plane's copy);
        cloudwatch(region): a client of that region's CloudWatch; insufficient_override
        replaces every check's InsufficientDataHealthStatus (to show what it decides)."""
        self._route53 = route53
        self._cloudwatch = cloudwatch
        self.dark_regions = set(dark_regions or ())
        self._override = insufficient_override
        self._last: dict[str, bool] = {}
        self._checks: dict[str, Check] = {}

    # ---- health checks --------------------------------------------------------------------

    def _check(self, check_id: str) -> Check:
        if check_id not in self._checks:
            config = self._route53.get_health_check(HealthCheckId=check_id)["HealthCheck"]["HealthCheckConfig"]
            if config["Type"] != "CLOUDWATCH_METRIC":
                raise AssertionError(f"health check {check_id} is {config['Type']}: only CLOUDWATCH_METRIC checks "
                                     "reach a private RDS endpoint")
            identifier = config["AlarmIdentifier"]
            alarms = self._cloudwatch(identifier["Region"]).describe_alarms(AlarmNames=[identifier["Name"]])
            if not alarms["MetricAlarms"]:
                raise AssertionError(f"health check {check_id} follows {identifier['Name']} in "
                                     f"{identifier['Region']}, which does not exist")
            self._checks[check_id] = Check(check_id, identifier["Region"], alarms["MetricAlarms"][0],
                                           self._override or config.get("InsufficientDataHealthStatus", LAST_KNOWN))
        return self._checks[check_id]

    def _breaching(self, check: Check, at: datetime.datetime) -> bool | None:
        """The alarm's criteria applied to the data of its evaluation periods ending at
        `at`: True (unhealthy), False (healthy), None (no data)."""
        if check.region in self.dark_regions:
            return None
        alarm = check.alarm
        period = int(alarm["Period"])
        periods = int(alarm["EvaluationPeriods"])
        needed = int(alarm.get("DatapointsToAlarm") or periods)
        statistic = alarm["Statistic"]
        result = self._cloudwatch(check.region).get_metric_statistics(
            Namespace=alarm["Namespace"], MetricName=alarm["MetricName"], Dimensions=alarm["Dimensions"],
            StartTime=at - datetime.timedelta(seconds=period * periods), EndTime=at, Period=period,
            Statistics=[statistic])
        values = [point[statistic] for point in result["Datapoints"]]
        if not values:
            return None
        compare = COMPARE[alarm["ComparisonOperator"]]
        return sum(compare(v, float(alarm["Threshold"])) for v in values) >= min(needed, len(values))

    def healthy(self, check_id: str, at: datetime.datetime) -> bool:
        check = self._check(check_id)
        breaching = self._breaching(check, at)
        if breaching is not None:
            status = not breaching
        elif check.insufficient == LAST_KNOWN:
            status = self._last.get(check_id, True)  # a new check starts healthy
        else:
            status = check.insufficient == HEALTHY
        self._last[check_id] = status
        return status

    # ---- answers --------------------------------------------------------------------------

    def _records(self, zone_id: str, name: str) -> list[dict[str, Any]]:
        fqdn = name.rstrip(".") + "."
        pages = self._route53.get_paginator("list_resource_record_sets").paginate(HostedZoneId=zone_id)
        return [r for page in pages for r in page["ResourceRecordSets"] if r["Name"] == fqdn and r["Type"] == "CNAME"]

    def _record_healthy(self, record: dict[str, Any], at: datetime.datetime) -> bool:
        return "HealthCheckId" not in record or self.healthy(record["HealthCheckId"], at)

    def answer(self, zone_id: str, name: str, at: datetime.datetime) -> list[str]:
        """The CNAME targets a resolver in an associated VPC may get for `name` at `at`
        (several for weighted records: any of them, by weight)."""
        records = self._records(zone_id, name)
        if not records:
            raise AssertionError(f"no CNAME {name} in zone {zone_id}")
        values = lambda chosen: sorted(v["Value"] for r in chosen for v in r["ResourceRecords"])  # noqa: E731
        if any("Failover" in r for r in records):
            primary = [r for r in records if r.get("Failover") == "PRIMARY"]
            secondary = [r for r in records if r.get("Failover") == "SECONDARY"]
            if primary and self._record_healthy(primary[0], at):
                return values(primary)
            if secondary and self._record_healthy(secondary[0], at):
                return values(secondary)
            return values(primary or secondary)
        if any("Weight" in r for r in records):
            healthy = [r for r in records if self._record_healthy(r, at)]
            for chosen in ([r for r in healthy if r["Weight"] > 0], [r for r in healthy if r["Weight"] == 0]):
                if chosen:
                    return values(chosen)
            return values(records)
        return values(records)
