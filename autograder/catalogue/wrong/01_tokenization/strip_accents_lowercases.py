# cell: strip_accents
# why: also lower-cases, though the contract keeps the case (lower-casing is basic_tokenize's step)
def strip_accents(text):
    """Remove accents: decompose `text` to NFD, then drop every character of category 'Mn'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
