#!/usr/bin/env python3
"""deploy/k8s/nightly-cronjob.yaml is what an operator can run unattended: a CronJob of an
indexed Job whose pods keep results and corpus on a PersistentVolumeClaim, per night and per
shard. The container's command is run here (with the claim's path in a temporary folder and
a stand-in stress/nightly.sh that records its arguments), so its shell is checked too.
Usage: k8s_manifest_test.py <repository root>"""
import os
import subprocess
import sys
import tempfile

import yaml


def main() -> int:
    root = sys.argv[1]
    with open(os.path.join(root, "deploy/k8s/nightly-cronjob.yaml")) as f:
        docs = {d["kind"]: d for d in yaml.safe_load_all(f)}
    problems = []

    def expect(ok, what):
        if not ok:
            problems.append(what)

    claim, cron = docs.get("PersistentVolumeClaim"), docs.get("CronJob")
    expect(claim is not None and cron is not None, "a PersistentVolumeClaim and a CronJob")
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1
    job = cron["spec"]["jobTemplate"]["spec"]
    pod = job["template"]["spec"]
    expect(job["completionMode"] == "Indexed" and job["completions"] == job["parallelism"], "an indexed Job")
    container = next(c for c in pod["containers"] if c["name"] == "nightly")
    env = {e["name"]: e["value"] for e in container["env"]}
    expect(env.get("PAGEWAIT_TOTAL_SHARDS") == str(job["completions"]), "PAGEWAIT_TOTAL_SHARDS = completions")
    volumes = {v["name"]: v for v in pod["volumes"]}
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == "/results")
    expect(volumes[mount["name"]].get("persistentVolumeClaim", {}).get("claimName") == claim["metadata"]["name"],
           "/results is the claim")
    expect(cron["spec"].get("concurrencyPolicy") == "Forbid", "nights never overlap")
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(f"{tmp}/src/stress")
        with open(f"{tmp}/src/stress/nightly.sh", "w") as f:
            f.write('printf "%s\\n" "$@" > "$ARGS_OUT"\n')
        os.makedirs(f"{tmp}/results/nights/2000-01-01")
        os.utime(f"{tmp}/results/nights/2000-01-01", (0, 0))
        command = [part.replace("/results", f"{tmp}/results") for part in container["command"]]
        for index in ("0", "2"):
            run_env = dict(os.environ, JOB_COMPLETION_INDEX=index, ARGS_OUT=f"{tmp}/args-{index}")
            done = subprocess.run(command, cwd=f"{tmp}/src", env=run_env, capture_output=True, text=True)
            expect(done.returncode == 0, f"shard {index}: the command runs ({done.stderr.strip()})")
            args = open(f"{tmp}/args-{index}").read().split() if os.path.exists(f"{tmp}/args-{index}") else []
            out = next((a for a in args if a.startswith("--out=")), "")
            corpus = next((a for a in args if a.startswith("--corpus=")), "")
            expect(out.startswith(f"--out={tmp}/results/nights/") and out.endswith(f"/shard-{index}"),
                   f"shard {index}: results per night and shard on the claim ({out})")
            expect(corpus == f"--corpus={tmp}/results/corpus/shard-{index}",
                   f"shard {index}: the corpus per shard on the claim ({corpus})")
        expect(not os.path.exists(f"{tmp}/results/nights/2000-01-01"), "nights older than 30 days are removed")
    init = pod["initContainers"][0]["command"][-1]
    expect("cmake/relacy.pin" in init, "the init container reads the Relacy pin")
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1
    print("ok: CronJob of an indexed Job, results and corpus per night and shard on the claim")
    return 0


if __name__ == "__main__":
    sys.exit(main())
