"""PyTorch CPU reference: Embedding -> LSTM (last state) -> Linear, Adam.

    /usr/bin/python3 runners/pytorch.py <config-json> <threads> <steps>

Prints one JSON line like the JS runners. Set OPENBLAS_NUM_THREADS too: torch.set_num_threads
alone does not limit OpenBLAS.
"""
import json
import resource
import statistics
import sys
import time

config = json.loads(sys.argv[1])
threads = int(sys.argv[2])
steps = int(sys.argv[3])

import torch  # noqa: E402  (after parsing, so a missing torch fails with a clear message)

torch.set_num_threads(threads)
torch.manual_seed(0)
V, E, H, T, B, C = (config[k] for k in ("vocab", "embed", "hidden", "time", "batch", "classes"))
bi = config["bidirectional"]


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(V, E)
        self.lstm = torch.nn.LSTM(E, H, batch_first=True, bidirectional=bi)
        self.out = torch.nn.Linear(H * (2 if bi else 1), C)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embedding(ids))  # h [dirs, B, H]
        return self.out(torch.cat(list(h), dim=1))


model = Model()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
ids = torch.tensor([1 + (i * 7919) % (V - 1) for i in range(B * T)]).reshape(B, T)
labels = torch.tensor([i % C for i in range(B)])


def train():
    optimizer.zero_grad()
    torch.nn.functional.cross_entropy(model(ids), labels).backward()
    optimizer.step()


def infer():
    with torch.no_grad():
        model(ids)


def timed(fn, n):
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return statistics.median(out)


train()
train_ms = timed(train, steps)
infer()
infer_ms = timed(infer, max(3, steps))
print(json.dumps({
    "trainSamplesPerSec": B * 1000 / train_ms,
    "inferSamplesPerSec": B * 1000 / infer_ms,
    "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "tensorsLeakedPerStep": 0,
}))
