"""Tests of bertcourse.data: the standard formats, the build, the validators, the loaders, and the shipped data.

Fixtures live in tests/fixtures/data/: `formats/` holds one small file of each standard format, and
`{sentiment,ner,qa}/sources/` is a small source tree laid out like data/, with planted duplicates.
"""
import contextlib
import io
import json
import random
import shutil
import time

import pytest

import bertcourse
from bertcourse import DATA_DIR, ROOT
from bertcourse import data

FIXTURES = ROOT / "tests" / "fixtures" / "data"
FORMATS = FIXTURES / "formats"
SPLIT_FILES = {"sentiment": ".tsv", "ner": ".conll", "qa": ".json"}
SMALL = {"sentiment": dict(min_sentences=10), "ner": dict(min_sentences=10),
         "qa": dict(min_questions=10, min_paragraphs=10)}
VALIDATE = {"sentiment": data.validate_sentiment, "ner": data.validate_ner, "qa": data.validate_qa}
LOAD = {"sentiment": data.load_sentiment, "ner": data.load_ner, "qa": data.load_qa}
BUILD = {"sentiment": data.build_sentiment, "ner": data.build_ner, "qa": data.build_qa}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture source tree built once (seed 0); returns (data folder, what the build printed)."""
    root = tmp_path_factory.mktemp("built")
    for task in SPLIT_FILES:
        shutil.copytree(FIXTURES / task, root / task)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        data.build_all(seed=0, data_dir=root)
    return root, printed.getvalue()


@pytest.fixture
def split_copy(built, tmp_path):
    """A writable copy of one task's built split files: split_copy("ner") -> folder."""
    def copy(task):
        folder = tmp_path / task
        folder.mkdir()
        for split in data.SPLITS:
            shutil.copy(built[0] / task / f"{split}{SPLIT_FILES[task]}", folder)
        return folder
    return copy


def problems_of(task, folder):
    """The problems the task's validator finds in folder, with the small minimums."""
    with pytest.raises(data.DataValidationError) as caught:
        VALIDATE[task](folder, **SMALL[task])
    return caught.value.problems


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------------- formats

def test_tsv_reads_and_writes_back_the_same_bytes(tmp_path):
    rows = data.read_tsv(FORMATS / "sample.tsv")
    assert rows[0] == {"sentence": "a patient , generous film that trusts its audience .", "label": 1}
    assert [row["label"] for row in rows] == [1, 0, 1, 0]
    data.write_tsv(rows, tmp_path / "out.tsv")
    assert (tmp_path / "out.tsv").read_bytes() == (FORMATS / "sample.tsv").read_bytes()


def test_conll_skips_docstart_keeps_first_and_last_column_and_round_trips(tmp_path):
    sentences = data.read_conll(FORMATS / "sample.conll")
    assert len(sentences) == 3
    assert sentences[0]["tokens"][:3] == ["UN", "urges", "Nordic"]
    assert sentences[0]["tags"][:3] == ["B-ORG", "O", "B-MISC"]
    assert sentences[2] == {"tokens": ["TROMSO", "1996-08-22"], "tags": ["B-LOC", "O"]}
    data.write_conll(sentences, tmp_path / "out.conll")
    assert (tmp_path / "out.conll").read_text().startswith("UN B-ORG\nurges O\n")
    assert data.read_conll(tmp_path / "out.conll") == sentences


def test_squad_reads_the_flat_form_and_round_trips(tmp_path):
    examples = data.read_squad(FORMATS / "sample.json")
    assert len(examples) == 4
    first = examples[0]
    assert first["id"] == "q-cup-1" and first["title"] == "Meridian_Cup"
    assert first["answers"]["text"] == ["Lisbon", "Lisbon", "in Lisbon"]
    start = first["answers"]["answer_start"][2]
    assert first["context"][start:start + len("in Lisbon")] == "in Lisbon"
    data.write_squad(examples, tmp_path / "out.json")
    assert data.read_squad(tmp_path / "out.json") == examples
    assert len(json.loads((tmp_path / "out.json").read_text())["data"]) == 2


