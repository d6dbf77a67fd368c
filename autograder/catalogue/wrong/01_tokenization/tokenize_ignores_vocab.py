# cell: tokenize
# why: always cuts words with the course VOCAB and ignores the vocab argument
def tokenize(text, vocab=None):
    """The WordPiece pieces of `text` (str) as a list of str, without [CLS]/[SEP]."""
    pattern = "(" + "|".join(re.escape(token) for token in SPECIAL_TOKENS) + ")"
    pieces = []
    for part in re.split(pattern, text):
        if part in SPECIAL_TOKENS:
            pieces.append(part)
        else:
            for word in basic_tokenize(part):
                pieces.extend(wordpiece(word, VOCAB))
    return pieces
