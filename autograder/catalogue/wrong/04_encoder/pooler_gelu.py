# cell: BertPooler
# why: GELU (the feed-forward activation) instead of tanh in the pooler
class BertPooler(nn.Module):
    """[B, T, H] -> [B, H]: tanh(dense(the vector of the first token, [CLS]))."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.activation = nn.GELU()

    def forward(self, hidden_states):
        return self.activation(self.dense(hidden_states[:, 0]))
