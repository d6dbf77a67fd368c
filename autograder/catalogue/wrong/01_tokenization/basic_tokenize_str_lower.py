# cell: basic_tokenize
# why: lower-cases the whole text with str.lower(), which turns a word-final 'Σ' into 'ς' where BertTokenizer gives 'σ'
def basic_tokenize(text):
    """Clean, normalise and split `text` (a str) into a list of words and punctuation marks (list of str)."""
    cleaned = []
    for ch in text:
        if ch == "\x00" or ch == "\ufffd" or is_control(ch):
            continue
        cleaned.append(" " if is_whitespace(ch) else ch)
    text = "".join(f" {ch} " if is_cjk(ch) else ch for ch in cleaned)
    text = strip_accents(text).lower()
    return [piece for word in text.split() for piece in split_punctuation(word)]
