# cell: BertIntermediate
# why: no activation at all: the feed-forward network collapses to one linear map
class BertIntermediate(nn.Module):
    """The widening half of the feed-forward network: [B, T, H] -> GELU(dense) -> [B, T, I]."""

    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.intermediate_size)

    def forward(self, hidden_states):
        return self.dense(hidden_states)
