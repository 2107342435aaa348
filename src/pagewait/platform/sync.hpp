// The sync shim: the only door between the algorithm and the machine.
//
// Every production header reaches atomics, plain shared data, spinning, sleeping,
// barriers and hashing through pagewait::platform. Two backends implement it with the
// same names: native (std::atomic, futex) and Relacy (rl::atomic, rl::var, Relacy's
// atomic wait). The backend is chosen once, here, so the algorithm files never test it.
#pragma once

#if defined(PAGEWAIT_BACKEND_RELACY) && PAGEWAIT_BACKEND_RELACY
#include "pagewait/platform/relacy_sync.hpp"
#else
#include "pagewait/platform/native_sync.hpp"
#endif

#include "pagewait/platform/testing.hpp"
