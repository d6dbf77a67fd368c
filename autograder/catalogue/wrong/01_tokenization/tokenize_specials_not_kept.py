# cell: tokenize
# why: does not recognise special tokens written in the text, so '[MASK]' becomes '[', 'mask', ']'
def tokenize(text, vocab=None):
    """The WordPiece pieces of `text` (str) as a list of str, without [CLS]/[SEP]."""
    vocab = VOCAB if vocab is None else vocab
    return [piece for word in basic_tokenize(text) for piece in wordpiece(word, vocab)]