@pytest.mark.parametrize("name, text, where, what", [
    ("bad.tsv", "sentence\tlabel\nfine\t1\nno tab here\n", "line 3", "1 tab-separated columns, expected 2"),
    ("bad.tsv", "sentence\tlabel\nfine\t1\ntoo\tmany\tcolumns\n", "line 3", "3 tab-separated columns"),
    ("bad.tsv", "sentence\tlabel\nfine\t1\nbad label\t2\n", "line 3", "label '2' is not 0 or 1"),
    ("bad.tsv", "sentence\tlabel\nfine\t1\nword label\tpositive\n", "line 3", "label 'positive' is not 0 or 1"),
    ("bad.tsv", "sentence\tlabel\nfine\t1\n\nfine too\t0\n", "line 3", "empty line"),
    ("bad.tsv", "sentence\tlabel\n\t1\n", "line 2", "empty sentence"),
    ("bad.tsv", "text\tsentiment\nfine\t1\n", "line 1", "expected the columns sentence<TAB>label"),
    ("bad.conll", "UN B-ORG\nurges\n", "line 2", "one column"),
    ("bad.conll", "UN NNP B-ORG\nurges O\n", "line 2", "2 columns, but the first token line has 3"),
    ("bad.conll", "UN B_ORG\n", "line 1", "tag 'B_ORG' is not an IOB2 tag"),
    ("bad.conll", "UN O\n\nOslo S-LOC\n", "line 3", "tag 'S-LOC' is not an IOB2 tag"),
    ("bad.conll", "-DOCSTART- O\n\nUN B-ORG\nurges o\n", "line 4", "tag 'o' is not an IOB2 tag"),
    ("bad.conll", "UN B-\n", "line 1", "tag 'B-' is not an IOB2 tag"),
])
def test_malformed_tsv_and_conll_name_file_line_and_problem(tmp_path, name, text, where, what):
    path = write(tmp_path, name, text)
    with pytest.raises(data.DataFormatError) as caught:
        data.read_tsv(path) if name.endswith(".tsv") else data.read_conll(path)
    message = str(caught.value)
    assert str(path) in message and f"{where}:" in message and what in message, message


def test_malformed_tsv_lists_every_bad_line(tmp_path):
    path = write(tmp_path, "bad.tsv", "sentence\tlabel\nfine\t1\nbad\t7\nok\t0\nalso bad\n")
    with pytest.raises(data.DataFormatError) as caught:
        data.read_tsv(path)
    assert [p.split(":")[0] for p in caught.value.problems] == ["line 3", "line 5"]


def test_conll_reader_leaves_iob2_order_to_the_validator(tmp_path):
    path = write(tmp_path, "order.conll", "the O\nUN I-ORG\n")
    assert data.read_conll(path) == [{"tokens": ["the", "UN"], "tags": ["O", "I-ORG"]}]


def squad_text(answer_start=37, question="Where was the final played?", answers=True):
    context = "The Meridian Cup final was played in Lisbon on 14 May."
    qa = {"id": "q1", "question": question,
          "answers": [{"text": "Lisbon", "answer_start": answer_start}] if answers else []}
    return json.dumps({"data": [{"title": "Cup", "paragraphs": [{"context": context, "qas": [qa]}]}]}, indent=1)


@pytest.mark.parametrize("text, what", [
    (squad_text(answer_start=30), "data[0].paragraphs[0].qas[0].answers[0]: answer 'Lisbon' is not at answer_start 30"),
    (squad_text(answer_start=-6), "is not at answer_start -6"),
    (squad_text(question=None), "data[0].paragraphs[0].qas[0]: 'question' is missing"),
    (squad_text(answers=False), "data[0].paragraphs[0].qas[0]: no answers"),
    (squad_text().replace('"context"', '"text"'), "data[0].paragraphs[0]: 'context' is missing"),
    ('[{"title": "Cup"}]', 'the top level must be an object with a "data" list'),
    ('{"data": [{"title": "Cup",]}', "line 1 column 27: not JSON"),
])
def test_malformed_squad_names_file_place_and_problem(tmp_path, text, what):
    path = write(tmp_path, "bad.json", text)
    with pytest.raises(data.DataFormatError) as caught:
        data.read_squad(path)
    message = str(caught.value)
    assert str(path) in message and what in message, message


