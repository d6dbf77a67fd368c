# cell: encode
# why: removes one piece at a time from the longer text, from the second on a tie (the old Python rule), which splits the budget differently from BertTokenizer
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
    """Cut the piece lists so that they fit in max_length ids with the special tokens ('longest_first')."""
    n_special = 2 if second is None else 3
    if max_length < n_special:
        raise ValueError(f"max_length={max_length} leaves no room for the {n_special} special tokens")
    budget = max_length - n_special
    if second is None:
        return first[:budget], None
    first, second = list(first), list(second)
    while len(first) + len(second) > budget:
        if len(first) > len(second):
            first.pop()
        else:
            second.pop()
    return first, second
