"""Is the course's offline data good enough to learn from? One fixed fine-tuning recipe per task, measured.

    .venv/bin/python benchmarks/finetune_data.py {sentiment,ner,qa,all} [--budget-scale 1.0] [--limit N]

Fine-tunes the packaged checkpoint (all-MiniLM-L6-v2, see `bertcourse.checkpoint`) on the course's own
train split of each task (`bertcourse.data`) and scores it on the course's own test split. Prints one JSON
line per task on stdout: {task, train_examples, epochs_done, seconds, ..., metrics}; progress bars and the
note that a budget ran out go to stderr.

The recipe, as the project's issue fixes it (the same for every data set it is used to judge):

| | sentiment | NER | QA |
|---|---|---|---|
| model (transformers) | BertForSequenceClassification | BertForTokenClassification | BertForQuestionAnswering |
| input, in tokens | sentence, at most 64 | words, at most 128 (1) | question + context, windows of 192 (2) |
| batch | 32 | 16 | 16 |
| epochs (at most) | 3 | 3 | 2 |
| wall-time budget | 4 min | 5 min | 13 min |
| test metric | accuracy | entity precision / recall / F1 (seqeval) | SQuAD exact match / F1 |

(1) a word's tag goes on its first sub-token, -100 (ignored by the loss) on the others.
(2) windows overlapping by 64 tokens (the tokenizer's `stride`), see QA below.

- AdamW, learning rate 1e-4, linear warm-up over the first 10 % of the planned steps, then linear decay to 0.
  Planned steps = epochs x batches per epoch; the schedule does not shrink when the budget cuts training short.
- Not set by the issue, so left at the defaults of transformers' Trainer: no weight decay,
  gradients clipped to norm 1.0, Adam betas (0.9, 0.999) and eps 1e-8, dropout as in the checkpoint (0.1).
- `torch.manual_seed(0)` before each task (the new head's initial weights, the shuffling), 2 CPU threads.
- The budget is the time of the training loop (tokenising, loading and evaluating are not counted): a step is
  not started when the mean step time so far says it would end past the budget (the first step always runs).
  The JSON line says whether the budget stopped training (`stopped_by_budget`) and how many epochs were done.
- QA: a window whose context does not hold the whole answer is trained to point at [CLS]. The answer predicted
  for a question is the best-scoring span over all its windows (n-best 20 starts x 20 ends per window, at most
  30 tokens, inside the context, never in the question or on [CLS]); exact match and F1 are SQuAD v1.1's
  (answers lower-cased, punctuation, the articles a/an/the and extra whitespace removed; best over the gold
  answers), written out below.
- NER: the tag predicted for a word is the one predicted at its first sub-token; seqeval's default
  (conlleval-compatible) entity matching scores the predicted tag sequences against the gold ones.

The yardstick. With this recipe, real benchmark data cut to the size of the course's data (SST-2, CoNLL-2003,
SQuAD v1.1) reaches about 85 % accuracy, 79 entity F1 and 38 QA F1. The course's data is good enough to learn
from when a model fine-tuned on it reaches at least 80 / 74 / 33 on real test sets. This script measures the
course's data on the course's own test splits; the same functions take any `DatasetDict` in the course's form
(`bertcourse.data.load_*(source=...)`).

`--budget-scale` multiplies the budgets (0.05 for a quick look); `--limit N` trains and evaluates on the
first N examples of train and test only, for a smoke test. The doctests check the metrics by hand:

    .venv/bin/python -m doctest benchmarks/finetune_data.py
"""
import argparse
import collections
import json
import math
import re
import string
import sys
import time

import numpy as np
import torch
from tqdm.auto import tqdm

from bertcourse.checkpoint import load_hf_model, load_tokenizer
from bertcourse.data import NER_TAGS, SENTIMENT_LABELS, load_ner, load_qa, load_sentiment

SEED = 0
THREADS = 2
LEARNING_RATE = 1e-4
WARMUP_FRACTION = 0.1
WEIGHT_DECAY = 0.0      # not set by the issue: transformers' Trainer default
MAX_GRAD_NORM = 1.0     # not set by the issue: transformers' Trainer default
EVAL_BATCH_SIZE = 64    # evaluation only: no effect on the results

