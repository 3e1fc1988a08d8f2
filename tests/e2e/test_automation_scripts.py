"""The scripts of the region-failover automation's aws:executeScript steps, run here.

src/dr/automation/estimate_data_loss.py, confirm_region_failure.py and wait_for_promotion.py
are imported by path, the very files the document embeds. The estimate is checked on
synthetic ReplicaLag series, and together with the automatic trigger's alarm as rdha emits
it (evaluated by tests/e2e/alarm_model.py): a lost source fires the trigger and the estimate
it then reads is known, so an automatic run can promote within max_data_loss_seconds;
read_series and both handlers run against the emulator (tests/e2e/moto_server.py, started
as a subprocess on a free loopback port and stopped by PID) and against small local stubs
for the answers the emulator cannot give (a closed port, a 5xx, a refusal, a dropped
connection). The handlers build their own boto3 clients, so the endpoint is given to them
through AWS_ENDPOINT_URL ("Service-specific endpoints", AWS SDKs and Tools Reference Guide,
https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).

Run with the interpreter that has moto and boto3 (no pytest needed):
    python3 -m unittest tests/e2e/test_automation_scripts.py
It prints `N passed, M failed` last, as test_moto_patches.py does.
"""

from __future__ import annotations

import datetime
import http.server
import importlib.util
import os
import random
import re
import socket
import sys
import threading
import types
import unittest
from pathlib import Path
from typing import Any
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
try:
    # The emulator's own tests: importing them sets the safety environment (proxies at a
    # closed local port, no AWS config files).
    import test_moto_patches as emulator_tests
    import alarm_model
finally:
    sys.path.remove(str(HERE))
uid = emulator_tests.uid
load_tests = emulator_tests.load_tests  # unittest's hook: the same `N passed, M failed` line
# The emulator, started (free loopback port) and stopped (by PID) as for the emulator's tests.
setUpModule, tearDownModule = emulator_tests.setUpModule, emulator_tests.tearDownModule

os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"})
for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
    os.environ.pop(name, None)

import boto3  # noqa: E402
import botocore.config  # noqa: E402
import botocore.exceptions  # noqa: E402


