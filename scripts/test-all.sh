#!/usr/bin/env bash
# The one test command (README, and .ci/run): installs what the tests need, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
npx -y pnpm@9.15.9 install --frozen-lockfile
npx -y pnpm@9.15.9 run test
