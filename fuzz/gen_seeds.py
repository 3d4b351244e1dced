#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the fuzz corpora (fuzz/README.md).

    python3 fuzz/gen_seeds.py            # rewrites fuzz/corpus/*/seed-*

Seeds are small: pieces of examples/seed.txt and seed.json, and lines that
exercise the French tokenizer, the sentence splitter, UTF-8 repair, line
breaks and the NDJSON reader. Files from fuzzing (named by their SHA-1) and
regression inputs (crash-*, slow-*) are left alone.

The analyze target reads two header bytes before the text (fuzz_analyze.c):
byte 0 = options (bit 0 strict UTF-8, 1 no NFC, 2 tokens, 3 pretty), path
(bits 4-5: 0 analyze, 1 feed, 2 NDJSON, 3 dp_analyze_json), extras (bit 6)
and allocation failure (bit 7); byte 1 = chunking / failure point.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"

FRENCH = [
    "« Non ! », a-t-il dit. Puis il est parti.",
    "« Nous irons jusqu’au bout », affirme-t-elle. « Et après ? »",
    "L’homme qu’il a vu lorsqu’il est arrivé puisqu’il pleuvait.",
    "Aujourd'hui, l'on sait que c'est-à-dire quelqu'un d'autre.",
    "Peut-être qu'à Saint-Étienne le porte-parole dit-elle oui.",
    "Que disent-ils ? Donne-le-moi. Va-t-en ! Viendra-t-on ?",
    "Un rendez-vous sur-le-champ au rez-de-chaussée.",
    "Au moins 100.000 personnes, soit 100 000 ou 100" + NBSP + "000 ou 1" + NNBSP + "234" + THIN + "567.",
    "Le taux passe de 1,5 à 12,5 % puis -0,8 %, soit 3/4 à 12:30.",
    "Son 66e anniversaire, au XIXe siècle, le 1er et la 2nde fois.",
    "M. Dupont, MM. Martin et Durand, Mme Leroy, Mlle Roux, Dr Petit, Me Blanc et Mgr Vingt-Trois.",
    "Né en 52 av. J.-C., mort en 14 apr. J.-C. etc. Le lendemain.",
    "J.-M. Le Pen et J. Chirac ; les U.S.A. et l'O.N.U. ont voté.",
    "Voir https://www.lemonde.fr/politique/article/2020/09/11/x_123.html?a=1&b=(2). Ou www.afp.com.",
    "Écrire à jean.dupont@example.fr ou à @AFP avec #Politique et #Bélarus2020.",
    "Il a dit “oui” puis ‹ non › et \"peut-être\" — enfin – presque… Bref...",
    "Le prix du pain, des œufs, au marché, aux Halles, auquel et duquel.",
    "Les deux pays des Pyrénées.Alors que le vote a eu lieu en 2020.Le président.",
    "Manifestation à Minsk\nLes opposants arrêtés\n\nUn nouveau paragraphe commence ici.",
    "Une ligne coupée\nen deux par un retour, puis\r\nCRLF et\rCR seul.",
    "A&M, snake_case, C++ et C#, 3×4=12, 50 € et 20 $, 30°C ?!",
    "Titre sans ponctuation\n\nTexte. (Entre parenthèses.) [Crochets.] « Guillemets. »",
    "Il s'est « réjoui » : « C'est fini. » Mais « d'autres » restent…",
    "😀 👩‍👩‍👧 émoji et ¼ ² ½ puis Ⅻ.",
    "ÉTAT D'URGENCE À PARIS : L'ÉLYSÉE RÉAGIT",
]

# Byte strings: invalid UTF-8, NUL, BOM, line breaks, combining marks.
RAW = [
    b"\xef\xbb\xbfLe texte commence par un BOM.",
    b"\xef\xbb\xbf\xef\xbb\xbfDeux BOM.",
    b"Octet invalide \xff ici, tronqu\xc3 l\xe0, surrogate \xed\xa0\x80 et overlong \xc0\xaf.",
    b"NUL\x00au milieu\x00\x00 et \x00 fin\x00",
    b"\xe2\x80\x99l\xe2\x80\x99homme \xe2\x80 coup\xc3\xa9\r\n\r\nPara.",
    "Cafe\u0301 de\u0301compose\u0301 et \u212b et e\u0323\u0307 puis \u1100\u1161\u11a8.".encode(),
    ("a" + "\u0301" * 40 + " b" + "\u0323\u0301" * 20).encode(),
    "Ligne\u2028séparée\u2029paragraphe\u0085NEL\u000bVT\u000cFF.".encode(),
    "Zéro\u200blargeur, trait\u00addoux, joint\u200dure, \ufeffBOM au milieu.".encode(),
    b"\r\r\n\n\r",
    b"",
    b".",
    b"-",
    b"- 5 -0,5 --- -t-il -il",
    b"a-t-il-le-moi-toi",
    "\u00ab" * 20 + "x" + "\u00bb" * 20,
    "J.-M.-A.-B. A.B.C.D.E.F.G.H. etc.etc. M.M.M. Dr.Dr.",
    "http://a.b/c) (https://x.y/(z)). ftp://h/p, www.a.b.",
    "x@y.z @ # #1 @_a a@b a@b.c.d-e.f",
]

