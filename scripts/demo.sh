#!/usr/bin/env bash
# The main job on an embedded default: installs, builds, then runs the demo round trip.
set -euo pipefail
cd "$(dirname "$0")/.."
npx -y pnpm@9.15.9 install --frozen-lockfile
npx -y pnpm@9.15.9 run build
node scripts/demo.mjs