def test_writers_refuse_what_the_format_cannot_hold(tmp_path):
    with pytest.raises(ValueError):
        data.write_tsv([{"sentence": "a\tb", "label": 1}], tmp_path / "x.tsv")
    with pytest.raises(ValueError):
        data.write_conll([{"tokens": ["New York"], "tags": ["B-LOC"]}], tmp_path / "x.conll")
    with pytest.raises(ValueError):
        data.write_conll([{"tokens": ["UN"], "tags": []}], tmp_path / "x.conll")


# ------------------------------------------------------------------------------------------------- sources

def test_bracket_markup_becomes_iob2():
    tokens, tags = data.parse_bracketed(
        "[PER Angela Ruiz] told [ORG Reuters] that [LOC Lagos] would host the [MISC African] summit .")
    assert tokens == ["Angela", "Ruiz", "told", "Reuters", "that", "Lagos", "would", "host", "the", "African",
                      "summit", "."]
    assert tags == ["B-PER", "I-PER", "O", "B-ORG", "O", "B-LOC", "O", "O", "O", "B-MISC", "O", "O"]
    assert data.parse_bracketed("[LOC OSLO] 1996-08-22") == (["OSLO", "1996-08-22"], ["B-LOC", "O"])


@pytest.mark.parametrize("line, what", [
    ("[PERSON Angela Ruiz] spoke .", "entity type 'PERSON'"),
    ("[PER Angela Ruiz spoke .", "bracket outside entity markup"),
    ("[ORG Bank of [LOC Ghana]] fell .", "no space between"),
    ("[PER Ruiz]'s car .", "no space between"),
    ("[LOC ] fell .", "empty entity"),
])
def test_bad_bracket_markup_is_refused(line, what):
    with pytest.raises(ValueError, match=what):
        data.parse_bracketed(line)


def test_ner_sources_name_the_bad_line(tmp_path):
    write(tmp_path, "a_bad.txt", "# comment\n[PER Ruiz] spoke .\n\n[PRE Ruiz] spoke .\n")
    with pytest.raises(data.DataFormatError, match=r"a_bad.txt: line 4: entity type 'PRE'"):
        data.read_ner_sources(tmp_path)


def test_answers_are_placed_by_occurrence():
    context = "Six hens laid six eggs; six of them hatched."
    assert data.place_answer(context, "six") == (14, ["answer 'six' occurs 2 times and no occurrence is given; "
                                                      "the first is used"])
    assert data.place_answer(context, "six", occurrence=1) == (24, [])
    assert data.place_answer("a-a-a-a", "a-a", occurrence=1) == (4, [])  # non-overlapping matches
    assert "inside a word" in data.place_answer("cowpox and cow", "cow", occurrence=0)[1][0]
    with pytest.raises(ValueError, match="occurs 2 time"):
        data.place_answer(context, "six", occurrence=2)
    with pytest.raises(ValueError, match="occurs 0 time"):
        data.place_answer(context, "seven")


def test_qa_sources_name_the_question_whose_answer_is_not_in_the_context(tmp_path):
    source = {"topic": "t", "articles": [{"title": "T", "paragraphs": [
        {"context": "Oslo is cold.",
         "qas": [{"question": "Q?", "answer": "Oslo"}, {"question": "R?", "answer": "Bergen"}]}]}]}
    write(tmp_path, "a.json", json.dumps(source))
    with pytest.raises(data.DataFormatError, match=r"articles\[0\].paragraphs\[0\].qas\[1\]: answer 'Bergen' occurs 0"):
        data.read_qa_sources(tmp_path)


# ------------------------------------------------------------------------------------------------- duplicates

def brute_force_duplicates(texts, threshold=data.NEAR_DUPLICATE):
    """The same contract as find_duplicates, by comparing every pair."""
    sets, kept, found = [data.shingles(t) for t in texts], [], set()
    for i, text in enumerate(texts):
        if any(" ".join(text.split()) == " ".join(texts[j].split()) or data.jaccard(sets[i], sets[j]) > threshold
               for j in kept):
            found.add(i)
        else:
            kept.append(i)
    return found


