"""proofplan: prove the core's C for every configuration, each distinct text once.

Usage:
  python3 tools/proofplan plan  --list proofs/proved.list --build DIR [--cpp CPP] CONFIG...
  python3 tools/proofplan run   --list proofs/proved.list --build DIR [--results FILE]
                                [--wp-flags "..."] [--jobs N] CONFIG...
  python3 tools/proofplan merge --list proofs/proved.list --build DIR CONFIG...

proofs/proved.list names the proof units, one per line: NAME KIND FILE...
(`#` starts a comment).  KIND is
  text    the files are proven without any configuration's table values
          (the tables are unknown constants restricted by config_ok,
          kernel/include/proteus/tables.h): the proof depends on the files'
          preprocessed text only, so the unit is proven once for each
          distinct text among the configurations, and every configuration
          with that text is covered by that run;
  tables  the files are proven together with the configuration's tables
          (DIR/<config>/gen/config_data.c), once for every configuration.
A unit whose first file is written only=CONFIG is proven for that one
configuration alone: the others are not covered by it (a file on its way
to one of the two kinds above; proofs/README.md lists them).
The text of a unit under a configuration is the output of the preprocessor
(`CPP -E -C -Ikernel/include -IDIR/<config>/gen FILE`, CPP given by --cpp,
by default powerpc-linux-gnu-gcc) for each of its files, normalized: line markers and
comments other than ACSL annotations are removed, and so is any single-line
`extern` declaration of an object the text names nowhere else (the sizes of
unused tables).  Nothing that can change a proof obligation is removed.
The preprocessor leaves the annotations' macros unexpanded (Frama-C expands
them itself, with the configuration's values), so the text is followed by
the definitions (`CPP -dD`) of every macro it names, and of every macro
those name in turn: two configurations whose sizes differ only inside
annotations have different texts.

plan   prints the runs, one line each: UNIT REPRESENTATIVE HASH CONFIGS.
run    writes that plan to DIR/proofs/plan.txt and performs it: for each, frama-c with --wp-flags over the unit's
       files (plus the tables for KIND tables) in DIR/proofs/<unit>-<rep>/,
       tools/wpreport there, N frama-c processes at a time (--jobs, default
       1): each process takes the next run when it is free, the longest
       first (estimated from the unit's files' sizes), a unit's runs
       together in plan order; then merge.  Prints each run's summary line and
       appends `PASS proofs.<config>.<unit>` / `FAIL ...` lines to --results.
merge  writes DIR/<config>/proofs/results.json for each configuration: the
       tools/wpreport results of every unit's run covering it, functions
       merged, with a "units" object naming the run of each unit.
Exit status: 0 when every run proved every goal and passed every smoke
test, 1 otherwise or on a bad list or missing input, 2 on usage errors.
"""
import collections
import concurrent.futures
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time

KINDS = ("text", "tables")
CPP_DEFAULT = "powerpc-linux-gnu-gcc"
WPREPORT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "wpreport")

# A comment that is not an ACSL annotation (/*@ ... */ is kept whole).
PLAIN_COMMENT = re.compile(r"/\*(?!@).*?\*/", re.S)
EXTERN_OBJECT = re.compile(r"^\s*extern\s+[^(){};]*?\b([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*;\s*$")


class PlanError(Exception):
    pass


def parse_list(text, name="proved.list"):
    """[(unit, kind, only, [files])] from the text of proved.list (only: the
    one configuration the unit is proven for, or None: all of them)."""
    units, seen = [], set()
    for n, line in enumerate(text.splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) < 3:
            raise PlanError("%s:%d: expected NAME KIND FILE..., got %r" % (name, n, line.strip()))
        unit, kind, files = words[0], words[1], words[2:]
        only = None
        if files and files[0].startswith("only="):
            only, files = files[0][len("only="):], files[1:]
            if not only or not files:
                raise PlanError("%s:%d: unit %s: expected only=CONFIG FILE..." % (name, n, unit))
        if kind not in KINDS:
            raise PlanError("%s:%d: unit %s: kind %r is not one of %s"
                            % (name, n, unit, kind, ", ".join(KINDS)))
        if not re.match(r"^[A-Za-z0-9_-]+$", unit):
            raise PlanError("%s:%d: unit name %r: letters, digits, - and _ only" % (name, n, unit))
        if unit in seen:
            raise PlanError("%s:%d: unit %s is listed twice" % (name, n, unit))
        seen.add(unit)
        units.append((unit, kind, only, files))
    if not units:
        raise PlanError("%s: no proof unit" % name)
    return units


