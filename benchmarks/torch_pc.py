#!/usr/bin/env python3
"""The PyTorch reference of `pc4j bench --against torch`: backprop, PC(T) and iPC(T) on an MLP or a CNN, hand-written.

pc4j writes a folder with the network's initial parameters and the batches (NumPy .npy files) and a config.json;
this script trains a copy of the same network on the same batches in the same order with each method and prints one
JSON object on stdout: milliseconds per weight update (median over batches, after a warm-up) and test accuracy.

The algorithms are pc4j's (docs/algorithms.md), for a chain of layers f_l (dense, convolution, max pooling) and a
softmax output, one value node per layer output as in pc4j:
  value nodes x_l (l = 1 .. L-1) start at the forward pass; the input x_0 and the label y are clamped;
  E = sum_l 1/2 ||x_l - f_l(x_{l-1})||^2 + sum_b CE(softmax(f_L(x_{L-1})), y)   (summed over the batch)
  value step  x_l <- x_l - gamma dE/dx_l;   weights: DL4J's Adam (below) on (1/B) dE/dtheta
  PC(T):  T value steps, then one weight update from the relaxed state (T + 1 energy evaluations)
  iPC(T): T steps, each one weight update and (but after the last) one value step, from the same snapshot
  backprop: Adam on the mean cross-entropy.
Two styles, both timed:
  autograd: the energy built as a graph and differentiated by torch.autograd, as PyTorch PC libraries do;
  manual:   the gradients written out as matrix products (no autograd), computing the weight gradient only where
            it is used: the fastest plain-PyTorch loop (MLPs of tanh layers only; for a CNN autograd is the reference,
            and torch.autograd.grad on the values alone computes no weight gradient at the inference steps).

The weights' optimiser is DL4J's Adam, which pc4j's networks use: it adds epsilon to sqrt(v) before the bias
correction (theta -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps), as Kingma and Ba's "efficient" form), where
torch.optim.Adam adds it after (lr m_hat / (sqrt(v_hat) + eps)); on gradients below ~1e-6 (PC's lower layers, early
on) the two take steps of different size, so torch.optim.Adam would be a different algorithm.

Before timing, pc4j's first update of each method in double precision (the files check/*.npy) is compared with this
script's: "agreement" in the output is, per method and style, the largest difference of any parameter's update divided
by the largest update of that parameter tensor (float64 rounding: ~1e-12 on backprop; PC's nearly-zero lower-layer
updates ~1e-9).

Usage: python3 torch_pc.py FOLDER   (run by pc4j; see docs/benchmarks.md)
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def blas_in_use():
    """The BLAS library this process has loaded (after a matrix product), from /proc/self/maps."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    libs = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                name = line.strip().split()[-1]
                if "blas" in os.path.basename(name).lower() or "mkl" in os.path.basename(name).lower():
                    libs.add(os.path.realpath(name))
    except OSError:
        pass
    return sorted(libs)


ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "identity": lambda z: z, "sigmoid": torch.sigmoid}


