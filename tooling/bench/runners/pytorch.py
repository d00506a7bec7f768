"""PyTorch CPU reference, the same models as runners/tfnlp.mjs, Adam:
LSTM: Embedding -> LSTM (last state) -> Linear; Transformer: Embedding + sinusoidal
positions -> nn.TransformerEncoder (post-norm, ReLU, dropout 0.1) -> masked mean -> Linear.

    /usr/bin/python3 runners/pytorch.py <config-json> <threads> <steps>

Prints one JSON line like the JS runners. Set OPENBLAS_NUM_THREADS too: torch.set_num_threads
alone does not limit OpenBLAS.
"""
import json
import math
import os
import resource
import statistics
import sys
import time

config = json.loads(sys.argv[1])
threads = int(sys.argv[2])
steps = int(sys.argv[3])

import torch  # noqa: E402  (after parsing, so a missing torch fails with a clear message)

torch.set_num_threads(threads)
# Flush denormals (FTZ/DAZ), as @tfnlp/backend-wasm's recurrent backward does: on Intel CPUs,
# LSTM gradients decaying through 256 steps otherwise run many times slower (microcode assists).
# BENCH_TORCH_FTZ=0 measures PyTorch's default.
if os.environ.get("BENCH_TORCH_FTZ", "1") != "0":
    torch.set_flush_denormal(True)
torch.manual_seed(0)
V, T, B, C = (config[k] for k in ("vocab", "time", "batch", "classes"))


class LstmModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        E, H, bi = config["embed"], config["hidden"], config["bidirectional"]
        self.embedding = torch.nn.Embedding(V, E)
        self.lstm = torch.nn.LSTM(E, H, batch_first=True, bidirectional=bi)
        self.out = torch.nn.Linear(H * (2 if bi else 1), C)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embedding(ids))  # h [dirs, B, H]
        return self.out(torch.cat(list(h), dim=1))


class TransformerModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        d = config["dModel"]
        self.embedding = torch.nn.Embedding(V, d)
        position = torch.arange(T).unsqueeze(1)
        div = torch.exp(torch.arange(0, d, 2) * (-math.log(10000.0) / d))
        pe = torch.zeros(T, d)
        pe[:, 0::2] = torch.sin(position * div)
        pe[:, 1::2] = torch.cos(position * div)
        self.register_buffer("pe", pe)
        layer = torch.nn.TransformerEncoderLayer(
            d, config["heads"], config["ffn"], 0.1, activation=config.get("activation", "relu"), batch_first=True
        )
        self.encoder = torch.nn.TransformerEncoder(layer, config["layers"], enable_nested_tensor=False)
        self.dropout = torch.nn.Dropout(0.1)
        self.out = torch.nn.Linear(d, C)

    def forward(self, ids):
        x = self.dropout(self.embedding(ids) + self.pe)
        return self.out(self.dropout(self.encoder(x).mean(dim=1)))


Model = LstmModel if config["kind"] == "lstm" else TransformerModel
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
