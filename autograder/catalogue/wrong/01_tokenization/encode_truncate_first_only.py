# cell: encode
# why: truncation cuts only the first text (the 'only_first' strategy) instead of sharing the budget 'longest_first'
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
        token_type_ids += [1] * (len(second) + 1)
    input_ids = [vocab[token] for token in tokens]
    return {"input_ids": input_ids, "token_type_ids": token_type_ids, "attention_mask": [1] * len(input_ids)}


def truncate_longest_first(first, second, max_length):
    """Cut the piece lists so that they fit in max_length ids with the special tokens."""
    n_special = 2 if second is None else 3
    if max_length < n_special:
        raise ValueError(f"max_length={max_length} leaves no room for the {n_special} special tokens")
    budget = max_length - n_special
    if second is None:
        return first[:budget], None
    return first[:max(0, budget - len(second))], second[:budget]
