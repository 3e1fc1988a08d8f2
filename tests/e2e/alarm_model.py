"""How CloudWatch evaluates one of the stack's alarms over one-minute datapoints (the
emulator stores alarms but evaluates neither their metric math nor their periods).

Modelled, from the CloudWatch User Guide:
- An alarm goes to ALARM when `datapoints_to_alarm` of the last `evaluation_periods`
  datapoints breach; a missing datapoint counts as breaching with treat_missing_data
  "breaching" ("Configuring how CloudWatch alarms treat missing data",
  https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html).
- Metric math: only what the stack emits, `IF(<id> < 0, <number>, <id>)` over one metric
  ("Using math expressions with CloudWatch metrics", IF function,
  https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html); an
  expression over a minute without data has no data. Anything else is refused, so a change
  of the emitted alarm shows up here instead of being evaluated wrongly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

COMPARE: dict[str, Callable[[float, float], bool]] = {
    "GreaterThanOrEqualToThreshold": lambda v, t: v >= t,
    "GreaterThanThreshold": lambda v, t: v > t,
    "LessThanThreshold": lambda v, t: v < t,
    "LessThanOrEqualToThreshold": lambda v, t: v <= t,
}

OK, ALARM = "OK", "ALARM"


def _value_of(alarm: dict[str, Any]) -> Callable[[float | None], float | None]:
    """The function from the metric's datapoint to the value the alarm compares."""
    queries = alarm.get("metric_query")
    if not queries:
        return lambda v: v
    metrics = [q for q in queries if q.get("metric")]
    returned = [q for q in queries if q.get("return_data")]
    if len(metrics) != 1 or len(returned) != 1:
        raise ValueError(f"only one metric and one returned expression are modelled: {queries}")
    found = re.fullmatch(r"IF\((\w+) < 0, (\d+), (\w+)\)", returned[0].get("expression", ""))
    metric_id = metrics[0]["id"]
    if not found or found[1] != metric_id or found[3] != metric_id:
        raise ValueError(f"expression not modelled: {returned[0].get('expression')!r}")
    replacement = float(found[2])
    return lambda v: None if v is None else (replacement if v < 0 else v)


def states(alarm: dict[str, Any], datapoints: Sequence[float | None]) -> list[str]:
    """The alarm's state after each minute of `datapoints` (one per minute, None: no data).
    `alarm` holds the Terraform arguments of an aws_cloudwatch_metric_alarm."""
    value_of = _value_of(alarm)
    compare = COMPARE[alarm["comparison_operator"]]
    periods = int(alarm["evaluation_periods"])
    needed = int(alarm.get("datapoints_to_alarm", periods))
    if alarm.get("treat_missing_data") != "breaching":
        raise ValueError("only treat_missing_data = breaching is modelled")
    breaching = [value is None or compare(value, float(alarm["threshold"])) for value in map(value_of, datapoints)]
    return [ALARM if i + 1 >= periods and sum(breaching[i + 1 - periods:i + 1]) >= needed else OK
            for i in range(len(breaching))]


def first_alarm(alarm: dict[str, Any], datapoints: Sequence[float | None]) -> int | None:
    """The index of the first minute in ALARM, or None."""
    return next((i for i, state in enumerate(states(alarm, datapoints)) if state == ALARM), None)
