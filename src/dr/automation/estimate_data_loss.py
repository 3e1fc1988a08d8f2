"""How much data a region failover loses, estimated from the DR replica's ReplicaLag series.

The region-failover automation document embeds this file as the script of its
EstimateDataLoss step (aws:executeScript, handler `handler`, run in the DR region), and
the tests run the same functions on synthetic series and against the emulator's
CloudWatch: one text, no copy.

On RDS for PostgreSQL, ReplicaLag is "currentTime - lastCommitedTransactionTimestamp"
("Working with read replicas for Amazon RDS for PostgreSQL", limitations,
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PostgreSQL.Replication.ReadReplicas.html).
Once the source is gone nothing more is replayed and the lag grows one second per second,
however long the outage lasts, so it says nothing about the loss by itself. The lag just
before that growth began is how far behind the replica was when the last transaction
arrived: what the source committed within that window is lost. An idle source makes the
lag grow one second per second too, until the WAL segment switches (every 5 minutes by
default) and it drops; the run then starts at the last switch, and the estimate is the
small lag of that moment, which is right: an idle source commits nothing that could be lost.

Only the DR region's CloudWatch is read: the primary region's is down with it.
"""

import datetime

PERIOD_SECONDS = 60                         # RDS publishes ReplicaLag once a minute
LOOKBACK = datetime.timedelta(hours=3)      # how far back the series is read
STALE_AFTER = datetime.timedelta(minutes=5)  # no datapoint for longer: the series ended
MIN_SLOPE, MAX_SLOPE = 0.5, 1.5             # "one second per second", with one-minute jitter
MAX_GAP_PERIODS = 3                         # a longer gap breaks a run of growth

ESTIMATED, UNKNOWN = 'estimated', 'unknown'
PROMOTE, APPROVE = 'promote', 'approve'


def _at(moment):
    return moment.astimezone(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S UTC')


def _unknown(summary, last=None):
    return dict(status=UNKNOWN, loss_seconds=None, summary=summary, growing_since=None,
                last_datapoint=_at(last) if last else None)


def estimate_loss(points, now, instance='the DR replica'):
    """The data-loss window of promoting now.

    points: (timestamp, ReplicaLag seconds) pairs, one per minute, in any order; now: an
    aware datetime. Returns a dict: status "estimated" or "unknown" (no data, a series that
    ended, replication reported inactive), loss_seconds (int, or None when unknown),
    summary (one sentence for the operator), growing_since and last_datapoint (text or None).
    """
    points = sorted(points)
    if not points:
        return _unknown('no ReplicaLag datapoints of %s in the last %d hours: the data loss is unknown.'
                        % (instance, LOOKBACK.total_seconds() // 3600))
    last_time, last_value = points[-1]
    if now - last_time > STALE_AFTER:
        return _unknown('the ReplicaLag series of %s ended at %s (last value %d s): the replica stopped reporting, '
                        'so the data loss is unknown.' % (instance, _at(last_time), last_value), last_time)
    if last_value < 0:
        inactive = last_time
        for time, value in reversed(points):
            if value >= 0:
                return _unknown('%s reports replication inactive (ReplicaLag -1) since after %s, when it was %d s '
                                'behind: the data loss is unknown.' % (instance, _at(time), value), last_time)
            inactive = time
        return _unknown('%s reports replication inactive (ReplicaLag -1) since %s or earlier: the data loss is '
                        'unknown.' % (instance, _at(inactive)), last_time)

    start = len(points) - 1
    while start > 0:
        (before, lag_before), (after, lag_after) = points[start - 1], points[start]
        seconds = (after - before).total_seconds()
        if lag_before < 0 or seconds <= 0 or seconds > MAX_GAP_PERIODS * PERIOD_SECONDS:
            break
        if not MIN_SLOPE <= (lag_after - lag_before) / seconds <= MAX_SLOPE:
            break
        start -= 1
    growth_start, loss = points[start]
    loss = int(round(loss))
    if start == len(points) - 1:
        summary = ('about %d s (one-minute datapoints): %s was %d s behind at %s and still replicating.'
                   % (loss, instance, loss, _at(last_time)))
        growing_since = None
    else:
        summary = ('about %d s (one-minute datapoints): the ReplicaLag of %s has grown one second per second since '
                   '%s, when it was %d s; transactions committed in the last %d s before replication stopped are '
                   'lost.' % (loss, instance, _at(growth_start), loss, loss))
        growing_since = _at(growth_start)
    return dict(status=ESTIMATED, loss_seconds=loss, summary=summary, growing_since=growing_since,
                last_datapoint=_at(last_time))


def decide(estimate, trigger, max_data_loss_seconds, accepted_data_loss_seconds):
    """"promote" at once, or "approve": page and wait for a person.

    A known estimate within the loss the operator accepted when starting the run
    (accepted_data_loss_seconds, -1 for none), or, for a run the automatic trigger started,
    within max_data_loss_seconds, promotes; anything else asks. Nothing is ever refused
    because time passed: the lag's growth after the loss is not data loss.
    """
    if estimate['status'] != ESTIMATED:
        return APPROVE
    loss = estimate['loss_seconds']
    if 0 <= accepted_data_loss_seconds and loss <= accepted_data_loss_seconds:
        return PROMOTE
    if trigger == 'automatic' and loss <= max_data_loss_seconds:
        return PROMOTE
    return APPROVE


def read_series(cloudwatch, instance, now):
    """The instance's ReplicaLag (Maximum per minute) over LOOKBACK, as (timestamp, value) pairs."""
    metric = dict(Namespace='AWS/RDS', MetricName='ReplicaLag',
                  Dimensions=[dict(Name='DBInstanceIdentifier', Value=instance)])
    query = dict(Id='lag', MetricStat=dict(Metric=metric, Period=PERIOD_SECONDS, Stat='Maximum'))
    points, token = [], None
    while True:
        request = dict(MetricDataQueries=[query], StartTime=now - LOOKBACK, EndTime=now, ScanBy='TimestampAscending')
        if token:
            request['NextToken'] = token
        result = cloudwatch.get_metric_data(**request)
        for series in result['MetricDataResults']:
            points += list(zip(series['Timestamps'], series['Values']))
        token = result.get('NextToken')
        if not token:
            return points


def handler(events, context):
    import boto3

    now = datetime.datetime.now(datetime.timezone.utc)
    cloudwatch = boto3.client('cloudwatch', region_name=events['DrRegion'])
    estimate = estimate_loss(read_series(cloudwatch, events['DrInstanceId'], now), now, events['DrInstanceId'])
    decision = decide(estimate, events['Trigger'], int(events['MaxDataLossSeconds']),
                      int(events['AcceptedDataLossSeconds']))
    loss = estimate['loss_seconds']
    summary = ('Estimated data loss: ' + estimate['summary'] if loss is not None
               else 'Data loss unknown: ' + estimate['summary'])
    return dict(decision=decision, status=estimate['status'], loss_seconds=-1 if loss is None else loss,
                summary=summary)
