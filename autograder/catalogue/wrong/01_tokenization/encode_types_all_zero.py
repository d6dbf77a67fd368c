# cell: encode
# why: token_type_ids are 0 everywhere, also for the second text of a pair
def encode(text, text_pair=None, vocab=None, max_length=None):
    """Encode one text, or a pair of texts, for BERT: input_ids, token_type_ids, attention_mask."""
    vocab = VOCAB if vocab is None else vocab
    first = tokenize(text, vocab)
    second = None if text_pair is None else tokenize(text_pair, vocab)
    if max_length is not None:
        first, second = truncate_longest_first(first, second, max_length)
    tokens = [CLS] + first + [SEP]
    token_type_ids = [0] * len(tokens)
    if second is not None:
        tokens += second + [SEP]
        token_type_ids += [0] * (len(second) + 1)
    input_ids = [vocab[token] for token in tokens]
    return {"input_ids": input_ids, "token_type_ids": token_type_ids, "attention_mask": [1] * len(input_ids)}


def truncate_longest_first(first, second, max_length):
    """Cut the piece lists so that they fit in max_length ids with the special tokens ('longest_first')."""
    n_special = 2 if second is None else 3
    if max_length < n_special:
        raise ValueError(f"max_length={max_length} leaves no room for the {n_special} special tokens")
    budget = max_length - n_special
    if second is None:
        return first[:budget], None
    if len(first) + len(second) <= budget:
        return first, second
    short, long = sorted([len(first), len(second)])
    if 2 * short <= budget:
        keep_short, keep_long = short, budget - short
    else:
        keep_short, keep_long = budget // 2, budget - budget // 2
    if len(first) <= len(second):
        return first[:keep_short], second[:keep_long]
    return first[:keep_long], second[:keep_short]
