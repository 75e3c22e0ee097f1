#!/usr/bin/python3
# generate.py — writes the CSVs of the pctdash demo region (Wessmoor SHA)
#
# Copyright 2026 The pctdash authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: /usr/bin/python3 data/demo/generate.py data/demo
#
# Standard library only. Every random draw comes from a random.Random seeded with a
# fixed string naming the series it belongs to, so the output is byte-for-byte the
# same on every run, and changing one series does not reshuffle the others.
# README.md beside this file describes the region and the stories hidden in it.

import calendar
import csv
import math
import os
import random
import sys

SEED = "wessmoor-2007"

YEARS = ["2007/08", "2008/09", "2009/10", "2010/11", "2011/12"]
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
N_MONTHS = 12 * len(YEARS)
CQUIN_YEARS = [2, 3, 4]                       # 2009/10 onwards: CQUIN began in 2009/10
CQUIN_PERCENT = {2: "0.5", 3: "1.5", 4: "1.5"}

NORTH = "Wessmoor North"
SOUTH = "Wessmoor South"


def rng (*parts):
  """A generator private to one series, named by @parts."""
  return random.Random (":".join ([SEED] + [str (p) for p in parts]))


def calendar_month (t):
  """(calendar year, calendar month) of month index @t, 0 = April 2007."""
  return 2007 + (t + 3) // 12, (t + 3) % 12 + 1


def period (t):
  y, m = calendar_month (t)
  return "%04d-%02d" % (y, m)


def winter (t):
  """How deep into winter month @t is: 0 in summer, 1 in January."""
  return {11: 0.4, 12: 0.9, 1: 1.0, 2: 0.8, 3: 0.4}.get (calendar_month (t)[1], 0.0)


def ramp (t, start, end):
  """0 before @start, rising linearly to 1 at @end (month indices)."""
  if t <= start:
    return 0.0
  if t >= end:
    return 1.0
  return (t - start) / (end - start)


def month_index (year, month):
  return (year - 2007) * 12 + month - 4


def poisson (lam, r):
  if lam <= 0:
    return 0
  if lam > 40:
    return max (0, int (round (r.gauss (lam, math.sqrt (lam)))))
  limit = math.exp (-lam)
  k = 0
  p = r.random ()
  while p > limit:
    k += 1
    p *= r.random ()
  return k


def binomial (n, p, r):
  p = min (max (p, 0.0), 1.0)
  if n <= 60:
    return sum (1 for _ in range (n) if r.random () < p)
  sd = math.sqrt (n * p * (1 - p))
  return min (n, max (0, int (round (r.gauss (n * p, sd)))))


