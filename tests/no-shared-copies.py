#!/usr/bin/env python3
"""No tracked file holds a long run of text copied from ../shared.

Usage: tests/no-shared-copies.py [SHARED_DIR [FILE...]]
  Without SHARED_DIR and with no ../shared/statutes-text beside the root:
  prints "SKIP no-shared-copies: ../shared/statutes-text not found", exit 0.
  SHARED_DIR  default: ../shared beside the repository root
  FILE...     default: every file git tracks or would add (else every file
              below the root outside build/ and .git/)

A file fails when it contains a run of RUN (400) characters that also occurs
in some file below SHARED_DIR, after every run of white space (of any kind)
is made one space on both sides. The repository may quote a statute in a
profile's fact (a sentence, with its citation); it may not carry sections.

How it stays fast: the shared texts are cut into pieces of K characters
starting every STRIDE characters (K + STRIDE - 1 <= RUN). Any common run of
RUN characters covers a whole piece, so looking up the K characters at every
position of a tracked file finds it; each hit is then measured by extending
it both ways, and only runs of RUN characters or more are reported.

Prints FILE: RUN-character run copied from SHARED_FILE (offset N): "..." for
each, and exits 1; exits 0 when there is none; exit 2 on usage errors.
"""
import os
import re
import subprocess
import sys

RUN = 400
K = 48
STRIDE = RUN - K + 1
WS = re.compile(r"\s+")


def norm(path):
    with open(path, "rb") as f:
        data = f.read()
    return WS.sub(" ", data.decode("utf-8", errors="replace"))


def shared_files(top):
    for d, subdirs, names in os.walk(top):
        subdirs[:] = sorted(s for s in subdirs if not s.startswith("."))
        for n in sorted(names):
            yield os.path.join(d, n)


def tracked_files(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached",
                              "--others", "--exclude-standard"],
                             capture_output=True, check=True).stdout
        names = [n for n in out.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = []
        for d, subdirs, files in os.walk(root):
            subdirs[:] = [s for s in subdirs
                          if s not in (".git", "build")]
            names += [os.path.relpath(os.path.join(d, f), root) for f in files]
    return [os.path.join(root, n) for n in sorted(names)]


def load_index(shared):
    texts = []      # (path, normalised text)
    index = {}      # K characters -> (text number, offset)
    for path in shared_files(shared):
        t = norm(path)
        n = len(texts)
        texts.append((path, t))
        for off in range(0, len(t) - K + 1, STRIDE):
            index.setdefault(t[off:off + K], (n, off))
    return texts, index


def copies(s, texts, index):
    """The runs of RUN characters or more of s found in texts:
    [(start in s, length, text number, start in that text)]."""
    found = []
    i, end = 0, len(s) - K + 1
    while i < end:
        hit = index.get(s[i:i + K])
        if hit is None:
            i += 1
            continue
        n, off = hit
        t = texts[n][1]
        a, b = i, off                # extend backwards, then forwards
        while a > 0 and b > 0 and s[a - 1] == t[b - 1]:
            a -= 1
            b -= 1
        length = 0
        while a + length < len(s) and b + length < len(t) and \
                s[a + length] == t[b + length]:
            length += 1
        if length >= RUN:
            found.append((a, length, n, b))
            i = a + length           # one report per run
        else:
            i += 1
    return found


def self_test(texts, index):
    """The check can fail: a run of RUN characters taken from the middle of
    a shared text is found, one character shorter is not."""
    path, t = max(texts, key=lambda x: len(x[1]))
    mid = len(t) // 2
    ok = len(copies("x" + t[mid:mid + RUN] + "x", texts, index)) == 1 and \
        not copies("x" + t[mid:mid + RUN - 1] + "x", texts, index)
    if not ok:
        print("no-shared-copies: self-test failed on %s" % path)
    return ok


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    if len(argv) > 1:
        shared = argv[1]
        if not os.path.isdir(shared):
            print("no-shared-copies: %s: not a directory" % shared,
                  file=sys.stderr)
            return 2
    else:
        shared = os.path.join(root, "..", "shared")
        if not os.path.isdir(os.path.join(shared, "statutes-text")):
            print("SKIP no-shared-copies: ../shared/statutes-text not found")
            return 0
    files = argv[2:] or tracked_files(root)
    texts, index = load_index(shared)
    if not texts or not self_test(texts, index):
        return 1
    bad = 0
    for path in files:
        if not os.path.isfile(path):
            continue
        s = norm(path)
        for a, length, n, b in copies(s, texts, index):
            bad += 1
            print('%s: %d-character run copied from %s (offset %d): "%s..."'
                  % (os.path.relpath(path, root), length,
                     os.path.relpath(texts[n][0], os.path.dirname(root)),
                     b, s[a:a + 60]))
    print("no-shared-copies: %d files checked against %d shared files: %s"
          % (len(files), len(texts),
             "%d copied runs" % bad if bad else "no run of %d characters"
             % RUN))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
