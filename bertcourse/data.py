"""The data of the three fine-tuning tasks: sentiment classification, NER and extractive QA.

Four parts, in the order a data set lives through them:

1. Standard formats, for the course's files and for any file a learner brings:
   sentiment TSV (`sentence<TAB>label`, with a header), NER CoNLL columns (token first, IOB2 tag last,
   a blank line between sentences) and QA SQuAD v1.1 JSON. `read_*` return plain lists of dicts and raise
   DataFormatError naming the file, the line (or the JSON path) and what is wrong; `write_*` write them back.
2. Build: the course's data is written by hand in `data/<task>/sources/` (TSV with a domain column,
   bracket markup for entities, QA JSON with answers as text). `build_all` turns it into deterministic
   80/10/10 splits in the standard formats, after dropping exact and near duplicates.
3. Validate: `validate_*` check the split files (sizes, balance, IOB2, answer offsets, duplicates and
   leaks across splits), return a report of statistics and raise DataValidationError listing every problem.
4. Load: `load_sentiment`, `load_ner`, `load_qa` return a `datasets.DatasetDict` (train, validation, test)
   in one form per task, from the course's copy, from a folder, or from the real benchmark on the Hub.

    python -m bertcourse.data build       # sources -> data/<task>/{train,validation,test}.*
    python -m bertcourse.data validate    # prints the reports as JSON; exit status 1 if a check fails
"""
import argparse
import hashlib
import json
import random
import re
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

import bertcourse
from bertcourse import DATA_DIR

SPLITS = ("train", "validation", "test")
FRACTIONS = {"train": 0.8, "validation": 0.1, "test": 0.1}
SENTIMENT_LABELS = ["negative", "positive"]  # label 0, label 1
ENTITY_TYPES = ["PER", "ORG", "LOC", "MISC"]
NER_TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
NEAR_DUPLICATE = 0.8  # word 3-gram Jaccard similarity above which two texts count as the same text

# The real benchmarks, for source="hub". The old `conll2003` loading script does not run with datasets >= 4
# ("Dataset scripts are no longer supported"); the Hub keeps a parquet export of that same repository on the
# revision refs/convert/parquet, which loads without a script and keeps the tag names.
HUB_SENTIMENT = {"path": "nyu-mll/glue", "name": "sst2"}
HUB_NER = {"path": "eriktks/conll2003", "revision": "refs/convert/parquet"}
HUB_QA = {"path": "rajpurkar/squad"}

BUILD_HINT = "run `python -m bertcourse.data build`"
IOB2_TAG = re.compile(r"O|[BI]-\S+")


class DataFormatError(ValueError):
    """A file is not in the format it should be in. `problems` lists each one ("line 7: ...")."""

    def __init__(self, path, problems):
        self.path, self.problems = Path(path), list(problems)
        shown = "\n  ".join(self.problems[:20])
        more = f"\n  ... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__(f"{path}: {shown}{more}" if len(self.problems) == 1 else
                         f"{path}: {len(self.problems)} problems:\n  {shown}{more}")


class DataValidationError(ValueError):
    """A data set failed its checks. `problems` lists every one; `report` holds the statistics anyway."""

    def __init__(self, folder, problems, report):
        self.problems, self.report = list(problems), report
        shown = "\n- ".join(self.problems[:50])
        more = f"\n... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{len(self.problems)} problem(s) in {folder}:\n- {shown}{more}")


class OfflineError(RuntimeError):
    """A Hub data set was asked for while the course runs offline."""


# ---------------------------------------------------------------------------------------------------------
# 1. Standard formats

def _read_text(path):
    """The text of a UTF-8 file (a byte-order mark is accepted)."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFormatError(path, [f"byte {error.start}: not UTF-8 text"]) from None


def _read_lines(path):
    """The lines of a UTF-8 text file without their line ends (CRLF line ends are accepted)."""
    lines = _read_text(path).split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def _write_lines(path, lines):
    """Write lines with '\\n' ends, UTF-8, creating the folder: the same lines give the same bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8", newline="\n")


def read_tsv(path):
    """Read a sentiment TSV file: a header line naming the columns, `sentence` and `label` among them, then
    one example a line. Returns one dict a line keyed by the header, e.g. {"sentence": str, "label": int};
    label is 0 (negative) or 1 (positive). Raises DataFormatError naming every bad line."""
    lines = _read_lines(path)
    header = lines[0].split("\t") if lines else []
    if "sentence" not in header or "label" not in header:
        raise DataFormatError(path, [f"line 1: the header is {lines[0] if lines else ''!r}; "
                                     "expected the columns sentence<TAB>label"])
    rows, problems = [], []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if not line.strip():
            problems.append(f"line {number}: empty line")
        elif len(fields) != len(header):
            problems.append(f"line {number}: {len(fields)} tab-separated columns, expected {len(header)} "
                            f"({' <TAB> '.join(header)})")
        else:
            row = dict(zip(header, fields))
            if not row["sentence"].strip():
                problems.append(f"line {number}: empty sentence")
            elif row["label"] not in ("0", "1"):
                problems.append(f"line {number}: label {row['label']!r} is not 0 or 1")
            else:
                rows.append({**row, "label": int(row["label"])})
    if problems:
        raise DataFormatError(path, problems)
    return rows


