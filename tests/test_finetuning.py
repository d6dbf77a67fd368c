"""The batches that chapter 07 fine-tunes on: the model's argument names, padding per batch, reproducible order."""
import pytest
import torch

from bertcourse.checkpoint import load_tokenizer
from bertcourse.finetuning import classification_batches

SENTENCES = ["Great.", "A long and winding sentence about a film that goes on and on for a while.", "Bad!",
             "Fine, I suppose.", "Loved every minute of it."]
EXAMPLES = [{"sentence": s, "label": i % 2} for i, s in enumerate(SENTENCES)]


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer()


def test_batches_carry_the_forward_arguments_and_the_labels_in_order(tokenizer):
    batches = list(classification_batches(EXAMPLES, tokenizer, batch_size=2))
    assert [len(b["labels"]) for b in batches] == [2, 2, 1], "the last batch holds what is left"
    assert torch.cat([b["labels"] for b in batches]).tolist() == [0, 1, 0, 1, 0]
    for b in batches:
        assert set(b) == {"input_ids", "token_type_ids", "attention_mask", "labels"}
        assert b["input_ids"].dtype == b["labels"].dtype == torch.long
        assert b["input_ids"].shape == b["attention_mask"].shape == b["token_type_ids"].shape
    expected = tokenizer(SENTENCES[:2], padding=True, return_tensors="pt")["input_ids"]
    assert torch.equal(batches[0]["input_ids"], expected)


def test_each_batch_is_padded_to_its_own_longest_sentence_and_cut_at_max_length(tokenizer):
    lengths = [len(tokenizer(s)["input_ids"]) for s in SENTENCES]
    batches = list(classification_batches(EXAMPLES, tokenizer, batch_size=2, max_length=64))
    assert [b["input_ids"].shape[1] for b in batches] == [max(lengths[0:2]), max(lengths[2:4]), lengths[4]]
    short = next(classification_batches(EXAMPLES, tokenizer, batch_size=5, max_length=8))
    assert short["input_ids"].shape == (5, 8) and (short["input_ids"][:, -1] != 0).sum() >= 1


def test_shuffling_is_reproducible_and_covers_every_example_once(tokenizer):
    def order(seed):
        return [tokenizer.decode(ids, skip_special_tokens=True) for b in
                classification_batches(EXAMPLES, tokenizer, batch_size=2, shuffle=True, seed=seed) for ids in b["input_ids"]]
    assert order(3) == order(3)
    assert sorted(order(3)) == sorted(order(4)) == sorted(s.lower() for s in SENTENCES)
    assert any(order(seed) != order(3) for seed in range(4, 10)), "different seeds should give different orders"


def test_a_datasets_split_works_like_a_list_of_dicts(tokenizer):
    from datasets import Dataset
    from_list = list(classification_batches(EXAMPLES, tokenizer, batch_size=3))
    from_dataset = list(classification_batches(Dataset.from_list(EXAMPLES), tokenizer, batch_size=3))
    for a, b in zip(from_list, from_dataset, strict=True):
        assert all(torch.equal(a[key], b[key]) for key in a)


def test_a_batch_size_below_one_is_refused(tokenizer):
    with pytest.raises(ValueError, match="batch_size"):
        next(classification_batches(EXAMPLES, tokenizer, batch_size=0))
