// pagewait: a userspace reimplementation of the Linux page bit waitqueue.
// Include this one header; see README.md for the variants and the invariants.
#pragma once

#include "pagewait/config.hpp"
#include "pagewait/page.hpp"
#include "pagewait/page_ops.hpp"
#include "pagewait/page_pool.hpp"
#include "pagewait/system.hpp"
#include "pagewait/task.hpp"
