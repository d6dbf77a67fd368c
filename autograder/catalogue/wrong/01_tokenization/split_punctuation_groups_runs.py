# cell: split_punctuation
# why: a run of punctuation stays together ('!!' is one piece) instead of one piece per character
import itertools


def split_punctuation(word):
    """Split `word` (a str without whitespace) around punctuation; return a list of non-empty strings."""
    def is_punctuation(ch):
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    return ["".join(group) for _, group in itertools.groupby(word, key=is_punctuation)]
