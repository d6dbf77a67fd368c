# cell: wordpiece
# why: always returns '[UNK]' and ignores the unk_token argument
def wordpiece(word, vocab, unk_token="[UNK]", max_chars_per_word=100):
    """Cut `word` into vocabulary pieces, greedy longest match first, '##' on continuation pieces."""
    if len(word) > max_chars_per_word:
        return ["[UNK]"]
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                break
            end -= 1
        else:
            return ["[UNK]"]
        pieces.append(piece)
        start = end
    return pieces
