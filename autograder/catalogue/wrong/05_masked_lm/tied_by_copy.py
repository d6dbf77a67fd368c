# cell: BertForMaskedLM
# why: the decoder gets a copy of the word embeddings (clone) instead of the same parameter: not tied
class BertForMaskedLM(nn.Module):
    """BERT (no pooler) + masked-LM head with tied word embeddings: ids [B, T] -> MaskedLMOutput(loss, logits [B, T, V])."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.bert = BertModel(config, add_pooling_layer=False)
        self.cls = BertOnlyMLMHead(config)
        self.cls.predictions.decoder.weight = nn.Parameter(self.bert.embeddings.word_embeddings.weight.detach().clone())

    def forward(self, input_ids, attention_mask=None, token_type_ids=None, labels=None):
        sequence_output = self.bert(input_ids, attention_mask=attention_mask,
                                    token_type_ids=token_type_ids).last_hidden_state
        logits = self.cls(sequence_output)
        loss = mlm_loss(logits, labels) if labels is not None else None
        return MaskedLMOutput(loss=loss, logits=logits)
