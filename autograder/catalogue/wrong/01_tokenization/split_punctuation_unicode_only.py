# cell: split_punctuation
# why: only Unicode punctuation categories (P*) count, so the ASCII symbols $ + < = > ^ ` | ~ are not split off
def split_punctuation(word):
    """Split `word` (a str without whitespace) around punctuation; return a list of non-empty strings."""
    pieces, current = [], ""
    for ch in word:
        if unicodedata.category(ch).startswith("P"):
            if current:
                pieces.append(current)
            pieces.append(ch)
            current = ""
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces
