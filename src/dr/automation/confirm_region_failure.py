"""The split-brain guard of the region failover: the old writer must not answer as available.

The region-failover automation document embeds this file as the script of its
ConfirmRegionFailure step (aws:executeScript, handler `handler`, run from the DR region).
A connection failure or a 5xx answer means the region is unreachable, and an old writer
that no longer exists cannot accept writes either; any other error (no permission, throttling)
stops the automation rather than passing the guard.
"""

import botocore.config
import botocore.exceptions

# A connection refused, timed out, or dropped before an answer.
UNREACHABLE = (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectTimeoutError,
               botocore.exceptions.ReadTimeoutError, botocore.exceptions.ConnectionClosedError)


def handler(events, context):
    import boto3

    if not events['RequirePrimaryUnreachable']:
        return dict(status='not checked (RequirePrimaryUnreachable=false)')
    config = botocore.config.Config(connect_timeout=5, read_timeout=10, retries=dict(max_attempts=2))
    rds = boto3.client('rds', region_name=events['PrimaryRegion'], config=config)
    try:
        found = rds.describe_db_instances(DBInstanceIdentifier=events['PrimaryInstanceId'])
    except UNREACHABLE as error:
        return dict(status='unreachable: ' + type(error).__name__)
    except botocore.exceptions.ClientError as error:
        if error.response['Error'].get('Code') == 'DBInstanceNotFound':
            return dict(status='not found: the writer ' + events['PrimaryInstanceId'] + ' no longer exists')
        if error.response.get('ResponseMetadata', dict()).get('HTTPStatusCode', 0) >= 500:
            return dict(status='failing: ' + error.response['Error']['Code'])
        raise
    status = found['DBInstances'][0]['DBInstanceStatus']
    if status == 'available':
        raise Exception('the writer ' + events['PrimaryInstanceId'] + ' in ' + events['PrimaryRegion'] +
                        ' answers as available: not promoting (split brain). Start again with '
                        'RequirePrimaryUnreachable=false only when applications cannot reach it.')
    return dict(status=status)
