#!/usr/bin/env python3
"""Builds retrieval evaluation sets from FAQ pages that Debian packages ship.

Each FAQ entry becomes one document (its answer, under the page and section headings that
enclose it, never the question itself) and one line of questions.jsonl:
{"question": <the FAQ heading>, "document": <the document's file name>}.
The questions are therefore never ingested: a hit means retrieval found the answer from the
question alone. Output is deterministic: same package version, same files.

usage: build_faq_sets.py OUT_DIR [--python-faq DIR] [--debian-faq FILE]
"""
import argparse
import gzip
import json
import os
import re
import shutil

PYTHON_FAQ = "/usr/share/doc/python3-doc/html/_sources/faq"
DEBIAN_FAQ = "/usr/share/doc/debian/FAQ/debian-faq.en.txt.gz"
MIN_ANSWER_CHARS = 80
RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+.])\1{2,}\s*$")


def write_set(out_dir, name, entries, source):
    """entries: list of (doc_id, question, markdown_text); rewrites OUT_DIR/NAME from scratch."""
    root = os.path.join(out_dir, name)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "corpus"))
    with open(os.path.join(root, "questions.jsonl"), "w", encoding="utf-8") as q:
        for doc_id, question, text in entries:
            with open(os.path.join(root, "corpus", doc_id), "w", encoding="utf-8") as f:
                f.write(text.rstrip() + "\n")
            q.write(json.dumps({"question": question, "document": doc_id}, ensure_ascii=False) + "\n")
    with open(os.path.join(root, "SOURCE"), "w", encoding="utf-8") as f:
        f.write(source + "\n")
    print(f"{name}: {len(entries)} questions, {len(entries)} documents -> {root}")


def clean_rst(lines):
    """Drops RST lines that carry no text a reader sees (labels, index entries, comments)."""
    kept = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(".. _") or stripped.startswith(".. index::") or stripped == ".. contents::":
            continue
        if stripped.startswith(":local:") or stripped.startswith(":backlinks:"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def rst_sections(text):
    """Yields (level, heading, body_lines) for each heading of an RST page, in order."""
    lines = text.splitlines()
    levels = []  # underline characters in order of first use = heading levels
    heads = []
    i = 0
    while i < len(lines) - 1:
        title, under = lines[i], lines[i + 1]
        overline = i > 0 and RST_UNDERLINE.match(lines[i - 1] or "") and lines[i - 1][0] == (under[:1] or " ")
        if title.strip() and RST_UNDERLINE.match(under) and len(under.strip()) >= len(title.strip()) - 2:
            key = ("o" if overline else "") + under[0]
            if key not in levels:
                levels.append(key)
            heads.append((i, levels.index(key), title.strip()))
            i += 2
            continue
        i += 1
    for n, (start, level, title) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        body = lines[start + 2:end]
        if n + 1 < len(heads) and end > 0 and RST_UNDERLINE.match(lines[end - 1] or ""):
            body = body[:-1]  # the next heading's overline
        yield level, title, body


def python_faq(src):
    entries = []
    for page in sorted(f for f in os.listdir(src) if f.endswith(".rst.txt") and f != "index.rst.txt"):
        with open(os.path.join(src, page), encoding="utf-8") as f:
            sections = list(rst_sections(f.read()))
        stem = page[: -len(".rst.txt")]
        path = []  # enclosing headings: (level, title)
        count = 0
        for level, title, body in sections:
            path = [p for p in path if p[0] < level]
            answer = clean_rst(body)
            if title.endswith("?") and len(answer) >= MIN_ANSWER_CHARS:
                count += 1
                doc_id = f"python-{stem}-{count:03d}.md"
                headings = "\n\n".join("#" * (i + 1) + " " + t for i, (_, t) in enumerate(path))
                entries.append((doc_id, title, headings + "\n\n" + answer if headings else answer))
            path.append((level, title))
    return entries


DEBIAN_HEADING = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?\.\u00a0(.+)$")
DEBIAN_CHAPTER = re.compile(r"^Chapter\u00a0(\d+)\.\u00a0(.+)$")


def debian_faq(src):
    with gzip.open(src, "rt", encoding="utf-8") as f:
        lines = f.read().replace("\u00a0\u00a0\u00a0", "   ").splitlines()
    # The table of contents repeats every heading indented; the body has them at column 0.
    chapters = {}
    heads = []
    for n, line in enumerate(lines):
        chapter = DEBIAN_CHAPTER.match(line)
        if chapter:
            chapters[chapter.group(1)] = chapter.group(2).strip()
            heads.append((n, None, None))
            continue
        m = DEBIAN_HEADING.match(line)
        if m:
            heads.append((n, m.group(1), m.group(4).strip()))
    entries = []
    for k, (start, chapter, title) in enumerate(heads):
        if title is None:
            continue
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        body = [l.replace("\u00a0", " ").rstrip() for l in lines[start + 1:end]]
        body = [l for l in body if not re.match(r"^\s*-{3,}\s*$", l)]
        # Footnote blocks at the end of a chapter start with "[1]" at column 0.
        answer = "\n".join(l[4:] if l.startswith("    ") else l for l in body).strip()
        answer = re.sub(r"\n{3,}", "\n\n", answer)
        if title.endswith("?") and len(answer) >= MIN_ANSWER_CHARS:
            doc_id = f"debian-{int(chapter):02d}-{len([e for e in entries if e[0].startswith(f'debian-{int(chapter):02d}-')]) + 1:03d}.md"
            entries.append((doc_id, title, f"# {chapters.get(chapter, '')}\n\n{answer}"))
    return entries


def package_version(name):
    try:
        with open("/var/lib/dpkg/status", encoding="utf-8") as f:
            block = f.read().split(f"Package: {name}\n", 1)[1].split("\n\n", 1)[0]
        return re.search(r"^Version: (.+)$", block, re.M).group(1)
    except (IndexError, AttributeError, OSError):
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("--python-faq", default=PYTHON_FAQ)
    parser.add_argument("--debian-faq", default=DEBIAN_FAQ)
    args = parser.parse_args()
    write_set(args.out_dir, "python-faq", python_faq(args.python_faq),
              f"Debian package python3-doc {package_version('python3.11-doc')}: {args.python_faq}/*.rst.txt")
    write_set(args.out_dir, "debian-faq", debian_faq(args.debian_faq),
              f"Debian package debian-faq {package_version('debian-faq')}: {args.debian_faq}")


if __name__ == "__main__":
    main()
