# cell: BertPooler
# why: pools the mean of all token vectors instead of the first ([CLS]) token
class BertPooler(nn.Module):
    """[B, T, H] -> [B, H]: tanh(dense(the vector of the first token, [CLS]))."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.activation = nn.Tanh()

    def forward(self, hidden_states):
        return self.activation(self.dense(hidden_states.mean(dim=1)))
