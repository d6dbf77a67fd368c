# cell: basic_tokenize
# why: skips the cleaning step, so NUL, U+FFFD and control characters stay inside the words
def basic_tokenize(text):
    """Clean, normalise and split `text` (a str) into a list of words and punctuation marks (list of str)."""
    text = "".join(f" {ch} " if is_cjk(ch) else ch for ch in text)
    text = "".join(ch.lower() for ch in strip_accents(text))
    return [piece for word in text.split() for piece in split_punctuation(word)]
