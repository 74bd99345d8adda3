#!/usr/bin/env bash
# Builds and installs pgvector for the machine's PostgreSQL from Debian's source package.
# pgvector is not in bookworm's index; its trixie source builds cleanly against PG 15.
# Only the *source* is taken from trixie: never install trixie binaries on bookworm.
set -euo pipefail

pg_major=${PG_MAJOR:-$(pg_config --version 2>/dev/null | sed -E 's/^PostgreSQL ([0-9]+).*/\1/' || true)}
if [ -z "${pg_major}" ]; then
  pg_major=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
fi
[ -n "${pg_major}" ] || { echo "install-pgvector: no PostgreSQL found (apt-get install postgresql)" >&2; exit 1; }

sharedir=/usr/share/postgresql/${pg_major}/extension
if [ -f "${sharedir}/vector.control" ]; then
  echo "install-pgvector: pgvector already installed for PostgreSQL ${pg_major}"
  exit 0
fi

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

src_list=/etc/apt/sources.list.d/tributary-trixie-src.sources
if [ ! -f "${src_list}" ]; then
  ${sudo_cmd} tee "${src_list}" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
${sudo_cmd} apt-get update -qq
DEBIAN_FRONTEND=noninteractive ${sudo_cmd} apt-get install -y -qq "postgresql-server-dev-${pg_major}" dpkg-dev make gcc >/dev/null

work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT
cd "${work}"
apt-get source --download-only pgvector >/dev/null
tarball=$(ls pgvector_*.orig.tar.* | head -1)
tar xf "${tarball}"
cd "$(find . -maxdepth 1 -type d -name 'pgvector-*' | head -1)"
# OPTFLAGS="" avoids -march=native so the library runs on any x86_64 of this kind.
make -s OPTFLAGS="" PG_CONFIG="/usr/lib/postgresql/${pg_major}/bin/pg_config"
${sudo_cmd} make -s install PG_CONFIG="/usr/lib/postgresql/${pg_major}/bin/pg_config"
echo "install-pgvector: installed $(basename "${tarball}") for PostgreSQL ${pg_major}"
