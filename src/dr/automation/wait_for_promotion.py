"""Waits until the promoted DR instance is the writer: available and no longer a replica.

The region-failover automation document embeds this file as the script of its
WaitForNewWriter step (aws:executeScript, handler `handler`, run in the DR region).
"available" alone is not enough: PromoteReadReplica returns at once, and RDS reboots the
instance before making it available ("Promoting a read replica to be a standalone DB
instance", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Promote.html),
so right after the call the instance may still report `available` as a read-only replica.
Only once ReadReplicaSourceDBInstanceIdentifier is gone and the status is `available`
again does it take writes; the writer switch that follows must not come earlier.

One attempt polls for at most PollSeconds and then fails; the step's maxAttempts lets the
automation engine start it again ("StepExecution", MaxAttempts,
https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StepExecution.html),
so each attempt stays short and the whole wait is PollSeconds times the attempts.
"""

import time


def promotion_state(instance):
    """'writer' when promoted and available, else what is still pending."""
    source = instance.get('ReadReplicaSourceDBInstanceIdentifier')
    status = instance['DBInstanceStatus']
    if source:
        return 'still a replica of ' + source + ' (status ' + status + ')'
    if status != 'available':
        return 'promoted, status ' + status
    return 'writer'


def wait(describe, instance_id, poll_seconds, interval_seconds, clock=time.monotonic, sleep=time.sleep):
    """Polls describe() (the instance's description) until promotion_state() is 'writer';
    raises after poll_seconds."""
    deadline = clock() + poll_seconds
    polls = 0
    while True:
        state = promotion_state(describe())
        polls += 1
        if state == 'writer':
            return dict(status='writer', polls=polls)
        if clock() >= deadline:
            raise Exception(instance_id + ' is not the writer yet after ' + str(poll_seconds) + ' s: ' + state +
                            '. The step starts again while attempts remain; do not switch the writer name before '
                            'the promotion has taken effect.')
        sleep(interval_seconds)


def handler(events, context):
    import boto3

    rds = boto3.client('rds', region_name=events['DrRegion'])

    def describe():
        return rds.describe_db_instances(DBInstanceIdentifier=events['DrInstanceId'])['DBInstances'][0]

    return wait(describe, events['DrInstanceId'], events['PollSeconds'], events['IntervalSeconds'])
