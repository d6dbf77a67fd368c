# cell: tokenize
# why: returns the words of basic_tokenize without cutting them into WordPiece pieces
def tokenize(text, vocab=None):
    """The WordPiece pieces of `text` (str) as a list of str, without [CLS]/[SEP]."""
    vocab = VOCAB if vocab is None else vocab
    pattern = "(" + "|".join(re.escape(token) for token in SPECIAL_TOKENS) + ")"
    pieces = []
    for part in re.split(pattern, text):
        if part in SPECIAL_TOKENS:
            pieces.append(part)
        else:
            pieces.extend(basic_tokenize(part))
    return pieces
