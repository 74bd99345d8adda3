#!/usr/bin/env bash
# Installs the machine packages the tests and dev mode start as child processes:
# PostgreSQL server binaries, pgvector (built from Debian's source package), Redis, and chromium
# (the dashboard's browser test).
# Idempotent: installs only what is missing. Needs root or sudo for what it installs.
#   install-services.sh           install what is missing
#   install-services.sh --check   exit 0 when everything is there, 1 (naming what is missing) otherwise
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

missing() {
  local what=()
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || what+=(postgresql)
  ls /usr/share/postgresql/*/extension/vector.control >/dev/null 2>&1 || what+=(pgvector)
  command -v redis-server >/dev/null 2>&1 || what+=(redis-server)
  command -v runuser >/dev/null 2>&1 || what+=(util-linux)
  command -v chromium >/dev/null 2>&1 || what+=(chromium)
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then what+=("user postgres"); fi
  echo "${what[*]:-}"
}
if [ "${1:-}" = "--check" ]; then
  gone=$(missing)
  if [ -n "${gone}" ]; then echo "install-services: missing: ${gone}"; exit 1; fi
  exit 0
fi

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
apt_updated=""
apt_install() {
  if [ -z "${apt_updated}" ]; then ${sudo_cmd} apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive ${sudo_cmd} apt-get install -y -qq "$@" >/dev/null
}

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "install-services: installing postgresql"
  apt_install postgresql
fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "install-services: installing redis-server"
  apt_install redis-server
fi
# Postgres refuses to run as root; the embedded Postgres runs as this user when we are root.
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
fi
if ! command -v runuser >/dev/null 2>&1; then
  apt_install util-linux
fi
# The dashboard's browser test (@Tag("browser")) drives Debian's headless chromium.
if ! command -v chromium >/dev/null 2>&1; then
  echo "install-services: installing chromium"
  apt_install chromium
fi
bash "${here}/install-pgvector.sh"
