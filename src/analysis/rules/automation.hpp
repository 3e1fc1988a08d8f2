// SSM Automation documents read out of a stack for the rules: their steps in order, and
// the API calls each step makes as the role the document assumes. Internal to
// src/analysis/rules.
//
// Calls are read from the steps' inputs (aws:executeAwsApi, aws:assertAwsResourceProperty,
// aws:waitForAwsResourceProperty: Service and Api) and from aws:executeScript steps'
// Python: a variable assigned `boto3.client('<service>'[, region_name=events['<Input>']])`
// and its `<variable>.<method>(` calls (the method name is the API action in snake case;
// IAM compares actions case-insensitively). `{{ Parameter }}` references take the
// parameter's default; a DB instance named by DBInstanceIdentifier (or, in a script, by
// `DBInstanceIdentifier=events['<Input>']`) and a topic named by TopicArn become the call's
// resource. Publishing to an SNS topic encrypted with a KMS key also calls
// kms:GenerateDataKey and kms:Decrypt on that key through SNS of the topic's region.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rdha/core/stack.hpp"

namespace rdha::analysis::detail {

/// One API call of a step.
struct AutomationCall {
  std::string action;    ///< "rds:PromoteReadReplica" ("rds:DescribeDbInstances" from a script)
  std::string region;    ///< where it goes
  std::string resource;  ///< a template-form ARN, or "*"
  std::map<std::string, std::string> context;  ///< condition keys the call sets (kms:ViaService, cloudwatch:namespace)
};

/// One step, in document order.
struct AutomationStep {
  std::string name;
  std::string action;  ///< "aws:executeAwsApi", ...
  nlohmann::json inputs;  ///< with {{ Parameter }} references replaced by defaults
  bool critical = true;        ///< isCritical (default true)
  std::string on_failure = "Abort";  ///< onFailure (default Abort)
  std::vector<AutomationCall> calls;
};

/// An Automation document of the stack.
struct AutomationDocument {
  std::size_t index;                ///< the aws_ssm_document node
  std::string region;
  std::optional<std::size_t> role;  ///< the aws_iam_role its assumeRole references
  std::vector<AutomationStep> steps;
};

/// The stack's aws_ssm_document resources of type Automation whose literal-or-template
/// content parses as JSON (others are skipped).
std::vector<AutomationDocument> automation_documents(const Stack& stack);

/// The position of the first step making @p action (case-insensitive), or nullopt.
std::optional<std::size_t> first_call(const AutomationDocument& document, std::string_view action);

}  // namespace rdha::analysis::detail