# A few NDJSON lines for the analyze target's path 2 and the json target.
JSON_LINES = [
    b'{"text": "Bonjour."}',
    b'{"id": 42, "published": "2020-09-11", "title": "T", "url": "https://x.fr", "source": "AFP", "text": "M. Dupont a dit : \\u00ab Oui \\u00bb."}',
    b'{"id": "a1", "published": null, "url": null, "title": null, "text": "L\\u2019\\u00e9t\\u00e9 \\ud83d\\ude00 \\ud800 \\u0000 fin.\\r\\nSuite\\tici \\"cit\\u00e9\\" \\\\ \\/ \\b\\f"}',
    b'{"extra": {"a": [1, 2.5e-3, -0, true, false, null, {"b": []}]}, "text": "x"}',
    b'  {"text":"caf\xc3\xa9 \xff invalide"}  \n',
    b'{"text": ""}',
    b'{}',
    b'{"title": "pas de texte"}',
    b'{"text": 12}',
    b'{"text": "x", "published": "2020-02-30"}',
    b'{"text": "x", "published": 20200211}',
    b'{"text": "x", "id": [1]}',
    b'{"text": "x", "title": true}',
    b'{"text": "x",}',
    b'{"text": "x"} trailing',
    b'{"text": "x',
    b'{"text": "\\x"}',
    b'{"text": "\\u12g4"}',
    b'{"text": "a\x01b"}',
    b'{"text": "x", "n": 01}',
    b'{"text": "x", "n": 1.}',
    b'{"text": "x", "n": -}',
    b'{"text": "x", "n": 1e+}',
    b'{"text" "x"}',
    b'["text", "x"]',
    b'"text"',
    b'{"text": "x", "deep": ' + b"[" * 62 + b"]" * 62 + b"}",
    b'{"text": "x", "deep": ' + b"[" * 63 + b"]" * 63 + b"}",
    b'{"text": "x", "deep": ' + b'{"a":' * 64 + b"1" + b"}" * 64 + b"}",
    b'{"text": "x", "text": "y", "id": -1.5E+3}',
    b'\xef\xbb\xbf{"text": "BOM avant l\'objet"}',
    b'{"id": 1e400, "text": "nombre \\u00e9norme"}',
    b'{"text": "x", "published": "0999-01-01"}',
    b'{"text": "x", "published": "2000-02-29", "published": "1900-02-29"}',
    b'{"text":"x","source":"\\ud83d"}',
    b'{"\\u0074ext": "cl\\u00e9 \\u00e9chapp\\u00e9e"}',
]

# Header bytes (options/path, chunking) cycled over the analyze seeds.
HEADERS = [
    (0x04, 0x00), (0x14, 0x01), (0x34, 0x00), (0x05, 0x00), (0x16, 0x83),
    (0x1C, 0x07), (0x44, 0x00), (0x54, 0x05), (0x3D, 0x20), (0x00, 0x00),
    (0x11, 0x02), (0x74, 0x10), (0x84, 0x03), (0x94, 0x0B), (0xC4, 0x21),
    (0x0E, 0x00), (0x15, 0x80), (0xB4, 0x40), (0x06, 0x00), (0x1F, 0x06),
]


def write(dirname, name, data):
    path = os.path.join(HERE, "corpus", dirname, name)
    with open(path, "wb") as f:
        f.write(data)


def main():
    for d in ("analyze", "json"):
        os.makedirs(os.path.join(HERE, "corpus", d), exist_ok=True)
        for f in os.listdir(os.path.join(HERE, "corpus", d)):
            if f.startswith("seed-"):
                os.remove(os.path.join(HERE, "corpus", d, f))

    with open(os.path.join(ROOT, "examples", "seed.txt"), "rb") as f:
        seed_txt = f.read()
    with open(os.path.join(ROOT, "examples", "seed.json"), "rb") as f:
        seed_json = f.read()

    texts = [p for p in seed_txt.split(b"\n\n") if p.strip()]
    texts += [t.encode() for t in FRENCH]
    texts += [r if isinstance(r, bytes) else r.encode() for r in RAW]
    n = 0
    for i, t in enumerate(texts):
        for k in range(2):
            b0, b1 = HEADERS[(2 * i + k) % len(HEADERS)]
            if b0 & 0x30 == 0x20 and not (b0 & 0x40):
                b0 &= ~0x30  # raw path 2 wants JSON: keep these on the text paths
            write("analyze", "seed-%03d" % n, bytes([b0, b1]) + t)
            n += 1
    # whole article, one-call and chunked
    write("analyze", "seed-%03d-article" % n, bytes([0x04, 0x00]) + seed_txt)
    write("analyze", "seed-%03d-article-feed" % (n + 1), bytes([0x14, 0x8F]) + seed_txt)
    n += 2
    # large inputs: JSON output past the renderer's 64 KiB buffer, a sentence
    # past DP_MAX_SENTENCE_TOKENS, a long run of replaced bytes
    write("analyze", "seed-%03d-long-pretty" % n, bytes([0x0C, 0x00]) + seed_txt * 8)
    write("analyze", "seed-%03d-long-feed" % (n + 1), bytes([0x14, 0xFF]) + seed_txt * 4)
    write("analyze", "seed-%03d-no-stop" % (n + 2), bytes([0x04, 0x00]) + b"mot et " * 1500)
    write("analyze", "seed-%03d-junk" % (n + 3), bytes([0x14, 0x05]) + b"a\xff\xfe\x00b\xc3" * 700)
    n += 4
    for i, line in enumerate(JSON_LINES + [seed_json.strip()]):
        write("analyze", "seed-%03d-ndjson" % n, bytes([0x24 | (i & 1) | ((i & 2) << 6), i]) + line)
        n += 1

    m = 0
    for line in JSON_LINES:
        write("json", "seed-%03d" % m, line)
        m += 1
    write("json", "seed-%03d-article" % m, seed_json.strip())
    m += 1
    for line in (json.dumps({"id": "p%d" % i, "text": t}, ensure_ascii=i % 2 == 0).encode()
                 for i, t in enumerate(FRENCH[:8])):
        write("json", "seed-%03d" % m, line)
        m += 1
    print("wrote %d analyze seeds, %d json seeds" % (n, m), file=sys.stderr)


if __name__ == "__main__":
    main()
