"""The pretraining corpus of chapter 06: English Wikipedia articles as documents of sentences.

Offline (the default), the text comes from a pip package the course already installs: gensim's test data
holds a shortened dump of English Wikipedia (104 articles from "Anarchism" to "Abortion", May 2016,
CC BY-SA; see data/corpus/DATA_CARD.md). This module turns its wiki markup into plain prose:

    documents = load_corpus()                     # list of documents; a document is a list of sentences
    train, held_out = split_documents(documents)  # whole documents go to one side or the other

Document boundaries are kept on purpose: next sentence prediction draws a "NotNext" sentence from
*another* document. With `bertcourse.ONLINE`, `load_corpus("hub")` reads WikiText-103 (or "wikitext-2")
through Hugging Face `datasets` instead, split into its articles.
"""
import bz2
import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import bertcourse

WIKI_DUMP = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
HUB_WIKITEXT = {"wikitext-103": "wikitext-103-raw-v1", "wikitext-2": "wikitext-2-raw-v1"}
MIN_DOCUMENT_SENTENCES = 5  # shorter pages (disambiguation pages, stubs) are not prose
MIN_SENTENCE_WORDS = 3
# Sections after which a Wikipedia article holds lists of references, not prose.
END_SECTIONS = {"references", "external links", "see also", "further reading", "notes", "bibliography",
                "sources", "footnotes", "citations", "notes and references", "works cited", "gallery"}

# A sentence ends at . ! or ? (maybe followed by a closing quote or bracket), then white space, then
# something that can start a sentence: a capital letter, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"')\]]*)\s+(?=[\"'(\[]?[A-Z0-9])")
# ...unless the word before the full stop is a common abbreviation or a single initial ("J. R. R.").
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|Gen|Col|Lt|Capt|Rev|Gov|Sen|Rep|Mt|Ft|No|Vol|vol|pp|ca|c|cf|"
    r"e\.g|i\.e|vs|etc|approx|Inc|Ltd|Co|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$")


class CorpusUnavailable(RuntimeError):
    """The corpus asked for cannot be read here (the Hub while offline, a missing package)."""


def split_sentences(paragraph: str) -> list:
    """Split a paragraph of prose into sentences: after . ! ? before a capital, a digit or a quote,
    except after common abbreviations (Dr., e.g., St.) and single initials (J. R. R. Tolkien)."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(paragraph):
        if _NO_BREAK_BEFORE.search(paragraph[start:match.start()]):
            continue
        sentences.append(paragraph[start:match.end(1)].strip())
        start = match.end()
    sentences.append(paragraph[start:].strip())
    return [s for s in sentences if s]


def _clean_line(line: str) -> str:
    """Plain text from a line that gensim's filter_wiki left: bold/italic quotes, leftover markup, spaces."""
    line = re.sub(r"'{2,}", "", line)  # ''italic'', '''bold'''
    line = re.sub(r"<[^>]*>", "", line)  # stray HTML tags
    line = re.sub(r"\(\s*[,;]?\s*\)", "", line)  # brackets emptied by removed templates: "( )", "(, )"
    line = re.sub(r"\s+([,.;:!?])", r"\1", line)  # "word ." -> "word."
    return re.sub(r"\s+", " ", line).strip()


def _is_prose(line: str) -> bool:
    """A paragraph of running text, not a heading, list item, table row, or leftover template."""
    if not line or line[0] in "=*#:;|!{}" or line.startswith(("REDIRECT", "thumb|")):
        return False
    return len(line.split()) >= 8 and line[-1] in ".!?\"')"


def wiki_to_sentences(markup: str) -> list:
    """One Wikipedia article in wiki markup -> its prose as a list of sentences (reference sections dropped)."""
    from gensim.corpora.wikicorpus import filter_wiki

    sentences = []
    for raw in filter_wiki(markup).splitlines():
        raw = raw.strip()
        heading = re.fullmatch(r"=+\s*(.*?)\s*=+", raw)
        if heading and heading.group(1).lower() in END_SECTIONS:
            break
        line = _clean_line(raw)
        if _is_prose(line):
            sentences.extend(s for s in split_sentences(line) if len(s.split()) >= MIN_SENTENCE_WORDS)
    return sentences


def wiki_dump_path() -> Path:
    """The shortened English Wikipedia dump that ships with gensim's test data."""
    try:
        import gensim
    except ImportError as error:
        raise CorpusUnavailable("The offline pretraining corpus comes with the pip package gensim (pinned as "
                                "gensim==4.4.0): install it with `pip install gensim==4.4.0`.") from error
    path = Path(gensim.__file__).parent / "test" / "test_data" / WIKI_DUMP
    if not path.exists():
        raise CorpusUnavailable(f"{path} is missing: this gensim install lacks its test data (gensim==4.4.0 ships it).")
    return path


