# cell: BertPooler
# why: the tanh is missing: the pooled vector is the dense layer's raw output
class BertPooler(nn.Module):
    """[B, T, H] -> [B, H]: tanh(dense(the vector of the first token, [CLS]))."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, hidden_states):
        return self.dense(hidden_states[:, 0])
