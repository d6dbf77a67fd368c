# cell: BertLMPredictionHead
# why: the decoder keeps its own bias next to self.bias instead of sharing it (two biases, added twice)
class BertLMPredictionHead(nn.Module):
    """[..., H] -> transform -> decoder (weights [V, H], bias [V]) -> [..., V] scores over the vocabulary."""

    def __init__(self, config):
        super().__init__()
        self.transform = BertPredictionHeadTransform(config)
        self.decoder = nn.Linear(config.hidden_size, config.vocab_size)
        self.bias = nn.Parameter(torch.zeros(config.vocab_size))

    def forward(self, hidden_states):
        return self.decoder(self.transform(hidden_states)) + self.bias


class BertOnlyMLMHead(nn.Module):
    """The masked-LM head under the name the checkpoints use: `predictions`."""

    def __init__(self, config):
        super().__init__()
        self.predictions = BertLMPredictionHead(config)

    def forward(self, sequence_output):
        return self.predictions(sequence_output)
