"""Command line of tools/evidence (spec/evidence.md)."""
import argparse
import os
import re
import sys

from . import bundle, registry

DESCRIPTION = """\
Write the evidence bundle of one configuration: index.html (browse it from
the file system), summary.json (deterministic: two runs on the same tree
give the same bytes) and the textual reports of its sections.  With
--check, compare summary.json with the committed baseline and fail on a
regression; with --accept, make this run the baseline."""

EPILOG = """\
sections: %s
inputs (default paths are relative to --root; --input NAME=PATH, relative to
the current directory, overrides one):
%s
exit status: 0 success; 1 an error (an unknown requirement ID, a malformed
citation, a failed test, an unproven goal, a WCET analysis error or a
measured maximum above its bound, ...), a bad input, a regression (--check),
or a missing baseline (--check); 2 bad usage.
make targets: make evidence CONFIG=NAME, make evidence-traces CONFIG=NAME,
make evidence-accept CONFIG=NAME, make check-evidence (every configuration)."""

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _epilog(sections):
    lines = []
    for s in sections:
        for name, (path, required) in sorted(s.inputs.items()):
            lines.append("  %-14s %-36s %s, %s" % (name, path, s.key,
                                                  "required" if required else "optional"))
    return EPILOG % (", ".join(s.key for s in sections), "\n".join(lines))


def parser(sections):
    p = argparse.ArgumentParser(
        prog="tools/evidence", description=DESCRIPTION, epilog=_epilog(sections),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", required=True, metavar="NAME",
                   help="configuration name (config/NAME.conf)")
    p.add_argument("--root", default=".", metavar="DIR",
                   help="the tree's root (default: the current directory)")
    p.add_argument("--out", metavar="DIR",
                   help="bundle directory (default: ROOT/build/NAME/evidence)")
    p.add_argument("--baseline", metavar="DIR",
                   help="committed baseline (default: ROOT/evidence/NAME)")
    p.add_argument("--input", action="append", default=[], metavar="NAME=PATH",
                   help="read input NAME from PATH instead of its default")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="fail on a regression against the baseline")
    mode.add_argument("--accept", action="store_true",
                      help="copy summary.json and the textual reports into the baseline")
    return p


def _err(msg):
    print("evidence: error: %s" % msg, file=sys.stderr)


def _shown(path):
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def main(argv, sections=None, out=None):
    sections = registry.SECTIONS if sections is None else sections
    out = out or sys.stdout
    args = parser(sections).parse_args(argv)
    name = args.config
    if not NAME_RE.match(name):
        _err("--config %r: a configuration name is letters, digits, '_', '-', '.'" % name)
        return 2
    root = args.root
    if not os.path.isdir(root):
        _err("--root %s: no such directory" % root)
        return 1
    conf = os.path.join(root, "config", name + ".conf")
    if not os.path.isfile(conf):
        known = sorted(f[:-5] for f in os.listdir(os.path.join(root, "config"))
                       if f.endswith(".conf")) if os.path.isdir(os.path.join(root, "config")) else []
        _err("no configuration %s (configurations: %s)"
             % (_shown(conf), ", ".join(known) or "none"))
        return 1
    input_names = {}
    for s in sections:
        for n in s.inputs:
            input_names[n] = s.key
    overrides = {}
    for item in args.input:
        key, sep, path = item.partition("=")
        if not sep or not path:
            _err("--input %s: expected NAME=PATH" % item)
            return 2
        if key not in input_names:
            _err("--input %s: no input named %s (inputs: %s)"
                 % (item, key, ", ".join(sorted(input_names))))
            return 2
        overrides[key] = path
    outdir = args.out or os.path.join(root, "build", name, "evidence")
    baseline = args.baseline or os.path.join(root, "evidence", name)
    tag = "evidence %s" % name

    ctx = bundle.Context(root, name, outdir, overrides)
    try:
        summary, results = bundle.generate(ctx, sections)
        written = bundle.write_bundle(ctx, sections, summary, results)
    except bundle.InputError as e:
        _err(str(e))
        return 1
    errors = []
    print("%s: wrote %s (%s)" % (tag, _shown(ctx.out), ", ".join(written)), file=out)
    for s in sections:
        r = results[s.key]
        if isinstance(r, bundle.NotGenerated):
            print("%s: %s: not generated (%s)" % (tag, s.key, r.reason), file=out)
            continue
        print("%s: %s: %s" % (tag, s.key, r.headline), file=out)
        for w in r.warnings:
            print("evidence: warning: %s" % w, file=sys.stderr)
        errors.extend(r.errors)
    out.flush()
    for e in errors:
        print("%s: error: %s" % tuple(e.split(": ", 1)) if ": " in e else e, file=sys.stderr)
    sys.stderr.flush()
    failed = bool(errors)

    if args.check:
        path = os.path.join(baseline, bundle.SUMMARY)
        try:
            base = bundle.load_baseline(path)
        except bundle.InputError as e:
            if not os.path.isfile(path):
                _err("no baseline %s: review %s, then create it with "
                     "`make evidence-accept CONFIG=%s`"
                     % (_shown(path), _shown(os.path.join(ctx.out, bundle.INDEX)), name))
            else:
                _err(str(e))
            return 1
        regs, imps, notes = bundle.compare(sections, results, base, summary)
        for x in regs:
            print("%s: REGRESSION %s" % (tag, x), file=out)
        for x in imps:
            print("%s: improvement %s" % (tag, x), file=out)
        for x in notes:
            print("%s: note %s" % (tag, x), file=out)
        if regs or failed:
            what = []
            if regs:
                what.append("%d regression(s)" % len(regs))
            if failed:
                what.append("%d error(s)" % len(errors))
            print("%s: FAIL against %s: %s" % (tag, _shown(baseline), ", ".join(what)), file=out)
            return 1
        print("%s: PASS against %s%s" % (
            tag, _shown(baseline),
            (" (%d improvement(s): `make evidence-accept CONFIG=%s` records them)"
             % (len(imps), name)) if imps else ""), file=out)
        return 0

    if args.accept:
        if failed:
            _err("baseline %s not updated: fix the %d error(s) above first"
                 % (_shown(baseline), len(errors)))
            return 1
        try:
            files = bundle.accept(ctx, baseline, sections, summary, results)
        except (bundle.InputError, OSError) as e:
            _err(str(e))
            return 1
        print("%s: baseline %s updated (%s)" % (tag, _shown(baseline), ", ".join(files)), file=out)
    return 1 if failed else 0
