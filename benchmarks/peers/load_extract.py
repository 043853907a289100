"""pandas peer of the load-extract benchmark: reads the extract's three CSV files as an analyst
would, in this process, and prints one JSON object (median wall and CPU ms, peak RSS).

Usage: python3 load_extract.py EXTRACT_DIR RUNS

What pandas does (pandas 1.5 here; the same call works in 2.x): read_csv with the C parser,
ids as str, coded columns as category, and every date column parsed with parse_dates and
dayfirst=True (dd/mm/yyyy), cache_dates left at its default (True: each distinct date string
is parsed once). No validation, no joins between the files: three DataFrames.
"""
import json, os, resource, statistics, sys, time

import pandas as pd

CALLS = {
    "patients": dict(dtype={"nhs_pseudo_id": str, "practice_code": "category", "gender": "category", "ethnic_category": "category",
                            "care_home_flag": "category", "national_opt_out": "category"},
                     parse_dates=["dob", "date_of_death", "registration_start_date", "registration_end_date"], dayfirst=True),
    "activity": dict(dtype={"nhs_pseudo_id": str, "pod": "category", "admimeth": "category", "diag_01": "category"},
                     parse_dates=["admidate", "disdate"], dayfirst=True),
    "conditions": dict(dtype={"nhs_pseudo_id": str, "cluster": "category"}, parse_dates=["event_date", "resolved_date"], dayfirst=True),
}

def load(d):
    return {name: pd.read_csv(os.path.join(d, f"{name}.csv"), **kw) for name, kw in CALLS.items()}

def main():
    d, runs = sys.argv[1], int(sys.argv[2])
    wall, cpu, frames = [], [], None
    for _ in range(runs):
        frames = None
        t, c = time.perf_counter(), time.process_time()
        frames = load(d)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    rows = {k: len(v) for k, v in frames.items()}
    dtypes = {k: {c: str(t) for c, t in v.dtypes.items()} for k, v in frames.items()}
    print(json.dumps({"pandas": pd.__version__, "ms": statistics.median(wall), "cpuMs": statistics.median(cpu), "runs": runs, "rows": rows,
                      "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "dtypes": dtypes,
                      "call": "pd.read_csv(path, dtype={ids: str, codes: 'category'}, parse_dates=[every date column], dayfirst=True)"}))

main()
