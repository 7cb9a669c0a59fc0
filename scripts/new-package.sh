#!/usr/bin/env bash
# Lays out a workspace package in the shape every package shares:
# package.json, tsconfig.json (typecheck incl. tests), tsconfig.build.json (emit), vitest.config.ts, src/index.ts, README.md.
set -euo pipefail
dir=$1; name=$2; desc=$3
mkdir -p "$dir/src"
[ -f "$dir/package.json" ] || cat > "$dir/package.json" <<JSON
{
  "name": "@heliosdb/$name",
  "version": "0.1.0",
  "description": "$desc",
  "type": "module",
  "main": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "exports": {
    ".": { "types": "./dist/index.d.ts", "import": "./dist/index.js" }
  },
  "files": ["dist", "README.md"],
  "scripts": {
    "build": "tsc -p tsconfig.build.json",
    "typecheck": "tsc -p tsconfig.json --noEmit",
    "test": "vitest run"
  },
  "dependencies": {},
  "devDependencies": {}
}
JSON
[ -f "$dir/tsconfig.json" ] || cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"]
}
JSON
[ -f "$dir/tsconfig.build.json" ] || cat > "$dir/tsconfig.build.json" <<JSON
{
  "extends": "./tsconfig.json",
  "exclude": ["src/**/*.test.ts", "src/**/test-support/**"]
}
JSON
[ -f "$dir/vitest.config.ts" ] || cat > "$dir/vitest.config.ts" <<TS
import { defineConfig } from 'vitest/config';

// No time limits on tests (machines are shared and noisy); the long timeout only stops a hung test.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
});
TS
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
[ -f "$dir/README.md" ] || printf '# @heliosdb/%s\n\n%s\n' "$name" "$desc" > "$dir/README.md"
