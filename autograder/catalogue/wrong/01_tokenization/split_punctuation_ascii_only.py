# cell: split_punctuation
# why: only ASCII punctuation (string.punctuation) counts, so '«', '¡', '—' and '“' stay glued to words
import string


def split_punctuation(word):
    """Split `word` (a str without whitespace) around punctuation; return a list of non-empty strings."""
    pieces, current = [], ""
    for ch in word:
        if ch in string.punctuation:
            if current:
                pieces.append(current)
            pieces.append(ch)
            current = ""
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces
