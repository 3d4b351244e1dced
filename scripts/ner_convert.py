#!/usr/bin/env python3
"""ner_convert.py DATA_DIR OUTDIR NER_GOLD_PY — builds depeche's NER training, dev and test files.

Called by scripts/ner-data.sh (see the comment block there for the sources, the split and what becomes O).
Every output file is `token<TAB>TAG` lines, IOB2 with PER/LOC/ORG only, a blank line after each sentence.

HIPE and WikiNEuRal files go through `ner_gold.py FILE` itself (run as a command), so the training data
follows exactly the convention the test gold is written in (people named without titles). 7-romans and
Europeana, which ner_gold.py does not read, use its functions coarse(), iob2() and strip_titles() (imported
from the same file), so the same type mapping and the same title stripping apply to them.
"""
import importlib.util
import os
import subprocess
import sys
import tempfile

# Held-out share for model selection: 1/DEV_EVERY of each HIPE file (whole documents, by token mass)
# and every DEV_EVERY-th block of WikiNEuRal sentences. Deterministic and seed-free: rerunning gives
# the same files.
DEV_EVERY = 10
# WikiNEuRal sentences come in runs from the same article: held-out units are blocks of this many
# consecutive sentences, so an article's sentences seldom straddle train and dev.
WIKI_BLOCK = 100

SENT_ENDS = {".", "!", "?"}
# Between a sentence end and the capitalised word that starts the next sentence.
OPENERS = {"«", "\"", "“", "—", "–", "-", "(", "[", "'"}
# A closing mark that still belongs to the ending sentence: `. »` then a capital.
CLOSERS = {"»", "\"", "”", ")", "]"}
# A "." after these is an abbreviation, not a sentence end ("M . Ilg", "Mme . Roland", "S . M .").
ABBREV = set("""m mm mme mmes mlle mlles dr me mgr st ste cie etc cf av bd boul ch art vol no nos n° p pp
sr mr mrs ms gal gén col cap lt cdt ste sté jr vve ve""".split())


def load_gold_module(path):
    spec = importlib.util.spec_from_file_location("ner_gold", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def parse_tsv(text):
    """`token<TAB>tag` lines with blank lines between sentences -> list of [[tok, tag], ...]."""
    sents, cur = [], []
    for line in text.split("\n"):
        if not line:
            if cur:
                sents.append(cur)
                cur = []
            continue
        tok, _, tag = line.rpartition("\t")
        cur.append([tok, tag])
    if cur:
        sents.append(cur)
    return sents


def run_gold(gold_py, arg):
    out = subprocess.run([sys.executable, gold_py, arg], check=True, capture_output=True, text=True)
    return parse_tsv(out.stdout)


def is_abbrev(tok):
    t = tok.rstrip(".")
    return t.lower() in ABBREV or (len(t) == 1 and t.isupper())


def split_sentence(sent):
    """Cuts a token sequence at . ! ? followed (past opening quotes/dashes) by a capitalised token,
    never inside an entity and never after an abbreviation or an initial. The HIPE v0.9 train file has
    no sentence ends (a document is one sequence), Europeana is one token stream, and some 7-romans
    "sentences" are whole paragraphs of dialogue; this gives the trainer sentence-sized sequences."""
    out, start, n = [], 0, len(sent)
    i = 0
    while i < n - 1:
        tok = sent[i][0]
        cut = None
        if tok in SENT_ENDS and not (i > 0 and tok == "." and is_abbrev(sent[i - 1][0])):
            j = i + 1
            while j < n - 1 and sent[j][0] in CLOSERS and sent[j][1] == "O":
                j += 1
            k = j
            while k < n - 1 and sent[k][0] in OPENERS and sent[k][1] == "O":
                k += 1
            if sent[k][0][:1].isupper() and not sent[k][1].startswith("I-") \
                    and not sent[j][1].startswith("I-"):
                cut = j
        if cut is not None and cut > start:
            out.append(sent[start:cut])
            start = cut
            i = cut
        else:
            i += 1
    out.append(sent[start:])
    return [s for s in out if s]


def split_all(sents):
    res = []
    for s in sents:
        res.extend(split_sentence(s))
    return res


def hipe_blocks(path):
    """Splits a HIPE .tsv into (header, [document lines]). A document starts at its document_id line;
    comment lines that precede it stay with the previous document (ner_gold.py skips them)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    header, docs = [], []
    for line in lines:
        if line.startswith("TOKEN\t"):
            header.append(line)
            continue
        if "document_id" in line and line.startswith("#"):
            # The v0.9 train file writes `# document_id = …`; ner_gold.py ends a sequence only at
            # `# hipe2022:document_id`, so v0.9 documents would run together into one 97k-token
            # sequence. Renaming the comment gives ner_gold.py the document boundaries; nothing else
            # in the file is touched.
            if not line.startswith("# hipe2022:document_id"):
                line = "# hipe2022:" + line[2:]
            docs.append([])
        if not docs:
            docs.append([])
        docs[-1].append(line)
    return header, docs


def hipe_convert(gold_py, path, tmpdir):
    """Returns (train sentences, dev sentences, number of documents) for one HIPE file: about a tenth
    of its tokens, in whole documents, is held out; each part is converted by ner_gold.py FILE."""
    header, docs = hipe_blocks(path)
    parts = {"train": [], "dev": []}
    seen = held = 0
    for d in docs:
        # Documents vary from 30 to 3,000 tokens, so "every 10th document" can hold out far less (or
        # more) than a tenth of the tokens. Instead a document goes to dev whenever dev, with it, stays
        # within a tenth of the tokens read so far: in file order, deterministic, about 10% by mass.
        ntok = sum(1 for line in d if line and not line.startswith("#"))
        seen += ntok
        if DEV_EVERY * (held + ntok) <= seen:
            held += ntok
            parts["dev"].extend(d)
        else:
            parts["train"].extend(d)
    res = {}
    for name, lines in parts.items():
        tmp = os.path.join(tmpdir, f"{name}-{os.path.basename(path)}")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("\n".join(header + lines) + "\n")
        res[name] = split_all(run_gold(gold_py, tmp))
    return res["train"], res["dev"], len(docs)


def wiki_convert(gold_py, path):
    sents = run_gold(gold_py, path)
    train, dev = [], []
    for i, s in enumerate(sents):
        (dev if (i // WIKI_BLOCK) % DEV_EVERY == DEV_EVERY - 1 else train).append(s)
    return split_all(train), split_all(dev)


def with_gold_rules(g, raw):
    """raw: list of [[tok, original tag]] -> ner_gold's mapping (MISC etc. -> O), IOB2 repair and
    title stripping, as ner_gold.py applies them to the HIPE and WikiNEuRal files."""
    res = []
    for s in raw:
        s = [[tok, g.coarse(tag), "O"] for tok, tag in s]
        s = g.strip_titles(g.iob2(s))
        res.append([[tok, tag] for tok, tag, _ in s])
    return res


def romans_convert(g, folder):
    raw = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".conll"):
            continue
        cur = []
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip():
                    if cur:
                        raw.append(cur)
                        cur = []
                    continue
                tok, _, tag = line.rpartition(" ")
                cur.append([tok, tag])
        if cur:
            raw.append(cur)
    return split_all(with_gold_rules(g, raw))


def europeana_convert(g, path):
    stream = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            c = line.split("\t")
            if len(c) >= 3 and c[1].strip():
                stream.append([c[1].strip(), c[2].strip()])
    return split_all(with_gold_rules(g, [stream]))


def write(path, sents):
    with open(path, "w", encoding="utf-8") as f:
        for s in sents:
            for tok, tag in s:
                f.write(f"{tok}\t{tag}\n")
            f.write("\n")


def stats(sents):
    ents = {"PER": 0, "LOC": 0, "ORG": 0}
    ntok = 0
    for s in sents:
        ntok += len(s)
        for _, tag in s:
            if tag.startswith("B-"):
                ents[tag[2:]] += 1
    return len(sents), ntok, ents


def main(data, out, gold_py):
    os.makedirs(out, exist_ok=True)
    g = load_gold_module(gold_py)
    hipe = os.path.join(data, "ner-hipe-fr")
    files = {}
    with tempfile.TemporaryDirectory() as tmp:
        tr, dv = [], []
        for fn in ("hipe2020-v0.9-train-fr.tsv", "HIPE-2022-v2.1-hipe2020-dev-fr.tsv"):
            a, b, _ = hipe_convert(gold_py, os.path.join(hipe, fn), tmp)
            tr += a
            dv += b
        files["train-hipe2020"], files["dev-hipe2020"] = tr, dv
        a, b, _ = hipe_convert(gold_py, os.path.join(hipe, "HIPE-2022-v2.1-letemps-dev-fr.tsv"), tmp)
        files["train-letemps"], files["dev-letemps"] = a, b
        tr, dv = [], []
        for fn in ("HIPE-2022-v2.1-newseye-dev-fr.tsv", "HIPE-2022-v2.1-newseye-dev2-fr.tsv"):
            a, b, _ = hipe_convert(gold_py, os.path.join(hipe, fn), tmp)
            tr += a
            dv += b
        files["train-newseye"], files["dev-newseye"] = tr, dv
    files["train-wikineural"], files["dev-wikineural"] = wiki_convert(
        gold_py, os.path.join(data, "ner-wikineural-fr", "val.conllu"))
    files["train-7romans"] = romans_convert(g, os.path.join(data, "ner-7romans-fr"))
    files["train-europeana"] = europeana_convert(g, os.path.join(data, "ner-europeana-fr", "enp_FR.tsv"))
    order_train = ["train-hipe2020", "train-letemps", "train-newseye", "train-wikineural",
                   "train-7romans", "train-europeana"]
    order_dev = ["dev-hipe2020", "dev-letemps", "dev-newseye", "dev-wikineural"]
    files["train"] = [s for k in order_train for s in files[k]]
    files["dev"] = [s for k in order_dev for s in files[k]]
    # Evaluation gold: exactly what the issue scores against, `ner_gold.py NAME`, not re-split.
    for name in ("hipe2020", "newseye", "letemps", "wikineural"):
        files[f"test-{name}"] = run_gold(gold_py, name)

    # Leakage check: a test sentence of 8+ tokens found verbatim in train or dev.
    seen = set()
    for k in order_train + order_dev:
        for s in files[k]:
            if len(s) >= 8:
                seen.add(tuple(t for t, _ in s))
    report = []
    hdr = f"{'file':<22}{'sentences':>10}{'tokens':>10}{'PER':>8}{'LOC':>8}{'ORG':>8}{'entities':>10}"
    report.append(hdr)
    for k in order_train + ["train"] + order_dev + ["dev"] + [f"test-{n}" for n in
                                                               ("hipe2020", "newseye", "letemps", "wikineural")]:
        write(os.path.join(out, k + ".tsv"), files[k])
        ns, nt, e = stats(files[k])
        line = f"{k + '.tsv':<22}{ns:>10,}{nt:>10,}{e['PER']:>8,}{e['LOC']:>8,}{e['ORG']:>8,}{sum(e.values()):>10,}"
        if k.startswith("test-"):
            dup = sum(1 for s in files[k] if len(s) >= 8 and tuple(t for t, _ in s) in seen)
            line += f"   (test sentences of 8+ tokens also in train/dev: {dup})"
        report.append(line)
    text = "\n".join(report) + "\n"
    with open(os.path.join(out, "stats.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        sys.exit(2)
    main(*sys.argv[1:])
