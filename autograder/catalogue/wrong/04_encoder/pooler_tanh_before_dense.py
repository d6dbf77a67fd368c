# cell: BertPooler
# why: tanh applied to the [CLS] vector before the dense layer instead of after it
class BertPooler(nn.Module):
    """[B, T, H] -> [B, H]: tanh(dense(the vector of the first token, [CLS]))."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.activation = nn.Tanh()

    def forward(self, hidden_states):
        return self.dense(self.activation(hidden_states[:, 0]))