PUNCTUATION = set(string.punctuation)

RECIPES = {
    "sentiment": {"batch_size": 32, "epochs": 3, "budget_minutes": 4, "max_length": 64},
    "ner": {"batch_size": 16, "epochs": 3, "budget_minutes": 5, "max_length": 128},
    "qa": {"batch_size": 16, "epochs": 2, "budget_minutes": 13, "max_length": 192, "stride": 64,
           "n_best": 20, "max_answer_tokens": 30},
}


# ---------------------------------------------------------------------------------------------------------
# Training: one loop for the three tasks

def make_optimizer_and_schedule(model, planned_steps):
    """AdamW at LEARNING_RATE with a linear warm-up over the first 10 % of the planned steps, then a
    linear decay to zero at the last planned step."""
    from transformers import get_linear_schedule_with_warmup

    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY,
                                  betas=(0.9, 0.999), eps=1e-8)
    warmup_steps = math.ceil(WARMUP_FRACTION * planned_steps)
    schedule = get_linear_schedule_with_warmup(optimizer, warmup_steps, planned_steps)
    return optimizer, schedule


def train(model, features, collate, batch_size, epochs, budget_seconds, task):
    """Fine-tune `model` on `features` (a list of dicts of token ids and labels) with the recipe, for
    `epochs` epochs or until `budget_seconds` of training are spent, whichever comes first.

    Returns what the JSON line reports about training: steps done and planned, epochs done (a fraction
    when the budget stopped training inside an epoch), seconds, seconds per step (wall time, and CPU time of
    all threads: on a busy machine the CPU time says more about how long a step takes on a quiet one), and
    whether the budget stopped training."""
    loader = torch.utils.data.DataLoader(features, batch_size=batch_size, shuffle=True, collate_fn=collate,
                                         generator=torch.Generator().manual_seed(SEED))
    planned_steps = epochs * len(loader)
    optimizer, schedule = make_optimizer_and_schedule(model, planned_steps)
    model.train()
    steps, stopped_by_budget, start, cpu_start = 0, False, time.perf_counter(), time.process_time()
    with tqdm(total=planned_steps, desc=f"{task} train", unit="step", file=sys.stderr) as bar:
        for _ in range(epochs):
            for batch in loader:
                elapsed = time.perf_counter() - start
                if steps and elapsed + elapsed / steps > budget_seconds:
                    stopped_by_budget = True
                    break
                loss = model(**batch).loss
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_GRAD_NORM)
                optimizer.step()
                schedule.step()
                optimizer.zero_grad()
                steps += 1
                bar.update()
                bar.set_postfix(loss=f"{loss.item():.3f}")
            if stopped_by_budget:
                break
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    if stopped_by_budget:
        print(f"{task}: the {budget_seconds:.0f} s budget was spent after {steps} of {planned_steps} steps "
              f"({steps / len(loader):.2f} of {epochs} epochs); training stopped there.", file=sys.stderr)
    return {"epochs_done": round(steps / len(loader), 2), "epochs_planned": epochs,
            "steps_done": steps, "steps_planned": planned_steps, "seconds": round(seconds, 1),
            "seconds_per_step": round(seconds / max(steps, 1), 3),
            "cpu_seconds_per_step": round(cpu_seconds / max(steps, 1), 3),
            "budget_seconds": round(budget_seconds, 1),
            "stopped_by_budget": stopped_by_budget}


def predict(model, features, collate):
    """The model's logits for `features`, batch by batch in order, in eval mode without gradients.
    Returns a list with one tuple of numpy arrays (one array per model output) per batch."""
    model.eval()
    loader = torch.utils.data.DataLoader(features, batch_size=EVAL_BATCH_SIZE, collate_fn=collate)
    outputs = []
    with torch.inference_mode():
        for batch in tqdm(loader, desc="evaluate", unit="batch", file=sys.stderr):
            output = model(**batch)
            outputs.append(tuple(value.numpy() for key, value in output.items() if key.endswith("logits")))
    return outputs


