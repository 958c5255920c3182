"""wpcache: WP's prover verdicts as one committed text file.

Usage:
  python3 tools/wpcache unpack FILE DIR   the verdicts of FILE into WP's cache
                                          directory DIR (-wp-cache-dir); an
                                          entry DIR already has is kept
  python3 tools/wpcache pack DIR FILE     every entry of DIR into FILE, sorted
                                          (FILE is replaced)
  python3 tools/wpcache --help

Frama-C's WP keeps, with -wp-cache update, one file per prover call in its
cache directory: DIR/<hash>.json, where <hash> is the MD5 digest of the
complete verification condition as sent to the prover (every hypothesis, the
goal, the prover and its options), and the file holds the prover's verdict,
e.g. { "prover": "CVC4:1.8", "verdict": "valid", "time": 0.07, "steps": 11607 }.
A goal whose condition changed in any way has another hash and is proven by
the prover again; a cached verdict is reused only for the very same
condition (proofs/README.md, "The verdict cache").

FILE holds one entry per line, `<hash> <verdict>`, sorted by hash, with `#`
comment lines; the verdict is WP's text as it wrote it, on one line (WP
writes whole numbers of seconds as `2.`, which strict JSON refuses: they
are read as 2.0 to check the entry, and kept as they are).  Each entry must
be an object naming a "prover" and a "verdict" (strings); anything else is
an error naming the line (unpack) or the file (pack), and nothing is
written.
Exit status: 0 on success, 1 on bad input, 2 on usage errors.
"""
import json
import os
import re
import sys

HASH = re.compile(r"^[0-9a-f]{32}$")
HEADER = ("# WP's prover verdicts (tools/wpcache; proofs/README.md, \"The verdict cache\").\n"
          "# Written by make proofs-cache; one line per prover call: <hash> <verdict>.\n")


class CacheError(Exception):
    pass


OCAML_FLOAT = re.compile(r"(\d)\.(?=\s*[,}\]])")


def check_entry(text, where):
    """The verdict text of an entry on one line, once checked."""
    text = " ".join(text.split())
    try:
        value = json.loads(OCAML_FLOAT.sub(r"\1.0", text))
    except ValueError as e:
        raise CacheError("%s: not JSON (%s)" % (where, e))
    if not isinstance(value, dict):
        raise CacheError("%s: expected a JSON object" % where)
    for key in ("prover", "verdict"):
        if not isinstance(value.get(key), str) or not value[key]:
            raise CacheError("%s: no %r string" % (where, key))
    return text


def read_file(path):
    """{hash: canonical JSON} from a packed file."""
    entries = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split(" ", 1)
            where = "%s:%d" % (path, n)
            if len(parts) != 2 or not HASH.match(parts[0]):
                raise CacheError("%s: expected '<32 hex digits> <JSON>'" % where)
            if parts[0] in entries:
                raise CacheError("%s: hash %s listed twice" % (where, parts[0]))
            entries[parts[0]] = check_entry(parts[1], where)
    return entries


def read_dir(path):
    """{hash: canonical JSON} from a WP cache directory."""
    if not os.path.isdir(path):
        raise CacheError("%s: no such directory" % path)
    entries = {}
    for name in sorted(os.listdir(path)):
        stem, ext = os.path.splitext(name)
        if ext != ".json" or not HASH.match(stem):
            continue  # WP's own temporary files, anything else
        where = os.path.join(path, name)
        with open(where) as f:
            entries[stem] = check_entry(f.read(), where)
    return entries


def pack(cache_dir, out):
    entries = read_dir(cache_dir)
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write(HEADER)
        for h in sorted(entries):
            f.write("%s %s\n" % (h, entries[h]))
    os.replace(tmp, out)
    return len(entries)


def unpack(path, cache_dir):
    entries = read_file(path)  # all checked before anything is written
    os.makedirs(cache_dir, exist_ok=True)
    written = 0
    for h, text in sorted(entries.items()):
        target = os.path.join(cache_dir, h + ".json")
        if os.path.exists(target):
            continue
        with open(target, "w") as f:
            f.write(text + "\n")
        written += 1
    return len(entries), written


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    if argv[0] not in ("pack", "unpack") or len(argv) != 3:
        print("wpcache: expected 'pack DIR FILE' or 'unpack FILE DIR' (try --help)", file=sys.stderr)
        return 2
    try:
        if argv[0] == "pack":
            n = pack(argv[1], argv[2])
            print("wpcache: %d verdicts from %s into %s" % (n, argv[1], argv[2]))
        else:
            n, written = unpack(argv[1], argv[2])
            print("wpcache: %d verdicts in %s, %d new in %s" % (n, argv[1], written, argv[2]))
    except (CacheError, OSError) as e:
        print("wpcache: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
