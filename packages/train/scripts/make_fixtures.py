#!/usr/bin/python3
"""PyTorch reference fixtures for @tfnlp/train's parity tests.

Run from packages/train (needs Debian's torch: `apt-get install -y python3-torch`):

    /usr/bin/python3 scripts/make_fixtures.py      # or: pnpm --filter @tfnlp/train fixtures

Writes fixtures/optimizers.json: three parameters (a [3, 4] kernel, a [4] bias and a [5, 3]
embedding table), fixed gradients for 10 steps, and for each optimizer case the parameters
after every step computed by torch.optim (float32, CPU). Weight decay uses two parameter
groups, matching @tfnlp/train's default rule: only the >= 2-D non-embedding kernel decays
(plus the embedding table in the `decayEmbeddings` case). Cases with `lrs` set the group
learning rate before each step (what a schedule does).

Writes fixtures/losses.json: torch.nn.functional.cross_entropy (plain, label smoothing, class
weights, ignore_index) and binary_cross_entropy_with_logits (plain, per-class weights, smoothed
targets) values, and the gradients of two of them with respect to the logits.

Writes fixtures/clip_and_plateau.json: torch.nn.utils.clip_grad_norm_ results and the
learning rates of torch.optim.lr_scheduler.ReduceLROnPlateau / StepLR for fixed sequences.
The tests read the JSON and need no Python.
"""
import json
import math
import os

import torch

torch.manual_seed(20261129)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'fixtures')
STEPS = 10

SHAPES = {'dense/kernel': [3, 4], 'dense/bias': [4], 'embedding/table': [5, 3]}
init = {name: torch.randn(shape, dtype=torch.float32) for name, shape in SHAPES.items()}
grads = [
    {name: torch.randn(shape, dtype=torch.float32) * 0.5 for name, shape in SHAPES.items()}
    for _ in range(STEPS)
]
# Some exact zeros in one gradient (a row of an embedding table that no batch touched).
grads[3]['embedding/table'][2].zero_()


def flat(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def run_case(make_optimizer, decay_names, weight_decay, lrs=None):
    params = {name: init[name].clone().requires_grad_(True) for name in SHAPES}
    decay = [params[n] for n in SHAPES if n in decay_names]
    no_decay = [params[n] for n in SHAPES if n not in decay_names]
    groups = []
    if decay:
        groups.append({'params': decay, 'weight_decay': weight_decay})
    if no_decay:
        groups.append({'params': no_decay, 'weight_decay': 0.0})
    opt = make_optimizer(groups)
    expected = []
    for step in range(STEPS):
        if lrs is not None:
            for group in opt.param_groups:
                group['lr'] = lrs[step]
        for name in SHAPES:
            params[name].grad = grads[step][name].clone()
        opt.step()
        expected.append({name: flat(params[name]) for name in SHAPES})
    return expected


KERNEL = {'dense/kernel'}
KERNEL_AND_EMB = {'dense/kernel', 'embedding/table'}
schedule = [0.01 * (0.8 ** i) for i in range(STEPS)]

cases = {}


def case(name, kind, options, make, decay_names=KERNEL, lrs=None):
    wd = options.get('weightDecay', 0.0)
    cases[name] = {
        'optimizer': kind,
        'options': options,
        'lrs': lrs,
        'expected': run_case(make, decay_names, wd, lrs),
    }


O = torch.optim
case('sgd', 'sgd', {'lr': 0.1}, lambda g: O.SGD(g, lr=0.1))
case('sgd_momentum_wd', 'sgd', {'lr': 0.1, 'momentum': 0.9, 'weightDecay': 0.01},
     lambda g: O.SGD(g, lr=0.1, momentum=0.9))
case('sgd_momentum_dampening', 'sgd', {'lr': 0.05, 'momentum': 0.8, 'dampening': 0.3},
     lambda g: O.SGD(g, lr=0.05, momentum=0.8, dampening=0.3))
case('sgd_nesterov_wd', 'sgd',
     {'lr': 0.05, 'momentum': 0.9, 'nesterov': True, 'weightDecay': 0.05},
     lambda g: O.SGD(g, lr=0.05, momentum=0.9, nesterov=True))
case('sgd_nesterov_schedule', 'sgd', {'lr': 0.01, 'momentum': 0.9, 'nesterov': True},
     lambda g: O.SGD(g, lr=0.01, momentum=0.9, nesterov=True), lrs=schedule)
case('adam', 'adam', {'lr': 0.01}, lambda g: O.Adam(g, lr=0.01))
case('adam_l2_betas', 'adam',
     {'lr': 0.02, 'betas': [0.8, 0.99], 'eps': 1e-6, 'weightDecay': 0.1},
     lambda g: O.Adam(g, lr=0.02, betas=(0.8, 0.99), eps=1e-6))
case('adam_amsgrad_schedule', 'adam', {'lr': 0.01, 'amsgrad': True},
     lambda g: O.Adam(g, lr=0.01, amsgrad=True), lrs=schedule)
case('adamw', 'adamw', {'lr': 0.01, 'weightDecay': 0.1}, lambda g: O.AdamW(g, lr=0.01))
case('adamw_default_wd', 'adamw', {'lr': 0.05}, lambda g: O.AdamW(g, lr=0.05, weight_decay=0.01),
     decay_names=KERNEL)
case('adamw_decay_embeddings', 'adamw',
     {'lr': 0.01, 'weightDecay': 0.2, 'decayEmbeddings': True},
     lambda g: O.AdamW(g, lr=0.01), decay_names=KERNEL_AND_EMB)
case('adamw_amsgrad_schedule', 'adamw', {'lr': 0.01, 'weightDecay': 0.1, 'amsgrad': True},
     lambda g: O.AdamW(g, lr=0.01, amsgrad=True), lrs=schedule)

# adamw_default_wd: torch's group weight_decay must be 0.01 for the kernel group.
cases['adamw_default_wd']['expected'] = run_case(
    lambda g: O.AdamW(g, lr=0.05), KERNEL, 0.01)

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, 'optimizers.json'), 'w') as f:
    json.dump({
        'generator': 'scripts/make_fixtures.py, torch ' + torch.__version__,
        'shapes': SHAPES,
        'init': {name: flat(t) for name, t in init.items()},
        'grads': [{name: flat(t) for name, t in g.items()} for g in grads],
        'cases': cases,
    }, f)