def pounds (pence):
  sign = "-" if pence < 0 else ""
  pence = abs (pence)
  return "%s%d.%02d" % (sign, pence // 100, pence % 100)


def fmt (x, decimals=2):
  return "%.*f" % (decimals, x)


# ---------------------------------------------------------------------------------------
# Organisations

# code, name, cluster, weighted population, allocation per weighted head in 2007/08 (£)
COMMISSIONERS = [
  ("5Z1", "Northvale PCT", NORTH, 312400, 1432),
  ("5Z2", "Harrowden PCT", NORTH, 268900, 1468),
  ("0Y5", "Fenmoor PCT", NORTH, 198300, 1395),
  ("5Z3", "Redmarsh PCT", NORTH, 355200, 1451),
  ("5Z4", "Brackenfield PCT", NORTH, 241700, 1417),
  ("5Z5", "Eastmere PCT", SOUTH, 402600, 1489),
  ("5Z6", "Saltcombe and Westley PCT", SOUTH, 287100, 1402),
  ("5Z7", "Corvell PCT", SOUTH, 221800, 1447),
  ("0Y7", "Tollerton Vale PCT", SOUTH, 176500, 1386),
  ("5Z8", "Kestrel Downs PCT", SOUTH, 249300, 1421),
]

# code, name, type, cluster, size (bed days a month; for ambulance Category A calls)
PROVIDERS = [
  ("R9A", "Northvale General Hospital NHS Foundation Trust", "acute", NORTH, 22000),
  ("R9B", "Harrowden Valley Hospitals NHS Foundation Trust", "acute", NORTH, 18500),
  ("R9C", "Redmarsh Royal Infirmary NHS Trust", "acute", NORTH, 20000),
  ("R9D", "Eastmere Hospitals NHS Trust", "acute", SOUTH, 29000),
  ("R9E", "Saltcombe District Hospital NHS Trust", "acute", SOUTH, 12500),
  ("R9F", "Corvell and Tollerton Hospitals NHS Foundation Trust", "acute", SOUTH, 16000),
  ("R9G", "Wessmoor Heart and Chest Hospital NHS Foundation Trust", "specialist", NORTH, 5200),
  ("R9H", "Wessmoor Children's Hospital NHS Foundation Trust", "specialist", SOUTH, 4300),
  ("R9J", "Northvale and Fenmoor Community Health NHS Trust", "community", NORTH, 2600),
  ("R9K", "Redmarsh and Brackenfield Community Services NHS Trust", "community", NORTH, 3100),
  ("R9L", "Eastmere Community Healthcare NHS Trust", "community", SOUTH, 3400),
  ("R9M", "Saltcombe, Corvell and Kestrel Community Services NHS Trust", "community", SOUTH, 2200),
  ("R9N", "Wessmoor North Partnership NHS Foundation Trust", "mental_health", NORTH, 8200),
  ("R9P", "Eastmere and Saltcombe Mental Health NHS Trust", "mental_health", SOUTH, 7600),
  ("R9Q", "Tollerton Vale Mental Health NHS Trust", "mental_health", SOUTH, 5900),
  ("R9R", "North Wessmoor Ambulance Service NHS Trust", "ambulance", NORTH, 3600),
  ("R9S", "South Wessmoor Ambulance Service NHS Trust", "ambulance", SOUTH, 4200),
  ("Y9A", "Fenmoor Primary Care Partnership", "primary_care", NORTH, 9000),
  ("Y9B", "Harrowden GP Out-of-Hours Service", "primary_care", NORTH, 7000),
  ("Y9C", "Eastmere Walk-in Centre", "primary_care", SOUTH, 12000),
  ("Y9D", "Kestrel Downs Health Centre", "primary_care", SOUTH, 8000),
  ("NZ1", "Meadowbank Independent Treatment Centre", "independent", NORTH, 900),
  ("NZ2", "Greyfell Private Hospital", "independent", NORTH, 650),
  ("NZ3", "Larkspur Surgical Centre", "independent", SOUTH, 380),
  ("NZ4", "Kestrel Diagnostics Ltd", "independent", SOUTH, 0),
]
PTYPE = {p[0]: p[2] for p in PROVIDERS}
PSIZE = {p[0]: p[4] for p in PROVIDERS}

# Each commissioner's main providers: acute contracts split between up to three trusts.
CONTRACTS = {
  "5Z1": dict (acute=[("R9A", 0.80), ("R9B", 0.12), ("R9G", 0.08)], community="R9J", mh="R9N", amb="R9R", indep="NZ1"),
  "5Z2": dict (acute=[("R9B", 0.78), ("R9A", 0.14), ("R9G", 0.08)], community="R9K", mh="R9N", amb="R9R", indep="NZ2"),
  "0Y5": dict (acute=[("R9A", 0.60), ("R9B", 0.32), ("R9H", 0.08)], community="R9J", mh="R9N", amb="R9R", indep="NZ1"),
  "5Z3": dict (acute=[("R9C", 0.75), ("R9B", 0.15), ("R9G", 0.10)], community="R9K", mh="R9N", amb="R9R", indep="NZ2"),
  "5Z4": dict (acute=[("R9C", 0.55), ("R9B", 0.35), ("R9H", 0.10)], community="R9K", mh="R9N", amb="R9R", indep="NZ1"),
  "5Z5": dict (acute=[("R9D", 0.85), ("R9H", 0.08), ("R9G", 0.07)], community="R9L", mh="R9P", amb="R9S", indep="NZ3"),
  "5Z6": dict (acute=[("R9E", 0.70), ("R9D", 0.22), ("R9G", 0.08)], community="R9M", mh="R9P", amb="R9S", indep="NZ4"),
  "5Z7": dict (acute=[("R9F", 0.75), ("R9E", 0.17), ("R9H", 0.08)], community="R9M", mh="R9Q", amb="R9S", indep="NZ3"),
  "0Y7": dict (acute=[("R9F", 0.70), ("R9D", 0.22), ("R9G", 0.08)], community="R9M", mh="R9Q", amb="R9S", indep="NZ4"),
  "5Z8": dict (acute=[("R9E", 0.50), ("R9F", 0.42), ("R9H", 0.08)], community="R9L", mh="R9Q", amb="R9S", indep="NZ3"),
}

STORY_DRIFT_TRUST = "R9B"      # story 1: safety and experience drift worse from mid-2010
STORY_ACUTE_PCT = "5Z3"        # story 2: acute-heavy, community-light commissioner
STORY_CQUIN_TRUST = "R9E"      # story 3: VTE risk assessment improves after its 2009/10 CQUIN


def write_csv (out_dir, name, header, rows):
  path = os.path.join (out_dir, name)
  with open (path, "w", encoding="utf-8", newline="") as f:
    w = csv.writer (f, lineterminator="\n")
    w.writerow (header)
    w.writerows (rows)


def organisation_rows ():
  rows = []
  for code, name, cluster, pop, _ in COMMISSIONERS:
    rows.append ([code, name, "commissioner", "pct", cluster, str (pop)])
  for code, name, ptype, cluster, _ in PROVIDERS:
    rows.append ([code, name, "provider", ptype, cluster, ""])
  return rows


# ---------------------------------------------------------------------------------------
# Money: allocations and spend

CATEGORIES = [
  # category, base share (relative), contract kind (None: no provider)
  ("Acute contracts", 52.0, "acute"),
  ("Community nursing", 5.6, "community"),
  ("Health visiting", 1.8, "community"),
  ("Mental health", 10.8, "mh"),
  ("Primary care (GMS/PMS)", 8.6, None),
  ("Prescribing", 10.6, None),
  ("Continuing care", 3.6, None),
  ("Ambulance", 2.3, "amb"),
  ("Maternity", 2.2, None),
  ("Learning disabilities", 2.2, None),
  ("Dental", 2.1, None),
  ("Pharmacy and optometry", 1.1, None),
  ("Independent sector", 1.6, "indep"),
  ("Public health", 1.3, None),
  ("Running costs", 2.4, None),
]

# Spend as a share of allocation, per commissioner and year. Most stay just inside their
# allocation; Redmarsh overspends from 2009/10 and Kestrel Downs and Fenmoor tip over
# when the cash goes flat in 2011/12.
SPEND_RATIO = {
  "5Z1": [0.991, 0.994, 0.996, 0.997, 0.995],
  "5Z2": [0.988, 0.993, 0.995, 0.998, 0.996],
  "0Y5": [0.994, 0.996, 0.998, 0.999, 1.007],
  "5Z3": [0.995, 0.998, 1.004, 1.012, 1.021],
  "5Z4": [0.989, 0.992, 0.994, 0.996, 0.993],
  "5Z5": [0.993, 0.995, 0.997, 0.998, 0.997],
  "5Z6": [0.987, 0.991, 0.994, 0.996, 0.994],
  "5Z7": [0.992, 0.995, 0.996, 0.998, 0.996],
  "0Y7": [0.990, 0.993, 0.996, 0.997, 0.995],
  "5Z8": [0.993, 0.996, 0.998, 0.999, 1.006],
}


def allocations ():
  """{commissioner: [pence per year]}: 5.5 % growth to 2010/11, flat cash in 2011/12."""
  result = {}
  for code, _, _, pop, per_head in COMMISSIONERS:
    pence = int (round (pop * per_head / 1000.0)) * 1000 * 100
    years = [pence]
    for y in range (1, len (YEARS)):
      if y <= 3:
        pence = (pence * 1055 + 500) // 1000
      years.append (pence)
    result[code] = years
  return result


def category_shares (code, y):
  """Shares of a commissioner's spend by category in year index @y, summing to 1."""
  r = rng ("shares", code)
  shares = {}
  for cat, base, _ in CATEGORIES:
    s = base * (1.0 + r.gauss (0.0, 0.05))
    if cat == "Prescribing":
      s *= 1.0 - 0.012 * y
    elif cat == "Continuing care":
      s *= 1.0 + 0.05 * y
    elif cat == "Running costs" and y >= 3:
      s *= 0.92 if y == 3 else 0.82
    elif cat == "Acute contracts":
      s *= 1.0 + 0.004 * y
    if code == STORY_ACUTE_PCT:
      if cat == "Acute contracts":
        s *= 1.36 + 0.02 * y
      elif cat == "Community nursing":
        s *= 0.47 - 0.02 * y
      elif cat == "Health visiting":
        s *= 0.42 - 0.015 * y
      elif cat in ("Continuing care", "Public health"):
        s *= 0.85
    shares[cat] = s
  total = sum (shares.values ())
  return {cat: s / total for cat, s in shares.items ()}


MONTH_PROFILE = {
  # calendar month adjustments by category, on top of a flat 1/12
  "Acute contracts": {12: 0.03, 1: 0.04, 2: 0.02, 3: 0.03, 8: -0.04},
  "Prescribing": {12: 0.04, 2: -0.04, 3: 0.02},
  "Continuing care": {1: 0.03, 2: 0.02},
  "Running costs": {3: 0.15},
  "Public health": {3: 0.10},
}


def month_weights (code, cat, y):
  r = rng ("profile", code, cat, y)
  w = []
  for m in range (12):
    cal = (m + 3) % 12 + 1
    w.append (max (0.5, 1.0 + MONTH_PROFILE.get (cat, {}).get (cal, 0.0) + r.gauss (0.0, 0.015)))
  total = sum (w)
  return [x / total for x in w]


def spend_rows (alloc):
  """Spend rows and {(commissioner, year index, provider, kind): annual pence}."""
  rows = []
  contract_totals = {}
  for code, _, _, _, _ in COMMISSIONERS:
    contracts = CONTRACTS[code]
    for y, year in enumerate (YEARS):
      total = alloc[code][y] * SPEND_RATIO[code][y]
      shares = category_shares (code, y)
      for cat, _, kind in CATEGORIES:
        annual = total * shares[cat]
        weights = month_weights (code, cat, y)
        if kind is None:
          split = [("", 1.0)]
        elif kind == "acute":
          r = rng ("acute-split", code, y)
          split = [(p, s * (1.0 + r.gauss (0.0, 0.03))) for p, s in contracts["acute"]]
          norm = sum (s for _, s in split)
          split = [(p, s / norm) for p, s in split]
        else:
          split = [(contracts[kind], 1.0)]
        for m in range (12):
          for prov, share in split:
            pence = int (round (annual * weights[m] * share))
            rows.append ([code, year, MONTHS[m], cat, prov, pounds (pence)])
            if prov:
              key = (code, y, prov, kind)
              contract_totals[key] = contract_totals.get (key, 0) + pence
  return rows, contract_totals


def allocation_rows (alloc):
  rows = []
  for code, _, _, _, _ in COMMISSIONERS:
    for y, year in enumerate (YEARS):
      rows.append ([code, year, pounds (alloc[code][y])])
  return rows


# ---------------------------------------------------------------------------------------
# Provider volumes: one set of denominators per provider and month, shared by indicators

def volumes ():
  vol = {}
  for code, _, ptype, _, size in PROVIDERS:
    r = rng ("volumes", code)
    series = []
    for t in range (N_MONTHS):
      y, m = calendar_month (t)
      days = calendar.monthrange (y, m)[1]
      season = 1.0 + 0.05 * winter (t) - (0.04 if m == 8 else 0.0)
      wobble = 1.0 + r.gauss (0.0, 0.025)
      grow = 1.0 + 0.012 * (t / 12.0)
      v = {}
      if ptype in ("acute", "specialist", "community", "mental_health") or \
         (ptype == "independent" and size > 0):
        bd = int (round (size * season * wobble * grow * days / 30.4))
        v["bed_days"] = bd
        v["occupied_beds"] = max (1, int (round (bd / days)))
      if ptype == "acute":
        adm = int (round (v["bed_days"] * 0.26 * (1.0 + r.gauss (0.0, 0.02))))
        v["admissions"] = adm
        v["electives"] = int (round (adm * 0.42 * (1.0 + r.gauss (0.0, 0.03))))
        v["attendances"] = int (round (size * 0.42 * grow * (1.0 + 0.03 * winter (t)) *
                                       (1.0 + r.gauss (0.0, 0.03)) * days / 30.4))
        v["contacts"] = int (round (v["bed_days"] * 2.8 * (1.0 + r.gauss (0.0, 0.02))))
        v["staff"] = int (round (size / 4.6 * (1.0 + 0.01 * t / 12.0)))
        v["stroke"] = max (10, int (round (size / 300.0 * (1.0 + r.gauss (0.0, 0.12)))))
        v["expected_deaths"] = round (adm * 0.028 * (1.0 + 0.12 * winter (t)) *
                                      (1.0 + r.gauss (0.0, 0.03)), 1)
        v["fft"] = int (round (adm * 0.15 * (1.0 + r.gauss (0.0, 0.06))))
        v["ip_survey"] = int (round (v["bed_days"] / 55.0 * (1.0 + r.gauss (0.0, 0.06))))
        v["rtt"] = int (round (v["electives"] * 0.8 * (1.0 + r.gauss (0.0, 0.03))))
      elif ptype == "specialist":
        adm = int (round (v["bed_days"] * 0.18 * (1.0 + r.gauss (0.0, 0.02))))
        v["admissions"] = adm
        v["electives"] = int (round (adm * 0.6 * (1.0 + r.gauss (0.0, 0.03))))
        v["contacts"] = int (round (v["bed_days"] * 3.0 * (1.0 + r.gauss (0.0, 0.02))))
        v["staff"] = int (round (size / 3.2))
        v["fft"] = int (round (adm * 0.18 * (1.0 + r.gauss (0.0, 0.06))))
        v["ip_survey"] = int (round (v["bed_days"] / 45.0 * (1.0 + r.gauss (0.0, 0.06))))
        v["rtt"] = int (round (v["electives"] * 0.85 * (1.0 + r.gauss (0.0, 0.03))))
      elif ptype == "community":
        v["contacts"] = int (round (size * 11.0 * (1.0 + r.gauss (0.0, 0.03)) * grow))
        v["staff"] = int (round (size * 0.55))
        v["fft"] = int (round (v["contacts"] * 0.008 * (1.0 + r.gauss (0.0, 0.08))))
        v["hv_births"] = int (round (size * 0.09 * (1.0 + r.gauss (0.0, 0.05))))
      elif ptype == "mental_health":
        v["contacts"] = int (round (size * 1.5 * (1.0 + r.gauss (0.0, 0.03)) * grow))
        v["staff"] = int (round (size / 3.4))
        v["cpa"] = max (20, int (round (size / 110.0 * (1.0 + r.gauss (0.0, 0.1)))))
        v["fft"] = int (round (v["contacts"] * 0.015 * (1.0 + r.gauss (0.0, 0.08))))
      elif ptype == "ambulance":
        v["cat_a"] = int (round (size * (1.0 + 0.06 * winter (t)) * grow * (1.0 + r.gauss (0.0, 0.03))))
        v["contacts"] = int (round (v["cat_a"] * 5.3 * (1.0 + r.gauss (0.0, 0.02))))
        v["arrests"] = max (15, int (round (v["cat_a"] / 70.0 * (1.0 + r.gauss (0.0, 0.1)))))
        v["staff"] = int (round (size * 0.6))
      elif ptype == "primary_care":
        v["contacts"] = int (round (size * (1.0 + 0.08 * winter (t)) * (1.0 + r.gauss (0.0, 0.03))))
        v["gp_survey"] = int (round (size * 0.045 * (1.0 + r.gauss (0.0, 0.08))))
        v["diabetics"] = int (round (size * 0.42 * (1.0 + 0.04 * t / 12.0)))
        v["fft"] = int (round (v["contacts"] * 0.04 * (1.0 + r.gauss (0.0, 0.08))))
      elif ptype == "independent":
        if size > 0:
          v["electives"] = int (round (size * 0.75 * (1.0 + r.gauss (0.0, 0.05))))
          v["admissions"] = v["electives"]
          v["rtt"] = int (round (v["electives"] * 0.9))
          v["contacts"] = int (round (v["electives"] * 4.2 * (1.0 + r.gauss (0.0, 0.03))))
          v["fft"] = int (round (v["electives"] * 0.35 * (1.0 + r.gauss (0.0, 0.06))))
        else:
          v["contacts"] = int (round (3000 * (1.0 + r.gauss (0.0, 0.04)) * grow))
          v["fft"] = int (round (v["contacts"] * 0.2 * (1.0 + r.gauss (0.0, 0.06))))
      if "staff" in v:
        v["stability_base"] = v["staff"]
        v["fte_days"] = int (round (v["staff"] * 0.86 * days * 5.0 / 7.0))
        v["paybill"] = int (round (v["staff"] * 3100.0 * (1.025 ** (t / 12.0)) *
                                   (1.0 + r.gauss (0.0, 0.01))))
      series.append (v)
    vol[code] = series
  return vol


# ---------------------------------------------------------------------------------------
# Indicators

NHS_TRUSTS = ("acute", "specialist", "community", "mental_health", "ambulance")
INPATIENT = ("acute", "specialist", "community", "mental_health")

# code, name, domain, unit, polarity, target, multiplier, source, provider types,
# denominator volume (None: a count), levels by type, provider spread, month spread.
# For proportions levels are percentages and spreads percentage points; for rates the
# level is per multiplier and spreads are relative; for means and ratios absolute.
INDICATORS = [
  ("FALLS", "Inpatient falls per 1,000 bed days", "safety", "rate", "lower", None, 1000,
   "Provider monthly quality report (Datix)", INPATIENT, "bed_days",
   {"acute": 5.4, "specialist": 3.2, "community": 7.8, "mental_health": 6.1}, 0.12, 0.06),
  ("PU", "Hospital-acquired pressure ulcers (grade 2-4) per 1,000 bed days", "safety", "rate",
   "lower", None, 1000, "Provider monthly quality report (Datix)",
   ("acute", "specialist", "community"), "bed_days",
   {"acute": 1.3, "specialist": 0.8, "community": 2.4}, 0.15, 0.08),
  ("HFC", "Patients receiving harm-free care (safety thermometer) %", "safety", "proportion",
   "higher", 95, 100, "Safety thermometer point prevalence survey", INPATIENT, "occupied_beds",
   {"acute": 93.6, "specialist": 95.0, "community": 91.2, "mental_health": 96.0}, 1.0, 0.6),
  ("MRSA", "MRSA bacteraemia (post-48 hour cases)", "safety", "count", "lower", 0, 1,
   "HCAI data capture system", ("acute", "specialist"), None,
   {"acute": 0.045, "specialist": 0.03}, 0.2, 0.0),
  ("CDIFF", "C. difficile infections per 100,000 bed days", "safety", "rate", "lower", None,
   100000, "HCAI data capture system", ("acute", "specialist", "community"), "bed_days",
   {"acute": 42.0, "specialist": 20.0, "community": 15.0}, 0.15, 0.08),
  ("VTE", "Adult admissions risk-assessed for VTE %", "safety", "proportion", "higher", 90, 100,
   "Provider monthly quality report", ("acute", "specialist", "independent"), "admissions",
   {"acute": 90.5, "specialist": 92.0, "independent": 95.5}, 1.2, 0.7),
  ("MEDERR", "Medication errors causing harm per 1,000 bed days", "safety", "rate", "lower",
   None, 1000, "Provider monthly quality report (Datix)", INPATIENT, "bed_days",
   {"acute": 0.42, "specialist": 0.35, "community": 0.5, "mental_health": 0.55}, 0.15, 0.05),
  ("INCRPT", "Patient safety incidents reported per 1,000 bed days", "safety", "rate",
   "neutral", None, 1000, "National Reporting and Learning System", INPATIENT, "bed_days",
   {"acute": 34.0, "specialist": 41.0, "community": 38.0, "mental_health": 29.0}, 0.12, 0.05),
  ("READM28", "Emergency readmissions within 28 days of discharge %", "effectiveness",
   "proportion", "lower", None, 100, "Secondary Uses Service (SUS)",
   ("acute", "specialist", "independent"), "admissions",
   {"acute": 7.4, "specialist": 5.1, "independent": 1.6}, 0.5, 0.25),
  ("HSMR", "Hospital standardised mortality ratio (100 = expected)", "effectiveness", "ratio",
   "lower", 100, 100, "Mortality monitoring (observed / expected deaths)", ("acute",),
   "expected_deaths", {"acute": 100.0}, 4.0, 2.0),
  ("STROKE90", "Stroke patients spending 90 % of their stay on a stroke unit %",
   "effectiveness", "proportion", "higher", 80, 100, "Stroke audit", ("acute",), "stroke",
   {"acute": 79.0}, 3.0, 2.0),
  ("RTT18", "Admitted patients treated within 18 weeks of referral %", "effectiveness",
   "proportion", "higher", 90, 100, "RTT monthly return",
   ("acute", "specialist", "independent"), "rtt",
   {"acute": 92.4, "specialist": 90.8, "independent": 97.0}, 1.0, 0.6),
  ("AE4H", "A&E patients seen within 4 hours %", "effectiveness", "proportion", "higher", 95,
   100, "A&E weekly sitrep (monthly total)", ("acute",), "attendances",
   {"acute": 97.8}, 0.5, 0.35),
  ("DTOC", "Delayed transfers of care, % of occupied bed days", "effectiveness",
   "proportion", "lower", 3.5, 100, "Delayed transfers of care monthly return",
   ("acute", "community", "mental_health"), "bed_days",
   {"acute": 3.1, "community": 6.2, "mental_health": 3.8}, 0.5, 0.3),
  ("CPA7", "Patients on CPA followed up within 7 days of discharge %", "effectiveness",
   "proportion", "higher", 95, 100, "Mental health minimum data set", ("mental_health",),
   "cpa", {"mental_health": 96.5}, 1.0, 0.5),
  ("CATA8", "Category A calls answered within 8 minutes %", "effectiveness", "proportion",
   "higher", 75, 100, "Ambulance quality indicators", ("ambulance",), "cat_a",
   {"ambulance": 76.2}, 1.0, 0.8),
  ("ROSC", "Cardiac arrest patients with ROSC on arrival at hospital %", "effectiveness",
   "proportion", "higher", None, 100, "Ambulance quality indicators", ("ambulance",),
   "arrests", {"ambulance": 23.5}, 1.5, 0.5),
  ("HBA1C", "Diabetic patients with HbA1c 59 mmol/mol or less %", "effectiveness",
   "proportion", "higher", None, 100, "Practice clinical system extract", ("primary_care",),
   "diabetics", {"primary_care": 64.0}, 3.0, 0.4),
  ("GPACCESS", "Patients able to see a GP within 48 hours %", "experience", "proportion",
   "higher", None, 100, "Practice patient survey", ("primary_care",), "gp_survey",
   {"primary_care": 84.0}, 3.0, 1.0),
  ("FFT", "Patients who would recommend the service to friends and family %", "experience",
   "proportion", "higher", None, 100, "Friends and family survey",
   ("acute", "specialist", "community", "mental_health", "primary_care", "independent"), "fft",
   {"acute": 91.5, "specialist": 94.5, "community": 95.0, "mental_health": 86.0,
    "primary_care": 88.0, "independent": 97.0}, 1.5, 0.8),
  ("IPSURVEY", "Real-time inpatient survey: overall experience score (0-100)", "experience",
   "mean", "higher", None, 1, "Real-time patient experience survey", ("acute", "specialist"),
   "ip_survey", {"acute": 79.5, "specialist": 83.0}, 1.5, 0.6),
  ("MSA", "Mixed-sex accommodation breaches", "experience", "count", "lower", 0, 1,
   "Mixed-sex accommodation monthly return", ("acute", "specialist", "mental_health"), None,
   {"acute": 1.2, "specialist": 0.4, "mental_health": 0.5}, 0.3, 0.0),
  ("COMPLAINTS", "Formal complaints per 1,000 patient contacts", "experience", "rate", "lower",
   None, 1000, "Complaints register (Datix)",
   ("acute", "specialist", "community", "mental_health", "ambulance", "primary_care",
    "independent"), "contacts",
   {"acute": 0.55, "specialist": 0.45, "community": 0.28, "mental_health": 0.95,
    "ambulance": 0.38, "primary_care": 0.45, "independent": 0.6}, 0.12, 0.05),
  ("CANCOPS", "Operations cancelled on the day for non-clinical reasons, % of electives",
   "experience", "proportion", "lower", 0.8, 100, "Cancelled operations quarterly return",
   ("acute", "specialist", "independent"), "electives",
   {"acute": 0.85, "specialist": 1.1, "independent": 0.6}, 0.15, 0.1),
  ("RETENTION", "Staff stability index (staff in post a year ago still in post) %", "resources",
   "proportion", "higher", None, 100, "Electronic staff record", NHS_TRUSTS, "stability_base",
   {"acute": 88.5, "specialist": 89.5, "community": 87.5, "mental_health": 87.0,
    "ambulance": 91.0}, 1.0, 0.25),
  ("SICKNESS", "Sickness absence, % of FTE days available", "resources", "proportion", "lower",
   3.5, 100, "Electronic staff record", NHS_TRUSTS, "fte_days",
   {"acute": 4.1, "specialist": 3.8, "community": 4.6, "mental_health": 5.0,
    "ambulance": 5.4}, 0.3, 0.18),
  ("CHPPD", "Care hours per patient day (nursing and care staff)", "resources", "mean",
   "neutral", None, 1, "Safer staffing return", INPATIENT, "bed_days",
   {"acute": 7.9, "specialist": 10.6, "community": 8.8, "mental_health": 10.1}, 0.3, 0.07),
  ("AGENCY", "Agency staff spend, % of pay bill", "resources", "proportion", "lower", None, 100,
   "Provider monthly finance return (£)", NHS_TRUSTS, "paybill",
   {"acute": 3.8, "specialist": 3.2, "community": 4.4, "mental_health": 5.1,
    "ambulance": 2.6}, 0.6, 0.35),
]

# Story 1: how far each indicator at R9B has moved by March 2012 (additive for
# proportions, means and ratios; a factor for rates and counts). The drift starts in
# June 2010; care hours per patient day fall first, from April 2010, when the trust cut
# nursing posts to meet its savings target.
STORY1_DRIFT = {
  "FALLS": 1.65, "PU": 1.9, "HFC": -5.5, "MEDERR": 1.7, "INCRPT": 0.7, "CDIFF": 1.9,
  "READM28": 1.4, "HSMR": 24.0, "STROKE90": -11.0, "AE4H": -1.8, "FFT": -8.5,
  "IPSURVEY": -8.0, "MSA": 6.0, "COMPLAINTS": 2.3, "CANCOPS": 0.9,
  "RETENTION": -4.5, "SICKNESS": 1.3, "AGENCY": 3.2,
}
STORY1_START = month_index (2010, 6)
STORY1_END = month_index (2012, 3)
STORY1_STAFFING_START = month_index (2010, 4)

# Story 3: VTE risk assessment at R9E, poor until its 2009/10 CQUIN, then a sustained shift.
STORY3_BEFORE = 57.0
STORY3_AFTER = 92.0
STORY3_START = month_index (2009, 5)
STORY3_END = month_index (2009, 10)

# Ordinary single outliers: (indicator, provider, month index) -> effect.
OUTLIERS = {
  ("FALLS", "R9A", month_index (2009, 1)): ("factor", 1.9),
  ("CDIFF", "R9D", month_index (2008, 2)): ("add_count", 14),
  ("SICKNESS", "R9K", month_index (2009, 11)): ("add", 2.2),
  ("AE4H", "R9F", month_index (2010, 12)): ("add", -7.5),
  ("CATA8", "R9S", month_index (2010, 12)): ("add", -12.0),
  ("FFT", "R9P", month_index (2010, 8)): ("add", -12.0),
}

DECIMALS = {"proportion": 2, "rate": 2, "mean": 2, "ratio": 1, "count": 0}
SMALL_PROVIDERS = ("independent", "primary_care")


def applies (ind, code):
  ptype = PTYPE[code]
  if ptype not in ind[8]:
    return False
  if ptype == "independent" and PSIZE[code] == 0:
    return ind[0] in ("FFT", "COMPLAINTS")
  return True


def seasonal (code_ind, t):
  """Winter pressure, in the indicator's own terms (pp, relative or absolute)."""
  w = winter (t)
  return {
    "AE4H": -1.6 * w, "CATA8": -2.5 * w, "DTOC": 0.8 * w, "SICKNESS": 0.7 * w,
    "CDIFF": 0.15 * w, "HSMR": 0.0, "AGENCY": 0.4 * w, "CANCOPS": 0.25 * w,
  }.get (code_ind, 0.0)


def regional_trend (code_ind, t):
  """The region's real background: HCAI fell steadily over these years."""
  if code_ind == "CDIFF":
    return 1.0 - 0.55 * t / (N_MONTHS - 1)
  if code_ind == "MRSA":
    return 1.0 - 0.6 * t / (N_MONTHS - 1)
  return 1.0


def indicator_rows (vol):
  """Rows of indicator_values.csv and {(indicator, provider, t): (num, den)}."""
  rows = []
  cells = {}
  for ind in INDICATORS:
    code_ind, _, _, unit, _, _, mult, _, _, den_key, levels, prov_sd, month_sd = ind
    for code, _, ptype, _, size in PROVIDERS:
      if not applies (ind, code):
        continue
      r = rng ("indicator", code_ind, code)
      base = levels[ptype]
      if unit in ("rate", "count"):
        base *= max (0.5, 1.0 + r.gauss (0.0, prov_sd))
      else:
        base += r.gauss (0.0, prov_sd)
      if code_ind == "HFC" and ptype == "acute":
        base = min (base, 95.2)
      if code == STORY_CQUIN_TRUST and code_ind == "VTE":
        base = STORY3_BEFORE
      if code == STORY_DRIFT_TRUST and code_ind == "HSMR":
        base = 101.0            # an ordinary trust until the drift starts
      for t in range (N_MONTHS):
        v = vol[code][t]
        den = v[den_key] if den_key else None
        drift = 0.0
        if code == STORY_DRIFT_TRUST and code_ind in STORY1_DRIFT:
          drift = ramp (t, STORY1_START, STORY1_END)
        outlier = OUTLIERS.get ((code_ind, code, t))
        if unit == "proportion":
          p = base + seasonal (code_ind, t) + r.gauss (0.0, month_sd)
          if drift:
            p += STORY1_DRIFT[code_ind] * drift
          if code == STORY_CQUIN_TRUST and code_ind == "VTE":
            p += (STORY3_AFTER - STORY3_BEFORE) * ramp (t, STORY3_START, STORY3_END)
          if outlier and outlier[0] == "add":
            p += outlier[1]
          num = binomial (den, p / 100.0, r)
        elif unit == "rate":
          lam = den * base / mult * (1.0 + seasonal (code_ind, t)) * regional_trend (code_ind, t)
          lam *= max (0.2, 1.0 + r.gauss (0.0, month_sd))
          if drift:
            if code_ind == "CDIFF":
              # R9B stops following the region's fall and climbs back.
              lam *= (1.0 + (STORY1_DRIFT[code_ind] - 1.0) * drift) / \
                     regional_trend (code_ind, t) * regional_trend (code_ind, STORY1_START)
            else:
              lam *= 1.0 + (STORY1_DRIFT[code_ind] - 1.0) * drift
          if outlier and outlier[0] == "factor":
            lam *= outlier[1]
          num = poisson (lam, r)
          if outlier and outlier[0] == "add_count":
            num += outlier[1]
        elif unit == "count":
          lam = base * (size / 20000.0 if ptype in ("acute", "specialist") else 1.0)
          if code_ind == "MRSA":
            lam = base * size / 1000.0
          lam *= regional_trend (code_ind, t)
          if drift:
            lam *= 1.0 + (STORY1_DRIFT[code_ind] - 1.0) * drift
          num = poisson (lam, r)
        elif unit == "mean":
          mean = base + r.gauss (0.0, month_sd)
          if code_ind == "CHPPD" and code == STORY_DRIFT_TRUST:
            mean -= 0.55 * ramp (t, STORY1_STAFFING_START, STORY1_STAFFING_START + 3)
            mean -= 0.35 * ramp (t, STORY1_START, STORY1_END)
          if drift:
            mean += STORY1_DRIFT[code_ind] * drift
          if code_ind == "IPSURVEY":
            # sampling error of a mean of 0-100 scores with a spread of about 17
            mean += r.gauss (0.0, 17.0 / math.sqrt (den))
          num = int (round (mean * den))
        elif unit == "ratio":
          ratio = base + r.gauss (0.0, month_sd) + (STORY1_DRIFT[code_ind] * drift if drift else 0.0)
          num = poisson (den * ratio / 100.0, r)
        cells[(code_ind, code, t)] = (num, den)

        decimals = DECIMALS[unit]
        if den is None:
          value = str (num)
          den_text = ""
        else:
          value = fmt (num / den * mult, decimals) if den else ""
          den_text = fmt (den, 1) if isinstance (den, float) else str (den)
        num_text = str (num)
        if ptype in SMALL_PROVIDERS and 1 <= num <= 4:
          num_text = "*"
          value = "*"
        rows.append ([code_ind, code, period (t), num_text, den_text, value])
  return rows, cells


def indicator_definition_rows ():
  rows = []
  for ind in INDICATORS:
    code, name, domain, unit, polarity, target, mult, source = ind[:8]
    rows.append ([code, name, domain, unit, polarity, "" if target is None else str (target),
                  str (mult), source])
  return rows


# ---------------------------------------------------------------------------------------
# CQUIN

# code: name, domain, direction, payment rule, matching quality indicator, eligible volume
CQUIN_INDICATORS = {
  "CQ-VTE": ("VTE risk assessment on admission", "safety", "higher", "proportional", "VTE", None),
  "CQ-FFT": ("Patients who would recommend the service to friends and family", "experience",
             "higher", "proportional", "FFT", None),
  "CQ-STROKE": ("Stroke patients spending 90 % of their stay on a stroke unit", "effectiveness",
                "higher", "proportional", "STROKE90", None),
  "CQ-READM": ("Emergency readmissions within 28 days", "effectiveness", "lower",
               "proportional", "READM28", None),
  "CQ-CPA7": ("CPA patients followed up within 7 days of discharge", "effectiveness", "higher",
              "proportional", "CPA7", None),
  "CQ-ROSC": ("Return of spontaneous circulation after cardiac arrest", "effectiveness",
              "higher", "proportional", "ROSC", None),
  "CQ-SMOKE": ("Smokers given brief advice to stop", "effectiveness", "higher", "proportional",
               None, 0.05),
  "CQ-DISCH": ("Discharge summaries sent to the GP within 24 hours", "effectiveness", "higher",
               "proportional", None, 0.9),
  "CQ-NUTR": ("Nutrition risk screening within 24 hours of admission", "safety", "higher",
              "proportional", None, 0.85),
  "CQ-EREF": ("First outpatient appointments booked through Choose and Book", "innovation",
              "higher", "all_or_nothing", None, 0.7),
  "CQ-DEM": ("Emergency admissions over 75 screened for dementia", "effectiveness", "higher",
             "proportional", None, 0.12),
  "CQ-PUCOM": ("Community patients with a pressure ulcer risk assessment", "safety", "higher",
               "proportional", None, 0.02),
  "CQ-EOL": ("End-of-life patients dying in their preferred place", "experience", "higher",
             "proportional", None, 0.002),
  "CQ-HVNB": ("New birth visits by a health visitor within 14 days", "effectiveness", "higher",
              "proportional", None, "hv_births"),
  "CQ-FALLSRA": ("Patients over 65 with a falls risk assessment", "safety", "higher",
                 "proportional", None, 0.01),
  "CQ-TELE": ("Heart failure patients monitored by telehealth", "innovation", "higher",
              "all_or_nothing", None, 0.0015),
  "CQ-PHYS": ("Patients on antipsychotics with an annual physical health check", "effectiveness",
              "higher", "proportional", None, 0.06),
  "CQ-CRISIS": ("Service users with a crisis plan shared with them", "experience", "higher",
                "proportional", None, 0.05),
  "CQ-RECOV": ("Service users with a recovery-focused care plan", "innovation", "higher",
               "all_or_nothing", None, 0.04),
  "CQ-STEMI": ("STEMI patients receiving the full care bundle", "effectiveness", "higher",
               "proportional", None, 0.012),
  "CQ-STROKEB": ("Suspected stroke patients receiving the full care bundle", "effectiveness",
                 "higher", "proportional", None, 0.03),
  "CQ-HANDOVER": ("Hospital handovers taking longer than 30 minutes", "safety", "lower",
                  "all_or_nothing", None, 0.6),
  "CQ-HEAR": ("Calls closed with clinical telephone advice (hear and treat)", "innovation",
              "higher", "all_or_nothing", None, 0.9),
  "CQ-PTSAT": ("Patients satisfied with the ambulance service", "experience", "higher",
               "proportional", None, 0.004),
}

# Where a CQUIN-only indicator starts in 2009/10, percent (direction decides which way is better).
CQUIN_START = {
  "CQ-SMOKE": 48.0, "CQ-DISCH": 71.0, "CQ-NUTR": 74.0, "CQ-EREF": 52.0, "CQ-DEM": 38.0,
  "CQ-PUCOM": 68.0, "CQ-EOL": 51.0, "CQ-HVNB": 79.0, "CQ-FALLSRA": 58.0, "CQ-TELE": 12.0,
  "CQ-PHYS": 46.0, "CQ-CRISIS": 61.0, "CQ-RECOV": 35.0, "CQ-STEMI": 72.0, "CQ-STROKEB": 64.0,
  "CQ-HANDOVER": 14.0, "CQ-HEAR": 6.0, "CQ-PTSAT": 88.0,
}

# Indicators and weights of each provider type's scheme, by year index.
CQUIN_SETS = {
  "acute": {
    2: [("CQ-SMOKE", 30), ("CQ-DISCH", 25), ("CQ-FFT", 25), ("CQ-NUTR", 20)],
    3: [("CQ-VTE", 25), ("CQ-FFT", 20), ("CQ-DISCH", 20), ("CQ-STROKE", 20), ("CQ-EREF", 15)],
    4: [("CQ-VTE", 20), ("CQ-FFT", 20), ("CQ-READM", 20), ("CQ-STROKE", 15), ("CQ-DEM", 15),
        ("CQ-EREF", 10)],
  },
  "community": {
    2: [("CQ-PUCOM", 30), ("CQ-EOL", 25), ("CQ-HVNB", 25), ("CQ-FFT", 20)],
    3: [("CQ-PUCOM", 25), ("CQ-EOL", 20), ("CQ-HVNB", 20), ("CQ-FALLSRA", 20), ("CQ-FFT", 15)],
    4: [("CQ-PUCOM", 20), ("CQ-EOL", 20), ("CQ-HVNB", 20), ("CQ-FALLSRA", 15), ("CQ-TELE", 15),
        ("CQ-FFT", 10)],
  },
  "mental_health": {
    2: [("CQ-CPA7", 30), ("CQ-PHYS", 30), ("CQ-CRISIS", 20), ("CQ-SMOKE", 20)],
    3: [("CQ-CPA7", 25), ("CQ-PHYS", 25), ("CQ-CRISIS", 20), ("CQ-RECOV", 15), ("CQ-FFT", 15)],
    4: [("CQ-CPA7", 20), ("CQ-PHYS", 25), ("CQ-CRISIS", 20), ("CQ-RECOV", 20), ("CQ-FFT", 15)],
  },
  "ambulance": {
    2: [("CQ-STEMI", 30), ("CQ-STROKEB", 30), ("CQ-ROSC", 20), ("CQ-PTSAT", 20)],
    3: [("CQ-STEMI", 25), ("CQ-STROKEB", 25), ("CQ-ROSC", 20), ("CQ-HANDOVER", 15),
        ("CQ-HEAR", 15)],
    4: [("CQ-STEMI", 20), ("CQ-STROKEB", 20), ("CQ-ROSC", 20), ("CQ-HANDOVER", 20),
        ("CQ-HEAR", 20)],
  },
}
# Story 3: Saltcombe's 2009/10 scheme puts VTE risk assessment first.
CQUIN_SETS_OVERRIDE = {
  (STORY_CQUIN_TRUST, 2): [("CQ-VTE", 40), ("CQ-DISCH", 20), ("CQ-FFT", 20), ("CQ-NUTR", 20)],
}


def cquin_set (prov, y):
  return CQUIN_SETS_OVERRIDE.get ((prov, y), CQUIN_SETS[PTYPE[prov]][y])


def quarter_months (y, q):
  first = y * 12 + (q - 1) * 3
  return [first, first + 1, first + 2]


def cquin_achievement (prov, y, code, cells, vol):
  """{quarter: (numerator, denominator)} for one provider's CQUIN indicator in year @y."""
  name, domain, direction, rule, matching, eligible = CQUIN_INDICATORS[code]
  result = {}
  if matching:
    for q in range (1, 5):
      num = den = 0
      for t in quarter_months (y, q):
        n, d = cells[(matching, prov, t)]
        num += n
        den += d
      result[q] = (num, den)
    return result
  r = rng ("cquin-achievement", prov, code)
  start = CQUIN_START[code] + r.gauss (0.0, 4.0)
  pace = 1.0 + r.gauss (0.0, 0.25)
  first = min (yy for yy in CQUIN_YEARS if code in dict (cquin_set (prov, yy)))
  for yy in range (first, y + 1):
    for q in range (1, 5):
      t = quarter_months (yy, q)[1]
      progress = (yy - first) * 4 + q      # quarters since the indicator joined the scheme
      step = 2.2 * pace * progress
      if prov == STORY_DRIFT_TRUST:
        step -= 9.0 * ramp (t, STORY1_START, STORY1_END)
      level = start + step if direction == "higher" else start - step * 0.35
      level += r.gauss (0.0, 1.2)
      level = min (max (level, 1.0), 99.0)
      months = quarter_months (yy, q)
      if isinstance (eligible, str):
        den = sum (vol[prov][m][eligible] for m in months)
      else:
        # @eligible is the share of admissions (acute) or contacts (others) in scope
        basis = "admissions" if PTYPE[prov] == "acute" else "contacts"
        den = max (40, int (round (sum (vol[prov][m][basis] for m in months) * eligible)))
      num = binomial (den, level / 100.0, r)
      if yy == y:
        result[q] = (num, den)
  return result


def cquin_rows (contract_totals, cells, vol):
  scheme_rows = []
  achievement_rows = []
  achieved = {}
  main = []
  for code, _, _, _, _ in COMMISSIONERS:
    c = CONTRACTS[code]
    main.append ((code, c["acute"][0][0], "acute"))
    main.append ((code, c["community"], "community"))
    main.append ((code, c["mh"], "mh"))
    main.append ((code, c["amb"], "amb"))

  for y in CQUIN_YEARS:
    for comm, prov, kind in main:
      contract = contract_totals[(comm, y, prov, kind)]
      for ind_code, weight in cquin_set (prov, y):
        name, domain, direction, rule, matching, _ = CQUIN_INDICATORS[ind_code]
        key = (prov, y, ind_code)
        if key not in achieved:
          achieved[key] = cquin_achievement (prov, y, ind_code, cells, vol)
        # Milestones start from last year's fourth quarter (or, for a new indicator,
        # from where the provider stood) and step towards the year's goal.
        if y > 2 and (prov, y - 1, ind_code) in achieved:
          n, d = achieved[(prov, y - 1, ind_code)][4]
          baseline = 100.0 * n / d
        elif matching:
          n = sum (cells[(matching, prov, t)][0] for t in range (y * 12 - 3, y * 12))
          d = sum (cells[(matching, prov, t)][1] for t in range (y * 12 - 3, y * 12))
          baseline = 100.0 * n / d
        else:
          r0 = rng ("cquin-achievement", prov, ind_code)
          baseline = CQUIN_START[ind_code] + r0.gauss (0.0, 4.0)
        if ind_code == "CQ-VTE" and prov == STORY_CQUIN_TRUST and y == 2:
          goal = 90.0
        elif ind_code == "CQ-VTE":
          goal = max (90.0, min (baseline + 1.0, 97.0))
        elif matching:
          goal = baseline + (1.0 if direction == "higher" else -0.3)
        else:
          goal = baseline + (8.0 if direction == "higher" else -3.0)
        band = 5.0 if direction == "higher" else 2.0
        for q in range (1, 5):
          milestone = baseline + (goal - baseline) * q / 4.0
          milestone = min (max (milestone, 0.5), 99.5)
          if rule == "all_or_nothing":
            lo = hi = milestone
          elif direction == "higher":
            lo, hi = milestone - band, milestone
          else:
            lo, hi = milestone, milestone + band
          scheme_rows.append ([comm, prov, YEARS[y], pounds (contract), CQUIN_PERCENT[y], ind_code,
                               name, domain, str (weight), direction, "Q%d" % q, fmt (lo, 1),
                               fmt (hi, 1), rule])
  for (prov, y, ind_code), quarters in sorted (achieved.items ()):
    for q in range (1, 5):
      n, d = quarters[q]
      achievement_rows.append ([prov, YEARS[y], ind_code, "Q%d" % q, str (n), str (d),
                                fmt (100.0 * n / d, 2)])
  return scheme_rows, achievement_rows


# ---------------------------------------------------------------------------------------
# Events

SI_NOTES = [
  "Grade 4 pressure ulcer, RCA commissioned",
  "Fall with fractured neck of femur on ward",
  "Unexpected death, referred to coroner",
  "Delayed diagnosis in A&E, patient harmed",
  "Insulin administration error, moderate harm",
  "Information governance breach, patient letters misaddressed",
  "Missed deterioration, early warning score not escalated",
  "Healthcare-associated infection outbreak, ward closed",
]
SI_NOTES_COMMUNITY = [
  "Grade 4 pressure ulcer in the community, RCA commissioned",
  "Missed insulin visit, patient admitted",
  "Fall in community hospital, fractured wrist",
]
SI_NOTES_MH = [
  "Unexpected death of a patient in the community",
  "Absconsion from secure ward, returned unharmed",
  "Serious self-harm on an acute ward",
]
SI_NOTES_AMB = [
  "Delayed response to Category A call, patient died",
  "Vehicle collision while on blue lights",
]

STORY1_NEVER_EVENTS = [
  ((2011, 2, 14), "Wrong site surgery: left/right eye confusion, ophthalmology theatre"),
  ((2011, 6, 8), "Retained swab after caesarean section"),
  ((2011, 10, 21), "Misplaced nasogastric tube, not detected before feeding"),
]
OTHER_NEVER_EVENTS = [
  ("R9D", (2008, 11, 5), "Wrong implant, hip replacement (orthopaedics)"),
  ("R9F", (2010, 3, 17), "Retained guidewire after central line insertion"),
]
# Soft intelligence about R9B that a commissioner should have put together with the rest.
STORY1_SOFT = [
  ((2010, 11, 16), "concern", "GP feedback: patients discharged without medicines, letters missing",
   "GP feedback log"),
  ((2011, 3, 24), "concern", "Commissioner site visit: call bells unanswered, patients not helped to eat",
   "Commissioner site visit"),
  ((2011, 5, 10), "concern", "Whistleblower letter from ward staff about nurse staffing on elderly care wards",
   "Chief executive's office"),
  ((2011, 9, 2), "concern", "Local Involvement Network report: dignity, hydration, noise at night",
   "LINk"),
]
OTHER_EVENTS = [
  ("NZ1", (2009, 9, 14), "serious_incident",
   "Post-operative haemorrhage after day-case surgery, transferred to R9A", "STEIS"),
  ("Y9B", (2010, 12, 22), "serious_incident",
   "Out-of-hours call not returned within 20 minutes; patient admitted", "STEIS"),
  ("NZ2", (2011, 5, 3), "regulator_notice", "CQC inspection: compliant with all outcomes inspected",
   "CQC"),
  ("Y9C", (2011, 1, 12), "concern", "Patient concern about waiting time in the walk-in centre", "PALS"),
]
REGULATOR_NOTICES = [
  ("R9F", (2010, 4, 1), "CQC registration with a condition: cleanliness and infection control (outcome 8)"),
  ("R9S", (2010, 4, 1), "CQC registration with a condition: response times in rural areas"),
  ("R9B", (2010, 4, 1), "CQC registration without conditions"),
  ("R9A", (2010, 4, 1), "CQC registration without conditions"),
  ("R9Q", (2011, 3, 9), "CQC compliance action: care planning, records (outcome 4)"),
  ("R9B", (2011, 7, 12), "CQC responsive review: concerns about dignity, nutrition and staffing"),
  ("R9B", (2011, 11, 3), "CQC warning notice: staffing (outcome 13) and nutrition (outcome 5)"),
  ("R9B", (2012, 2, 20), "Monitor: trust found in significant breach of its authorisation, "
                         "£2.1m deficit and quality governance"),
]


def day_of (y, m, r):
  return r.randint (1, calendar.monthrange (y, m)[1])


def ddmmyyyy (y, m, d):
  return "%02d/%02d/%04d" % (d, m, y)


def event_rows (cells):
  events = []       # (provider, (y, m, d), type, count, note, source)
  for code, _, ptype, _, size in PROVIDERS:
    r = rng ("events", code)
    for t in range (N_MONTHS):
      y, m = calendar_month (t)
      last = calendar.monthrange (y, m)[1]
      drift = ramp (t, STORY1_START, STORY1_END) if code == STORY_DRIFT_TRUST else 0.0

      if ptype in NHS_TRUSTS:
        complaints = cells[("COMPLAINTS", code, t)][0]
        note = "Formal complaints received in month"
        if drift > 0.3:
          note = "Formal complaints received; themes: nursing care, dignity, call bells not answered"
        events.append ((code, (y, m, last), "complaint", complaints, note, "Datix"))
        lam = cells[("COMPLAINTS", code, t)][1] * 0.0013 * (1.0 + 2.0 * drift)
        concerns = poisson (lam, r)
        note = "PALS concerns logged"
        if drift > 0.3:
          note = "PALS concerns logged; themes: staff attitude, waiting for help, food and drink"
        events.append ((code, (y, m, last), "concern", concerns, note, "PALS"))

      if ("MRSA", code, t) in cells:
        for _ in range (cells[("MRSA", code, t)][0]):
          events.append ((code, (y, m, day_of (y, m, r)), "mrsa", 1,
                          "Post-48 hour MRSA bacteraemia; post-infection review held",
                          "HCAI data capture system"))
      if ("CDIFF", code, t) in cells:
        n = cells[("CDIFF", code, t)][0]
        if n > 0:
          note = "Trust-apportioned C. difficile cases"
          if ("CDIFF", code, t) in OUTLIERS:
            note = "Trust-apportioned C. difficile cases; outbreak on two wards, £12,000 deep clean"
          events.append ((code, (y, m, last), "c_difficile", n, note, "HCAI data capture system"))

      if ptype in NHS_TRUSTS:
        rate = {"acute": 0.7 * size / 20000.0, "specialist": 0.25, "community": 0.3,
                "mental_health": 0.45, "ambulance": 0.2}[ptype]
        if drift:
          rate += 2.2 * drift
        notes = {"community": SI_NOTES_COMMUNITY, "mental_health": SI_NOTES_MH,
                 "ambulance": SI_NOTES_AMB}.get (ptype, SI_NOTES)
        seen = set ()
        for _ in range (poisson (rate, r)):
          date = (y, m, day_of (y, m, r))
          note = r.choice (notes)
          # two identical rows would look like a duplicate export: pick another note
          while (date, note) in seen:
            note = notes[(notes.index (note) + 1) % len (notes)]
          seen.add ((date, note))
          events.append ((code, date, "serious_incident", 1, note, "STEIS"))

  for date, note in STORY1_NEVER_EVENTS:
    events.append ((STORY_DRIFT_TRUST, date, "never_event", 1, note, "STEIS"))
  for date, kind, note, source in STORY1_SOFT:
    events.append ((STORY_DRIFT_TRUST, date, kind, 1, note, source))
  for code, date, kind, note, source in OTHER_EVENTS:
    events.append ((code, date, kind, 1, note, source))
  for code, date, note in OTHER_NEVER_EVENTS:
    events.append ((code, date, "never_event", 1, note, "STEIS"))
  for code, date, note in REGULATOR_NOTICES:
    source = "Monitor" if note.startswith ("Monitor") else "CQC"
    events.append ((code, date, "regulator_notice", 1, note, source))

  order = {p[0]: i for i, p in enumerate (PROVIDERS)}
  events.sort (key=lambda e: (order[e[0]], e[1], e[2], e[4]))
  return [[e[0], ddmmyyyy (*e[1]), e[2], str (e[3]), e[4], e[5]] for e in events]


# ---------------------------------------------------------------------------------------

def main (argv):
  if len (argv) != 2:
    sys.stderr.write ("usage: %s OUTPUT_DIR\n" % argv[0])
    return 2
  out_dir = argv[1]
  os.makedirs (out_dir, exist_ok=True)

  alloc = allocations ()
  spend, contract_totals = spend_rows (alloc)
  vol = volumes ()
  values, cells = indicator_rows (vol)
  schemes, achievement = cquin_rows (contract_totals, cells, vol)

  write_csv (out_dir, "organisations.csv", ["code", "name", "role", "type", "region", "population"],
             organisation_rows ())
  write_csv (out_dir, "spend.csv", ["commissioner", "year", "month", "category", "provider", "amount"],
             spend)
  write_csv (out_dir, "allocations.csv", ["commissioner", "year", "allocation"],
             allocation_rows (alloc))
  write_csv (out_dir, "cquin_schemes.csv",
             ["commissioner", "provider", "year", "contract_value", "cquin_percent", "indicator",
              "name", "domain", "weight_percent", "direction", "quarter", "min_threshold",
              "max_threshold", "payment_rule"], schemes)
  write_csv (out_dir, "cquin_achievement.csv",
             ["provider", "year", "indicator", "quarter", "numerator", "denominator", "value"],
             achievement)
  write_csv (out_dir, "indicators.csv",
             ["code", "name", "domain", "unit", "polarity", "target", "multiplier", "source"],
             indicator_definition_rows ())
  write_csv (out_dir, "indicator_values.csv",
             ["indicator", "provider", "period", "numerator", "denominator", "value"], values)
  write_csv (out_dir, "events.csv", ["provider", "date", "type", "count", "note", "source"],
             event_rows (cells))
  return 0


if __name__ == "__main__":
  sys.exit (main (sys.argv))
