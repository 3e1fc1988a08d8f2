// Compiled by ctest (tests/CMakeLists.txt, compile.AttrMismatch.*) once per RDHA_CASE: each
// case passes a reference whose type Terraform does not always convert to the argument's
// type, which must not compile. Without RDHA_CASE the file compiles: the same setters with
// references of the right type, and the explicit escape hatches.
#include "rdha/aws/cloudwatch_metric_alarm.hpp"
#include "rdha/aws/db_instance.hpp"
#include "rdha/aws/security_group.hpp"
#include "rdha/core/stack.hpp"

void configure(rdha::Stack& stack) {
  auto east = stack.add_provider("aws", "us-east-1");
  [[maybe_unused]] auto db = stack.add<rdha::aws::DbInstance>("primary", east);
  [[maybe_unused]] auto alarm = stack.add<rdha::aws::CloudwatchMetricAlarm>("cpu", east);
  [[maybe_unused]] auto group = stack.add<rdha::aws::SecurityGroup>("db", east);
#if RDHA_CASE == 1  // a string reference where a number is expected
  alarm.evaluation_periods(db.identifier());
#elif RDHA_CASE == 2  // a string reference where a set is expected
  db.vpc_security_group_ids(group.id());
#elif RDHA_CASE == 3  // a number reference where a bool is expected
  db.multi_az(db.port());
#elif RDHA_CASE == 4  // a set of strings where a map is expected
  group.tags(db.enabled_cloudwatch_logs_exports());
#else
  alarm.evaluation_periods(db.port());                          // number → number
  alarm.alarm_description(db.port());                           // number → string
  db.vpc_security_group_ids({group.id()});                      // set of string references
  db.vpc_security_group_ids(db.vpc_security_group_ids());       // set(string) → set(string)
  group.description(group.egress()[0]);                         // an element of set(object): unchecked
  alarm.evaluation_periods(rdha::unchecked<rdha::tf::Number>(db.identifier()));
  alarm.evaluation_periods(rdha::Expr::raw("var.periods"));
#endif
}