def test_find_duplicates_agrees_with_comparing_every_pair():
    rng = random.Random(1)
    vocabulary = [f"w{k}" for k in range(40)]
    texts = []
    for _ in range(400):
        if texts and rng.random() < 0.4:  # an earlier text with one word changed: a near duplicate or not
            words = rng.choice(texts).split()
            words[rng.choice([0, len(words) // 2, -1])] = rng.choice(vocabulary)
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 20))))
    found = data.find_duplicates(texts)
    assert {i for i, _, _ in found} == brute_force_duplicates(texts)
    assert 30 < len(found) < 130
    for i, j, similarity in found:
        assert j < i and (similarity > data.NEAR_DUPLICATE or texts[i].split() == texts[j].split())


def test_near_duplicates_ignore_case_and_punctuation():
    found = data.find_duplicates(["The soup was rich and the bread was warm.",
                                  "the soup was rich, and the bread was warm!",
                                  "The soup was thin and the bread was cold."])
    assert found == [(1, 0, 1.0)]


def test_validating_3000_sentences_takes_a_few_seconds(tmp_path):
    rng = random.Random(0)
    adjectives = [f"adj{k}" for k in range(300)]
    nouns = [f"noun{k}" for k in range(300)]
    rows = [{"sentence": f"the film was {rng.choice(adjectives)} and the {rng.choice(nouns)} was "
                         f"{rng.choice(adjectives)} but the {rng.choice(nouns)} felt {rng.choice(adjectives)}",
             "label": k % 2} for k in range(3000)]
    for split, part in zip(data.SPLITS, (rows[:2400], rows[2400:2700], rows[2700:])):
        data.write_tsv(part, tmp_path / f"{split}.tsv")
    started = time.perf_counter()
    report = data.validate_sentiment(tmp_path)
    assert time.perf_counter() - started < 5
    assert report["sentences"]["all"] == 3000


# ------------------------------------------------------------------------------------------------- build

def test_build_is_deterministic(built, tmp_path):
    for task in SPLIT_FILES:
        shutil.copytree(FIXTURES / task, tmp_path / task)
    data.build_all(seed=0, data_dir=tmp_path)
    for task, suffix in SPLIT_FILES.items():
        for split in data.SPLITS:
            name = f"{task}/{split}{suffix}"
            assert (tmp_path / name).read_bytes() == (built[0] / name).read_bytes(), name


def test_build_with_another_seed_splits_differently(built, tmp_path):
    shutil.copytree(FIXTURES / "sentiment", tmp_path / "sentiment")
    data.build_sentiment(tmp_path / "sentiment" / "sources", tmp_path / "sentiment", seed=1)
    assert (tmp_path / "sentiment/test.tsv").read_bytes() != (built[0] / "sentiment/test.tsv").read_bytes()


def test_build_drops_and_reports_duplicates(built):
    printed = built[1]
    assert "dropped a_reviews.tsv:22 (exact duplicate of a_reviews.tsv:2)" in printed
    assert "dropped a_reviews.tsv:43 (near, 3-gram Jaccard 0.82 duplicate of a_reviews.tsv:15)" in printed
    assert "dropped b_sport.txt:12 (near, 3-gram Jaccard 0.82 duplicate of a_news.txt:2)" in printed
    assert "dropped b_science.json articles[8].paragraphs[0] (exact duplicate of a_history.json" in printed
    assert "the question 'Which city led the league?' is asked again" in printed
    assert "answer 'cow' occurs 2 times and no occurrence is given" in printed


def test_build_splits_80_10_10_stratified_and_qa_by_article(built):
    root = built[0]
    sentiment = {split: data.read_tsv(root / f"sentiment/{split}.tsv") for split in data.SPLITS}
    assert {split: len(rows) for split, rows in sentiment.items()} == {"train": 32, "validation": 4, "test": 4}
    assert all(sum(row["label"] for row in rows) * 2 == len(rows) for rows in sentiment.values())
    assert {split: len(data.read_conll(root / f"ner/{split}.conll")) for split in data.SPLITS} == \
        {"train": 16, "validation": 2, "test": 2}
    qa = {split: data.read_squad(root / f"qa/{split}.json") for split in data.SPLITS}
    titles = {split: {e["title"] for e in examples} for split, examples in qa.items()}
    assert not (titles["train"] & titles["validation"] or titles["train"] & titles["test"]
                or titles["validation"] & titles["test"])
    six = next(e for examples in qa.values() for e in examples if e["title"] == "Photosynthesis" and
               e["answers"]["text"] == ["six"])
    assert six["answers"]["answer_start"] == [six["context"].index("releases six") + len("releases ")]
    assert six["id"] == data.question_id("Photosynthesis", six["question"])