def only_model_inputs(features, extra=()):
    """The features with only what the model takes (token ids, segments, mask) and the `extra` keys."""
    keep = {"input_ids", "token_type_ids", "attention_mask", *extra}
    return [{key: value for key, value in feature.items() if key in keep} for feature in features]


def rows(dataset):
    """A datasets.Dataset as a list of dicts: a DataLoader indexes it one row at a time."""
    return [dataset[i] for i in range(len(dataset))]


# ---------------------------------------------------------------------------------------------------------
# Sentiment: accuracy

def tokenize_sentences(tokenizer, examples, max_length):
    """Token ids of each sentence (truncated to max_length), with its label; padding is left to the batch."""
    encoded = tokenizer(examples["sentence"], truncation=True, max_length=max_length)
    return [{**{key: encoded[key][i] for key in encoded}, "labels": label}
            for i, label in enumerate(examples["label"])]


def accuracy(predicted, gold):
    """The share of predictions equal to the gold label, in percent.

    >>> accuracy([1, 0, 1, 1], [1, 1, 1, 0])
    50.0
    """
    return 100.0 * sum(p == g for p, g in zip(predicted, gold)) / len(gold)


def run_sentiment(data, tokenizer, budget_seconds):
    """Fine-tune BertForSequenceClassification on data["train"], report accuracy on data["test"]."""
    from transformers import BertForSequenceClassification, DataCollatorWithPadding

    recipe = RECIPES["sentiment"]
    model = load_hf_model(BertForSequenceClassification, num_labels=len(SENTIMENT_LABELS),
                          id2label=dict(enumerate(SENTIMENT_LABELS)),
                          label2id={name: i for i, name in enumerate(SENTIMENT_LABELS)})
    collate = DataCollatorWithPadding(tokenizer, return_tensors="pt")
    train_features = tokenize_sentences(tokenizer, data["train"][:], recipe["max_length"])
    report = train(model, train_features, collate, recipe["batch_size"], recipe["epochs"], budget_seconds,
                   "sentiment")
    test = data["test"][:]
    test_features = only_model_inputs(tokenize_sentences(tokenizer, test, recipe["max_length"]))
    logits = np.concatenate([batch[0] for batch in predict(model, test_features, collate)])
    return {**report, "test_examples": len(test["label"]),
            "accuracy": round(accuracy(logits.argmax(-1).tolist(), test["label"]), 2)}


# ---------------------------------------------------------------------------------------------------------
# NER: entity-level precision, recall and F1

def align_tags(word_ids, tags):
    """Label ids for the tokens of one sentence: a word's tag on its first sub-token, -100 (ignored by the
    loss) on its other sub-tokens and on [CLS], [SEP] and padding.

    >>> align_tags([None, 0, 1, 1, 2, None], ["B-PER", "I-PER", "O"])
    [-100, 1, 2, -100, 0, -100]
    """
    labels, previous = [], None
    for word in word_ids:
        labels.append(-100 if word is None or word == previous else NER_TAGS.index(tags[word]))
        previous = word
    return labels


def tokenize_words(tokenizer, examples, max_length):
    """Token ids of each sentence's words (truncated to max_length) with the word-aligned tag labels."""
    encoded = tokenizer(examples["tokens"], is_split_into_words=True, truncation=True, max_length=max_length)
    return [{**{key: encoded[key][i] for key in encoded},
             "labels": align_tags(encoded.word_ids(i), tags)}
            for i, tags in enumerate(examples["tags"])]


def word_tags(word_ids, token_predictions, n_words):
    """The tag predicted for each word of a sentence: the prediction at its first sub-token. A word cut off
    by truncation gets "O" (so its entity counts as missed).

    >>> word_tags([None, 0, 1, 1, None], [0, 1, 2, 1, 0], 3)
    ['B-PER', 'I-PER', 'O']
    """
    tags, previous = ["O"] * n_words, None
    for position, word in enumerate(word_ids):
        if word is not None and word != previous:
            tags[word] = NER_TAGS[token_predictions[position]]
        previous = word
    return tags


