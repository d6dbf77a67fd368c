# cell: BertModel
# why: the attention mask is not passed to the encoder, so real tokens attend to padding
class BertModel(nn.Module):
    """BERT without a head: token ids [B, T] -> BertModelOutput (vectors [B, T, H], pooled [B, H], attentions)."""

    def __init__(self, config, add_pooling_layer=True):
        super().__init__()
        self.config = config
        self.embeddings = BertEmbeddings(config)
        self.encoder = BertEncoder(config)
        self.pooler = BertPooler(config) if add_pooling_layer else None

    def forward(self, input_ids, attention_mask=None, token_type_ids=None, output_attentions=False):
        embedding_output = self.embeddings(input_ids, token_type_ids)
        sequence_output, attentions = self.encoder(embedding_output, output_attentions=output_attentions)
        pooled_output = self.pooler(sequence_output) if self.pooler is not None else None
        return BertModelOutput(sequence_output, pooled_output, attentions)

    @classmethod
    def from_pretrained(cls, name=None, add_pooling_layer=True):
        """The model with the checkpoint's configuration and weights (strict loading), in eval mode."""
        model = cls(load_config(name), add_pooling_layer=add_pooling_layer)
        weights = load_state_dict(name)
        if not add_pooling_layer:
            weights = {key: value for key, value in weights.items() if not key.startswith("pooler.")}
        model.load_state_dict(weights, strict=True)
        return model.eval()
