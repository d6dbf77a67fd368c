# cell: BertLMPredictionHead
# why: the decoder has no bias and the head no bias parameter: scores lack the per-word offset
class BertLMPredictionHead(nn.Module):
    """[..., H] -> transform -> decoder (weights [V, H], bias [V]) -> [..., V] scores over the vocabulary."""

    def __init__(self, config):
        super().__init__()
        self.transform = BertPredictionHeadTransform(config)
        self.decoder = nn.Linear(config.hidden_size, config.vocab_size, bias=False)

    def forward(self, hidden_states):
        return self.decoder(self.transform(hidden_states))


class BertOnlyMLMHead(nn.Module):
    """The masked-LM head under the name the checkpoints use: `predictions`."""

    def __init__(self, config):
        super().__init__()
        self.predictions = BertLMPredictionHead(config)

    def forward(self, sequence_output):
        return self.predictions(sequence_output)
