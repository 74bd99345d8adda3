#!/usr/bin/env bash
# Rebuilds the public retrieval evaluation sets in eval/sets/ from FAQ pages that Debian packages
# ship (python3-doc, debian-faq): each FAQ answer becomes a document, its question a line of
# questions.jsonl. Installs the two packages when they are missing (needs root, as on CI).
#   infra/eval/build-sets.sh [OUT_DIR]     (default: eval/sets)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:-"${root}/eval/sets"}

if [ ! -d /usr/share/doc/python3-doc/html/_sources/faq ] || [ ! -f /usr/share/doc/debian/FAQ/debian-faq.en.txt.gz ]; then
  apt-get update -qq
  apt-get install -y -qq python3-doc debian-faq >/dev/null
fi
python3 "${root}/infra/eval/build_faq_sets.py" "${out}"
