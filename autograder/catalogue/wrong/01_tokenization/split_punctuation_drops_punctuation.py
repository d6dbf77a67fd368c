# cell: split_punctuation
# why: splits at punctuation but throws the punctuation away, though BERT keeps every mark as a token
def split_punctuation(word):
    """Split `word` (a str without whitespace) around punctuation; return a list of non-empty strings."""
    def is_punctuation(ch):
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    pieces, current = [], ""
    for ch in word:
        if is_punctuation(ch):
            if current:
                pieces.append(current)
            current = ""
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces
