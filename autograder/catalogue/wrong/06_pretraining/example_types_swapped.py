# cell: build_pretraining_example
# why: segment A gets token type 1 and segment B token type 0
def build_pretraining_example(ids_a, ids_b, is_next, max_length, cls_token_id, sep_token_id):
    """Two segments of token ids -> {"input_ids", "token_type_ids", "next_sentence_label"} within max_length."""
    if max_length < 3:
        raise ValueError("max_length < 3")
    ids_a, ids_b = truncate_pair(ids_a, ids_b, max_length - 3)
    input_ids = [cls_token_id] + ids_a + [sep_token_id] + ids_b + [sep_token_id]
    token_type_ids = [1] * (len(ids_a) + 2) + [0] * (len(ids_b) + 1)
    return {"input_ids": input_ids, "token_type_ids": token_type_ids, "next_sentence_label": 0 if is_next else 1}
