#!/usr/bin/env python3
"""Compiles the candidate full-form lexicons and the chosen lexicon.tsv.

usage: build_lexicon.py OUTDIR --lefff PATH/lefff-3.4.mlex [--hunspell-dir /usr/share/hunspell]
                        [--final rules,lefff,hunspell]

Writes OUTDIR/candidates/{rules,lefff,grammalecte,grammalecte-allvars,hunspell}.tsv (form, UPOS, lemma;
GSD conventions applied) and OUTDIR/lexicon.tsv, the priority union named by --final: for each
(form, UPOS) pair, the lemmas of the first candidate in the list that has the pair.
"""
import argparse
import os
import time

import lexlib
import readers

DEFAULT_FINAL = "rules,lefff,hunspell"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--lefff", required=True)
    ap.add_argument("--hunspell-dir", default="/usr/share/hunspell")
    ap.add_argument("--final", default=DEFAULT_FINAL)
    a = ap.parse_args()
    cdir = os.path.join(a.outdir, "candidates")
    os.makedirs(cdir, exist_ok=True)
    sources = {
        "rules": lexlib.closed_class_rules,
        "lefff": lambda: readers.lefff(a.lefff),
        "grammalecte": lambda: readers.grammalecte("fr-classic.json"),
        "grammalecte-allvars": lambda: readers.grammalecte("fr-allvars.json"),
        "hunspell": lambda: readers.hunspell(os.path.join(a.hunspell_dir, "fr.aff"),
                                             os.path.join(a.hunspell_dir, "fr.dic")),
    }
    for name, gen in sources.items():
        t = time.time()
        n = lexlib.write_lexicon(os.path.join(cdir, name + ".tsv"), lexlib.clean(lexlib.finalise(gen())))
        lexlib.log("candidate %-20s %8d lines  (%.1fs)" % (name, n, time.time() - t))
    order = [s.strip() for s in a.final.split(",") if s.strip()]
    lex = lexlib.priority_union([lexlib.read_lexicon(os.path.join(cdir, s + ".tsv")) for s in order])
    # clean() once more over the union: a Lefff lemma "oeuvre" meets hunspell's "œuvre" only here
    n = lexlib.write_lexicon(os.path.join(a.outdir, "lexicon.tsv"), lexlib.clean(lexlib.iter_triples(lex)))
    lexlib.log("lexicon.tsv = %s: %d lines" % (" > ".join(order), n))


if __name__ == "__main__":
    main()