def _cache_file(path: Path):
    """Where the parsed corpus is kept between runs (parsing the dump takes about 10 s), or None."""
    folder = os.environ.get("BERTCOURSE_CACHE") or Path.home() / ".cache" / "bertcourse"
    key = hashlib.sha256(f"{path}:{path.stat().st_size}:{Path(__file__).read_bytes()!r}".encode()).hexdigest()[:16]
    return Path(folder) / f"corpus-{key}.json"


def _read_wiki_dump() -> list:
    from gensim.corpora.wikicorpus import extract_pages

    path = wiki_dump_path()
    cache = _cache_file(path)
    try:
        return json.loads(cache.read_text())
    except (OSError, ValueError):
        pass
    documents, seen = [], set()
    with bz2.open(path) as stream:
        for _title, markup, _page_id in extract_pages(stream, filter_namespaces=("0",)):
            # a sentence that an earlier article already has (articles quote each other) is dropped, so
            # that no held-out sentence is also a training sentence
            sentences = [s for s in wiki_to_sentences(markup) if s not in seen]
            seen.update(sentences)
            if len(sentences) >= MIN_DOCUMENT_SENTENCES:
                documents.append(sentences)
    try:  # best effort: a read-only home (the grading sandbox) just parses again next time
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(documents))
        tmp.replace(cache)
    except OSError:
        pass
    return documents


def _read_wikitext(name: str) -> list:
    """WikiText from the Hub, cut into its articles at the ` = Title = ` lines."""
    if not bertcourse.ONLINE:
        raise CorpusUnavailable(
            f"load_corpus('hub') reads {name} from the Hugging Face Hub, but the course runs offline. Use the "
            "offline copy, load_corpus('course') (Wikipedia articles from gensim's test data), or set "
            "BERTCOURSE_ONLINE=1 on a machine with internet.")
    import datasets

    documents, current = [], []
    for row in datasets.load_dataset("Salesforce/wikitext", HUB_WIKITEXT[name], split="train"):
        line = row["text"].strip()
        if re.fullmatch(r"= [^=].* =", line):  # a new article
            if len(current) >= MIN_DOCUMENT_SENTENCES:
                documents.append(current)
            current = []
        elif line and not line.startswith("="):
            line = line.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".")
            current.extend(s for s in split_sentences(line) if len(s.split()) >= MIN_SENTENCE_WORDS)
    if len(current) >= MIN_DOCUMENT_SENTENCES:
        documents.append(current)
    return documents


@lru_cache(maxsize=None)
def _load(source: str) -> tuple:
    if source == "course":
        documents = _read_wiki_dump()
    elif source in ("hub", "wikitext-103"):
        documents = _read_wikitext("wikitext-103")
    elif source == "wikitext-2":
        documents = _read_wikitext("wikitext-2")
    else:
        raise ValueError(f"unknown corpus {source!r}: use 'course' (offline), 'hub' (WikiText-103) or 'wikitext-2'")
    return tuple(tuple(doc) for doc in documents)


def load_corpus(source: str = "course") -> list:
    """The pretraining corpus as a list of documents, each a list of sentences (str), in a fixed order.

    source: "course" (offline: 104 Wikipedia articles, about 0.35 M words), "hub" (WikiText-103 through
    `datasets`, needs BERTCOURSE_ONLINE=1) or "wikitext-2". Returns a fresh list each call.
    """
    return [list(doc) for doc in _load(source)]


def split_documents(documents: list, held_out_fraction: float = 0.1) -> tuple:
    """(train, held_out): every 1/held_out_fraction-th document, whole, goes to the held-out side.

    Deterministic, and no sentence of a held-out document is ever seen in training."""
    step = max(2, round(1 / held_out_fraction))
    held_out = [doc for i, doc in enumerate(documents) if i % step == step - 1]
    train = [doc for i, doc in enumerate(documents) if i % step != step - 1]
    return train, held_out


def hold_out_tails(documents: list, fraction: float = 0.1, min_sentences: int = 2) -> tuple:
    """(heads, tails): the last `fraction` of every document's sentences (at least `min_sentences`) is held out.

    The held-out tails are text the model never sees, on topics it does see: what a model learns about
    language *and* about these articles is measured there. A document too short to give both sides
    `min_sentences` sentences goes to neither. Sentence order is kept on both sides."""
    heads, tails = [], []
    for doc in documents:
        k = max(min_sentences, round(len(doc) * fraction))
        if len(doc) - k >= min_sentences:
            heads.append(doc[:-k])
            tails.append(doc[-k:])
    return heads, tails


def word_count(documents: list) -> int:
    return sum(len(sentence.split()) for doc in documents for sentence in doc)


if __name__ == "__main__":
    docs = load_corpus()
    train, held_out = split_documents(docs)
    sentences = [s for d in docs for s in d]
    print(json.dumps({"documents": len(docs), "sentences": len(sentences), "words": word_count(docs),
                      "train_documents": len(train), "held_out_documents": len(held_out),
                      "held_out_words": word_count(held_out)}))
