// The Python scripts of the region-failover automation's aws:executeScript steps, embedded
// at build time from src/dr/automation/*.py (CMakeLists.txt generates their definitions).
// The tests import the same files. Internal to src/.
#pragma once

namespace rdha::dr::detail {

/// src/dr/automation/confirm_region_failure.py: the split-brain guard.
extern const char* const confirm_region_failure_script;
/// src/dr/automation/estimate_data_loss.py: the data-loss estimate and the promotion decision.
extern const char* const estimate_data_loss_script;
/// src/dr/automation/wait_for_promotion.py: the wait until the promoted instance takes writes.
extern const char* const wait_for_promotion_script;

}  // namespace rdha::dr::detail
