# cell: BertIntermediate
# why: dense keeps the width H instead of widening to intermediate_size
class BertIntermediate(nn.Module):
    """The widening half of the feed-forward network: [B, T, H] -> GELU(dense) -> [B, T, I]."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.intermediate_act_fn = nn.GELU()

    def forward(self, hidden_states):
        return self.intermediate_act_fn(self.dense(hidden_states))
