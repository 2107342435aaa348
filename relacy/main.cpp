// pagewait-relacy: explores every scenario under Relacy and checks each verdict against
// the spec's expectation. Its flags are the RELACY and BOTH rows of engine/options.inc; the
// driver (engine/driver.hpp) runs the pairs and gives the exit code.
#define PAGEWAIT_TOOL_RELACY
#include "engine/flags.hpp"
#include "relacy/relacy_engine.hpp"

int main(int argc, char** argv) {
  return pagewait::engine::tool_main<pagewait::relacy_engine::RelacyEngine>(
      argc, argv,
      "explores pagewait scenarios with Relacy.\n  pagewait-relacy --scenario=all --variant=all "
      "--sched=random --iterations=100000\n  pagewait-relacy --replay='<line printed by a failure>'");
}