def normalize(text):
    """The text of a preprocessed file with what cannot change a proof
    obligation removed (see the module's help)."""
    text = PLAIN_COMMENT.sub(" ", text)
    lines = [l.rstrip() for l in text.splitlines() if not l.startswith("#")]
    lines = [l for l in lines if l.strip()]
    names = collections.Counter(re.findall(r"[A-Za-z_]\w*", "\n".join(lines)))
    out = []
    for l in lines:
        m = EXTERN_OBJECT.match(l)
        if m and names[m.group(1)] == 1:
            continue
        out.append(l)
    return "\n".join(out) + "\n"


def preprocess(cpp, build, config, path, extra=()):
    gen = os.path.join(build, config, "gen")
    if not os.path.isfile(os.path.join(gen, "config.h")):
        raise PlanError("%s: no generated configuration (make image CONFIG=%s)" % (gen, config))
    if not os.path.isfile(path):
        raise PlanError("%s: no such file" % path)
    cmd = shlex.split(cpp) + ["-E", "-C"] + list(extra) + ["-Ikernel/include", "-I" + gen, path]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise PlanError("%s (configuration %s): preprocessor failed: %s"
                        % (path, config, r.stderr.strip().splitlines()[-1:] or "?"))
    return r.stdout


MACRO_DEF = re.compile(r"^#define ([A-Za-z_]\w*)(.*)$")
IDENT = re.compile(r"[A-Za-z_]\w*")


MACRO_UNDEF = re.compile(r"^#undef ([A-Za-z_]\w*)")


def named_macros(text, definitions):
    """The lines of `definitions` (the #define and #undef lines of CPP -dD
    output) defining a macro that text names, directly or through another
    such macro's body, sorted."""
    defs = {}
    for line in definitions.splitlines():
        m = MACRO_DEF.match(line)
        if m:
            defs[m.group(1)] = line
            continue
        m = MACRO_UNDEF.match(line)
        if m:
            defs.pop(m.group(1), None)
    pending = [n for n in set(IDENT.findall(text)) if n in defs]
    used = set()
    while pending:
        n = pending.pop()
        if n in used:
            continue
        used.add(n)
        pending.extend(m for m in IDENT.findall(MACRO_DEF.match(defs[n]).group(2))
                    if m in defs and m not in used)
    return [defs[n] for n in sorted(used)]


def unit_text(cpp, build, config, path):
    """The normalized text of path under config, then the definitions of
    the macros it names (the ones left in its annotations)."""
    out = preprocess(cpp, build, config, path, ["-dD"])
    text = normalize(out)
    macros = named_macros(text, out)
    return text + "== macros\n" + "".join(l + "\n" for l in macros)


def unit_hash(cpp, build, config, files):
    h = hashlib.md5()
    for path in files:
        h.update(("== %s\n" % path).encode())
        h.update(unit_text(cpp, build, config, path).encode())
    return h.hexdigest()


def plan(units, configs, build, cpp):
    """[{"unit", "kind", "files", "rep", "hash", "configs"}] in list order."""
    wanted = [(unit, c, files) for unit, kind, only, files in units if kind == "text"
              for c in configs if only is None or c == only]
    # The preprocessor runs are independent: four at a time.
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        hashes = dict(zip([(u, c) for u, c, _ in wanted],
                          pool.map(lambda w: unit_hash(cpp, build, w[1], w[2]), wanted)))
    runs = []
    for unit, kind, only, files in units:
        by_hash = {}
        for c in configs:
            if only is not None and c != only:
                continue
            key = "config:" + c if kind == "tables" else hashes[(unit, c)]
            if key not in by_hash:
                by_hash[key] = {"unit": unit, "kind": kind, "files": files, "rep": c,
                                "hash": key if kind != "tables" else "-", "configs": []}
                runs.append(by_hash[key])
            by_hash[key]["configs"].append(c)
    return runs


def run_dir(build, r):
    return os.path.join(build, "proofs", "%s-%s" % (r["unit"], r["rep"]))


