"""The variants of a configuration that tools/footprint builds (@req FOOT-001).

The build-time switches are tools/config's FEATURES (feature key ->
(CONFIG_ symbol, default, features it needs, description), in dependency
order) and CHOICES; they are imported from tools/config/configc.py, never
repeated here.  A variant is the configuration file with its [features]
section replaced by one explicit `key = on|off` line per feature; the lines
of the choices (the scheduler) are kept as the original has them, and every
other section is left untouched.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "config"))

import configc  # noqa: E402

FEATURES = configc.FEATURES
CHOICES = configc.CHOICES
BASE = "full_virtualization"   # the basis: the separation kernel plus full virtualization
BASIS, NO_FV, CONFIG = "basis", "no-fv", "config"


class VariantError(Exception):
    """A configuration the variants cannot be written from."""


def closure(feature, features=None):
    """The feature and everything it needs, transitively, in FEATURES order."""
    features = FEATURES if features is None else features
    if feature not in features:
        raise VariantError("unknown feature '%s'" % feature)
    pending, seen = [feature], set()
    while pending:
        key = pending.pop()
        if key not in seen:
            seen.add(key)
            for need in features[key][2]:
                if need not in features:
                    raise VariantError("feature '%s' needs unknown feature '%s'" % (key, need))
                pending.append(need)
    return [k for k in features if k in seen]


def variants(features=None):
    """[(variant name, added features, {feature: on})] of the fixed variants:
    the basis (BASE on, everything else off), the basis plus each other
    feature with what it needs, and everything off ("no-fv")."""
    features = FEATURES if features is None else features
    if BASE not in features:
        raise VariantError("tools/config declares no feature '%s', the basis of the "
                           "footprint" % BASE)
    basis = {k: k in closure(BASE, features) for k in features}
    out = [(BASIS, [], basis)]
    for key in features:
        if basis[key]:
            continue
        added = [k for k in closure(key, features) if not basis[k]]
        out.append(("%s+%s" % (BASIS, key), added, dict(basis, **{k: True for k in added})))
    out.append((NO_FV, [], {k: False for k in features}))
    return out


def effective_features(text, path):
    """{feature: on} of the configuration as tools/config reads it (a feature
    the file does not name takes tools/config's default rule)."""
    diag = configc.Diagnostics(path)
    cfg = configc.parse(text, path, ".", diag)
    configc.check_features(cfg, diag)
    return {k: bool(cfg.features[k][0]) for k in FEATURES}


def effective_choices(text, path):
    diag = configc.Diagnostics(path)
    cfg = configc.parse(text, path, ".", diag)
    return {k: cfg.choices[k][0] for k in CHOICES}


def _header_kind(raw):
    """The section kind of a header line, None for any other line."""
    line = raw.split("#", 1)[0].strip()
    if not line.startswith("["):
        return None
    words = line[1:-1].split() if line.endswith("]") else []
    return words[0] if words else ""


def _content(raw):
    return raw.split("#", 1)[0].strip()


def rewrite(text, feature_values, note, features=None, choices=None):
    """The configuration text with its [features] section replaced by explicit
    `key = on|off` lines for every feature (and the original's lines of the
    choices, verbatim); appended at the end when the file has none.  Comment
    and blank lines after the section's last key stay (they usually belong to
    the next section); every other section is untouched."""
    features = FEATURES if features is None else features
    choices = CHOICES if choices is None else choices
    missing = [k for k in features if k not in feature_values]
    if missing:
        raise VariantError("no value for feature(s) %s" % ", ".join(missing))
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    heads = [i for i, raw in enumerate(lines) if _header_kind(raw) == "features"]
    if len(heads) > 1:
        raise VariantError("section [features] given twice (lines %s)"
                           % ", ".join(str(i + 1) for i in heads))
    kept = []
    if heads:
        start = heads[0]
        end = next((i for i in range(start + 1, len(lines)) if _header_kind(lines[i]) is not None),
                   len(lines))
        last = start
        for i in range(start + 1, end):
            content = _content(lines[i])
            if content:
                last = i
                key = content.partition("=")[0].strip()
                if key in choices:
                    kept.append(lines[i].rstrip("\r\n") + "\n")
    section = ["[features]\n", "# %s\n" % note]
    section += ["%s = %s\n" % (k, "on" if feature_values[k] else "off") for k in features]
    section += kept
    if heads:
        lines[start:last + 1] = section
    else:
        lines += ["\n"] + section
    return "".join(lines)