# Global-norm clipping.
clip = []
for max_norm in [0.5, 2.0, 100.0]:
    ts = [grads[0][n].clone().requires_grad_(False) for n in SHAPES]
    ps = [torch.zeros_like(t, requires_grad=True) for t in ts]
    for p, t in zip(ps, ts):
        p.grad = t.clone()
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm)
    clip.append({'maxNorm': max_norm, 'totalNorm': float(total),
                 'clipped': {n: flat(p.grad) for n, p in zip(SHAPES, ps)}})

# ReduceLROnPlateau and StepLR.
metrics = [1.0, 0.9, 0.95, 0.91, 0.92, 0.93, 0.85, 0.86, 0.86, 0.87, 0.88, 0.89, 0.9, 0.91, 0.92]
plateau = []
for options in [
    {'mode': 'min', 'factor': 0.5, 'patience': 2, 'threshold': 1e-4, 'thresholdMode': 'rel',
     'cooldown': 0, 'minLr': 0.0},
    {'mode': 'min', 'factor': 0.1, 'patience': 1, 'threshold': 0.05, 'thresholdMode': 'abs',
     'cooldown': 2, 'minLr': 1e-4},
    {'mode': 'max', 'factor': 0.5, 'patience': 0, 'threshold': 0.0, 'thresholdMode': 'rel',
     'cooldown': 1, 'minLr': 0.0},
]:
    p = torch.zeros(1, requires_grad=True)
    opt = O.SGD([p], lr=0.1)
    sched = O.lr_scheduler.ReduceLROnPlateau(
        opt, mode=options['mode'], factor=options['factor'], patience=options['patience'],
        threshold=options['threshold'], threshold_mode=options['thresholdMode'],
        cooldown=options['cooldown'], min_lr=options['minLr'])
    lrs = []
    for m in metrics:
        sched.step(m)
        lrs.append(opt.param_groups[0]['lr'])
    plateau.append({'lr': 0.1, 'options': options, 'metrics': metrics, 'lrs': lrs})

p = torch.zeros(1, requires_grad=True)
opt = O.SGD([p], lr=0.1)
sched = O.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
step_lrs = []
for _ in range(12):
    step_lrs.append(opt.param_groups[0]['lr'])
    opt.step()
    sched.step()

with open(os.path.join(OUT, 'clip_and_plateau.json'), 'w') as f:
    json.dump({
        'generator': 'scripts/make_fixtures.py, torch ' + torch.__version__,
        'clip': clip,
        'plateau': plateau,
        'stepLR': {'lr': 0.1, 'stepSize': 3, 'gamma': 0.5, 'lrs': step_lrs},
    }, f)
# Losses.
F = torch.nn.functional
logits = torch.randn(6, 4, dtype=torch.float32) * 2
labels = torch.tensor([0, 3, 1, 2, 3, 0])
class_weights = torch.tensor([1.0, 2.0, 0.5, 3.0])
ignored = labels.clone()
ignored[2] = -100
x = logits.clone().requires_grad_(True)
F.cross_entropy(x, labels, weight=class_weights).backward()
grad_weighted = flat(x.grad)
bce_logits = torch.randn(5, 3, dtype=torch.float32) * 3
bce_targets = (torch.rand(5, 3) > 0.5).float()
bce_weight = torch.tensor([0.5, 2.0, 1.0])
eps = 0.2
y = bce_logits.clone().requires_grad_(True)
F.binary_cross_entropy_with_logits(y, bce_targets, weight=bce_weight).backward()
with open(os.path.join(OUT, 'losses.json'), 'w') as f:
    json.dump({
        'generator': 'scripts/make_fixtures.py, torch ' + torch.__version__,
        'softmax': {
            'logits': flat(logits), 'shape': list(logits.shape), 'labels': labels.tolist(),
            'classWeights': class_weights.tolist(), 'ignoredLabels': ignored.tolist(),
            'plain': float(F.cross_entropy(logits, labels)),
            'smoothing01': float(F.cross_entropy(logits, labels, label_smoothing=0.1)),
            'weighted': float(F.cross_entropy(logits, labels, weight=class_weights)),
            'ignored': float(F.cross_entropy(logits, ignored)),
            'weightedIgnored': float(F.cross_entropy(logits, ignored, weight=class_weights)),
            'gradWeighted': grad_weighted,
        },
        'sigmoid': {
            'logits': flat(bce_logits), 'shape': list(bce_logits.shape),
            'targets': flat(bce_targets), 'classWeights': bce_weight.tolist(),
            'plain': float(F.binary_cross_entropy_with_logits(bce_logits, bce_targets)),
            'weighted': float(F.binary_cross_entropy_with_logits(
                bce_logits, bce_targets, weight=bce_weight)),
            'smoothing02': float(F.binary_cross_entropy_with_logits(
                bce_logits, bce_targets * (1 - eps) + eps / 2)),
            'gradWeighted': flat(y.grad),
        },
    }, f)

print('wrote', os.path.normpath(OUT))
