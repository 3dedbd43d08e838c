"""What the PyTorch peers of bench/learn.sh share: the training loop Learn's
side runs too (Adam, binary cross-entropy on logits, shuffled mini-batches)."""
import torch


def train(net, x, y, epochs, batch_size, learning_rate=1e-3):
    optimiser = torch.optim.Adam(net.parameters(), lr=learning_rate)
    loss = torch.nn.BCEWithLogitsLoss()
    for _ in range(epochs):
        order = torch.randperm(len(x))
        for i in range(0, len(x), batch_size):
            batch = order[i:i + batch_size]
            optimiser.zero_grad()
            loss(net(x[batch]), y[batch]).backward()
            optimiser.step()
    return net
