"""The pretraining corpus of chapter 06 (bertcourse.corpus): size, documents, determinism, the split."""
import pytest

import bertcourse
from bertcourse import corpus


@pytest.fixture(scope="module")
def documents():
    return corpus.load_corpus()


def test_corpus_is_large_enough(documents):
    assert len(documents) >= 50
    assert corpus.word_count(documents) >= 300_000


def test_documents_are_lists_of_sentences(documents):
    for doc in documents:
        assert isinstance(doc, list) and len(doc) >= corpus.MIN_DOCUMENT_SENTENCES
        assert all(isinstance(s, str) and len(s.split()) >= corpus.MIN_SENTENCE_WORDS for s in doc)
    # document boundaries are kept: the first article starts with its own first sentence
    assert documents[0][0].startswith("Anarchism is a political philosophy")
    assert not any("Anarchism is a political philosophy" in s for doc in documents[1:] for s in doc)
    # no wiki markup left
    text = " ".join(s for doc in documents for s in doc)
    for markup in ("'''", "[[", "]]", "{{", "}}", "<ref", "==", "REDIRECT"):
        assert markup not in text, markup


def test_corpus_is_deterministic(documents):
    corpus._load.cache_clear()
    assert corpus.load_corpus() == documents
    assert corpus.load_corpus() is not corpus.load_corpus()  # each call gets its own copy


def test_held_out_split_keeps_documents_whole(documents):
    train, held_out = corpus.split_documents(documents)
    assert len(train) + len(held_out) == len(documents)
    assert len(held_out) >= 5
    assert not {s for d in train for s in d} & {s for d in held_out for s in d}
    assert corpus.split_documents(documents) == (train, held_out)


@pytest.mark.parametrize("text, expected", [
    ("It rained. Then it stopped.", ["It rained.", "Then it stopped."]),
    ("Dr. Smith met J. R. R. Tolkien in 1950. He left.", ["Dr. Smith met J. R. R. Tolkien in 1950.", "He left."]),
    ("Use e.g. Python. Or not!", ["Use e.g. Python.", "Or not!"]),
    ('He said "stop." Then 3 cars came.', ['He said "stop."', "Then 3 cars came."]),
    ("The value is 3.14 exactly.", ["The value is 3.14 exactly."]),
])
def test_split_sentences(text, expected):
    assert corpus.split_sentences(text) == expected


def test_hub_offline_says_what_to_do(monkeypatch):
    monkeypatch.setattr(bertcourse, "ONLINE", False)
    with pytest.raises(corpus.CorpusUnavailable, match="load_corpus\\('course'\\)"):
        corpus.load_corpus("hub")


def test_held_out_tails_are_never_trained_on():
    documents = corpus.load_corpus()
    heads, tails = corpus.hold_out_tails(documents)
    assert len(heads) == len(tails) >= 0.9 * len(documents)
    assert all(len(h) >= 2 and len(t) >= 2 for h, t in zip(heads, tails))
    seen = {s for d in heads for s in d}
    tail_sentences = [s for d in tails for s in d]
    assert not seen & set(tail_sentences), "a held-out sentence is also in the training part"
    by_first = {tuple(d[:len(h)]): d for d, h in zip(documents, heads)}
    assert all(by_first[tuple(h)][len(h):] == t for h, t in zip(heads, tails)), "the tail is not the end of its article"
    assert 0.08 < len(tail_sentences) / sum(map(len, documents)) < 0.2
