"""The reference tokenizer of chapter 01 against `transformers.BertTokenizer`, piece for piece and id for id.

The reference is `solutions/01_tokenization` (plain Python); the oracle is the checkpoint's `BertTokenizer`.
Sentences are generated deterministically from building blocks that cover the cases a tokenizer gets wrong:
accents, punctuation, Chinese characters, numbers, very long words, emoji, control characters, empty and
whitespace-only strings, mixed scripts, special tokens written in the text, and pairs that need truncation.
"""
import random
import unicodedata

import pytest
import torch

from bertcourse import reference
from bertcourse.checkpoint import load_tokenizer

N_SINGLE = 1200
N_PAIRS = 400
PAIR_MAX_LENGTHS = [None, 3, 4, 5, 6, 7, 8, 10, 13, 16, 24, 32, 64]

BLOCKS = {
    "english": ["the", "The", "cat", "sat", "on", "mat", "It", "was", "a", "lazy", "afternoon", "BERT", "reads",
                "tokenization", "unaffable", "embeddings", "Transformers", "running", "QUICKLY", "don't", "I'm",
                "we'll", "state-of-the-art", "e-mail", "self-attention", "pre-training", "fine-tuned"],
    "accents": ["café", "naïve", "Ångström", "Crème brûlée", "São Paulo", "Zürich", "Dvořák", "Łódź", "façade",
                "ÉCOLE", "smørrebrød", "İstanbul", "straße", "Tiếng Việt", "e\u0301", "a\u0308\u0304", "Ἀθῆναι",
                "Ñandú", "ÀÉÎÕÜ", "cœur"],
    "punctuation": [".", ",", "!!!", "?!", "...", "—", "–", "«", "»", "“", "”", "'", '"', "(", ")", "[", "]", "{",
                    "}", "@", "#", "$", "%", "^", "&", "*", "_", "+", "=", "|", "\\", "/", "<", ">", "~", "`",
                    "¿", "¡", "…", "·", "§", "¶", "‰", "※", "。", "、", "「", "」", "؟", "।"],
    "cjk": ["我爱自然语言处理", "東京タワー", "北京", "漢字テスト", "中文", "日本語の文章です。", "한국어 문장",
            "\uf900\uf901", "\U00020000\U00020001", "\U0002B8B8", "\U0002B920", "\u3400", "ひらがな", "カタカナ"],
    "numbers": ["42", "3.14159", "1,000,000", "2024-06-01", "+1-555-0100", "0xFF", "1e-9", "½", "²", "٣",
                "Ⅻ", "１２３", "98.6°F", "$19.99", "50%", "#1", "3:45pm", "v2.0.1"],
    "long": ["a" * 101, "a" * 100, "x" * 99, "supercalifragilisticexpialidocious",
             "pneumonoultramicroscopicsilicovolcanoconiosis", "https://example.com/path?query=1&x=2",
             "ab" * 55, "Donaudampfschifffahrtsgesellschaftskapitän", "antidisestablishmentarianism" * 4],
    "emoji": ["😀", "👍🏽", "👩\u200d💻", "🇫🇷", "❤️", "🤗", "✓", "☃", "🙂🙃", "😀!"],
    "control": ["\x00", "\x07", "\x1b", "\u200b", "\u200d", "\ufeff", "\ufffd", "\x7f", "\u0085", "\u00ad",
                "\ue000", "\x0b", "\x0c", "\u2066"],
    "whitespace": [" ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u2028", "\u202f", "   "],
    "scripts": ["Привет, мир", "Γειά σου ΚΌΣΜΕ", "ΟΔΟΣ", "שלום", "مرحبا", "नमस्ते", "हिंदी", "สวัสดี", "Xin chào",
                "ÆØÅ", "Ελληνικά", "ქართული", "Հայերեն", "ᏣᎳᎩ", "ＦＵＬＬＷＩＤＴＨ"],
    "special": ["[MASK]", "[SEP]", "[CLS]", "[UNK]", "[PAD]", "[mask]", "x[MASK]y", "[MASK[MASK]]", "[ SEP ]"],
}
GLUE = ["", " ", " ", " ", "  ", "\t", "\n", "\u00a0"]


def random_text(rng):
    """A text of 0 to 14 blocks from random categories, glued with random whitespace (or none)."""
    if rng.random() < 0.03:
        return rng.choice(["", " ", "\t\n", "\u3000 \u00a0"])
    categories = list(BLOCKS)
    parts = []
    for _ in range(rng.randint(0, 14)):
        parts.append(rng.choice(BLOCKS[rng.choice(categories)]))
        parts.append(rng.choice(GLUE))
    return "".join(parts)


