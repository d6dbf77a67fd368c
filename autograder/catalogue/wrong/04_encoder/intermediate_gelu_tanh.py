# cell: BertIntermediate
# why: the tanh approximation of GELU instead of the exact erf form of hidden_act="gelu"
class BertIntermediate(nn.Module):
    """The widening half of the feed-forward network: [B, T, H] -> GELU(dense) -> [B, T, I]."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.intermediate_size)
        self.intermediate_act_fn = nn.GELU(approximate="tanh")

    def forward(self, hidden_states):
        return self.intermediate_act_fn(self.dense(hidden_states))
