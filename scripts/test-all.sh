#!/usr/bin/env bash
# The one test command (README, and .ci/run): installs what the tests need, builds, runs every test,
# and ends with one line adding up all packages: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
npx -y pnpm@9.15.9 install --frozen-lockfile
log=$(mktemp)
set +e
npx -y pnpm@9.15.9 run test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
node scripts/summarize-tests.mjs "$log"
rm -f "$log"
exit "$status"
