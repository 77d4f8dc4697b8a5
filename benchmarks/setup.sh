#!/usr/bin/env bash
# Prepare the benchmark environment for benchmarks/run.py.
#
# - benchmarks/.venv (git-ignored) gets semgrep from PyPI. semgrep is deliberately NOT a
#   brazelint dependency: it is only the yardstick, so it lives in this venv and nowhere else.
# - ripgrep comes from apt when available; without it run.py still measures the grep floor and
#   reports rg as "missing".
# - brazelint itself is installed into the same venv (editable) unless BRAZELINT_SKIP_INSTALL=1,
#   so every tool run by run.py pays the same interpreter start-up it would pay for a user.
#
# Usage: bash benchmarks/setup.sh            (from the repository root or anywhere)
# Env:   SEMGREP_VERSION=1.185.0             pin another semgrep release
#        PYTHON=python3.11                   interpreter used to create the venv
#        BRAZELINT_SKIP_INSTALL=1            do not pip-install brazelint into the venv
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"
# Pinned so that numbers from two machines compare the same semgrep; bump deliberately.
semgrep_version="${SEMGREP_VERSION:-1.185.0}"

# semgrep must never phone home during a measurement: no metrics, no version check.
export SEMGREP_ENABLE_VERSION_CHECK=0
export SEMGREP_SEND_METRICS=off

if [[ ! -x "$venv/bin/python" ]]; then
    echo "==> creating $venv"
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
echo "==> installing semgrep==$semgrep_version into $venv"
"$venv/bin/python" -m pip install --quiet "semgrep==$semgrep_version"

if [[ "${BRAZELINT_SKIP_INSTALL:-0}" != "1" ]]; then
    echo "==> installing brazelint (editable) into $venv"
    # A half-built brazelint must not stop the semgrep/grep measurements: run.py reports a
    # missing or failing brazelint as "failed" instead.
    "$venv/bin/python" -m pip install --quiet -e "$repo" \
        || echo "WARNING: brazelint did not install; run.py will report it as failed" >&2
fi

echo "==> ripgrep"
if command -v rg >/dev/null 2>&1; then
    echo "rg already present: $(command -v rg)"
elif command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == "0" ]]; then
    # Best effort: without rg the benchmark still has the grep -r floor.
    (apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null) \
        || echo "WARNING: ripgrep not installed; run.py will use grep only" >&2
else
    echo "WARNING: no rg and no root apt-get; run.py will use grep only" >&2
fi

echo "==> checking semgrep runs offline on the local rules"
"$venv/bin/semgrep" --version
# `semgrep --validate` would also fetch the p/semgrep-rule-lints ruleset from the registry, which
# is exactly the network access we avoid (offline it hangs on retries, then fails). A scan with
# --strict runs the same offline checks (JSON-schema + semgrep-core parse of every pattern) and
# fails on any rule error.
smoke="$(mktemp -d)"
trap 'rm -rf "$smoke"' EXIT
printf 'braze.changeUser(null);\n' >"$smoke/logout.js"
# --quiet keeps stdout pure JSON; one finding (BRZ303) is expected on the smoke file.
"$venv/bin/semgrep" scan --metrics=off --disable-version-check --strict --quiet --json \
    --config "$here/semgrep-rules" "$smoke" >"$smoke/out.json"
"$venv/bin/python" - "$smoke/out.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
ids = sorted({r["check_id"].rsplit(".", 1)[-1] for r in results})
assert ids, "semgrep found nothing in the smoke file; rules or install are broken"
print("semgrep smoke test ok:", ", ".join(ids))
EOF
echo "==> done. Next: $venv/bin/python $here/run.py --rounds 3"