def test_built_fixture_passes_the_validators_with_small_minimums(built):
    for task, validate in VALIDATE.items():
        validate(built[0] / task, **SMALL[task])


# ------------------------------------------------------------------------------------------------- validate

def test_validator_catches_iob2_violation_and_unknown_tag(split_copy):
    folder = split_copy("ner")
    sentences = data.read_conll(folder / "train.conll")
    first_b = sentences[0]["tags"].index(next(t for t in sentences[0]["tags"] if t.startswith("B-")))
    wrong = "I-" + sentences[0]["tags"][first_b][2:]
    sentences[0]["tags"][first_b] = wrong
    sentences[1]["tags"][0] = "B-DATE"
    data.write_conll(sentences, folder / "train.conll")
    problems = problems_of("ner", folder)
    previous = sentences[0]["tags"][first_b - 1] if first_b else None
    expected = f"{wrong} after {previous}" if previous else f"{wrong} starts the sentence"
    assert f"train.conll line {first_b + 1}: IOB2 violation, {expected}" in problems
    line_of_second = len(sentences[0]["tokens"]) + 2
    assert any(p.startswith(f"train.conll line {line_of_second}: tag 'B-DATE' is not one of") for p in problems)


def test_iob2_problems():
    assert data.iob2_problems(["B-PER", "I-PER", "O", "B-LOC", "I-LOC"]) == []
    assert data.iob2_problems(["I-PER", "O", "I-LOC", "B-ORG", "I-PER"]) == [
        (0, "I-PER starts the sentence"), (2, "I-LOC after O"), (4, "I-PER after B-ORG")]


def test_validator_catches_wrong_answer_offset(split_copy):
    folder = split_copy("qa")
    raw = json.loads((folder / "test.json").read_text())
    raw["data"][0]["paragraphs"][0]["qas"][0]["answers"][0]["answer_start"] += 1
    (folder / "test.json").write_text(json.dumps(raw))
    problems = problems_of("qa", folder)
    assert len(problems) == 1
    assert "test.json: data[0].paragraphs[0].qas[0].answers[0]: answer" in problems[0]
    assert "is not at answer_start" in problems[0]


def test_validator_catches_a_paragraph_in_two_splits(split_copy):
    folder = split_copy("qa")
    train, test = data.read_squad(folder / "train.json"), data.read_squad(folder / "test.json")
    data.write_squad(train + test[:1], folder / "train.json")
    problems = problems_of("qa", folder)
    title = test[0]["title"]
    assert f"article {title!r} is in train and test" in problems
    assert any(p.startswith(f"test.json article {title!r} paragraph 0 is a duplicate of train.json") and "(exact)" in p
               for p in problems), problems
    assert any(p.startswith("question id") and "is used 2 times" in p for p in problems)


def test_validator_catches_a_duplicate_across_splits(split_copy):
    folder = split_copy("sentiment")
    train, test = data.read_tsv(folder / "train.tsv"), data.read_tsv(folder / "test.tsv")
    k = next(k for k, row in enumerate(test) if row["label"] == train[5]["label"])
    test[k] = train[5]  # the same label, so that the balance stays as it was
    data.write_tsv(test, folder / "test.tsv")
    problems = problems_of("sentiment", folder)
    sentence = train[5]["sentence"]
    assert problems == [f"test.tsv line {k + 2} is a duplicate of train.tsv line 7 (exact): {sentence[:70]!r}"]


def test_validator_catches_a_near_duplicate_within_a_split(split_copy):
    folder = split_copy("ner")
    sentences = data.read_conll(folder / "train.conll")
    longest = max(range(len(sentences)), key=lambda k: len(sentences[k]["tokens"]))
    edited = {"tokens": sentences[longest]["tokens"] + ["again"], "tags": sentences[longest]["tags"] + ["O"]}
    data.write_conll(sentences + [edited], folder / "train.conll")
    problems = problems_of("ner", folder)
    assert len(problems) == 1, problems
    assert "is a duplicate of train.conll" in problems[0] and "near, 3-gram Jaccard" in problems[0]


