"""Campaign command-line values: durations and shards, with the tools' grammar
(engine/duration.hpp, stress/shard.hpp). Bad input raises UsageError: one sentence, exit 2,
before any work."""
import re
from typing import Mapping, Tuple


class UsageError(Exception):
    """One sentence for the user; the campaign exits 2."""


def parse_duration(flag: str, text: str) -> float:
    """90s, 20m, 1h, 250ms -> seconds (> 0: a campaign needs a budget)."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)", text)
    if not m:
        raise UsageError(f"--{flag}={text} is not a duration; use e.g. 90s, 20m, 1h.")
    seconds = float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[m.group(2)]
    if seconds <= 0:
        raise UsageError(f"--{flag} must be longer than zero.")
    return seconds


def _shard_numbers(origin: str, index: str, total: str) -> Tuple[int, int]:
    if not re.fullmatch(r"\d{1,4}", index) or not re.fullmatch(r"\d{1,4}", total):
        raise UsageError(f"{origin} gives shard '{index}' of '{total}'; both must be whole numbers, e.g. --shard=0/4.")
    i, n = int(index), int(total)
    if n < 1 or i >= n or n > 1000:
        raise UsageError(f"{origin} gives shard {i} of {n}; the index must be below the total, and the total 1..1000.")
    return i, n


def parse_shard(text: str, env: Mapping[str, str]) -> Tuple[int, int]:
    """--shard=I/N, else GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS, else a Kubernetes indexed
    Job's JOB_COMPLETION_INDEX with PAGEWAIT_TOTAL_SHARDS, else 0/1."""
    if text:
        if "/" not in text:
            raise UsageError(f"--shard={text} must look like I/N, e.g. --shard=0/4.")
        index, total = text.split("/", 1)
        return _shard_numbers("--shard", index, total)
    if env.get("GTEST_SHARD_INDEX"):
        if not env.get("GTEST_TOTAL_SHARDS"):
            raise UsageError("GTEST_SHARD_INDEX is set but GTEST_TOTAL_SHARDS is not.")
        return _shard_numbers("GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS", env["GTEST_SHARD_INDEX"], env["GTEST_TOTAL_SHARDS"])
    if env.get("JOB_COMPLETION_INDEX"):
        if not env.get("PAGEWAIT_TOTAL_SHARDS"):
            raise UsageError("JOB_COMPLETION_INDEX is set; give the shard count in PAGEWAIT_TOTAL_SHARDS.")
        return _shard_numbers("JOB_COMPLETION_INDEX", env["JOB_COMPLETION_INDEX"], env["PAGEWAIT_TOTAL_SHARDS"])
    return 0, 1
