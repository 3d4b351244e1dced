"""Shared pieces of the lexicon recipes: normalisation, UD French GSD lemma conventions, TSV I/O.

Every source reader (readers.py) yields (form, UPOS, lemma) triples in its own categories mapped to UD
UPOS; `finalise` then applies the conventions of UD French GSD that no source follows (closed-class
lemmas, auxiliaries, numerals, proper nouns), so that all candidates are measured on the same footing.
"""
import os
import sys
import unicodedata

UPOS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PRON", "PROPN", "PUNCT",
        "SCONJ", "SYM", "VERB", "X")
UPOS_SET = frozenset(UPOS)


def log(*args):
    print("[lexicons]", *args, file=sys.stderr, flush=True)


def norm(s):
    """NFC, typographic apostrophe folded to ASCII (as depeche's tokenizer folds it), trimmed."""
    s = unicodedata.normalize("NFC", s).replace("\u2019", "'").replace("\u02bc", "'")
    return s.strip()


def usable_form(form):
    """A form the tokenizer can produce as one token: no space, no tab, not a placeholder."""
    if not form or form.startswith("_") or len(form) > 64:
        return False
    return not any(c.isspace() for c in form)


# ---------------------------------------------------------------------------------------------------
# UD French GSD conventions for closed classes (checked against fr_gsd-ud-dev and fr_sequoia-ud-train):
# personal pronouns take the strong form (je -> moi, il/elle/le/la -> lui, ils/les/leur -> eux, se -> soi),
# determiners the masculine singular of their series (la/les -> le, une/des -> un, possessives -> son,
# cette/ces -> ce), auxiliaries the infinitive. Keys are lowercased forms.
PRON_LEMMA = {}
for _lemma, _forms in {
    "moi": "je j' -je moi -moi me m' -m' moi-même",
    "toi": "tu t' -tu toi -toi te -t' toi-même",
    "lui": "il -il -t-il elle -elle -t-elle lui -lui le -le la -la l'",
    "eux": "ils -ils -t-ils elles -elles -t-elles eux les -les leur -leur",
    "soi": "se s' soi",
    "nous": "nous -nous",
    "vous": "vous -vous",
    "on": "on -on -t-on l'on",
    "y": "y -y -t-y",
    "en": "en -en -t-en",
    "ce": "ce c' -ce",
    "lui-même": "lui-même elle-même",
    "eux-mêmes": "eux-mêmes elles-mêmes",
    # other pronoun series: masculine singular
    "celui": "celui celle ceux celles",
    "celui-ci": "celui-ci celle-ci ceux-ci celles-ci",
    "celui-là": "celui-là celle-là ceux-là celles-là",
    "lequel": "lequel laquelle lesquels lesquelles",
    "chacun": "chacun chacune",
    "quelqu'un": "quelqu'un quelqu'une",
    "tout": "tout tous toutes",
    "certain": "certains certaines",
    "aucun": "aucun aucune",
}.items():
    for _f in _forms.split():
        PRON_LEMMA[_f] = _lemma

DET_LEMMA = {}
for _lemma, _forms in {
    "le": "le la l' les",
    "un": "un une des",
    "son": "mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs",
    "ce": "ce cet cette ces",
    "tout": "tout toute tous toutes",
    "quel": "quel quelle quels quelles",
    "aucun": "aucun aucune",
    "nul": "nul nulle",
    "certain": "certain certaine certains certaines",
    "quelque": "quelque quelques",
    "ledit": "ledit ladite lesdits lesdites",
}.items():
    for _f in _forms.split():
        DET_LEMMA[_f] = _lemma

AUX_LEMMAS = frozenset(("être", "avoir", "faire"))

_UNITS = ("zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
          "dix-sept dix-huit dix-neuf").split()
_TENS = ("", "", "vingt", "trente", "quarante", "cinquante", "soixante")


def _fr_number(n):
    """French spelling of 0 <= n < 100 (traditional: "vingt et un", "soixante-dix", "quatre-vingts")."""
    if n < 20:
        return _UNITS[n]
    if n < 70:
        t, u = divmod(n, 10)
        return _TENS[t] + ("" if u == 0 else " et un" if u == 1 else "-" + _UNITS[u])
    if n < 80:
        return "soixante" + (" et onze" if n == 71 else "-" + _UNITS[n - 60])
    return "quatre-vingts" if n == 80 else "quatre-vingt-" + _UNITS[n - 80]


def _cardinals():
    words = {"une", "cent", "cents", "mille"}
    for n in range(100):
        w = _fr_number(n)
        words.add(w.replace(" ", "-"))          # 1990 spelling: vingt-et-un
        if " " not in w:
            words.add(w)
    return frozenset(words)