def perform(r, build, wp_flags):
    """Run frama-c and tools/wpreport for one run; (ok, summary line)."""
    d = run_dir(build, r)
    os.makedirs(d, exist_ok=True)
    gen = os.path.join(build, r["rep"], "gen")
    files = list(r["files"])
    if r["kind"] == "tables":
        files.append(os.path.join(gen, "config_data.c"))
    report = os.path.join(d, "wp.json")
    if os.path.exists(report):
        os.remove(report)
    cmd = (["frama-c"] + shlex.split(wp_flags) + ["-cpp-extra-args=-Ikernel/include -I" + gen]
           + files + ["-wp-report-json", report])
    start = time.monotonic()
    with open(os.path.join(d, "wp.log"), "w") as log:
        rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT).returncode
    took = time.monotonic() - start  # the run's duration, for the log only
    label = "%s (%s)" % (r["unit"], r["rep"])
    if rc != 0 or not os.path.exists(report):
        return False, "proofs %s: frama-c failed (exit %d; see %s)" % (
            label, rc, os.path.join(d, "wp.log"))
    if nothing_to_prove(report):
        # With -wp-smoke-tests every analysed function has at least one goal
        # (its precondition's smoke test): a null report means the files
        # define no function under this configuration's switches.
        with open(os.path.join(d, "results.json"), "w") as f:
            json.dump({"label": label, "goals": {"proven": 0, "total": 0},
                       "smoke": {"passed": 0, "total": 0}, "functions": {}},
                      f, indent=1, sort_keys=True)
            f.write("\n")
        summary = "proofs %s: nothing to prove (no function under this configuration's switches)" % label
        with open(os.path.join(d, "summary.txt"), "w") as f:
            f.write(summary + "\n")
        return True, summary
    w = subprocess.run([sys.executable, WPREPORT, report, "--label", label,
                        "--out", os.path.join(d, "results.json")],
                       capture_output=True, text=True)
    with open(os.path.join(d, "summary.txt"), "w") as f:
        f.write(w.stdout + w.stderr)
    last = [l for l in w.stdout.splitlines() if l.startswith("proofs ")]
    if not last:
        return False, "proofs %s: no result (%s)" % (label, w.stderr.strip())
    return w.returncode == 0, "%s, %d prover verdicts from the cache, %.0f s" % (
        last[-1], cached_verdicts(d) or 0, took)


def nothing_to_prove(report):
    """Whether WP's JSON report is null: no goal at all."""
    try:
        with open(report) as f:
            return json.load(f) is None
    except (OSError, ValueError):
        return False


def cached_verdicts(run_dir_path):
    """How many of a run's prover verdicts WP took from its cache (the
    lines of wp.log marked "(cached)"), or None without a log."""
    try:
        with open(os.path.join(run_dir_path, "wp.log")) as f:
            return sum(1 for line in f if line.rstrip().endswith("(cached)"))
    except OSError:
        return None


RUN_COST = 4000  # a run's fixed cost (Frama-C's start, the headers), in source bytes


def run_order(runs, size=os.path.getsize):
    """The runs in the order the workers take them: the longest first
    (estimated as the bytes of the unit's files plus RUN_COST), ties in plan
    order, so that a unit's runs stay together and its later runs find its
    earlier goals in WP's cache.  A unit's runs are not bound to one
    process: a unit with many runs (one per configuration's text) is spread
    over every worker instead of making the critical path.  Two processes
    may then write the same cache entry, with the same verdict: each entry
    is its own small file (WP's cache directory), and an entry read while
    it is written is a miss, proven again."""
    def cost(r):
        total = 0
        for f in r["files"]:
            try:
                total += size(f)
            except OSError:
                pass  # a missing file fails in its run, with its name
        return total + RUN_COST
    ranked = sorted(enumerate(runs), key=lambda ir: (-cost(ir[1]), ir[0]))
    return [r for _, r in ranked]