class Net:
    """The network pc4j described in config.json ("net": one entry per DL4J layer, in order), with the parameters pc4j
    wrote: W{k}.npy and b{k}.npy for layer k. Layers: dense / output (W [n_in, n_out], b [n_out]); conv (W [out, in,
    kH, kW], as DL4J and PyTorch both store it; the padding pc4j computed, [left, right, top, bottom]); max pool
    (kernel, stride, padding with -inf). An image input is reshaped to [mb, c, h, w] and flattened again, in C order
    (as DL4J's preprocessors do), before the first dense layer."""

    def __init__(self, folder, spec, input_shape, dtype=np.float32):
        self.spec = spec
        self.input_shape = input_shape
        self.W, self.b = {}, {}
        for k, layer in enumerate(spec):
            if layer["type"] in ("dense", "output", "conv"):
                self.W[k] = torch.from_numpy(np.load(os.path.join(folder, "W%d.npy" % k)).astype(dtype)).contiguous()
                if layer.get("bias", True):
                    self.b[k] = torch.from_numpy(np.load(os.path.join(folder, "b%d.npy" % k)).astype(dtype).reshape(-1)).contiguous()
        for p in self.params():
            p.requires_grad_(True)

    def params(self):
        return list(self.W.values()) + list(self.b.values())

    def is_mlp(self):
        """@return whether the network is an MLP of tanh layers, the only one the written-out gradients cover"""
        return all(l["type"] == "output" or (l["type"] == "dense" and l["act"] == "tanh") for l in self.spec)

    def inputs(self, x):
        return x.reshape(x.shape[0], *self.input_shape) if self.input_shape else x

    def layer(self, k, h):
        """Layer k's output (its activation; the output layer's logits) from the layer below's output h."""
        layer = self.spec[k]
        kind = layer["type"]
        if kind == "conv":
            left, right, top, bottom = layer["pad"]
            z = F.conv2d(F.pad(h, (left, right, top, bottom)), self.W[k], self.b.get(k), stride=tuple(layer["stride"]))
            return ACTIVATIONS[layer["act"]](z)
        if kind == "pool":
            left, right, top, bottom = layer["pad"]
            return F.max_pool2d(F.pad(h, (left, right, top, bottom), value=float("-inf")), tuple(layer["kernel"]), tuple(layer["stride"]))
        if h.dim() > 2:
            h = h.flatten(1)
        z = h @ self.W[k] + self.b[k]
        return z if kind == "output" else ACTIVATIONS[layer["act"]](z)

    def forward(self, x):
        """@return the hidden layers' outputs x_1 .. x_{L-1} and the logits."""
        hidden = []
        h = self.inputs(x)
        for k in range(len(self.spec) - 1):
            h = self.layer(k, h)
            hidden.append(h)
        return hidden, self.layer(len(self.spec) - 1, h)


def energy(net, x0, values, labels):
    """E summed over the batch, as a graph in the values and the parameters."""
    e = 0.0
    below = net.inputs(x0)
    for k, v in enumerate(values):
        mu = net.layer(k, below)
        e = e + 0.5 * ((v - mu) ** 2).sum()
        below = v
    logits = net.layer(len(values), below)
    return e + F.cross_entropy(logits, labels, reduction="sum")


class Dl4jAdam(torch.optim.Optimizer):
    """DL4J's Adam (libnd4j's adamUpdater), with the foreach kernels torch.optim.Adam uses: at step t,
    m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, theta -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            params = [p for p in group["params"] if p.grad is not None]
            if not params:
                continue
            for p in params:
                if not self.state[p]:
                    self.state[p].update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
                self.state[p]["t"] += 1
            t = self.state[params[0]]["t"]
            grads = [p.grad for p in params]
            ms = [self.state[p]["m"] for p in params]
            vs = [self.state[p]["v"] for p in params]
            torch._foreach_mul_(ms, b1)
            torch._foreach_add_(ms, grads, alpha=1 - b1)
            torch._foreach_mul_(vs, b2)
            torch._foreach_addcmul_(vs, grads, grads, value=1 - b2)
            denominators = torch._foreach_sqrt(vs)
            torch._foreach_add_(denominators, group["eps"])
            torch._foreach_addcdiv_(params, ms, denominators, value=-group["lr"] * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t))


def train(net, opt, style, method, x, y, labels, cfg):
    """One batch of one method in one style; @return the weight updates it made."""
    if style == "autograd":
        if method == "bp":
            return bp_autograd(net, opt, x, y, labels, cfg)
        return pc_autograd(net, opt, x, y, labels, cfg, method == "ipc")
    with torch.no_grad():
        if method == "bp":
            return Manual.bp(net, opt, x, y, labels, cfg)
        return Manual.pc(net, opt, x, y, labels, cfg, method == "ipc")


def agreement(folder, cfg):
    """pc4j's first update in double precision (check/) against this script's, per style and method: the largest
    difference of a parameter's update over the largest update of its tensor."""
    check = os.path.join(folder, "check")
    x = torch.from_numpy(np.load(os.path.join(check, "x.npy")))
    y = torch.from_numpy(np.load(os.path.join(check, "y.npy")))
    result = {}
    for style in cfg["styles"]:
        for method in cfg["methods"]:
            net = Net(check, cfg["net"], cfg.get("input"), np.float64)
            if style == "manual" and not net.is_mlp():
                continue
            initial = {id(p): p.detach().clone() for p in net.params()}
            train(net, Dl4jAdam(net.params(), lr=cfg["lr"]), style, method, x, y, y.argmax(1), cfg)
            worst = 0.0
            for kind, table in (("W", net.W), ("b", net.b)):
                for k, p in table.items():
                    theirs = np.load(os.path.join(check, "%s_%s%d.npy" % (method, kind, k))).reshape(tuple(p.shape))
                    mine = (p.detach() - initial[id(p)]).numpy()
                    theirs = theirs - initial[id(p)].numpy()
                    scale = np.abs(mine).max()
                    if scale > 0:
                        worst = max(worst, float(np.abs(theirs - mine).max() / scale))
                    elif np.abs(theirs).max() > 0:
                        worst = float("inf")
            result["%s/%s" % (style, method)] = worst
    return result