def entity_scores(gold_tags, predicted_tags):
    """Entity-level precision, recall and F1 in percent, with seqeval's default (conlleval) matching: an
    entity counts only when its type and both its ends are right.

    >>> gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    >>> predicted = [["B-PER", "I-PER", "O", "B-ORG"], ["B-ORG", "B-MISC"]]
    >>> entity_scores(gold, predicted)  # right: Angela Ruiz, the ORG of sentence 2 -> P 2/4, R 2/3
    {'precision': 50.0, 'recall': 66.67, 'f1': 57.14}
    """
    from seqeval.metrics import f1_score, precision_score, recall_score

    scores = {"precision": precision_score, "recall": recall_score, "f1": f1_score}
    return {name: round(100 * float(score(gold_tags, predicted_tags)), 2) for name, score in scores.items()}


def run_ner(data, tokenizer, budget_seconds):
    """Fine-tune BertForTokenClassification on data["train"], report entity P/R/F1 on data["test"]."""
    from transformers import BertForTokenClassification, DataCollatorForTokenClassification

    recipe = RECIPES["ner"]
    model = load_hf_model(BertForTokenClassification, num_labels=len(NER_TAGS),
                          id2label=dict(enumerate(NER_TAGS)), label2id={tag: i for i, tag in enumerate(NER_TAGS)})
    collate = DataCollatorForTokenClassification(tokenizer, return_tensors="pt")
    train_features = tokenize_words(tokenizer, data["train"][:], recipe["max_length"])
    report = train(model, train_features, collate, recipe["batch_size"], recipe["epochs"], budget_seconds, "ner")

    test = data["test"][:]
    encoded = tokenizer(test["tokens"], is_split_into_words=True, truncation=True, max_length=recipe["max_length"])
    test_features = only_model_inputs([{key: encoded[key][i] for key in encoded}
                                       for i in range(len(test["tokens"]))])
    predictions = [row.argmax(-1) for batch in predict(model, test_features, collate) for row in batch[0]]
    predicted_tags = [word_tags(encoded.word_ids(i), predictions[i], len(words))
                      for i, words in enumerate(test["tokens"])]
    return {**report, "test_examples": len(test["tokens"]), **entity_scores(test["tags"], predicted_tags)}


# ---------------------------------------------------------------------------------------------------------
# QA: windows, answer spans, exact match and F1

def tokenize_windows(tokenizer, examples, max_length, stride):
    """Question + context, the context cut into windows of max_length tokens overlapping by `stride`.
    Returns the windows (a BatchEncoding with offset_mapping and overflow_to_sample_mapping)."""
    return tokenizer([question.lstrip() for question in examples["question"]], examples["context"],
                     truncation="only_second", max_length=max_length, stride=stride,
                     return_overflowing_tokens=True, return_offsets_mapping=True)


def answer_positions(offsets, sequence_ids, start_char, end_char):
    """The token positions (start, end) of the answer characters [start_char, end_char) in one window,
    or (0, 0), the [CLS] position, when the window's context does not hold the whole answer.

    >>> offsets = [(0, 0), (0, 4), (0, 0), (0, 3), (4, 7), (8, 11), (0, 0)]
    >>> sequence_ids = [None, 0, None, 1, 1, 1, None]
    >>> answer_positions(offsets, sequence_ids, 4, 11), answer_positions(offsets, sequence_ids, 4, 15)
    ((4, 5), (0, 0))
    """
    context = [i for i, sequence in enumerate(sequence_ids) if sequence == 1]
    if offsets[context[0]][0] > start_char or offsets[context[-1]][1] < end_char:
        return 0, 0
    start = next(i for i in context if offsets[i][1] > start_char)
    end = next(i for i in reversed(context) if offsets[i][0] < end_char)
    return start, end


