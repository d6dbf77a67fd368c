# cell: BertForPreTraining
# why: token_type_ids are not passed to BERT, so segment B looks like segment A
class BertForPreTraining(nn.Module):
    """BERT + MLM head (tied) + NSP head: ids [B, T] -> PreTrainingOutput(loss, [B, T, V], [B, 2])."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.bert = BertModel(config)
        self.cls = BertPreTrainingHeads(config)
        self.cls.predictions.decoder.weight = self.bert.embeddings.word_embeddings.weight

    def forward(self, input_ids, attention_mask=None, token_type_ids=None, labels=None, next_sentence_label=None):
        outputs = self.bert(input_ids, attention_mask=attention_mask)
        prediction_logits, seq_relationship_logits = self.cls(outputs.last_hidden_state, outputs.pooler_output)
        loss = None
        if labels is not None and next_sentence_label is not None:
            nsp_loss = F.cross_entropy(seq_relationship_logits, next_sentence_label.view(-1))
            loss = mlm_loss(prediction_logits, labels) + nsp_loss
        return PreTrainingOutput(loss, prediction_logits, seq_relationship_logits)