def write_tsv(examples, path):
    """Write [{"sentence": str, "label": 0 or 1}] as a sentiment TSV with the header `sentence<TAB>label`
    (other keys are left out). A sentence holding a tab or a line break cannot be written: ValueError."""
    lines = ["sentence\tlabel"]
    for i, example in enumerate(examples):
        sentence, label = example["sentence"], int(example["label"])
        if re.search(r"[\t\r\n]", sentence) or not sentence.strip() or label not in (0, 1):
            raise ValueError(f"example {i} cannot be written as TSV (empty, tab, line break or label "
                             f"not 0/1): {example!r}")
        lines.append(f"{sentence}\t{label}")
    _write_lines(path, lines)


def _read_conll_sentences(path):
    """The sentences of a CoNLL file as (line number of the first token, tokens, tags)."""
    sentences, problems = [], []
    tokens, tags, first, columns = [], [], 0, None
    for number, line in enumerate(_read_lines(path) + [""], start=1):  # the "" ends the last sentence
        fields = line.split()
        if not fields or fields[0] == "-DOCSTART-":
            if tokens:
                sentences.append((first, tokens, tags))
            tokens, tags = [], []
            continue
        if len(fields) >= 2 and columns is None:
            columns = len(fields)  # the first token line sets the number of columns for the whole file
        if len(fields) < 2:
            problems.append(f"line {number}: one column {line.strip()!r}; expected a token and a tag")
        elif len(fields) != columns:
            problems.append(f"line {number}: {len(fields)} columns, but the first token line has {columns}")
        elif not IOB2_TAG.fullmatch(fields[-1]):
            problems.append(f"line {number}: tag {fields[-1]!r} is not an IOB2 tag (O, B-TYPE or I-TYPE)")
        else:
            first = first if tokens else number
            tokens.append(fields[0])
            tags.append(fields[-1])
    if problems:
        raise DataFormatError(path, problems)
    return sentences


def read_conll(path):
    """Read a CoNLL file: one token a line, whitespace-separated columns with the token first and its IOB2
    tag last (any columns between are ignored), a blank line between sentences, `-DOCSTART-` lines skipped.
    Returns [{"tokens": [str], "tags": [str]}]. Raises DataFormatError naming every bad line: a missing or
    extra column, or a tag that is not O, B-TYPE or I-TYPE. (Whether the tags follow each other as IOB2
    requires, and whether their types are the course's, is `validate_ner`'s business.)"""
    return [{"tokens": tokens, "tags": tags} for _, tokens, tags in _read_conll_sentences(path)]


def write_conll(examples, path):
    """Write [{"tokens": [...], "tags": [...]}] as CoNLL: `token tag` lines, a blank line after each sentence.
    A token with whitespace, an empty sentence or tokens and tags of different lengths: ValueError."""
    lines = []
    for i, example in enumerate(examples):
        tokens, tags = example["tokens"], example["tags"]
        if not tokens or len(tokens) != len(tags) or any(not t or re.search(r"\s", t) for t in tokens):
            raise ValueError(f"example {i} cannot be written as CoNLL (empty, token with whitespace, or "
                             f"{len(tokens)} tokens for {len(tags)} tags): {example!r}")
        lines += [f"{token} {tag}" for token, tag in zip(tokens, tags)] + [""]
    _write_lines(path, lines)


def _get(obj, key, kind, where, problems):
    """obj[key] when obj is a JSON object holding a `kind` there; otherwise None, and a problem noted."""
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, kind):
        problems.append(f"{where}: {key!r} is missing or not a {kind.__name__}")
        return None
    return value


def read_squad(path):
    """Read a SQuAD v1.1 JSON file into the flat form Hugging Face uses: one dict a question,
    {"id", "title", "context", "question", "answers": {"text": [str], "answer_start": [int]}}.
    Raises DataFormatError naming the JSON decode position, or the place (data[a].paragraphs[p].qas[q]) of
    every missing field and of every answer whose text is not found at its answer_start in the context."""
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as error:
        raise DataFormatError(path, [f"line {error.lineno} column {error.colno}: not JSON ({error.msg})"]) from None
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise DataFormatError(path, ['the top level must be an object with a "data" list of articles (SQuAD v1.1)'])
    examples, problems = [], []
    for a, article in enumerate(data["data"]):
        title = _get(article, "title", str, f"data[{a}]", problems)
        for p, paragraph in enumerate(_get(article, "paragraphs", list, f"data[{a}]", problems) or []):
            where = f"data[{a}].paragraphs[{p}]"
            context = _get(paragraph, "context", str, where, problems)
            for q, qa in enumerate(_get(paragraph, "qas", list, where, problems) or []):
                here = f"{where}.qas[{q}]"
                example = {"id": _get(qa, "id", str, here, problems), "title": title, "context": context,
                           "question": _get(qa, "question", str, here, problems)}
                answers = _get(qa, "answers", list, here, problems)
                if answers == []:
                    problems.append(f"{here}: no answers (unanswerable SQuAD v2 questions are not supported)")
                texts, starts = [], []
                for k, answer in enumerate(answers or []):
                    text = _get(answer, "text", str, f"{here}.answers[{k}]", problems)
                    start = _get(answer, "answer_start", int, f"{here}.answers[{k}]", problems)
                    if context is not None and text is not None and start is not None:
                        found = context[start:start + len(text)] if start >= 0 else ""
                        if not text or found != text:
                            problems.append(f"{here}.answers[{k}]: answer {text!r} is not at answer_start "
                                            f"{start} of the context (found {found!r})")
                    texts.append(text)
                    starts.append(start)
                examples.append({**example, "answers": {"text": texts, "answer_start": starts}})
    if problems:
        raise DataFormatError(path, problems)
    return examples


