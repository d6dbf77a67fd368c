# cell: BertPreTrainingHeads
# why: the NSP layer is called nsp instead of seq_relationship, so the state dict keys differ from transformers
class BertOnlyNSPHead(nn.Module):
    """Pooled output [B, H] -> [B, 2] scores: index 0 IsNext, index 1 NotNext."""

    def __init__(self, config):
        super().__init__()
        self.seq_relationship = nn.Linear(config.hidden_size, 2)

    def forward(self, pooled_output):
        return self.seq_relationship(pooled_output)


class BertPreTrainingHeads(nn.Module):
    """The MLM head on every position and the NSP head on the pooled output."""

    def __init__(self, config):
        super().__init__()
        self.predictions = BertLMPredictionHead(config)
        self.nsp = nn.Linear(config.hidden_size, 2)

    def forward(self, sequence_output, pooled_output):
        return self.predictions(sequence_output), self.nsp(pooled_output)

