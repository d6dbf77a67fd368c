# cell: strip_accents
# why: NFKD instead of NFD also rewrites compatibility characters ('²' -> '2', 'ﬁ' -> 'fi', full-width letters)
def strip_accents(text):
    """Remove accents: decompose `text` to NFD, then drop every character of category 'Mn'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
