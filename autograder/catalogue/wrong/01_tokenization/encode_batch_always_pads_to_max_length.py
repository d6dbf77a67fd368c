# cell: encode_batch
# why: pads every batch to max_length whenever it is given, though padding=True means the longest row
def encode_batch(texts, text_pairs=None, vocab=None, max_length=None, padding=True):
    """Encode a batch of texts (or of pairs) into padded tensors of shape (len(texts), length)."""
    vocab = VOCAB if vocab is None else vocab
    if len(texts) == 0:
        raise ValueError("encode_batch needs at least one text")
    if text_pairs is None:
        text_pairs = [None] * len(texts)
    if len(text_pairs) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(text_pairs)} text_pairs")
    if padding == "max_length" and max_length is None:
        raise ValueError('padding="max_length" needs max_length')
    rows = [encode(text, pair, vocab, max_length) for text, pair in zip(texts, text_pairs)]
    length = max_length if max_length is not None else max(len(row["input_ids"]) for row in rows)
    pad_values = {"input_ids": vocab[PAD], "token_type_ids": 0, "attention_mask": 0}
    return {
        key: torch.tensor([row[key] + [pad] * (length - len(row[key])) for row in rows], dtype=torch.long)
        for key, pad in pad_values.items()
    }
