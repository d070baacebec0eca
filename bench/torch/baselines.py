# The PyTorch side of optlab's benchmark (bench/run.js): the same work written the ordinary PyTorch way,
# timed here so that process start-up and `import torch` are outside every figure, as optlab's are.
#
# A worker: reads one JSON request per line on stdin, answers one JSON line on stdout, so the benchmark can
# alternate PyTorch and optlab repetitions without restarting Python. Requests:
#   {"case": "info"}
#   {"case": "mlp_step", "widths": [784, 256, 256, 10], "batch": 128, "n": 2048, "steps": 30}
#   {"case": "linear_step", "dim": 10, "batch": 32, "n": 512, "steps": 2000}
#   {"case": "sweep", "lrs": [...], "seeds": [...], "dim": 32, "n": 512, "n_test": 256, "batch": 32,
#    "steps": 1000, "eval_every": 100}
# Answers: {"ok": true, ...figures} or {"ok": false, "error": "..."}.
import json
import os
import sys
import time

import torch


# Debian's torch links the system BLAS that update-alternatives picks: OpenBLAS, or the reference BLAS,
# which is ~10x slower at the MLP's products (install libopenblas0 for a fair baseline).
DEBIAN_BLAS = "/usr/lib/x86_64-linux-gnu/libblas.so.3"


def info(_request):
    blas = os.path.realpath(DEBIAN_BLAS) if os.path.exists(DEBIAN_BLAS) else "unknown"
    return {
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        # OpenBLAS runs its own threads, one per core unless OPENBLAS_NUM_THREADS says otherwise.
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", f"default ({os.cpu_count()} cores)"),
        "blas": blas,
        "python_version": sys.version.split()[0],
    }


def step_time(model, opt, x_all, y_all, batch, steps):
    """Seconds per step of Adam on MSE, minibatches drawn by index as optlab gathers them."""
    n = x_all.shape[0]
    loss_fn = torch.nn.MSELoss()

    def step():
        idx = torch.randint(0, n, (batch,))
        x, y = x_all[idx], y_all[idx]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    # Warm-up: allocator, kernel selection.
    for _ in range(min(20, steps)):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - start) / steps


def mlp_step(request):
    torch.manual_seed(0)
    widths = request["widths"]
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    n = request["n"]
    x = torch.rand(n, widths[0])
    y = torch.nn.functional.one_hot(torch.randint(0, widths[-1], (n,)), widths[-1]).float()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    return {"ms_per_step": 1e3 * step_time(model, opt, x, y, request["batch"], request["steps"])}


def linear_step(request):
    torch.manual_seed(0)
    model = torch.nn.Linear(request["dim"], 1)
    n = request["n"]
    x = torch.randn(n, request["dim"])
    y = torch.randn(n, 1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    return {"us_per_step": 1e6 * step_time(model, opt, x, y, request["batch"], request["steps"])}


def sweep(request):
    """One run after another, as a plain PyTorch loop over a sweep: each run its own model, optimizer and
    shuffling; every eval_every steps (and at 0 and the end) the train and test loss and the full-batch
    gradient norm, the work optlab does at its curve rows."""
    d, n, n_test, batch, steps, every = (request[k] for k in ("dim", "n", "n_test", "batch", "steps", "eval_every"))
    data = torch.Generator().manual_seed(0)
    x = torch.randn(n, d, generator=data)
    w_true = torch.randn(d, 1, generator=data)
    y = x @ w_true + 0.1 * torch.randn(n, 1, generator=data)
    x_test = torch.randn(n_test, d, generator=data)
    y_test = x_test @ w_true
    loss_fn = torch.nn.MSELoss()
    start = time.perf_counter()
    for lr in request["lrs"]:
        for seed in request["seeds"]:
            order = torch.Generator().manual_seed(seed)
            model = torch.nn.Linear(d, 1)
            torch.nn.init.zeros_(model.weight)
            torch.nn.init.zeros_(model.bias)
            opt = torch.optim.Adam(model.parameters(), lr=lr)
            curve = []

            def evaluate():
                model.zero_grad(set_to_none=True)
                train = loss_fn(model(x), y)
                train.backward()
                grad_norm = torch.sqrt(sum((p.grad**2).sum() for p in model.parameters()))
                with torch.no_grad():
                    test = loss_fn(model(x_test), y_test)
                curve.append((train.item(), test.item(), grad_norm.item()))

            evaluate()
            perm, pos = torch.randperm(n, generator=order), 0
            for t in range(1, steps + 1):
                if pos + batch > n:
                    perm, pos = torch.randperm(n, generator=order), 0
                idx = perm[pos : pos + batch]
                pos += batch
                opt.zero_grad(set_to_none=True)
                loss_fn(model(x[idx]), y[idx]).backward()
                opt.step()
                if t % every == 0 or t == steps:
                    evaluate()
    return {"seconds": time.perf_counter() - start}


CASES = {"info": info, "mlp_step": mlp_step, "linear_step": linear_step, "sweep": sweep}

for line in sys.stdin:
    request = json.loads(line)
    try:
        answer = {"ok": True, **CASES[request["case"]](request)}
    except Exception as error:  # reported to the benchmark, which prints it in place of the figure
        answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
    print(json.dumps(answer), flush=True)