@pytest.fixture(scope="module")
def ref():
    return reference.load("01_tokenization")


@pytest.fixture(scope="module")
def bert():
    return load_tokenizer(fast=False)


@pytest.fixture(scope="module")
def corpus():
    rng = random.Random(2024)
    singles = [random_text(rng) for _ in range(N_SINGLE)]
    pairs = [(random_text(rng), random_text(rng), rng.choice(PAIR_MAX_LENGTHS)) for _ in range(N_PAIRS)]
    return singles, pairs


def test_corpus_covers_every_building_block(corpus):
    singles, pairs = corpus
    text = "\n".join(singles + [a + b for a, b, _ in pairs])
    for category, blocks in BLOCKS.items():
        used = sum(block in text for block in blocks)
        assert used >= len(blocks) // 2, f"only {used} of {len(blocks)} {category!r} blocks appear in the corpus"
    assert "" in singles, "the corpus has no empty string"
    truncated = sum(1 for a, b, m in pairs if m is not None)
    assert truncated > 300, f"only {truncated} pairs with a max_length"


def test_seed_examples(ref):
    single = ref.encode("The cat sat on the mat.")
    assert single["input_ids"] == [101, 1996, 4937, 2938, 2006, 1996, 13523, 1012, 102]
    assert single["token_type_ids"] == [0] * 9 and single["attention_mask"] == [1] * 9
    pair = ref.encode("The cat sat on the mat.", "It was a lazy afternoon.")
    assert [ref.IDS_TO_TOKENS[i] for i in pair["input_ids"]] == [
        "[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "[SEP]",
        "it", "was", "a", "lazy", "afternoon", ".", "[SEP]"]
    assert pair["token_type_ids"] == [0] * 9 + [1] * 7


def test_single_texts_match_bert_tokenizer(ref, bert, corpus):
    singles, _ = corpus
    expected = bert(singles)
    mismatches = []
    for i, text in enumerate(singles):
        got = ref.encode(text)
        pieces = ref.tokenize(text)
        want = {key: expected[key][i] for key in ("input_ids", "token_type_ids", "attention_mask")}
        if got != want or pieces != bert.tokenize(text):
            mismatches.append(text)
    share = 1 - len(mismatches) / len(singles)
    print(f"single texts: {len(singles)} compared, {share:.1%} identical (pieces and ids)")
    assert not mismatches, f"{len(mismatches)} of {len(singles)} texts differ, first: {mismatches[0]!r}"


def test_single_texts_with_truncation(ref, bert, corpus):
    singles, _ = corpus
    rng = random.Random(7)
    mismatches = 0
    for text in singles[:400]:
        max_length = rng.choice([2, 3, 4, 5, 8, 12, 20])
        got = ref.encode(text, max_length=max_length)["input_ids"]
        want = bert(text, truncation=True, max_length=max_length)["input_ids"]
        mismatches += got != want
    assert mismatches == 0, f"{mismatches} of 400 truncated single texts differ"


def test_pairs_match_bert_tokenizer(ref, bert, corpus):
    _, pairs = corpus
    mismatches = []
    for a, b, max_length in pairs:
        got = ref.encode(a, b, max_length=max_length)
        if max_length is None:
            want = bert([a], [b])
        else:
            want = bert([a], [b], truncation=True, max_length=max_length)
        want = {key: want[key][0] for key in ("input_ids", "token_type_ids", "attention_mask")}
        if got != want:
            mismatches.append((a, b, max_length))
    cut = sum(1 for a, b, m in pairs if m is not None and len(ref.tokenize(a)) + len(ref.tokenize(b)) + 3 > m)
    print(f"pairs: {len(pairs)} compared ({cut} of them truncated), {1 - len(mismatches) / len(pairs):.1%} identical")
    assert cut > 200, f"only {cut} pairs needed truncation"
    assert not mismatches, f"{len(mismatches)} of {len(pairs)} pairs differ, first: {mismatches[0]!r}"