def perform_all(runs, build, wp_flags, jobs):
    """Perform every run, `jobs` frama-c processes at a time (WP's own work
    is sequential: a second process uses the second core), each process
    taking the next run of run_order when it is free; print each summary
    as it ends; {id(run): ok}."""
    outcome, lock = {}, threading.Lock()
    queue = collections.deque(run_order(runs))

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                r = queue.popleft()
            ok, summary = perform(r, build, wp_flags)
            shared = len(r["configs"]) - 1
            with lock:
                outcome[id(r)] = ok
                print(summary + ("" if not shared else ", covering %d more configuration%s"
                                 % (shared, "s" if shared > 1 else "")), flush=True)

    threads = [threading.Thread(target=worker) for _ in range(max(1, jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcome


def merge(runs, configs, build):
    """Write <build>/<config>/proofs/results.json for each configuration."""
    for c in configs:
        functions, units = {}, {}
        for r in runs:
            if c not in r["configs"]:
                continue
            path = os.path.join(run_dir(build, r), "results.json")
            run = "%s-%s" % (r["unit"], r["rep"])
            try:
                with open(path) as f:
                    data = json.load(f)
                fns = data["functions"]
                if not isinstance(fns, dict):
                    raise TypeError("no functions object")
            except (OSError, ValueError, KeyError, TypeError) as e:
                # A run that left no result (frama-c failed): named, no functions.
                units[r["unit"]] = {"run": run, "kind": r["kind"], "files": r["files"],
                                    "error": "no result: %s" % e}
                continue
            for fn, row in fns.items():
                if fn in functions:
                    raise PlanError("function %s is proven by two units (%s)" % (fn, r["unit"]))
                functions[fn] = row
            units[r["unit"]] = {"run": run, "kind": r["kind"],
                                "files": r["files"], "goals": data.get("goals"),
                                "smoke": data.get("smoke"),
                                "cached": cached_verdicts(run_dir(build, r))}
        out = {"label": c, "units": units, "functions": functions,
               "goals": {"proven": sum(f["proven"] for f in functions.values()),
                         "total": sum(f["total"] for f in functions.values())},
               "smoke": {"passed": sum(f["smoke_passed"] for f in functions.values()),
                         "total": sum(f["smoke_total"] for f in functions.values())}}
        d = os.path.join(build, c, "proofs")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "results.json"), "w") as f:
            json.dump(out, f, indent=1, sort_keys=True)
            f.write("\n")


def parse_args(argv):
    if not argv or argv[0] in ("-h", "--help"):
        return None
    cmd, opts, configs = argv[0], {"--list": None, "--build": None, "--results": None,
                                   "--wp-flags": "", "--cpp": CPP_DEFAULT, "--jobs": "1"}, []
    if cmd not in ("plan", "run", "merge"):
        raise SystemExit("proofplan: unknown command %r (try --help)" % cmd)
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in opts and i + 1 < len(argv):
            opts[a] = argv[i + 1]
            i += 2
        elif a.startswith("-"):
            raise SystemExit("proofplan: unknown option %s (try --help)" % a)
        else:
            configs.append(a)
            i += 1
    if not opts["--list"] or not opts["--build"]:
        raise SystemExit("proofplan: --list and --build are required (try --help)")
    if not configs:
        raise SystemExit("proofplan: no configuration given (try --help)")
    if not opts["--jobs"].isdigit() or int(opts["--jobs"]) < 1:
        raise SystemExit("proofplan: --jobs expects a positive number, got %r" % opts["--jobs"])
    return cmd, opts, configs


def main(argv):
    try:
        parsed = parse_args(argv)
    except SystemExit as e:
        print(e, file=sys.stderr)
        return 2
    if parsed is None:
        print(__doc__.strip())
        return 0 if argv else 2
    cmd, opts, configs = parsed
    jobs = int(opts["--jobs"])
    try:
        with open(opts["--list"]) as f:
            units = parse_list(f.read(), opts["--list"])
        for _, _, _, files in units:
            for path in files:
                if not os.path.isfile(path):
                    raise PlanError("%s: no such file (named in %s)" % (path, opts["--list"]))
        runs = plan(units, configs, opts["--build"], opts["--cpp"])
        if cmd == "plan":
            for r in runs:
                print("%s %s %s %s" % (r["unit"], r["rep"], r["hash"], ",".join(r["configs"])))
            return 0
        ok_all = True
        if cmd == "run":
            plan_path = os.path.join(opts["--build"], "proofs", "plan.txt")
            os.makedirs(os.path.dirname(plan_path), exist_ok=True)
            with open(plan_path, "w") as f:
                for r in runs:
                    f.write("%s %s %s %s\n" % (r["unit"], r["rep"], r["hash"], ",".join(r["configs"])))
            print("proofs: %d runs for %d configuration%s (plan: %s)"
                  % (len(runs), len(configs), "s" if len(configs) > 1 else "", plan_path), flush=True)
            outcome = perform_all(runs, opts["--build"], opts["--wp-flags"], jobs)
            lines = []
            for r in runs:
                ok = outcome[id(r)]
                ok_all = ok_all and ok
                for c in r["configs"]:
                    lines.append("%s proofs.%s.%s%s" % (
                        "PASS" if ok else "FAIL", c, r["unit"],
                        "" if c == r["rep"] else " (same text as %s)" % r["rep"]))
            if opts["--results"]:
                with open(opts["--results"], "a") as f:
                    f.write("\n".join(lines) + "\n")
        merge(runs, configs, opts["--build"])
        return 0 if ok_all else 1
    except PlanError as e:
        print("proofplan: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
