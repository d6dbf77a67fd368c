# cell: tokenize
# why: recognises a special token only as a whole space-separated word, so 'x[MASK]y' and '[MASK].' are split apart
def tokenize(text, vocab=None):
    """The WordPiece pieces of `text` (str) as a list of str, without [CLS]/[SEP]."""
    vocab = VOCAB if vocab is None else vocab
    pieces = []
    for chunk in text.split(" "):
        if chunk in SPECIAL_TOKENS:
            pieces.append(chunk)
        else:
            for word in basic_tokenize(chunk):
                pieces.extend(wordpiece(word, vocab))
    return pieces
