# cell: tokenize
# why: matches special tokens regardless of case, so '[mask]' in the text becomes [MASK] (BertTokenizer needs the exact spelling)
def tokenize(text, vocab=None):
    """The WordPiece pieces of `text` (str) as a list of str, without [CLS]/[SEP]."""
    vocab = VOCAB if vocab is None else vocab
    pattern = "(" + "|".join(re.escape(token) for token in SPECIAL_TOKENS) + ")"
    pieces = []
    for part in re.split(pattern, text, flags=re.IGNORECASE):
        if part.upper() in SPECIAL_TOKENS:
            pieces.append(part.upper())
        else:
            for word in basic_tokenize(part):
                pieces.extend(wordpiece(word, vocab))
    return pieces