def test_validator_catches_imbalance(split_copy):
    folder = split_copy("sentiment")
    rows = data.read_tsv(folder / "train.tsv")
    data.write_tsv([row for row in rows if row["label"] == 1] + [row for row in rows if row["label"] == 0][:10],
                   folder / "train.tsv")
    problems = problems_of("sentiment", folder)
    assert "train: the positive share is 61.5%, outside 45%-55%" in problems
    assert not any(p.startswith("validation") for p in problems)


@pytest.mark.parametrize("task, what", [
    ("sentiment", "40 sentences in all; at least 3000 are needed"),
    ("ner", "20 sentences in all; at least 2000 are needed"),
    ("qa", "40 questions in all; at least 1500 are needed"),
    ("qa", "20 paragraphs in all; at least 250 are needed"),
])
def test_validators_catch_too_small_with_the_default_minimums(built, task, what):
    with pytest.raises(data.DataValidationError) as caught:
        VALIDATE[task](built[0] / task)
    assert what in caught.value.problems
    assert caught.value.report[{"sentiment": "sentences", "ner": "sentences", "qa": "questions"}[task]]["all"] > 0


def test_validator_reports_missing_files_with_the_build_command(tmp_path):
    problems = problems_of("ner", tmp_path)
    assert f"{tmp_path / 'train.conll'} is missing: run `python -m bertcourse.data build`" in problems


def test_validate_command_prints_json_reports(built, capsys):
    assert data.main(["validate", "--data-dir", str(built[0])]) == 1  # the fixture is below the real minimums
    reports = json.loads(capsys.readouterr().out)
    assert reports["ner"]["entities"]["all"] == {"PER": 20, "ORG": 21, "LOC": 20, "MISC": 20}
    assert reports["qa"]["problems"] == ["40 questions in all; at least 1500 are needed",
                                         "20 paragraphs in all; at least 250 are needed"]


# ------------------------------------------------------------------------------------------------- load

def test_load_from_a_folder_gives_the_uniform_form(built):
    sentiment = data.load_sentiment(built[0] / "sentiment")
    assert list(sentiment) == ["train", "validation", "test"]
    assert sentiment["train"].column_names == ["sentence", "label"]
    assert sentiment["train"].features["label"].names == data.SENTIMENT_LABELS
    ner = data.load_ner(str(built[0] / "ner"))
    assert ner["test"].num_rows == 2 and set(ner["train"][0]["tags"]) <= set(data.NER_TAGS)
    qa = data.load_qa(built[0] / "qa")
    assert qa["train"].column_names == ["id", "title", "context", "question", "answers"]
    example = qa["validation"][0]
    start = example["answers"]["answer_start"][0]
    assert example["context"][start:].startswith(example["answers"]["text"][0])


def test_load_refuses_an_unknown_source(tmp_path):
    with pytest.raises(ValueError, match="source must be 'course', 'hub' or a folder"):
        data.load_ner(tmp_path / "nowhere")


@pytest.mark.parametrize("task", list(LOAD))
def test_hub_while_offline_raises_a_clear_error_without_touching_the_network(task, monkeypatch):
    import datasets

    def no_network(*args, **kwargs):
        raise AssertionError("load_dataset must not be called offline")

    monkeypatch.setattr(bertcourse, "ONLINE", False)
    monkeypatch.setattr(datasets, "load_dataset", no_network)
    with pytest.raises(data.OfflineError) as caught:
        LOAD[task](source="hub")
    assert 'source="course"' in str(caught.value) and "BERTCOURSE_ONLINE=1" in str(caught.value)


def pretend_online(monkeypatch, hub_copy):
    """Make the loaders believe they are online and have load_dataset return hub_copy; returns its calls."""
    import datasets

    calls = []

    def load_dataset(**kwargs):
        calls.append(kwargs)
        return hub_copy

    monkeypatch.setattr(bertcourse, "ONLINE", True)
    monkeypatch.setattr(datasets, "load_dataset", load_dataset)
    return calls


