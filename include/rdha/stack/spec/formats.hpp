// rdha/stack/spec/formats.hpp — the text formats of spec values, each a predicate with
// the JSON Schema pattern that spells the same rule and an example.
//
// The field table puts them on fields; validate() uses the ones whose field depends on
// another (an endpoint's format follows its protocol). The predicates are hand-written
// (std::regex is slow and trips GCC 12 warnings at -O2); tests/cpp/stack/spec/formats_test.cpp
// runs each predicate and its pattern over the same good and bad values.
#pragma once

#include "rdha/stack/spec/constraints.hpp"

namespace rdha::stack::fields {

extern const Format kRegionName;            ///< "us-east-1"
extern const Format kVpcCidr;               ///< "10.0.0.0/16", network address, /16 to /28
extern const Format kSubnetCidr;            ///< as kVpcCidr, for subnets
extern const Format kInstanceClass;         ///< "db.r6g.large"
extern const Format kInstanceClassOrEmpty;  ///< an instance class, or "" (another field's class)
extern const Format kEngineVersion;         ///< "17.4" or "17"
extern const Format kDatabaseName;          ///< PostgreSQL identifier: "appdb"
extern const Format kMasterUserName;        ///< PostgreSQL identifier: "dbadmin"
extern const Format kRdsIdentifierBase;     ///< base of an RDS identifier: "replica-1"
extern const Format kDailyWindow;           ///< "02:00-03:00", at least 30 minutes
extern const Format kWeeklyWindow;          ///< "sun:04:00-sun:05:00", at least 30 minutes
extern const Format kParameterName;         ///< "log_lock_waits"
extern const Format kEmail;                 ///< "oncall@example.com"
extern const Format kHttpsUrl;              ///< "https://hooks.example.com/rds"
extern const Format kSqsQueueArn;           ///< "arn:aws:sqs:us-east-1:123456789012:db-alarms"
extern const Format kLambdaFunctionArn;     ///< "arn:aws:lambda:us-east-1:123456789012:function:page"
extern const Format kPhoneNumber;           ///< E.164: "+15555550100"
extern const Format kSecurityGroupId;       ///< "sg-0123456789abcdef0"
extern const Format kPrincipalArn;          ///< "arn:aws:iam::123456789012:role/ci"
extern const Format kZoneName;              ///< "db.rdha.internal"
extern const Format kAccountIdOrEmpty;          ///< "123456789012" or ""
extern const Format kRegionNameOrEmpty;         ///< a region name or ""
extern const Format kKmsKeyArnOrEmpty;          ///< "arn:aws:kms:us-east-1:123456789012:key/<id>" or ""
extern const Format kIamPolicyArnOrEmpty;       ///< "arn:aws:iam::123456789012:policy/<name>" or ""
extern const Format kIamRoleNameOrEmpty;        ///< "terraform-execution-rdha" or ""
extern const Format kOidcProviderArnOrEmpty;    ///< "arn:aws:iam::123456789012:oidc-provider/<host>" or ""
extern const Format kDynamoDbTableNameOrEmpty;  ///< "rdha-state-lock" or ""
extern const Format kRdsIdentifierOrEmpty;         ///< an RDS DB instance identifier "legacy-db" or ""
extern const Format kDbSnapshotIdentifierOrEmpty;  ///< a manual DB snapshot identifier or ""
extern const Format kVpcIdOrEmpty;                 ///< "vpc-0123456789abcdef0" or ""
extern const Format kCidrOrEmpty;                  ///< any IPv4 CIDR block "172.31.0.0/16" or ""
extern const Format kSecurityGroupIdOrEmpty;       ///< a security group ID or ""
extern const Format kEngineVersionOrEmpty;         ///< "13.15", "13" or ""
extern const Format kRouteTableId;                    ///< "rtb-0123456789abcdef0"
extern const Format kSecretsManagerSecretArnOrEmpty;  ///< "arn:aws:secretsmanager:<region>:<account>:secret:<name>" or ""
extern const Format kDmsCertificateArnOrEmpty;        ///< "arn:aws:dms:<region>:<account>:cert:<id>" or ""
extern const Format kDmsEngineVersion;                ///< "3.6.1"
extern const Format kDmsInstanceClass;                ///< "dms.t3.medium"
extern const Format kDatabaseNameOrEmpty;             ///< a database name or ""
extern const Format kReasonText;                ///< any text with a non-blank character

extern const Reserved kReservedDatabaseNames;  ///< template0, template1, rdsadmin
extern const Reserved kReservedUserNames;      ///< admin, rdsadmin, pg_*, rds_*, ...
extern const Reserved kAmazonDomains;          ///< amazonaws.com and below

}  // namespace rdha::stack::fields