def write_squad(examples, path):
    """Write flat QA examples (as `read_squad` returns them) as SQuAD v1.1 JSON. Examples with the same title
    become one article and, within it, those with the same context one paragraph, in order of first appearance."""
    articles = {}  # title -> context -> qas
    for example in examples:
        qas = articles.setdefault(example["title"], {}).setdefault(example["context"], [])
        answers = example["answers"]
        qas.append({"id": example["id"], "question": example["question"],
                    "answers": [{"text": text, "answer_start": int(start)}
                                for text, start in zip(answers["text"], answers["answer_start"])]})
    data = [{"title": title, "paragraphs": [{"context": context, "qas": qas} for context, qas in paragraphs.items()]}
            for title, paragraphs in articles.items()]
    _write_lines(path, [json.dumps({"version": "1.1", "data": data}, ensure_ascii=False, indent=1)])


# ---------------------------------------------------------------------------------------------------------
# 2. Build the course's splits from its hand-written sources

def read_sentiment_sources(folder):
    """Every *.tsv in folder (columns sentence, label and, optionally, domain), in file-name order, as
    [{"sentence", "label", "domain", "source": file name, "origin": "file:line"}]."""
    examples = []
    for path in sorted(Path(folder).glob("*.tsv")):
        for number, row in enumerate(read_tsv(path), start=2):  # read_tsv allows no blank lines: row i is line i+2
            examples.append({"sentence": row["sentence"], "label": row["label"], "domain": row.get("domain", ""),
                             "source": path.name, "origin": f"{path.name}:{number}"})
    return examples


def parse_bracketed(line):
    """Turn one sentence in bracket markup into tokens and IOB2 tags. Tokens are separated by spaces, and an
    entity is written [TYPE its tokens] with TYPE one of PER, ORG, LOC, MISC:

        "[PER Angela Ruiz] told [ORG Reuters] ."
        -> ["Angela", "Ruiz", "told", "Reuters", "."], ["B-PER", "I-PER", "O", "B-ORG", "O"]

    Raises ValueError for an unknown type, an empty entity, a bracket outside the markup (unclosed or nested)
    or markup glued to a neighbouring token."""
    tokens, tags, end = [], [], 0
    for match in re.finditer(r"\[(\S*) ?([^\[\]]*)\]", line):
        kind, entity = match.group(1), match.group(2).split()
        if kind not in ENTITY_TYPES:
            raise ValueError(f"entity type {kind!r} in {match.group()!r} is not one of {', '.join(ENTITY_TYPES)}")
        if not entity:
            raise ValueError(f"empty entity {match.group()!r}")
        if line[match.start() - 1:match.start()].strip() or line[match.end():match.end() + 1].strip():
            raise ValueError(f"no space between {match.group()!r} and the token next to it")
        outside = line[end:match.start()].split()
        tokens += outside + entity
        tags += ["O"] * len(outside) + [f"B-{kind}"] + [f"I-{kind}"] * (len(entity) - 1)
        end = match.end()
    outside = line[end:].split()
    tokens += outside
    tags += ["O"] * len(outside)
    stray = [token for token, tag in zip(tokens, tags) if tag == "O" and ("[" in token or "]" in token)]
    if stray:
        raise ValueError(f"bracket outside entity markup (unclosed or nested?) in {stray[0]!r}")
    return tokens, tags