def test_hub_sst2_gets_a_validation_split_and_its_validation_becomes_test(monkeypatch):
    from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

    features = Features({"sentence": Value("string"), "label": ClassLabel(names=["negative", "positive"]),
                         "idx": Value("int32")})

    def rows(n, label=None):
        return [{"sentence": f"s{k}", "label": k % 2 if label is None else label, "idx": k} for k in range(n)]

    glue = DatasetDict(train=Dataset.from_list(rows(20), features=features),
                       validation=Dataset.from_list(rows(4), features=features),
                       test=Dataset.from_list(rows(3, label=-1), features=features))
    calls = pretend_online(monkeypatch, glue)
    sst = data.load_sentiment("hub")
    assert calls == [{"path": "nyu-mll/glue", "name": "sst2"}]
    assert {name: sst[name].num_rows for name in data.SPLITS} == {"train": 16, "validation": 4, "test": 4}
    assert sst["test"]["sentence"] == glue["validation"]["sentence"]
    assert not set(sst["validation"]["sentence"]) & set(sst["train"]["sentence"])
    assert sst["train"].column_names == ["sentence", "label"]


def test_hub_conll2003_tags_become_strings(monkeypatch):
    from datasets import ClassLabel, Dataset, DatasetDict, Features, List, Value

    features = Features({"id": Value("string"), "tokens": List(Value("string")),
                         "pos_tags": List(Value("int32")), "ner_tags": List(ClassLabel(names=data.NER_TAGS))})
    split = Dataset.from_list([{"id": "0", "tokens": ["Ruiz", "visited", "Oslo"], "pos_tags": [0, 1, 0],
                                "ner_tags": [1, 0, 5]}], features=features)
    calls = pretend_online(monkeypatch, DatasetDict(train=split, validation=split, test=split))
    ner = data.load_ner("hub")
    assert calls == [{"path": "eriktks/conll2003", "revision": "refs/convert/parquet"}]
    assert ner["test"][0] == {"tokens": ["Ruiz", "visited", "Oslo"], "tags": ["B-PER", "O", "B-LOC"]}


def test_hub_squad_holds_out_whole_articles_for_validation(monkeypatch):
    from datasets import Dataset, DatasetDict

    def questions(titles):
        return Dataset.from_list([{"id": f"{title}-{k}", "title": title, "context": f"About {title}.",
                                   "question": f"What about {title}?",
                                   "answers": {"text": [title], "answer_start": [6]}}
                                  for title in titles for k in range(2)])
    squad = DatasetDict(train=questions([f"T{k}" for k in range(40)]), validation=questions(["V0", "V1"]))
    calls = pretend_online(monkeypatch, squad)
    qa = data.load_qa("hub")
    assert calls == [{"path": "rajpurkar/squad"}]
    assert qa["validation"].num_rows == 4 and qa["train"].num_rows == 76  # 2 of the 40 articles held out
    assert not set(qa["validation"]["title"]) & set(qa["train"]["title"])
    assert qa["test"]["title"] == ["V0", "V0", "V1", "V1"]
    assert qa["train"].column_names == ["id", "title", "context", "question", "answers"]


# ------------------------------------------------------------------------------------------------- shipped data

@pytest.mark.parametrize("task", list(SPLIT_FILES))
def test_shipped_data_is_built_and_valid(task):
    missing = [f"data/{task}/{split}{SPLIT_FILES[task]}" for split in data.SPLITS
               if not (DATA_DIR / task / f"{split}{SPLIT_FILES[task]}").exists()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: run `python -m bertcourse.data build`")
    report = VALIDATE[task](DATA_DIR / task)  # the real minimums
    loaded = LOAD[task]()
    size = {"sentiment": "sentences", "ner": "sentences", "qa": "questions"}[task]
    assert {split: loaded[split].num_rows for split in data.SPLITS} == \
        {split: report[size][split] for split in data.SPLITS}


def test_shipped_splits_are_what_the_sources_build(tmp_path):
    """Sources edited without a rebuild, or splits edited by hand, fail here."""
    stale = []
    for task, suffix in SPLIT_FILES.items():
        BUILD[task](DATA_DIR / task / "sources", tmp_path / task, seed=0)
        for split in data.SPLITS:
            shipped, rebuilt = DATA_DIR / task / f"{split}{suffix}", tmp_path / task / f"{split}{suffix}"
            if not shipped.exists() or shipped.read_bytes() != rebuilt.read_bytes():
                stale.append(f"data/{task}/{split}{suffix}")
    assert not stale, f"{', '.join(stale)} differ from what the sources build: run `python -m bertcourse.data build`"
