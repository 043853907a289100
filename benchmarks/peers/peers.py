"""Python peers for `npm run bench`: the same tasks on the same CSV files, timed in-process.

Usage: python3 peers.py DATA_DIR RUNS  -> prints one JSON object on stdout.
Each figure is the median wall time in milliseconds over RUNS runs after one warm-up.
Tasks: pandas read_csv of patients.csv; statsmodels Logit (Newton) fit; scikit-learn
LogisticRegression (lbfgs, standardised, no penalty) fit; numpy scoring; scikit-learn
roc_auc_score; numpy argpartition top 2%.
"""
import json, statistics, sys, time

def timed(fn, runs):
    fn()
    times = []
    out = None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), out

def load_extract(data, runs):
    """pandas read_csv of the whole extract (patients, activity, conditions CSV) written by the
    load-extract stage into DATA/extract, in its own process (peers/load_extract.py, so its peak
    RSS is its own): {"load_extract_pandas": ms, ...}, or {} when the stage has not written them."""
    import os, subprocess
    d = os.path.join(data, "extract")
    if not os.path.exists(os.path.join(d, "activity.csv")):
        return {}
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "load_extract.py")
    r = json.loads(subprocess.run([sys.executable, script, d, str(1 if os.path.getsize(os.path.join(d, "activity.csv")) > 2e8 else max(1, runs // 2))],
                                  check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
    return {"load_extract_pandas": r["ms"], "load_extract_pandas_cpu": r["cpuMs"], "load_extract_pandas_peak_rss_mb": r["peakRssMB"]}

def cpu_timed(fn, runs):
    """Like timed, plus the median CPU time of the process (ms): steadier on a shared machine."""
    fn()
    wall, cpu, out = [], [], None
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu), out

def main():
    data, runs = sys.argv[1], int(sys.argv[2])
    res = {"peer": "python", "versions": {}}
    try:
        import numpy as np, pandas as pd
    except ImportError as e:
        print(json.dumps({"peer": "python", "skipped": str(e)})); return
    res["versions"].update(numpy=np.__version__, pandas=pd.__version__)
    # Which BLAS numpy's matrix product runs on (Debian: netlib's reference BLAS, one thread,
    # unless libopenblas is installed and selected by update-alternatives).
    import glob, os
    blas = sorted({os.path.realpath(p) for p in glob.glob("/usr/lib/*/libblas.so.3")})
    res["numpy_blas"] = blas[0].split("/")[-2] if blas else "unknown"
    res["numpy_blas_threads"] = os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS") or ("1" if blas and "openblas" not in blas[0] else "all cores")
    ms, _ = timed(lambda: pd.read_csv(f"{data}/patients.csv"), max(1, runs // 2))
    res["load_csv_pandas"] = ms
    res.update(load_extract(data, runs))
    d = pd.read_csv(f"{data}/design.csv")
    y = d.pop("y").to_numpy(dtype=np.float64)
    X = d.to_numpy(dtype=np.float64)
    Xc = np.column_stack([np.ones(len(X)), X])
    try:
        import statsmodels, statsmodels.api as sm
        res["versions"]["statsmodels"] = statsmodels.__version__
        ms, cpu, fit = cpu_timed(lambda: sm.Logit(y, Xc).fit(method="newton", disp=0, tol=1e-10, maxiter=50), max(1, runs // 2))
        res["fit_statsmodels_newton"] = ms
        res["fit_statsmodels_newton_cpu"] = cpu
        res["fit_statsmodels_newton_iterations"] = int(fit.mle_retvals["iterations"])
        res["coef_statsmodels"] = [float(v) for v in fit.params]
        # The buildFeatures-shaped design (ages, flags, counts; about 8% events).
        fd = pd.read_csv(f"{data}/features.csv")
        fy = fd.pop("y").to_numpy(dtype=np.float64)
        FX = np.column_stack([np.ones(len(fd)), fd.to_numpy(dtype=np.float64)])
        ms, cpu, ffit = cpu_timed(lambda: sm.Logit(fy, FX).fit(method="newton", disp=0, tol=1e-10, maxiter=50), max(1, runs // 2))
        res["fit_statsmodels_newton_features"] = ms
        res["fit_statsmodels_newton_features_cpu"] = cpu
        res["fit_statsmodels_newton_features_iterations"] = int(ffit.mle_retvals["iterations"])
        res["coef_statsmodels_features"] = [float(v) for v in ffit.params]
        del fd, FX
    except ImportError:
        res["fit_statsmodels_newton"] = None
    beta = np.array(res.get("coef_statsmodels") or np.zeros(Xc.shape[1]))
    try:
        import sklearn
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import roc_auc_score
        res["versions"]["sklearn"] = sklearn.__version__
        mu, sd = X.mean(axis=0), X.std(axis=0)
        Z = (X - mu) / sd
        def sk():
            m = LogisticRegression(penalty=None, solver="lbfgs", max_iter=1000)
            m.fit(Z, y)
            return m
        ms, m = timed(sk, max(1, runs // 2))
        res["fit_sklearn_lbfgs"] = ms
        coef = m.coef_[0] / sd
        res["coef_sklearn"] = [float(m.intercept_[0] - (coef * mu).sum())] + [float(c) for c in coef]
        s = 1 / (1 + np.exp(-(Xc @ beta)))
        ms, auc = timed(lambda: roc_auc_score(y, s), runs)
        res["auroc_sklearn"] = ms
        res["auroc_value"] = float(auc)
    except ImportError:
        res["fit_sklearn_lbfgs"] = None
    Xf = np.asfortranarray(X)
    b0, b = beta[0], beta[1:]
    def score():
        eta = Xf @ b + b0
        return 1 / (1 + np.exp(-eta))
    ms, s = timed(score, runs)
    res["score_numpy"] = ms
    # The buildFeatures-shaped design the score stage wrote (its columns as doubles, column-major).
    bf_path = f"{data}/score-features.f64"
    if os.path.exists(bf_path):
        with open(bf_path + ".json") as fh:
            meta = json.load(fh)
        F = np.fromfile(bf_path, dtype=np.float64).reshape(meta["p"], meta["n"]).T  # n x p, Fortran order
        bf, bf0 = np.array(meta["coef"]), meta["intercept"]
        ms, _ = timed(lambda: 1 / (1 + np.exp(-(F @ bf + bf0))), runs)
        res["score_numpy_features"] = ms
    k = int(np.ceil(0.02 * len(s)))
    ms, _ = timed(lambda: np.argpartition(-s, k - 1)[:k], runs)
    res["top2_argpartition"] = ms
    print(json.dumps(res))

main()