def read_ner_sources(folder):
    """Every *.txt in folder, in file-name order: one sentence a line in bracket markup (see parse_bracketed),
    blank lines and lines starting with '#' skipped. Returns [{"tokens", "tags", "source", "origin"}];
    raises DataFormatError naming every line that does not parse."""
    examples = []
    for path in sorted(Path(folder).glob("*.txt")):
        problems = []
        for number, line in enumerate(_read_lines(path), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            try:
                tokens, tags = parse_bracketed(line)
            except ValueError as error:
                problems.append(f"line {number}: {error}")
                continue
            examples.append({"tokens": tokens, "tags": tags, "source": path.name, "origin": f"{path.name}:{number}"})
        if problems:
            raise DataFormatError(path, problems)
    return examples


def answer_starts(context, answer):
    """The offsets of the non-overlapping matches of answer in context, from the left."""
    starts, position = [], context.find(answer) if answer else -1
    while position != -1:
        starts.append(position)
        position = context.find(answer, position + len(answer))
    return starts


def _cuts_a_word(context, start, end):
    """Whether the span context[start:end] starts or ends inside a word (letters or digits on both sides)."""
    def inside(i):
        return 0 < i < len(context) and context[i - 1].isalnum() and context[i].isalnum()
    return inside(start) or inside(end)


def place_answer(context, answer, occurrence=None):
    """Where an answer given as text starts: the offset of its occurrence-th (0-based; None means 0)
    non-overlapping match in context, from the left. Returns (answer_start, notes), the notes flagging what
    deserves a look: several matches and no occurrence given, or a match that starts or ends inside a word.
    Raises ValueError when there is no such match."""
    starts, index = answer_starts(context, answer), 0 if occurrence is None else occurrence
    if not isinstance(index, int) or not 0 <= index < len(starts):
        raise ValueError(f"answer {answer!r} occurs {len(starts)} time(s) in the context, "
                         f"so occurrence {index!r} does not exist")
    start, notes = starts[index], []
    if len(starts) > 1 and occurrence is None:
        notes.append(f"answer {answer!r} occurs {len(starts)} times and no occurrence is given; the first is used")
    if _cuts_a_word(context, start, start + len(answer)):
        notes.append(f"answer {answer!r} at offset {start} starts or ends inside a word")
    return start, notes


def question_id(title, question):
    """A stable id for a question: 24 hex digits of the SHA-1 of its article title and its text."""
    return hashlib.sha1(f"{title}\n{question}".encode("utf-8")).hexdigest()[:24]


def read_qa_sources(folder):
    """Every *.json in folder, in file-name order, in the course's QA source form
    {"topic", "articles": [{"title", "paragraphs": [{"context", "qas": [{"question", "answer", "occurrence"?}]}]}]}
    (see place_answer for `occurrence`). Returns (examples, notes): flat SQuAD examples (see read_squad) with
    "source" (file name), "paragraph" and "origin" (where the paragraph and the question are in the file)
    added, and notes on answers worth a look. Raises DataFormatError naming every question that has a field
    missing or an answer that cannot be placed."""
    examples, notes = [], []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            source = json.loads(_read_text(path))
        except json.JSONDecodeError as error:
            raise DataFormatError(path, [f"line {error.lineno} column {error.colno}: not JSON ({error.msg})"]) from None
        problems = []
        for a, article in enumerate(_get(source, "articles", list, "top level", problems) or []):
            title = _get(article, "title", str, f"articles[{a}]", problems)
            for p, paragraph in enumerate(_get(article, "paragraphs", list, f"articles[{a}]", problems) or []):
                where = f"articles[{a}].paragraphs[{p}]"
                context = _get(paragraph, "context", str, where, problems)
                for q, qa in enumerate(_get(paragraph, "qas", list, where, problems) or []):
                    here = f"{where}.qas[{q}]"
                    question = _get(qa, "question", str, here, problems)
                    answer = _get(qa, "answer", str, here, problems)
                    if None in (title, context, question, answer):
                        continue
                    try:
                        start, flags = place_answer(context, answer, qa.get("occurrence"))
                    except ValueError as error:
                        problems.append(f"{here}: {error}")
                        continue
                    notes += [f"{path.name} {here}: {flag}" for flag in flags]
                    examples.append({"id": question_id(title, question), "title": title, "context": context,
                                     "question": question, "answers": {"text": [answer], "answer_start": [start]},
                                     "source": path.name, "paragraph": f"{path.name} {where}",
                                     "origin": f"{path.name} {here}"})
        if problems:
            raise DataFormatError(path, problems)
    return examples, notes


def words(text):
    """The lower-cased words of a text (runs of letters and digits; punctuation is left out)."""
    return re.findall(r"\w+", text.lower())


def shingles(text):
    """The set of word 3-grams of a text; a text of fewer than three words is one shingle of all its words."""
    w = words(text)
    return {tuple(w[i:i + 3]) for i in range(len(w) - 2)} if len(w) >= 3 else {tuple(w)}


def jaccard(a, b):
    """|a ∩ b| / |a ∪ b| of two sets."""
    return len(a & b) / len(a | b)


def find_duplicates(texts, threshold=NEAR_DUPLICATE):
    """The texts that repeat an earlier text: [(i, j, similarity)], j < i, in order of i.

    A text repeats an earlier one exactly (the same after collapsing whitespace) or nearly (the Jaccard
    similarity of their word 3-gram sets is above threshold). Each text is compared with the earlier texts
    not themselves reported, and matched with the first that it repeats: keeping the first text of each group
    and dropping every i leaves no duplicates.

    Fast, by an index of 3-grams with prefix filtering: similarity >= t means sharing at least t * |A| of A's
    3-grams, hence at least one of A's |A| - floor(t * |A|) + 1 rarest 3-grams. Only those are indexed and
    looked up, so a common 3-gram ("the film is") does not make every text a candidate.
    """
    sets = [shingles(text) for text in texts]
    frequency = Counter(gram for grams in sets for gram in grams)
    first_exact = {}  # text with whitespace collapsed -> index of the kept text
    index = defaultdict(list)  # 3-gram -> kept texts that have it among their rarest
    found = []
    for i, (text, grams) in enumerate(zip(texts, sets)):
        exact = first_exact.get(" ".join(text.split()))
        if exact is not None:
            found.append((i, exact, 1.0))
            continue
        rarest = sorted(grams, key=lambda gram: (frequency[gram], gram))
        prefix = rarest[:len(rarest) - int(threshold * len(rarest)) + 1]
        candidates = sorted({j for gram in prefix for j in index[gram]})
        near = next(((j, s) for j in candidates if (s := jaccard(grams, sets[j])) > threshold), None)
        if near is not None:
            found.append((i, *near))
            continue
        first_exact[" ".join(text.split())] = i
        for gram in prefix:
            index[gram].append(i)
    return found


def _duplicate_kind(a, b, similarity):
    """'exact' or 'near, 3-gram Jaccard 0.86' for the message about a pair of duplicates."""
    return "exact" if " ".join(a.split()) == " ".join(b.split()) else f"near, 3-gram Jaccard {similarity:.2f}"


def drop_duplicates(items, texts, origins):
    """Drop the items whose text repeats an earlier one (see find_duplicates), print each, keep the rest."""
    dropped = set()
    for i, j, similarity in find_duplicates(texts):
        dropped.add(i)
        print(f"  dropped {origins[i]} ({_duplicate_kind(texts[i], texts[j], similarity)} duplicate of "
              f"{origins[j]}): {texts[i][:90]!r}")
    print(f"  {len(dropped)} duplicate(s) dropped, {len(items) - len(dropped)} kept")
    return [item for i, item in enumerate(items) if i not in dropped]


def split_stratified(items, stratum, group=None, seed=0):
    """Split items about 80/10/10 into {"train": [...], "validation": [...], "test": [...]}.

    The items of one group (the value of group(item); by default each item is its own group) always go to
    the same split. The strata (values of stratum(item)) are taken in turn and their groups shuffled; each
    group goes to the split furthest below its share (FRACTIONS) of all the items placed so far, this group
    included. So the splits keep close to 80/10/10 overall and within every stratum. Each split comes out
    shuffled by group. The same items and seed give the same splits, in the same order.
    """
    rng = random.Random(seed)
    groups, strata = {}, {}  # group key -> its items; stratum -> its group keys (first appearance order)
    for position, item in enumerate(items):
        key = group(item) if group else position
        if key not in groups:
            groups[key] = []
            strata.setdefault(stratum(item), []).append(key)
        groups[key].append(item)
    chosen, placed = {name: [] for name in SPLITS}, {name: 0 for name in SPLITS}
    for name_of_stratum in sorted(strata, key=str):
        keys = strata[name_of_stratum]
        rng.shuffle(keys)
        for key in keys:
            total = sum(placed.values()) + len(groups[key])
            split = max(SPLITS, key=lambda name: FRACTIONS[name] * total - placed[name])
            chosen[split].append(key)
            placed[split] += len(groups[key])
    for keys in chosen.values():
        rng.shuffle(keys)
    return {name: [item for key in chosen[name] for item in groups[key]] for name in SPLITS}


def _sizes(splits):
    return ", ".join(f"{name} {len(part)}" for name, part in splits.items())


def build_sentiment(source_dir, target_dir, seed=0):
    """Sources (*.tsv with sentence, label, domain) -> target_dir/{train,validation,test}.tsv: duplicates
    dropped, split 80/10/10 stratified by label and domain. Returns the split sizes."""
    examples = read_sentiment_sources(source_dir)
    print(f"sentiment: {len(examples)} sentences in {source_dir}")
    examples = drop_duplicates(examples, [e["sentence"] for e in examples], [e["origin"] for e in examples])
    splits = split_stratified(examples, stratum=lambda e: (e["label"], e["domain"]), seed=seed)
    for name, part in splits.items():
        write_tsv(part, Path(target_dir) / f"{name}.tsv")
    print(f"  wrote {_sizes(splits)} to {target_dir}")
    return {name: len(part) for name, part in splits.items()}


def build_ner(source_dir, target_dir, seed=0):
    """Sources (*.txt in bracket markup) -> target_dir/{train,validation,test}.conll (`token tag`, IOB2):
    duplicates dropped, split 80/10/10 stratified by source file. Returns the split sizes."""
    examples = read_ner_sources(source_dir)
    print(f"ner: {len(examples)} sentences in {source_dir}")
    examples = drop_duplicates(examples, [" ".join(e["tokens"]) for e in examples], [e["origin"] for e in examples])
    splits = split_stratified(examples, stratum=lambda e: e["source"], seed=seed)
    for name, part in splits.items():
        write_conll(part, Path(target_dir) / f"{name}.conll")
    print(f"  wrote {_sizes(splits)} to {target_dir}")
    return {name: len(part) for name, part in splits.items()}


def build_qa(source_dir, target_dir, seed=0):
    """Sources (*.json, answers as text) -> target_dir/{train,validation,test}.json (SQuAD v1.1, answer_start
    computed, ids from title and question). Duplicate paragraphs are dropped with their questions, and a
    question asked twice about one article keeps its first place. Split about 80/10/10 of the questions by
    article title (no article, hence no paragraph, in two splits), stratified by source file. Returns the
    split sizes in questions."""
    examples, notes = read_qa_sources(source_dir)
    print(f"qa: {len(examples)} questions in {source_dir}")
    for note in notes:
        print(f"  note: {note}")
    paragraphs = {}  # (title, context) -> where it is, in order of first appearance
    for e in examples:
        paragraphs.setdefault((e["title"], e["context"]), e["paragraph"])
    keys = list(paragraphs)
    kept = set(drop_duplicates(keys, [context for _, context in keys], list(paragraphs.values())))
    examples = [e for e in examples if (e["title"], e["context"]) in kept]
    first_of_id = {}
    for e in examples:
        if first_of_id.setdefault(e["id"], e) is not e:
            print(f"  dropped {e['origin']}: the question {e['question']!r} is asked again about {e['title']!r} "
                  f"(first in {first_of_id[e['id']]['origin']})")
    examples = list(first_of_id.values())
    splits = split_stratified(examples, stratum=lambda e: e["source"], group=lambda e: e["title"], seed=seed)
    for name, part in splits.items():
        write_squad(part, Path(target_dir) / f"{name}.json")
    print(f"  wrote {_sizes(splits)} questions to {target_dir}")
    return {name: len(part) for name, part in splits.items()}


def build_all(seed=0, data_dir=DATA_DIR):
    """Build the three tasks' splits from data_dir/<task>/sources into data_dir/<task>. Returns the sizes."""
    data_dir = Path(data_dir)
    return {"sentiment": build_sentiment(data_dir / "sentiment" / "sources", data_dir / "sentiment", seed),
            "ner": build_ner(data_dir / "ner" / "sources", data_dir / "ner", seed),
            "qa": build_qa(data_dir / "qa" / "sources", data_dir / "qa", seed)}


# ---------------------------------------------------------------------------------------------------------
# 3. Validate split files

def _read_splits(folder, suffix, reader, problems):
    """{split: reader(folder/split+suffix)}; a missing or malformed file is noted in problems and read as []."""
    splits = {}
    for name in SPLITS:
        path = Path(folder) / f"{name}{suffix}"
        splits[name] = []
        try:
            splits[name] = reader(path)
            if not splits[name]:
                problems.append(f"{path} has no examples")
        except FileNotFoundError:
            problems.append(f"{path} is missing: {BUILD_HINT}")
        except DataFormatError as error:
            problems.append(str(error))
    return splits


def length_stats(lengths):
    """min, median, mean and max of a list of lengths."""
    if not lengths:
        return {"min": 0, "median": 0, "mean": 0, "max": 0}
    return {"min": min(lengths), "median": statistics.median(lengths),
            "mean": round(statistics.fmean(lengths), 1), "max": max(lengths)}


def _with_total(counts):
    """A {split: number} dict with the sum over splits added as "all"."""
    return {**counts, "all": sum(counts.values())}


def _duplicate_problems(texts, places):
    """A message for every text that repeats an earlier one, exactly or nearly, within or across splits."""
    return [f"{places[i]} is a duplicate of {places[j]} ({_duplicate_kind(texts[i], texts[j], s)}): {texts[i][:70]!r}"
            for i, j, s in find_duplicates(texts)]


def validate_sentiment(folder=DATA_DIR / "sentiment", min_sentences=3000, positive_share=(0.45, 0.55)):
    """Check folder/{train,validation,test}.tsv and return a report of their statistics: sentences per split,
    positive share per split, vocabulary size (distinct lower-cased words), sentence length in words (as
    split by whitespace).
    Raises DataValidationError listing every problem: a missing or malformed file, fewer than min_sentences
    in all, a split whose positive share is outside positive_share, and exact or near duplicates
    (word 3-gram Jaccard > 0.8) within or across splits."""
    problems = []
    splits = _read_splits(folder, ".tsv", read_tsv, problems)
    sizes = _with_total({name: len(rows) for name, rows in splits.items()})
    pooled = {**splits, "all": [row for rows in splits.values() for row in rows]}
    shares = {name: round(sum(row["label"] for row in rows) / len(rows), 3) for name, rows in pooled.items() if rows}
    rows = [(name, number, row) for name, part in splits.items() for number, row in enumerate(part, start=2)]
    report = {"sentences": sizes, "positive_share": shares,
              "vocabulary": len({w for _, _, row in rows for w in words(row["sentence"])}),
              "sentence_words": length_stats([len(row["sentence"].split()) for _, _, row in rows])}
    if sizes["all"] < min_sentences:
        problems.append(f"{sizes['all']} sentences in all; at least {min_sentences} are needed")
    low, high = positive_share
    problems += [f"{name}: the positive share is {share:.1%}, outside {low:.0%}-{high:.0%}"
                 for name, share in shares.items() if not low <= share <= high]
    problems += _duplicate_problems([row["sentence"] for _, _, row in rows],
                                    [f"{name}.tsv line {number}" for name, number, _ in rows])
    if problems:
        raise DataValidationError(folder, problems, report)
    return report


def iob2_problems(tags):
    """Where a tag sequence breaks IOB2: [(position, message)]. An I-X must follow a B-X or an I-X."""
    problems, previous = [], "O"
    for position, tag in enumerate(tags):
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            problems.append((position, f"{tag} after {previous}" if position else f"{tag} starts the sentence"))
        previous = tag
    return problems


def validate_ner(folder=DATA_DIR / "ner", min_sentences=2000):
    """Check folder/{train,validation,test}.conll and return a report: sentences and tokens per split, tag
    counts, entities per type and split, vocabulary size (distinct tokens), sentence length in tokens.
    Raises DataValidationError listing every problem: a missing or malformed file, a tag outside NER_TAGS,
    an IOB2 violation (I-X not after B-X or I-X), an entity type missing from a split, fewer than
    min_sentences in all, and exact or near duplicate sentences within or across splits."""
    problems = []
    splits = _read_splits(folder, ".conll", _read_conll_sentences, problems)
    rows = [(name, line, tokens, tags) for name, part in splits.items() for line, tokens, tags in part]
    entities = {name: {kind: sum(tags.count(f"B-{kind}") for _, tokens, tags in part) for kind in ENTITY_TYPES}
                for name, part in splits.items()}
    report = {"sentences": _with_total({name: len(part) for name, part in splits.items()}),
              "tokens": _with_total({name: sum(len(t) for _, t, _ in part) for name, part in splits.items()}),
              "tags": dict(Counter(tag for *_, tags in rows for tag in tags).most_common()),
              "entities": {**entities, "all": {k: sum(e[k] for e in entities.values()) for k in ENTITY_TYPES}},
              "vocabulary": len({token for _, _, tokens, _ in rows for token in tokens}),
              "sentence_tokens": length_stats([len(tokens) for _, _, tokens, _ in rows])}
    for name, line, tokens, tags in rows:
        problems += [f"{name}.conll line {line + k}: tag {tag!r} is not one of {' '.join(NER_TAGS)}"
                     for k, tag in enumerate(tags) if tag not in NER_TAGS]
        problems += [f"{name}.conll line {line + k}: IOB2 violation, {message}" for k, message in iob2_problems(tags)]
    problems += [f"{name}: no {kind} entity" for name, part in splits.items() if part
                 for kind in ENTITY_TYPES if not entities[name][kind]]
    if report["sentences"]["all"] < min_sentences:
        problems.append(f"{report['sentences']['all']} sentences in all; at least {min_sentences} are needed")
    problems += _duplicate_problems([" ".join(tokens) for _, _, tokens, _ in rows],
                                    [f"{name}.conll line {line}" for name, line, _, _ in rows])
    if problems:
        raise DataValidationError(folder, problems, report)
    return report


def validate_qa(folder=DATA_DIR / "qa", min_questions=1500, min_paragraphs=250):
    """Check folder/{train,validation,test}.json and return a report: questions, paragraphs and articles per
    split, lengths in (whitespace-separated) words of contexts, questions and answers, the share of
    paragraphs over 300 words, the first words of questions, vocabulary size (distinct lower-cased words of
    contexts and questions).
    Raises DataValidationError listing every problem: a missing or malformed file (an answer not at its
    answer_start included), a question id used twice, an article or paragraph in two splits, exact or near
    duplicate paragraphs, fewer than min_questions questions or min_paragraphs paragraphs in all."""
    problems = []
    splits = _read_splits(folder, ".json", read_squad, problems)
    paragraphs = {name: list(dict.fromkeys((e["title"], e["context"]) for e in part)) for name, part in splits.items()}
    examples = [e for part in splits.values() for e in part]
    context_words = [len(context.split()) for part in paragraphs.values() for _, context in part]
    first_words = Counter((words(e["question"]) or [""])[0] for e in examples)
    report = {"questions": _with_total({name: len(part) for name, part in splits.items()}),
              "paragraphs": _with_total({name: len(part) for name, part in paragraphs.items()}),
              "articles": _with_total({name: len({title for title, _ in part}) for name, part in paragraphs.items()}),
              "context_words": length_stats(context_words),
              "question_words": length_stats([len(e["question"].split()) for e in examples]),
              "answer_words": length_stats([len(text.split()) for e in examples for text in e["answers"]["text"]]),
              "long_paragraph_share": round(sum(n > 300 for n in context_words) / max(len(context_words), 1), 3),
              "question_first_word": dict(first_words.most_common(12)),
              "vocabulary": len({w for e in examples for w in words(e["question"])} |
                                {w for part in paragraphs.values() for _, c in part for w in words(c)})}
    ids = Counter(e["id"] for e in examples)
    problems += [f"question id {id_!r} is used {n} times" for id_, n in ids.items() if n > 1]
    splits_of_title = defaultdict(list)
    for name, part in paragraphs.items():
        for title in dict.fromkeys(title for title, _ in part):
            splits_of_title[title].append(name)
    problems += [f"article {title!r} is in {' and '.join(names)}"
                 for title, names in splits_of_title.items() if len(names) > 1]
    places = []
    for name, part in paragraphs.items():
        count = Counter()  # paragraphs of each article so far
        for title, _ in part:
            places.append(f"{name}.json article {title!r} paragraph {count[title]}")
            count[title] += 1
    problems += _duplicate_problems([context for part in paragraphs.values() for _, context in part], places)
    if report["questions"]["all"] < min_questions:
        problems.append(f"{report['questions']['all']} questions in all; at least {min_questions} are needed")
    if report["paragraphs"]["all"] < min_paragraphs:
        problems.append(f"{report['paragraphs']['all']} paragraphs in all; at least {min_paragraphs} are needed")
    if problems:
        raise DataValidationError(folder, problems, report)
    return report


def validate_all(data_dir=DATA_DIR):
    """Run the three validators on data_dir/<task>: {task: report with a "problems" list}."""
    reports = {}
    for task, validate in [("sentiment", validate_sentiment), ("ner", validate_ner), ("qa", validate_qa)]:
        try:
            reports[task] = {**validate(Path(data_dir) / task), "problems": []}
        except DataValidationError as error:
            reports[task] = {**error.report, "problems": error.problems}
    return reports


# ---------------------------------------------------------------------------------------------------------
# 4. Load a task's examples as a DatasetDict

def _features(task):
    """The columns and types every source of a task is given, so that course, folder and Hub data look alike."""
    from datasets import ClassLabel, Features, List, Value

    return {"sentiment": Features({"sentence": Value("string"), "label": ClassLabel(names=SENTIMENT_LABELS)}),
            "ner": Features({"tokens": List(Value("string")), "tags": List(Value("string"))}),
            "qa": Features({"id": Value("string"), "title": Value("string"), "context": Value("string"),
                            "question": Value("string"),
                            "answers": {"text": List(Value("string")), "answer_start": List(Value("int32"))}})}[task]


def _load_files(task, source, suffix, reader):
    """The three split files of a folder (the course's data/<task> for source="course") as a DatasetDict."""
    from datasets import Dataset, DatasetDict

    folder = Path(DATA_DIR / task if source == "course" else source)
    if not folder.is_dir():
        raise ValueError(f"source must be 'course', 'hub' or a folder with {', '.join(s + suffix for s in SPLITS)}; "
                         f"{source!r} is none of these")
    missing = [str(folder / f"{name}{suffix}") for name in SPLITS if not (folder / f"{name}{suffix}").exists()]
    if missing:
        raise FileNotFoundError(f"missing {', '.join(missing)}" + (f": {BUILD_HINT}" if source == "course" else ""))
    features, splits = _features(task), {}
    for name in SPLITS:
        rows = reader(folder / f"{name}{suffix}")
        splits[name] = Dataset.from_list([{key: row[key] for key in features} for row in rows], features=features)
    return DatasetDict(splits)


def _require_online(name):
    if not bertcourse.ONLINE:
        raise OfflineError(f"{name} would be downloaded from the Hugging Face Hub, but the course runs offline. "
                           'Use the copy that ships with the course (source="course", the default), or, on a '
                           "machine with internet, set BERTCOURSE_ONLINE=1 before starting Python or Jupyter.")


def _hold_out(dataset, size, by=None, seed=0):
    """Split a Hub training set into (train, validation) at random (seeded). Without `by`, validation is `size`
    rows (a count, or a fraction of the rows); with `by`, it is all rows of a fraction `size` of the values
    of column `by`, so that rows sharing a value (an article's questions) stay on one side."""
    if by is None:
        parts = dataset.train_test_split(test_size=size, seed=seed)
        return parts["train"], parts["test"]
    values = sorted(set(dataset[by]))
    held = set(random.Random(seed).sample(values, max(1, round(size * len(values)))))
    return dataset.filter(lambda value: value not in held, input_columns=by), \
        dataset.filter(lambda value: value in held, input_columns=by)


def load_sentiment(source="course"):
    """Sentiment examples {"sentence": str, "label": 0 negative / 1 positive} as a DatasetDict with train,
    validation and test. `label` is a ClassLabel, so .features["label"].names == SENTIMENT_LABELS.

    source="course": the course's own data (data/sentiment/*.tsv), offline.
    source="hub": GLUE SST-2 (nyu-mll/glue, config sst2; needs BERTCOURSE_ONLINE=1, else OfflineError).
        SST-2's test labels are hidden (all -1), so its labelled validation split (872 sentences) is returned
        as test, and validation is 872 sentences held out of SST-2 train (seed 0); train is the rest.
    source=a folder: its train.tsv, validation.tsv and test.tsv (see read_tsv).
    """
    if source != "hub":
        return _load_files("sentiment", source, ".tsv", read_tsv)
    _require_online("GLUE SST-2")
    from datasets import DatasetDict, load_dataset

    glue = load_dataset(**HUB_SENTIMENT).select_columns(["sentence", "label"])
    train, validation = _hold_out(glue["train"], len(glue["validation"]))
    return DatasetDict(train=train, validation=validation, test=glue["validation"]).cast(_features("sentiment"))


def load_ner(source="course"):
    """NER examples {"tokens": [str], "tags": [str]} (IOB2 tags from NER_TAGS) as a DatasetDict with train,
    validation and test.

    source="course": the course's own data (data/ner/*.conll), offline.
    source="hub": CoNLL-2003 (needs BERTCOURSE_ONLINE=1, else OfflineError), its own three splits, with the
        integer tags mapped to their names. It is read from the parquet export of eriktks/conll2003 (revision
        refs/convert/parquet): the repository's loading script no longer runs with datasets >= 4.
    source=a folder: its train.conll, validation.conll and test.conll (see read_conll).
    """
    if source != "hub":
        return _load_files("ner", source, ".conll", read_conll)
    _require_online("CoNLL-2003")
    from datasets import load_dataset

    conll = load_dataset(**HUB_NER)
    names = getattr(conll["train"].features["ner_tags"].feature, "names", NER_TAGS)  # NER_TAGS is CoNLL-2003's order
    conll = conll.map(lambda example: {"tags": [names[i] for i in example["ner_tags"]]})
    return conll.select_columns(["tokens", "tags"]).cast(_features("ner"))


def load_qa(source="course"):
    """Extractive QA examples {"id", "title", "context", "question", "answers": {"text": [str],
    "answer_start": [int]}} (SQuAD's flat form) as a DatasetDict with train, validation and test.

    source="course": the course's own data (data/qa/*.json), offline.
    source="hub": SQuAD v1.1 (rajpurkar/squad; needs BERTCOURSE_ONLINE=1, else OfflineError). SQuAD has no
        public test split, so its validation split (10,570 questions) is returned as test, and validation is
        the questions of 5 % of the training articles (seed 0), so no paragraph is in two splits.
    source=a folder: its train.json, validation.json and test.json (see read_squad).
    """
    if source != "hub":
        return _load_files("qa", source, ".json", read_squad)
    _require_online("SQuAD v1.1")
    from datasets import DatasetDict, load_dataset

    squad = load_dataset(**HUB_QA)
    train, validation = _hold_out(squad["train"], 0.05, by="title")
    return DatasetDict(train=train, validation=validation, test=squad["validation"]).cast(_features("qa"))


# ---------------------------------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bertcourse.data", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build data/<task>/{train,validation,test} from data/<task>/sources")
    build.add_argument("--seed", type=int, default=0)
    validate = commands.add_parser("validate", help="check the split files and print their reports as JSON")
    for command in (build, validate):
        command.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    if args.command == "build":
        build_all(args.seed, args.data_dir)
        return 0
    reports = validate_all(args.data_dir)
    print(json.dumps(reports, indent=2, ensure_ascii=False))
    return 1 if any(report["problems"] for report in reports.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