def test_batches_match_bert_tokenizer(ref, bert, corpus):
    singles, pairs = corpus
    for start in range(0, 200, 25):
        texts = singles[start:start + 25]
        for kwargs in [dict(padding=True), dict(padding="max_length", max_length=40)]:
            got = ref.encode_batch(texts, **kwargs)
            want = bert(texts, truncation="max_length" in kwargs, return_tensors="pt", **kwargs)
            for key in ("input_ids", "token_type_ids", "attention_mask"):
                assert got[key].dtype == torch.long
                assert torch.equal(got[key], want[key]), (key, kwargs, texts)
    a, b, _ = zip(*pairs[:50])
    got = ref.encode_batch(list(a), list(b), max_length=24)
    want = bert(list(a), list(b), truncation=True, max_length=24, padding=True, return_tensors="pt")
    for key in ("input_ids", "token_type_ids", "attention_mask"):
        assert torch.equal(got[key], want[key]), key


# Characters on which the Rust tables behind BertTokenizer (Unicode 8.0) and Python 3.11's unicodedata
# (Unicode 14.0) disagree: characters added to Unicode after 8.0 (marks that Python strips or punctuation that
# Python splits off, Rust does not), and two whose category changed since (U+166D So, was Po; U+1734 Mc, was Mn).
# Ranges of code points, inclusive.
UNICODE_VERSION_EXCEPTIONS = [
    (0x061D, 0x061D), (0x07FD, 0x07FD), (0x0890, 0x0891), (0x0898, 0x089F), (0x08CA, 0x08E2), (0x09FD, 0x09FE),
    (0x0A76, 0x0A76), (0x0AFA, 0x0AFF), (0x0B55, 0x0B55), (0x0C04, 0x0C04), (0x0C3C, 0x0C3C), (0x0C77, 0x0C77),
    (0x0C84, 0x0C84), (0x0D00, 0x0D00), (0x0D3B, 0x0D3C), (0x0D81, 0x0D81), (0x0EBA, 0x0EBA), (0x166D, 0x166D),
    (0x1734, 0x1734), (0x180F, 0x180F), (0x1885, 0x1886), (0x1ABF, 0x1ACE), (0x1B7D, 0x1B7E), (0x1DF6, 0x1DFB),
    (0x2E43, 0x2E4F), (0x2E52, 0x2E5D), (0xA82C, 0xA82C), (0xA8C5, 0xA8C5), (0xA8FF, 0xA8FF), (0xA9BD, 0xA9BD),
]


def is_exception(cp):
    return any(low <= cp <= high for low, high in UNICODE_VERSION_EXCEPTIONS)


def test_every_character_of_the_basic_multilingual_plane(ref, bert):
    """Each code point U+0000..U+FFFF (surrogates aside), inside a word and alone, gives the same ids."""
    code_points = [cp for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF]
    texts = [f"a{chr(cp)}b {chr(cp)}" for cp in code_points]
    expected = bert(texts)["input_ids"]
    differ = [cp for cp, text, want in zip(code_points, texts, expected) if ref.encode(text)["input_ids"] != want]
    unexpected = [f"U+{cp:04X} {unicodedata.name(chr(cp), '?')}" for cp in differ if not is_exception(cp)]
    compared = sum(1 for cp in code_points if not is_exception(cp))
    print(f"BMP: {compared} code points compared, {len(unexpected)} differ; "
          f"{len(differ) - len(unexpected)} of the {len(code_points) - compared} listed Unicode-version exceptions differ")
    assert not unexpected, f"{len(unexpected)} characters differ: {unexpected[:10]}"


def test_tokenizer_explorer_runs_headless(bert, monkeypatch):
    """The explorer builds its widget and draws the static picture without a browser; the table has one
    column per token with the pieces, ids, segments and mask of the tokenizer."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bertcourse import widgets

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objects: shown.extend(objects))
    monkeypatch.setattr(plt, "show", lambda: shown.append(plt.gcf()))
    widgets.tokenizer_explorer(bert, text="Naïve 東京 [MASK]!", text_pair="Yes.")
    box, figure = shown
    table = box.children[-1].value
    rows = widgets.encode_for_display(bert, "Naïve 東京 [MASK]!", "Yes.")
    assert rows["token"] == ["[CLS]", "naive", "東", "京", "[MASK]", "!", "[SEP]", "yes", ".", "[SEP]"]
    assert table.count("<tr>") == 4 and table.count("<td") == 4 * len(rows["token"])
    labels = [text.get_text() for text in figure.axes[0].texts]
    assert "U+6771" in labels and "[MASK]" in labels and "103" in labels  # 東 drawn as its code point
    box.children[0].value = "hello world"  # typing updates the table
    assert "hello" in box.children[-1].value and "naive" not in box.children[-1].value
    plt.close("all")