def qa_train_features(tokenizer, examples, max_length, stride):
    """Training windows with the start and end token positions of their question's (first) answer."""
    windows = tokenize_windows(tokenizer, examples, max_length, stride)
    features = []
    for i, example_index in enumerate(windows["overflow_to_sample_mapping"]):
        answers = examples["answers"][example_index]
        start_char = answers["answer_start"][0]
        start, end = answer_positions(windows["offset_mapping"][i], windows.sequence_ids(i),
                                      start_char, start_char + len(answers["text"][0]))
        features.append({"input_ids": windows["input_ids"][i], "token_type_ids": windows["token_type_ids"][i],
                         "attention_mask": windows["attention_mask"][i],
                         "start_positions": start, "end_positions": end})
    return features


def best_span(windows, context, n_best, max_answer_tokens):
    """The answer text of the best-scoring span over a question's windows.

    `windows` holds one (start_logits, end_logits, offsets) per window, where offsets is None for a token
    outside the context ([CLS], the question, [SEP], padding). Among the n_best highest start and end logits
    of each window, a span is valid when both ends are in the context, the end is not before the start and it
    is at most max_answer_tokens long; its score is start logit + end logit. "" when no span is valid.

    >>> offsets = [None, None, None, (0, 5), (6, 11), (12, 17), None]   # context "alpha bravo delta"
    >>> start = np.array([9.0, 8.0, 0, 1.0, 5.0, 0, 0]); end = np.array([9.0, 0, 8.0, 0, 1.0, 4.0, 0])
    >>> best_span([(start, end, offsets)], "alpha bravo delta", 20, 30)   # [CLS] and question never win
    'bravo delta'
    >>> best_span([(start, end, offsets)], "alpha bravo delta", 20, 1)    # at most one token
    'bravo'
    """
    best_score, best_text = -math.inf, ""
    for start_logits, end_logits, offsets in windows:
        starts = np.argsort(start_logits)[::-1][:n_best]
        ends = np.argsort(end_logits)[::-1][:n_best]
        for s in starts:
            for e in ends:
                if offsets[s] is None or offsets[e] is None or e < s or e - s + 1 > max_answer_tokens:
                    continue
                score = start_logits[s] + end_logits[e]
                if score > best_score:
                    best_score, best_text = score, context[offsets[s][0]:offsets[e][1]]
    return best_text


def normalize_answer(text):
    """SQuAD's normalisation: lower-case, remove punctuation, remove the articles a/an/the, collapse
    whitespace.

    >>> normalize_answer("  The Eiffel-Tower, in  Paris! ")
    'eiffeltower in paris'
    """
    text = text.lower()
    text = "".join(character for character in text if character not in PUNCTUATION)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def exact_match(prediction, gold_answers):
    """1.0 when the normalised prediction equals a normalised gold answer, else 0.0.

    >>> exact_match("the Eiffel Tower", ["Eiffel Tower", "the tower"]), exact_match("Eiffel", ["Eiffel Tower"])
    (1.0, 0.0)
    """
    return float(any(normalize_answer(prediction) == normalize_answer(gold) for gold in gold_answers))


def token_f1(prediction, gold_answers):
    """The best F1 over the gold answers of the overlap of normalised words (as a bag) with the prediction.

    >>> token_f1("in the 1970s by Stanley Whittingham", ["Stanley Whittingham"])  # "the" goes: P 2/5, R 2/2
    0.5714285714285715
    >>> token_f1("", ["Stanley Whittingham"]), token_f1("Exxon", ["Stanley Whittingham", "Exxon"])
    (0.0, 1.0)
    """
    def f1(prediction_words, gold_words):
        same = sum((collections.Counter(prediction_words) & collections.Counter(gold_words)).values())
        if same == 0:
            return 0.0
        precision, recall = same / len(prediction_words), same / len(gold_words)
        return 2 * precision * recall / (precision + recall)

    words = normalize_answer(prediction).split()
    return max(f1(words, normalize_answer(gold).split()) for gold in gold_answers)