def bp_autograd(net, opt, x, y, labels, cfg):
    opt.zero_grad(set_to_none=True)
    _, logits = net.forward(x)
    F.cross_entropy(logits, labels).backward()
    opt.step()
    return 1


def pc_autograd(net, opt, x, y, labels, cfg, incremental):
    gamma = cfg["gamma"]
    with torch.no_grad():
        hidden, _ = net.forward(x)
    values = [h.clone().requires_grad_(True) for h in hidden]
    batch = x.shape[0]
    if not incremental:
        for _ in range(cfg["pcSteps"]):
            grads = torch.autograd.grad(energy(net, x, values, labels), values)
            with torch.no_grad():
                for v, g in zip(values, grads):
                    v -= gamma * g
        opt.zero_grad(set_to_none=True)
        (energy(net, x, values, labels) / batch).backward()
        opt.step()
        return 1
    steps = cfg["ipcSteps"]
    for t in range(steps):
        opt.zero_grad(set_to_none=True)
        for v in values:
            v.grad = None
        e = energy(net, x, values, labels)
        e.backward()
        with torch.no_grad():
            for p in net.params():
                p.grad /= batch
            if t < steps - 1:
                for v in values:
                    v -= gamma * v.grad
        opt.step()
    return steps


class Manual:
    """The same methods with the gradients written as matrix products, in torch.no_grad()."""

    @staticmethod
    def forward(net, x):
        zs, hs = [], [x]
        for k in range(len(net.W)):
            z = torch.addmm(net.b[k], hs[-1], net.W[k])
            zs.append(z)
            if k < len(net.W) - 1:
                hs.append(torch.tanh(z))
        return zs, hs

    @staticmethod
    def weight_grads(net, inputs, deltas, scale):
        for k in range(len(net.W)):
            net.W[k].grad = torch.mm(inputs[k].t(), deltas[k]).mul_(scale)
            net.b[k].grad = deltas[k].sum(0).mul_(scale)

    @staticmethod
    def bp(net, opt, x, y, labels, cfg):
        zs, hs = Manual.forward(net, x)
        delta = (torch.softmax(zs[-1], 1) - y)
        deltas = [None] * len(net.W)
        deltas[-1] = delta
        for k in range(len(net.W) - 2, -1, -1):
            deltas[k] = torch.mm(deltas[k + 1], net.W[k + 1].t()).mul_(1 - hs[k + 1] ** 2)
        Manual.weight_grads(net, hs, deltas, 1.0 / x.shape[0])
        opt.step()
        return 1

    @staticmethod
    def step(net, x, y, values):
        """One snapshot: the deltas dE/dz_l of every layer and dE/dx_l of every value node."""
        inputs = [x] + values
        deltas, grads = [None] * len(net.W), [None] * len(values)
        errors = []
        for k in range(len(net.W)):
            z = torch.addmm(net.b[k], inputs[k], net.W[k])
            if k < len(net.W) - 1:
                mu = torch.tanh(z)
                eps = values[k] - mu
                errors.append(eps)
                deltas[k] = -eps * (1 - mu * mu)
            else:
                deltas[k] = torch.softmax(z, 1) - y
        for k in range(len(values)):
            grads[k] = errors[k] + torch.mm(deltas[k + 1], net.W[k + 1].t())
        return inputs, deltas, grads

    @staticmethod
    def pc(net, opt, x, y, labels, cfg, incremental):
        gamma = cfg["gamma"]
        _, hs = Manual.forward(net, x)
        values = [h.clone() for h in hs[1:]]
        scale = 1.0 / x.shape[0]
        if not incremental:
            for _ in range(cfg["pcSteps"]):
                _, _, grads = Manual.step(net, x, y, values)
                for v, g in zip(values, grads):
                    v.sub_(gamma * g)
            inputs, deltas, _ = Manual.step(net, x, y, values)
            Manual.weight_grads(net, inputs, deltas, scale)
            opt.step()
            return 1
        steps = cfg["ipcSteps"]
        for t in range(steps):
            inputs, deltas, grads = Manual.step(net, x, y, values)
            Manual.weight_grads(net, inputs, deltas, scale)
            if t < steps - 1:
                for v, g in zip(values, grads):
                    v.sub_(gamma * g)
            opt.step()
        return steps


