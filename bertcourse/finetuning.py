"""Batches for fine-tuning (chapter 07): the plumbing around the parts the learner writes.

    from bertcourse.finetuning import classification_batches
    for batch in classification_batches(dataset["train"], tokenizer, batch_size=32, shuffle=True, seed=0):
        loss = train_step(model, batch, optimizer, scheduler)      # batch: input_ids, ..., labels

Tokenizing is chapter 01's work, done here by the library's fast tokenizer (the same pieces and ids).
"""
import random

import torch


def classification_batches(examples, tokenizer, batch_size=32, max_length=64, shuffle=False, seed=0,
                           text_key="sentence", label_key="label"):
    """Yield dicts of `input_ids`, `token_type_ids`, `attention_mask` (LongTensor [B, T]) and `labels`
    (LongTensor [B]) over `examples` (a list of dicts or a `datasets.Dataset` with a text and a label
    column), `batch_size` at a time, the last batch smaller. Each batch is padded to its own longest
    sentence (at most `max_length` tokens, longer ones truncated), so short batches cost less.
    With `shuffle`, the order is drawn from `random.Random(seed)`: the same seed, the same batches."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if hasattr(examples, "column_names"):  # a datasets.Dataset: whole columns at once
        texts, labels = list(examples[text_key]), list(examples[label_key])
    else:
        texts = [example[text_key] for example in examples]
        labels = [example[label_key] for example in examples]
    order = list(range(len(texts)))
    if shuffle:
        random.Random(seed).shuffle(order)
    for start in range(0, len(order), batch_size):
        chosen = order[start:start + batch_size]
        batch = tokenizer([texts[i] for i in chosen], padding=True, truncation=True, max_length=max_length,
                          return_tensors="pt")
        batch = {key: batch[key] for key in ("input_ids", "token_type_ids", "attention_mask")}
        batch["labels"] = torch.tensor([labels[i] for i in chosen], dtype=torch.long)
        yield batch