def squad_scores(predictions, gold_answers):
    """SQuAD v1.1 exact match and F1 in percent, averaged over the questions.

    >>> squad_scores(["Eiffel Tower", "in 1970s"], [["the Eiffel Tower"], ["the 1970s", "1970"]])
    {'exact_match': 50.0, 'f1': 83.33}
    """
    n = len(predictions)
    return {"exact_match": round(100 * sum(map(exact_match, predictions, gold_answers)) / n, 2),
            "f1": round(100 * sum(map(token_f1, predictions, gold_answers)) / n, 2)}


def predict_answers(model, tokenizer, collate, examples, recipe):
    """The answer text the model predicts for each question of `examples` (a dict of columns)."""
    windows = tokenize_windows(tokenizer, examples, recipe["max_length"], recipe["stride"])
    features = only_model_inputs([{key: windows[key][i] for key in windows}
                                  for i in range(len(windows["input_ids"]))])
    logits = [(start, end) for start_batch, end_batch in predict(model, features, collate)
              for start, end in zip(start_batch, end_batch)]
    per_question = collections.defaultdict(list)
    for i, example_index in enumerate(windows["overflow_to_sample_mapping"]):
        sequence_ids = windows.sequence_ids(i)
        offsets = [offset if sequence_ids[position] == 1 else None
                   for position, offset in enumerate(windows["offset_mapping"][i])]
        length = len(offsets)  # the logits of a padded batch are longer than the window: cut them back
        per_question[example_index].append((logits[i][0][:length], logits[i][1][:length], offsets))
    return [best_span(per_question[i], context, recipe["n_best"], recipe["max_answer_tokens"])
            for i, context in enumerate(examples["context"])]


def run_qa(data, tokenizer, budget_seconds):
    """Fine-tune BertForQuestionAnswering on data["train"], report exact match and F1 on data["test"]."""
    from transformers import BertForQuestionAnswering, DataCollatorWithPadding

    recipe = RECIPES["qa"]
    model = load_hf_model(BertForQuestionAnswering, num_labels=2)
    collate = DataCollatorWithPadding(tokenizer, return_tensors="pt")
    train_features = qa_train_features(tokenizer, data["train"][:], recipe["max_length"], recipe["stride"])
    report = train(model, train_features, collate, recipe["batch_size"], recipe["epochs"], budget_seconds, "qa")
    test = data["test"][:]
    predictions = predict_answers(model, tokenizer, collate, test, recipe)
    return {**report, "train_windows": len(train_features),
            "train_windows_answer_outside": sum(f["start_positions"] == 0 for f in train_features),
            "test_examples": len(predictions),
            **squad_scores(predictions, [answers["text"] for answers in test["answers"]])}


# ---------------------------------------------------------------------------------------------------------

TASKS = {"sentiment": (load_sentiment, run_sentiment), "ner": (load_ner, run_ner), "qa": (load_qa, run_qa)}


def first(data, limit):
    """The DatasetDict with each split cut to its first `limit` examples (all of them when limit is None)."""
    if limit is None:
        return data
    return data.__class__({name: split.select(range(min(limit, len(split)))) for name, split in data.items()})


def measure(task, budget_scale=1.0, limit=None):
    """Fine-tune and evaluate one task with the recipe; returns the dict the JSON line prints."""
    load, run = TASKS[task]
    torch.manual_seed(SEED)
    data = first(load(), limit)
    budget_seconds = RECIPES[task]["budget_minutes"] * 60 * budget_scale
    start = time.perf_counter()
    result = run(data, load_tokenizer(), budget_seconds)
    return {"task": task, "train_examples": len(data["train"]), **result,
            "total_seconds": round(time.perf_counter() - start, 1)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("task", choices=[*TASKS, "all"])
    parser.add_argument("--budget-scale", type=float, default=1.0,
                        help="multiply the wall-time budgets (4 / 5 / 13 minutes) by this")
    parser.add_argument("--limit", type=int, default=None,
                        help="train and evaluate on the first N examples only (a smoke test)")
    args = parser.parse_args(argv)
    torch.set_num_threads(THREADS)
    import datasets

    datasets.disable_progress_bars()
    for task in TASKS if args.task == "all" else [args.task]:
        print(json.dumps(measure(task, args.budget_scale, args.limit)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