def _load(name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, HERE.parents[1] / "src" / "dr" / "automation" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


estimate = _load("estimate_data_loss")
confirm = _load("confirm_region_failure")
promotion = _load("wait_for_promotion")

UTC = datetime.timezone.utc
MINUTE = datetime.timedelta(minutes=1)
NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
PRIMARY, DR = "us-east-1", "us-west-2"
REPLICA = "dr-replica-rdha"


def series(values: list[float], now: datetime.datetime = NOW, last_minutes_ago: int = 1) -> list[tuple[Any, float]]:
    """One point a minute, the last one `last_minutes_ago` before `now`."""
    first = last_minutes_ago + len(values) - 1
    return [(now - (first - i) * MINUTE, value) for i, value in enumerate(values)]


def steady(n: int) -> list[float]:
    """Replication keeping up: a lag of 2 to 5 s, ending at 3 s."""
    return ([4, 2, 5, 3] * n)[-n:]


def growth(start: float, n: int, jitter: tuple[int, ...] = (0,)) -> list[float]:
    """n one-minute points of a lag growing one second per second from `start`."""
    return [start + 60 * k + jitter[k % len(jitter)] for k in range(1, n + 1)]


def sawtooth(n: int) -> list[float]:
    """An idle source: the lag grows one second per second and drops to 1 or 2 s at each
    5-minute WAL switch."""
    return [1 + (i // 5) % 2 + 60 * (i % 5) for i in range(n)]


SOURCE_LOST = steady(40) + growth(3, 20, jitter=(0, 2, -3, 1, -2))  # lost 21 minutes before NOW


def at(minutes_ago: int, now: datetime.datetime = NOW) -> str:
    return (now - minutes_ago * MINUTE).strftime("%Y-%m-%d %H:%M:%S UTC")


class EstimateLoss(unittest.TestCase):
    def test_steady_replication_loses_the_last_lag(self) -> None:
        self.assertEqual(
            estimate.estimate_loss(series(steady(59) + [4]), NOW),
            dict(
                status="estimated",
                loss_seconds=4,
                growing_since=None,
                last_datapoint="2024-05-01 11:59:00 UTC",
                summary="about 4 s (one-minute datapoints): the DR replica was 4 s behind at 2024-05-01 11:59:00 UTC "
                "and still replicating.",
            ),
        )

    def test_lost_source_loses_the_lag_before_the_growth_not_the_current_lag(self) -> None:
        points = series(SOURCE_LOST)
        self.assertGreater(points[-1][1], 1190)  # the current lag, which is not the loss
        self.assertEqual(
            estimate.estimate_loss(points, NOW, "dr-replica-rdha"),
            dict(
                status="estimated",
                loss_seconds=3,
                growing_since="2024-05-01 11:39:00 UTC",
                last_datapoint="2024-05-01 11:59:00 UTC",
                summary="about 3 s (one-minute datapoints): the ReplicaLag of dr-replica-rdha has grown one second per "
                "second since 2024-05-01 11:39:00 UTC, when it was 3 s; transactions committed in the last 3 s "
                "before replication stopped are lost.",
            ),
        )

    def test_idle_source_loses_the_small_lag_at_the_last_wal_switch(self) -> None:
        points = series(sawtooth(60))
        self.assertEqual([v for _, v in points[-6:]], [241, 2, 62, 122, 182, 242])
        result = estimate.estimate_loss(points, NOW)
        self.assertEqual((result["status"], result["loss_seconds"]), ("estimated", 2))
        self.assertEqual(result["growing_since"], at(5))

    def test_growth_is_a_rise_of_half_to_one_and_a_half_seconds_per_second(self) -> None:
        for rise, loss, since in ((30, 3, at(2)), (29, 32, None), (90, 3, at(2)), (91, 94, None)):
            with self.subTest(rise=rise):
                result = estimate.estimate_loss(series([3, 3 + rise]), NOW)
                self.assertEqual((result["loss_seconds"], result["growing_since"]), (loss, since))

    def test_a_gap_longer_than_max_gap_periods_breaks_the_run(self) -> None:
        self.assertEqual(estimate.MAX_GAP_PERIODS, 3)
        full = series(steady(40) + growth(3, 20))  # growth from 21 minutes ago: 3 + 60 s a minute
        for missing, loss, since in (((12, 11), 3, at(21)), ((12, 11, 10), 3 + 60 * 12, at(9))):
            with self.subTest(missing_minutes_ago=missing):
                points = [p for p in full if p[0] not in {NOW - m * MINUTE for m in missing}]
                self.assertEqual(len(points), 60 - len(missing))
                result = estimate.estimate_loss(points, NOW)
                self.assertEqual((result["status"], result["loss_seconds"], result["growing_since"]),
                                 ("estimated", loss, since))

    def test_no_datapoints_leave_the_loss_unknown(self) -> None:
        self.assertEqual(
            estimate.estimate_loss([], NOW, "dr-replica-rdha"),
            dict(
                status="unknown",
                loss_seconds=None,
                growing_since=None,
                last_datapoint=None,
                summary="no ReplicaLag datapoints of dr-replica-rdha in the last 3 hours: the data loss is unknown.",
            ),
        )

    def test_a_series_that_ended_leaves_the_loss_unknown(self) -> None:
        self.assertEqual(
            estimate.estimate_loss(series(steady(40), last_minutes_ago=6), NOW),
            dict(
                status="unknown",
                loss_seconds=None,
                growing_since=None,
                last_datapoint="2024-05-01 11:54:00 UTC",
                summary="the ReplicaLag series of the DR replica ended at 2024-05-01 11:54:00 UTC (last value 3 s): "
                "the replica stopped reporting, so the data loss is unknown.",
            ),
        )
        self.assertEqual(estimate.estimate_loss(series(steady(40), last_minutes_ago=5), NOW)["status"], "estimated")

    def test_replication_inactive_leaves_the_loss_unknown(self) -> None:
        self.assertEqual(
            estimate.estimate_loss(series(steady(50) + [-1] * 10), NOW),
            dict(
                status="unknown",
                loss_seconds=None,
                growing_since=None,
                last_datapoint="2024-05-01 11:59:00 UTC",
                summary="the DR replica reports replication inactive (ReplicaLag -1) since after 2024-05-01 11:49:00 "
                "UTC, when it was 3 s behind: the data loss is unknown.",
            ),
        )
        self.assertEqual(
            estimate.estimate_loss(series([-1] * 60), NOW)["summary"],
            "the DR replica reports replication inactive (ReplicaLag -1) since 2024-05-01 11:00:00 UTC or earlier: "
            "the data loss is unknown.",
        )

    def test_order_of_the_points_does_not_matter(self) -> None:
        shuffle = random.Random(7).sample
        for name, values in (("steady", steady(60)), ("source lost", SOURCE_LOST), ("idle", sawtooth(60)),
                             ("inactive", steady(50) + [-1] * 10)):
            with self.subTest(name):
                points = series(values)
                shuffled = shuffle(points, len(points))
                self.assertNotEqual(shuffled, points)
                self.assertEqual(estimate.estimate_loss(shuffled, NOW), estimate.estimate_loss(points, NOW))


class Decide(unittest.TestCase):
    @staticmethod
    def known(loss: int) -> dict[str, Any]:
        return dict(status="estimated", loss_seconds=loss)

    def test_unknown_loss_always_asks(self) -> None:
        unknown = estimate.estimate_loss([], NOW)
        for trigger in ("automatic", "manual"):
            self.assertEqual(estimate.decide(unknown, trigger, 10**6, 10**6), "approve")

    def test_automatic_trigger_promotes_within_the_maximum(self) -> None:
        self.assertEqual(estimate.decide(self.known(30), "automatic", 30, -1), "promote")
        self.assertEqual(estimate.decide(self.known(31), "automatic", 30, -1), "approve")

    def test_manual_run_asks_even_within_the_maximum(self) -> None:
        self.assertEqual(estimate.decide(self.known(0), "manual", 30, -1), "approve")

    def test_accepted_loss_covering_the_estimate_promotes(self) -> None:
        for trigger in ("manual", "automatic"):
            with self.subTest(trigger):
                self.assertEqual(estimate.decide(self.known(120), trigger, 30, 120), "promote")
                self.assertEqual(estimate.decide(self.known(121), trigger, 30, 120), "approve")

    def test_accepted_minus_one_is_no_acceptance(self) -> None:
        self.assertEqual(estimate.decide(self.known(0), "manual", 10**6, -1), "approve")
        self.assertEqual(estimate.decide(self.known(5), "automatic", 0, -1), "approve")


class _PagedCloudWatch:
    """Answers get_metric_data with the given pages in turn and records the requests."""

    def __init__(self, pages: list[dict[str, Any]]) -> None:
        self.pages, self.requests = pages, []

    def get_metric_data(self, **request: Any) -> dict[str, Any]:
        self.requests.append(request)
        return self.pages[len(self.requests) - 1]


class ReadSeries(unittest.TestCase):
    def test_reads_maximum_per_minute_over_three_hours_following_next_token(self) -> None:
        first, second = series([3, 4]), series([5], last_minutes_ago=0)
        cloudwatch = _PagedCloudWatch([
            dict(MetricDataResults=[dict(Timestamps=[t for t, _ in first], Values=[v for _, v in first])],
                 NextToken="page-2"),
            dict(MetricDataResults=[dict(Timestamps=[t for t, _ in second], Values=[v for _, v in second])]),
        ])
        self.assertEqual(estimate.read_series(cloudwatch, REPLICA, NOW), first + second)
        query = dict(Id="lag", MetricStat=dict(
            Metric=dict(Namespace="AWS/RDS", MetricName="ReplicaLag",
                        Dimensions=[dict(Name="DBInstanceIdentifier", Value=REPLICA)]),
            Period=60, Stat="Maximum"))
        request = dict(MetricDataQueries=[query], StartTime=NOW - datetime.timedelta(hours=3), EndTime=NOW,
                       ScanBy="TimestampAscending")
        self.assertEqual(cloudwatch.requests, [request, dict(request, NextToken="page-2")])


# ---- against the emulator and local stubs --------------------------------------------

class _OnEmulator(unittest.TestCase):
    """Every client's endpoint pointed at the emulator. The tests share it (a reset costs
    each test a second of moto start-up), so each names its own writer and replica."""

    def setUp(self) -> None:
        assert emulator_tests._server is not None
        self.endpoint(f"http://127.0.0.1:{emulator_tests._server.port}")
        self.writer, self.replica = uid("rdha-writer"), uid(REPLICA)

    def endpoint(self, url: str) -> None:
        patch = mock.patch.dict(os.environ, AWS_ENDPOINT_URL=url)
        patch.start()
        self.addCleanup(patch.stop)


def publish(points: list[tuple[datetime.datetime, float]], instance: str, region: str = DR) -> None:
    # botocore gzips a PutMetricData body of 10 KiB or more; moto 5.2.1's server answers
    # such a request with HTTP 500 (gzip.BadGzipFile in its log).
    uncompressed = botocore.config.Config(disable_request_compression=True)
    boto3.client("cloudwatch", region_name=region, config=uncompressed).put_metric_data(
        Namespace="AWS/RDS",
        MetricData=[
            dict(MetricName="ReplicaLag", Timestamp=t, Value=v, Unit="Seconds",
                 Dimensions=[dict(Name="DBInstanceIdentifier", Value=instance)])
            for t, v in points
        ],
    )


def this_minute() -> datetime.datetime:
    return datetime.datetime.now(UTC).replace(second=0, microsecond=0)


def frozen_clock(now: datetime.datetime) -> Any:
    """The estimator's clock stopped at `now`, a whole minute. CloudWatch rounds a recent
    StartTime down to the whole minute, so one-minute datapoints come back at whole minutes
    ("GetMetricData", Amazon CloudWatch API Reference,
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html);
    moto does not round, and its periods start at the unrounded StartTime."""

    class Clock(datetime.datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime.datetime:
            return now.astimezone(tz)

    frozen = types.SimpleNamespace(datetime=Clock, timezone=datetime.timezone, timedelta=datetime.timedelta)
    return mock.patch.object(estimate, "datetime", frozen)


class EstimateOnEmulator(_OnEmulator):
    def events(self, trigger: str = "automatic", max_loss: int = 60, accepted: int = -1) -> dict[str, Any]:
        return dict(DrRegion=DR, DrInstanceId=self.replica, Trigger=trigger, MaxDataLossSeconds=max_loss,
                    AcceptedDataLossSeconds=accepted)

    def test_read_series_returns_the_published_points(self) -> None:
        now = this_minute()
        points = series(steady(59) + [4], now)
        publish(points, REPLICA)
        publish([(now - 17 * MINUTE + datetime.timedelta(seconds=20), 9)], REPLICA)  # the same minute: Maximum
        publish([(now - 181 * MINUTE, 50), (now, 60)], REPLICA)                      # outside [now - 3 h, now)
        publish(series([700] * 60, now), self.replica)
        publish(series([800] * 60, now), REPLICA, region=PRIMARY)
        expected = [(t, 9.0 if t == now - 17 * MINUTE else float(v)) for t, v in points]
        cloudwatch = boto3.client("cloudwatch", region_name=DR)
        self.assertEqual(estimate.read_series(cloudwatch, REPLICA, now), expected)

    def test_handler_on_a_steady_series_promotes_an_automatic_run(self) -> None:
        now = this_minute()
        publish(series(steady(59) + [4], now), self.replica)
        with frozen_clock(now):
            self.assertEqual(estimate.handler(self.events(), None), dict(
                decision="promote", status="estimated", loss_seconds=4,
                summary=f"Estimated data loss: about 4 s (one-minute datapoints): {self.replica} was 4 s behind at "
                f"{at(1, now)} and still replicating."))

    def test_handler_after_the_source_was_lost(self) -> None:
        now = this_minute()
        publish(series(SOURCE_LOST, now), self.replica)
        summary = (f"Estimated data loss: about 3 s (one-minute datapoints): the ReplicaLag of {self.replica} has "
                   f"grown one second per second since {at(21, now)}, when it was 3 s; transactions committed in the "
                   f"last 3 s before replication stopped are lost.")
        for events, decision in ((self.events("automatic", 30), "promote"), (self.events("automatic", 2), "approve"),
                                 (self.events("manual", 30), "approve"), (self.events("manual", 0, 3), "promote")):
            with self.subTest(**events), frozen_clock(now):
                self.assertEqual(estimate.handler(events, None), dict(
                    decision=decision, status="estimated", loss_seconds=3, summary=summary))

    def test_handler_without_datapoints_of_the_replica_asks(self) -> None:
        now = this_minute()
        publish(series(steady(60), now), uid(REPLICA))
        with frozen_clock(now):
            self.assertEqual(estimate.handler(self.events("automatic", 10**6, 10**6), None), dict(
                decision="approve", status="unknown", loss_seconds=-1,
                summary=f"Data loss unknown: no ReplicaLag datapoints of {self.replica} in the last 3 hours: the "
                "data loss is unknown."))

    def test_handler_on_the_running_clock(self) -> None:
        published = datetime.datetime.now(UTC) - MINUTE
        publish(series(steady(59) + [4], published, last_minutes_ago=0), self.replica)
        result = estimate.handler(self.events(), None)
        self.assertEqual((result["decision"], result["status"], result["loss_seconds"]), ("promote", "estimated", 4))
        found = re.fullmatch(r"Estimated data loss: about 4 s \(one-minute datapoints\): " + self.replica +
                             r" was 4 s behind at (.+ UTC) and still replicating\.", result["summary"])
        assert found is not None, result["summary"]
        # moto's period holding the datapoint starts within the minute before it
        reported = datetime.datetime.strptime(found[1], "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=UTC)
        self.assertTrue(published - MINUTE < reported <= published, (reported, published))


class _Stub(http.server.BaseHTTPRequestHandler):
    """A primary region that answers every request with server.status and an RDS error
    code, or drops the connection when server.status is None."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.server.status is None:  # type: ignore[attr-defined]
            self.close_connection = True
            return
        body = (
            '<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Receiver</Type>'
            f"<Code>{self.server.code}</Code><Message>stub</Message></Error>"  # type: ignore[attr-defined]
            "<RequestId>stub</RequestId></ErrorResponse>"
        ).encode()
        self.send_response(self.server.status)  # type: ignore[attr-defined]
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class ConfirmRegionFailure(_OnEmulator):
    def events(self, require: bool = True) -> dict[str, Any]:
        return dict(PrimaryRegion=PRIMARY, PrimaryInstanceId=self.writer, RequirePrimaryUnreachable=require)

    def create_writer(self, region: str = PRIMARY) -> None:
        boto3.client("rds", region_name=region).create_db_instance(
            DBInstanceIdentifier=self.writer, DBInstanceClass="db.t3.micro", Engine="postgres", EngineVersion="16.3",
            AllocatedStorage=20, MasterUsername="rdha", MasterUserPassword="not-a-secret-1")

    def closed_port(self) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return f"http://127.0.0.1:{s.getsockname()[1]}"

    def stub(self, status: int | None, code: str = "") -> None:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
        server.status, server.code = status, code  # type: ignore[attr-defined]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(thread.join)
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        self.endpoint(f"http://127.0.0.1:{server.server_address[1]}")

    def test_not_checked_when_not_required(self) -> None:
        self.endpoint(self.closed_port())  # nothing is asked: a request would fail
        self.assertEqual(confirm.handler(self.events(require=False), None),
                         dict(status="not checked (RequirePrimaryUnreachable=false)"))

    def test_closed_port_is_unreachable(self) -> None:
        self.endpoint(self.closed_port())
        self.assertEqual(confirm.handler(self.events(), None), dict(status="unreachable: EndpointConnectionError"))

    def test_available_writer_stops_the_failover(self) -> None:
        self.create_writer()
        with self.assertRaises(Exception) as raised:
            confirm.handler(self.events(), None)
        self.assertIs(type(raised.exception), Exception)
        self.assertEqual(str(raised.exception),
                         f"the writer {self.writer} in us-east-1 answers as available: not promoting (split brain). "
                         "Start again with RequirePrimaryUnreachable=false only when applications cannot reach it.")

    def test_writer_that_no_longer_exists(self) -> None:
        self.create_writer(region=DR)  # the same name elsewhere does not count
        self.assertEqual(confirm.handler(self.events(), None),
                         dict(status=f"not found: the writer {self.writer} no longer exists"))

    def test_writer_in_another_status_passes_with_it(self) -> None:
        self.create_writer()
        boto3.client("rds", region_name=PRIMARY).stop_db_instance(DBInstanceIdentifier=self.writer)
        self.assertEqual(confirm.handler(self.events(), None), dict(status="stopped"))

    def test_server_error_is_failing(self) -> None:
        self.stub(503, "ServiceUnavailable")
        self.assertEqual(confirm.handler(self.events(), None), dict(status="failing: ServiceUnavailable"))

    def test_refusal_stops_the_failover(self) -> None:
        self.stub(403, "AccessDenied")
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            confirm.handler(self.events(), None)
        self.assertEqual(raised.exception.response["Error"]["Code"], "AccessDenied")

    # A connection the region's endpoint drops before answering is a connection failure.
    def test_dropped_connection_is_unreachable(self) -> None:
        self.stub(None)
        self.assertEqual(confirm.handler(self.events(), None), dict(status="unreachable: ConnectionClosedError"))


# ---- the wait after the promotion ------------------------------------------------------------

def described(status: str, source: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = dict(DBInstanceIdentifier=REPLICA, DBInstanceStatus=status)
    if source:
        out["ReadReplicaSourceDBInstanceIdentifier"] = source
    return out


class _FakeClock:
    """time.monotonic and time.sleep of one poll loop: sleeping advances the clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


SOURCE_ARN = "arn:aws:rds:us-east-1:123456789012:db:primary-rdha"


class WaitForPromotion(unittest.TestCase):
    def run_wait(self, answers: list[dict[str, Any]], poll_seconds: int = 540) -> tuple[dict[str, Any], _FakeClock]:
        remaining = iter(answers)
        fake = _FakeClock()
        result = promotion.wait(lambda: next(remaining), REPLICA, poll_seconds, 15, clock=fake.clock, sleep=fake.sleep)
        return result, fake

    def test_available_replica_right_after_the_call_is_not_the_writer(self) -> None:
        # What RDS reports between the promote call and the reboot that ends it.
        result, fake = self.run_wait([described("available", SOURCE_ARN), described("modifying", SOURCE_ARN),
                                      described("rebooting"), described("available")])
        self.assertEqual(result, dict(status="writer", polls=4))
        self.assertEqual(fake.slept, [15, 15, 15])

    def test_an_attempt_that_does_not_see_the_promotion_fails_for_the_engine_to_retry(self) -> None:
        with self.assertRaises(Exception) as raised:
            self.run_wait([described("available", SOURCE_ARN)] * 100, poll_seconds=60)
        self.assertIs(type(raised.exception), Exception)
        self.assertEqual(str(raised.exception),
                         f"{REPLICA} is not the writer yet after 60 s: still a replica of {SOURCE_ARN} (status "
                         "available). The step starts again while attempts remain; do not switch the writer name "
                         "before the promotion has taken effect.")

    def test_promotion_state(self) -> None:
        self.assertEqual(promotion.promotion_state(described("available")), "writer")
        self.assertEqual(promotion.promotion_state(described("backing-up")), "promoted, status backing-up")
        self.assertEqual(promotion.promotion_state(described("available", SOURCE_ARN)),
                         f"still a replica of {SOURCE_ARN} (status available)")


class WaitForPromotionOnEmulator(_OnEmulator):
    def events(self) -> dict[str, Any]:
        return dict(DrRegion=DR, DrInstanceId=self.replica, PollSeconds=0, IntervalSeconds=0)

    def test_only_the_promoted_instance_passes(self) -> None:
        rds = boto3.client("rds", region_name=DR)
        rds.create_db_instance(DBInstanceIdentifier=self.writer, DBInstanceClass="db.t3.micro", Engine="postgres",
                               EngineVersion="16.3", AllocatedStorage=20, MasterUsername="rdha",
                               MasterUserPassword="not-a-secret-1")
        rds.create_db_instance_read_replica(DBInstanceIdentifier=self.replica, SourceDBInstanceIdentifier=self.writer)
        with self.assertRaises(Exception) as raised:
            promotion.handler(self.events(), None)
        self.assertIn(f"still a replica of {self.writer} (status available)", str(raised.exception))
        rds.promote_read_replica(DBInstanceIdentifier=self.replica)
        self.assertEqual(promotion.handler(self.events(), None), dict(status="writer", polls=1))


# ---- the automatic trigger and the estimate it leads to --------------------------------------

def rdha_binary() -> Path | None:
    if os.environ.get("RDHA_BIN"):
        return Path(os.environ["RDHA_BIN"])
    build = Path(os.environ.get("RDHA_BUILD_DIR", HERE.parents[1] / "build"))
    return build / "rdha" if (build / "rdha").is_file() else None


def trigger_alarm(config: dict[str, Any]) -> dict[str, Any]:
    """The automatic trigger's alarm as `rdha synth` emits it for `config`."""
    import json
    import subprocess
    import tempfile

    binary = rdha_binary()
    if binary is None:
        raise unittest.SkipTest("no rdha binary (set RDHA_BIN or RDHA_BUILD_DIR): the alarm is read from its output")
    with tempfile.TemporaryDirectory() as work:
        spec = Path(work) / "spec.json"
        spec.write_text(json.dumps(config))
        subprocess.run([str(binary), "synth", "--config", str(spec), "--out", str(Path(work) / "out")], check=True,
                       capture_output=True)
        for path in sorted((Path(work) / "out").glob("*.tf.json")):
            # Blocks in topological order: a list of {type: {name: arguments}}.
            for block in json.loads(path.read_text()).get("resource", []):
                alarm = block.get("aws_cloudwatch_metric_alarm", {}).get("primary_region_unreachable")
                if alarm is not None:
                    return alarm
    raise AssertionError("rdha synth emitted no aws_cloudwatch_metric_alarm.primary_region_unreachable")


def idle(n: int) -> list[float]:
    """An idle source at its worst: the lag reaches 300 s before each 5-minute WAL switch."""
    return [0.0 + 60 * (i % 6) for i in range(n)]


class TriggerAndEstimate(unittest.TestCase):
    """The trigger alarm over the DR replica's ReplicaLag (as CloudWatch evaluates it, per
    alarm_model) and what the estimate reads at the minute it fires."""

    alarm: dict[str, Any] = {}

    @classmethod
    def setUpClass(cls) -> None:
        cls.alarm = trigger_alarm({"failover": {"automatic": True}})

    def fires_at(self, lags: list[float | None]) -> int | None:
        return alarm_model.first_alarm(self.alarm, lags)

    def decision_when_fired(self, lags: list[float | None], max_loss: int = 60) -> tuple[int, dict[str, Any], str]:
        """The minute the trigger fires, and the estimate and automatic decision at that minute
        (the datapoints up to it, the last one a minute before NOW; None: no datapoint)."""
        fired = self.fires_at(lags)
        assert fired is not None, "the trigger did not fire"
        points = [(NOW - (fired + 1 - i) * MINUTE, v) for i, v in enumerate(lags[:fired + 1]) if v is not None]
        loss = estimate.estimate_loss(points, NOW, REPLICA)
        return fired, loss, estimate.decide(loss, "automatic", max_loss, -1)

    def test_replication_keeping_up_or_an_idle_source_never_fires(self) -> None:
        self.assertIsNone(self.fires_at(steady(120)))
        self.assertEqual(max(idle(120)), 300)
        self.assertIsNone(self.fires_at(idle(120)))

    def test_a_lost_source_fires_and_the_estimate_then_allows_an_automatic_promotion(self) -> None:
        lags: list[float | None] = list(steady(40) + growth(3, 30, jitter=(0, 2, -3, 1, -2)))
        fired, loss, decision = self.decision_when_fired(lags)
        # the 6th minute of growth (index 40 + 5) is the first at 3 + 60 * 6 >= 360 s; ten in a row
        self.assertEqual(fired, 40 + 5 + 10 - 1)
        self.assertEqual((loss["status"], loss["loss_seconds"]), ("estimated", 3))
        self.assertEqual(decision, "promote")
        self.assertEqual(self.decision_when_fired(lags, max_loss=2)[2], "approve")

    def test_a_short_stall_does_not_fire(self) -> None:
        self.assertIsNone(self.fires_at(steady(40) + growth(3, 14) + steady(30)))

    def test_stopped_replication_or_a_series_that_ends_fires_and_asks(self) -> None:
        for tail in ([-1.0] * 12, [None] * 12):
            with self.subTest(tail=tail[0]):
                lags: list[float | None] = [*steady(40), *tail]
                fired, loss, decision = self.decision_when_fired(lags)
                self.assertEqual(fired, 40 + 10 - 1)
                self.assertEqual((loss["status"], decision), ("unknown", "approve"))

    def test_the_lag_threshold_follows_the_spec(self) -> None:
        alarm = trigger_alarm({"failover": {"automatic": True, "trigger_lag_seconds": 900, "trigger_periods": 3}})
        lags = steady(40) + growth(3, 30)
        # the 15th minute of growth (index 40 + 14) is the first at 3 + 60 * 15 >= 900 s; three in a row
        self.assertEqual(alarm_model.first_alarm(alarm, lags), 40 + 14 + 3 - 1)


if __name__ == "__main__":
    unittest.main()
