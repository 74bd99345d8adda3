#!/usr/bin/env bash
# Prints the JAVA_HOME of a JDK 21 or newer, or fails naming what to install.
# Sourced by ./tributary and .ci/run: Helidon 4 needs 21+, and this machine's default java is 17.
set -euo pipefail

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("${JAVA_HOME}")
candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64)
for d in /usr/lib/jvm/*; do [ -d "$d" ] && candidates+=("$d"); done

for home in "${candidates[@]}"; do
  if [ -x "${home}/bin/java" ] && [ -x "${home}/bin/javac" ]; then
    major=$(java_major "${home}" || true)
    if [ -n "${major}" ] && [ "${major}" -ge 21 ]; then
      echo "${home}"
      exit 0
    fi
  fi
done
echo "find-java: no JDK 21+ found (set JAVA_HOME, or install one, e.g. Temurin 25)" >&2
exit 1
