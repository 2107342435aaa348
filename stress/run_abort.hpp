// Thrown by an engine's hook at a thread's blocking or spinning point to abandon a run
// (deadlock, watchdog, violation). Caught by the engine's thread wrapper; never escapes.
#pragma once

namespace pagewait::stress {
struct RunAborted {};
}  // namespace pagewait::stress