def accuracy(net, x, labels):
    with torch.no_grad():
        _, logits = net.forward(x)
        return float((logits.argmax(1) == labels).float().mean())


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    torch.set_num_threads(cfg["threads"])
    torch.manual_seed(0)
    x_all = torch.from_numpy(np.load(os.path.join(folder, "x.npy")).astype(np.float32))
    y_all = torch.from_numpy(np.load(os.path.join(folder, "y.npy")).astype(np.float32))
    x_test = torch.from_numpy(np.load(os.path.join(folder, "x_test.npy")).astype(np.float32))
    test_labels = torch.from_numpy(np.load(os.path.join(folder, "y_test.npy")).astype(np.float32)).argmax(1)
    batch = cfg["batch"]
    batches = [(x_all[i:i + batch].contiguous(), y_all[i:i + batch].contiguous()) for i in range(0, x_all.shape[0] - batch + 1, batch)]
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_in_use(), "results": []}
    with torch.no_grad():
        # the initial network's test outputs against pc4j's: the check that both sides built the same function
        _, logits = Net(folder, cfg["net"], cfg.get("input")).forward(x_test)
        pc4j_out = torch.from_numpy(np.load(os.path.join(folder, "out_test.npy")).astype(np.float32))
        out["initialOutputDifference"] = float((torch.softmax(logits, 1) - pc4j_out).abs().max())
    if os.path.isdir(os.path.join(folder, "check")):
        out["agreement"] = agreement(folder, cfg)
    if not cfg.get("timed", True):
        json.dump(out, sys.stdout)
        sys.stdout.write("\n")
        return
    for style in cfg["styles"]:
        for method in cfg["methods"]:
            net = Net(folder, cfg["net"], cfg.get("input"))
            if style == "manual" and not net.is_mlp():
                continue  # the gradients are written out for MLPs of tanh layers only
            opt = Dl4jAdam(net.params(), lr=cfg["lr"])
            times = []
            for i, (x, y) in enumerate(batches):
                labels = y.argmax(1)
                start = time.perf_counter()
                updates = train(net, opt, style, method, x, y, labels, cfg)
                elapsed = (time.perf_counter() - start) * 1e3 / updates
                if i >= cfg["warmup"]:
                    times.append(elapsed)
            out["results"].append({"style": style, "method": method, "msPerUpdate": float(np.median(times)),
                                   "batches": len(times), "accuracy": accuracy(net, x_test, test_labels)})
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
