// Private: the one home of the provider version constraints that the stack and the state
// bootstrap both require.
#pragma once

namespace rdha::stack {

// 5.100.0 is what the offline plugin dir serves and is past every feature the stack may
// use (password_wo on aws_db_instance arrived in 5.88, secret_string_wo and the
// ephemeral aws_secretsmanager_random_password later still); 6.x changes defaults.
inline constexpr const char* kAwsProviderVersion = ">= 5.100.0, < 6.0.0";

}  // namespace rdha::stack
