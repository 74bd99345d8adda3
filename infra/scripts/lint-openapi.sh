#!/usr/bin/env bash
# Lints the served OpenAPI document with Redocly's recommended rules (config: redocly.yaml).
# Needs Node.js and npm; the CLI version is pinned so a new rule never breaks an old commit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "${root}"
exec npx --yes @redocly/cli@2.77.0 lint --config redocly.yaml \
  edge-api/src/main/resources/openapi/tributary-openapi.json
