"""The reference BertModel (solutions/04_encoder) with the packaged checkpoint gives transformers' numbers.

Both models hold the same weights, loaded strictly; the batch is sentence pairs of different lengths,
padded, so both segments and the padding mask are exercised. Run with `-s` to see the differences.
"""
import pytest
import torch
import transformers

from bertcourse.checkpoint import load_config, load_hf_model, load_state_dict, load_tokenizer

TOLERANCE = 1e-5  # float32, absolute

FIRST = ["The cat sat on the mat.", "Rain again", "The committee postponed the vote until the spring, citing the budget."]
SECOND = ["It had been asleep there all afternoon, ignoring the dog.", "as forecast.", "Why?"]


@pytest.fixture(scope="module")
def reference():
    from bertcourse.reference import BertModel

    model = BertModel(load_config()).eval()
    model.load_state_dict(load_state_dict(), strict=True)
    return model


@pytest.fixture(scope="module")
def libraries():
    """transformers.BertModel with the packaged checkpoint, per attention implementation, loaded once."""
    return {attention: load_hf_model(attn_implementation=attention).eval() for attention in ("sdpa", "eager")}


@pytest.fixture(scope="module")
def batch():
    batch = load_tokenizer()(FIRST, SECOND, padding=True, return_tensors="pt")
    lengths = batch["attention_mask"].sum(1)
    assert len(set(lengths.tolist())) == len(FIRST), "the batch should hold sequences of different lengths"
    assert (batch["token_type_ids"] == 1).any(1).all(), "every sequence should have a second segment"
    return batch


def differences(model, library, batch, output_attentions=False):
    """Largest absolute differences: last hidden state at the real tokens, pooled output."""
    with torch.inference_mode():
        ours = model(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"], output_attentions=output_attentions)
        theirs = library(**batch)
    real = batch["attention_mask"].bool()
    hidden = (ours.last_hidden_state - theirs.last_hidden_state)[real].abs().max().item()
    pooled = (ours.pooler_output - theirs.pooler_output).abs().max().item()
    return hidden, pooled


def test_state_dict_keys_equal_transformers():
    from bertcourse.reference import BertModel

    config = load_config()
    for pooling in (True, False):
        with torch.device("meta"):  # shapes only, no memory
            ours = BertModel(config, add_pooling_layer=pooling).state_dict()
            theirs = transformers.BertModel(config, add_pooling_layer=pooling).state_dict()
        assert sorted(ours) == sorted(theirs)
        assert {k: v.shape for k, v in ours.items()} == {k: v.shape for k, v in theirs.items()}


@pytest.mark.parametrize("maps", [False, True], ids=["fused", "with-maps"])
@pytest.mark.parametrize("attention", ["sdpa", "eager"])
def test_matches_transformers(reference, libraries, batch, attention, maps):
    """The reference's default path (fused attention) and its explicit one (attention maps) alike."""
    hidden, pooled = differences(reference, libraries[attention], batch, output_attentions=maps)
    print(f"\nreference ({'attention maps' if maps else 'fused'}) vs transformers.BertModel ({attention}), packaged checkpoint, "
          f"{tuple(batch['input_ids'].shape)} padded pairs: max |diff| last_hidden_state {hidden:.3g}, "
          f"pooler_output {pooled:.3g}")
    assert hidden <= TOLERANCE, f"last_hidden_state differs by up to {hidden:.3g}"
    assert pooled <= TOLERANCE, f"pooler_output differs by up to {pooled:.3g}"


def test_attentions_match_transformers(reference, libraries, batch):
    with torch.inference_mode():
        ours = reference(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"], output_attentions=True).attentions
        theirs = libraries["eager"](**batch, output_attentions=True).attentions
    assert len(ours) == len(theirs) == 6
    worst = max((a - b).abs().max().item() for a, b in zip(ours, theirs))
    print(f"\nreference vs transformers (eager): max |diff| of the attention probabilities {worst:.3g}")
    assert worst <= TOLERANCE


def test_from_pretrained_is_strict_and_in_eval_mode():
    from bertcourse.reference import BertModel

    model = BertModel.from_pretrained()
    assert not model.training
    expected = load_state_dict()
    got = model.state_dict()
    assert sorted(got) == sorted(expected)
    assert all(torch.equal(got[k], expected[k]) for k in expected)
    assert BertModel.from_pretrained(add_pooling_layer=False).pooler is None


def test_padding_does_not_change_the_real_tokens(reference):
    """A sentence alone and the same sentence padded in a batch give the same vectors."""
    tokenizer = load_tokenizer()
    alone = tokenizer(FIRST[1], return_tensors="pt")
    padded = tokenizer([FIRST[1], FIRST[2]], padding=True, return_tensors="pt")
    with torch.inference_mode():
        a = reference(**alone).last_hidden_state[0]
        b = reference(**padded).last_hidden_state[0, : a.shape[0]]
    assert (a - b).abs().max().item() <= TOLERANCE