CARDINALS = _cardinals()   # GSD: million, milliard are NOUN, not NUM


def finalise(triples):
    """Apply the GSD conventions to (form, upos, lemma) triples; yields the corrected ones."""
    for form, upos, lemma in triples:
        form, lemma = norm(form), norm(lemma)
        if not usable_form(form) or upos not in UPOS_SET:
            continue
        low = form.lower()
        if lemma.endswith("'") and len(lemma) > 1:         # elided lemma (Grammalecte): qu' -> que
            lemma = "si" if upos == "SCONJ" and lemma.lower() == "s'" else lemma[:-1] + "e"
        if not lemma or " " in lemma or "\t" in lemma:
            lemma = low if upos not in ("PROPN", "NUM", "SYM", "PUNCT", "X") else form
        if upos == "PRON" and low in PRON_LEMMA:
            lemma = PRON_LEMMA[low]
        elif upos == "DET" and low in DET_LEMMA:
            lemma = DET_LEMMA[low]
        elif upos in ("PROPN", "PUNCT", "SYM", "X"):
            lemma = form
        elif upos == "NUM":
            lemma = "un" if low in ("un", "une") else form
        yield form, upos, lemma
        if upos == "VERB" and lemma in AUX_LEMMAS:
            yield form, "AUX", lemma
        if low in CARDINALS and upos in ("NOUN", "DET", "ADJ", "PRON"):
            yield form, "NUM", "un" if low in ("un", "une") else form


# ---------------------------------------------------------------------------------------------------
# Lexicon containers and TSV I/O

def write_lexicon(path, triples):
    """Writes distinct triples sorted in byte order (LC_ALL=C); returns the line count."""
    lines = sorted({"%s\t%s\t%s\n" % t for t in triples}, key=lambda s: s.encode("utf-8"))
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(lines)
    os.replace(tmp, path)
    return len(lines)


def read_lexicon(path):
    """Returns {form: {upos: set(lemmas)}}."""
    lex = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            form, upos, lemma = line.rstrip("\n").split("\t")
            lex.setdefault(form, {}).setdefault(upos, set()).add(lemma)
    return lex


def priority_union(lexes):
    """For each (form, UPOS), the lemmas of the first lexicon that has that pair."""
    out = {}
    for lex in lexes:
        for form, by in lex.items():
            dst = out.setdefault(form, {})
            for upos, lemmas in by.items():
                if upos not in dst:
                    dst[upos] = set(lemmas)
    return out


def iter_triples(lex):
    for form, by in lex.items():
        for upos, lemmas in by.items():
            for lemma in lemmas:
                yield form, upos, lemma


def closed_class_rules():
    """The hand-written GSD conventions as a lexicon of their own ("rules"): personal pronouns (with the
    hyphenated inverted clitics -t-il, -je ...), article/possessive/demonstrative determiners, cardinals."""
    for form, lemma in PRON_LEMMA.items():
        yield form, "PRON", lemma
    for form, lemma in DET_LEMMA.items():
        yield form, "DET", lemma
    for form in ("de", "d'"):
        yield form, "DET", "un"          # partitive/negative "pas de" (GSD)
    for form in CARDINALS:
        yield form, "NUM", "un" if form in ("un", "une") else form
    yield "s'", "SCONJ", "si"
    yield "%", "SYM", "%"
    for form, lemma in (("-là", "là"), ("-ci", "ci"), ("parce", "parce"), ("afin", "afin")):
        yield form, "ADV", lemma
    yield "parce", "SCONJ", "parce"
    for form in ("oui", "non", "bon", "bref", "eh", "oh", "ah", "hein", "quoi", "bah", "ben", "euh", "hum",
                 "merci", "hélas", "bravo", "allô", "ouais", "voilà"):
        yield form, "INTJ", form


def clean(triples):
    """Lexicon-wide fixes, applied to every candidate alike:
    - a lemma spelt with "oe" becomes the "œ" spelling when that is a lemma too (oeuvre -> œuvre, as GSD),
      and every form with "œ" gets its "oe" spelling (web text writes coeur, oeil)."""
    triples = set(triples)
    lemmas = {l for _, _, l in triples}
    out = set()
    for f, u, l in triples:
        if "oe" in l and l.replace("oe", "œ") in lemmas:
            l = l.replace("oe", "œ")
        out.add((f, u, l))
        if "œ" in f:
            out.add((f.replace("œ", "oe"), u, l))
        if "Œ" in f:
            out.add((f.replace("Œ", "Oe"), u, l))
    return out
