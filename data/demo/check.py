#!/usr/bin/python3
# check.py — verifies the demo region's CSVs and that the generator is deterministic
#
# Copyright 2026 The pctdash authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: /usr/bin/python3 data/demo/check.py data/demo
#
# Checks the headers, every organisation reference and its role, CQUIN weights, value
# consistency, spend shares, allocation growth, the three stories (with a plain XmR chart
# using the Making Data Count rules: a point beyond the limits, 7 points one side of the
# mean, 7 points rising or falling, 2 of 3 beyond 2 sigma), and that two fresh runs of
# generate.py give the committed bytes. Prints what it measured; exits 1 on any failure.

import csv
import filecmp
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

HEADERS = {
  "organisations.csv": "code,name,role,type,region,population",
  "spend.csv": "commissioner,year,month,category,provider,amount",
  "allocations.csv": "commissioner,year,allocation",
  "cquin_schemes.csv": "commissioner,provider,year,contract_value,cquin_percent,indicator,name,"
                       "domain,weight_percent,direction,quarter,min_threshold,max_threshold,"
                       "payment_rule",
  "cquin_achievement.csv": "provider,year,indicator,quarter,numerator,denominator,value",
  "indicators.csv": "code,name,domain,unit,polarity,target,multiplier,source",
  "indicator_values.csv": "indicator,provider,period,numerator,denominator,value",
  "events.csv": "provider,date,type,count,note,source",
}
YEARS = ["2007/08", "2008/09", "2009/10", "2010/11", "2011/12"]
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
PERIODS = ["%04d-%02d" % (2007 + (t + 3) // 12, (t + 3) % 12 + 1) for t in range (60)]
MONEY = re.compile (r"^-?\d+\.\d\d$")
CONTRACT_CATEGORIES = ("Acute contracts", "Community nursing", "Health visiting", "Mental health",
                       "Ambulance", "Independent sector")

failures = []


def check (ok, message):
  if not ok:
    failures.append (message)
  return ok


def read (folder, name):
  path = os.path.join (folder, name)
  with open (path, encoding="utf-8", newline="") as f:
    raw = f.read ()
  check ("\r" not in raw, "%s: carriage returns" % name)
  rows = list (csv.reader (raw.splitlines (), strict=True))
  check (",".join (rows[0]) == HEADERS[name], "%s: header %r" % (name, rows[0]))
  width = len (rows[0])
  for i, row in enumerate (rows[1:], 2):
    check (len (row) == width, "%s:%d: %d fields" % (name, i, len (row)))
  return [dict (zip (rows[0], row)) for row in rows[1:]]


def xmr_signals (values, polarity):
  """Which Making Data Count rules fire on the worse / better side of @values."""
  n = len (values)
  mean = sum (values) / n
  mr = sum (abs (values[i] - values[i - 1]) for i in range (1, n)) / (n - 1)
  upper, lower = mean + 2.66 * mr, mean - 2.66 * mr
  up2, lo2 = mean + 2.0 / 3.0 * 2.66 * mr, mean - 2.0 / 3.0 * 2.66 * mr
  fired = {"high": set (), "low": set ()}
  for i, v in enumerate (values):
    if v > upper:
      fired["high"].add ("outside")
    if v < lower:
      fired["low"].add ("outside")
  run_side, run = 0, 0
  for v in values:
    side = (v > mean) - (v < mean)
    run = run + 1 if side == run_side and side != 0 else 1
    run_side = side
    if run >= 7 and side != 0:
      fired["high" if side > 0 else "low"].add ("shift")
  run_dir, run = 0, 1
  for i in range (1, n):
    d = (values[i] > values[i - 1]) - (values[i] < values[i - 1])
    run = run + 1 if d == run_dir and d != 0 else 2
    run_dir = d
    if run >= 7 and d != 0:
      fired["high" if d > 0 else "low"].add ("trend")
  for i in range (2, n):
    w = values[i - 2:i + 1]
    if sum (1 for x in w if x > up2) >= 2 and w[-1] > up2:
      fired["high"].add ("two_in_three")
    if sum (1 for x in w if x < lo2) >= 2 and w[-1] < lo2:
      fired["low"].add ("two_in_three")
  if polarity == "higher":
    return fired["low"], fired["high"]
  if polarity == "lower":
    return fired["high"], fired["low"]
  return fired["high"] | fired["low"], set ()


def main (folder):
  here = os.path.dirname (os.path.abspath (__file__))
  data = {name: read (folder, name) for name in HEADERS}

  # Organisations
  orgs = {}
  for r in data["organisations.csv"]:
    check (r["code"] not in orgs, "duplicate organisation %s" % r["code"])
    orgs[r["code"]] = r
  comms = [c for c, r in orgs.items () if r["role"] == "commissioner"]
  provs = [c for c, r in orgs.items () if r["role"] == "provider"]
  check (8 <= len (comms) <= 10, "commissioners: %d" % len (comms))
  check (22 <= len (provs) <= 28, "providers: %d" % len (provs))
  check (any (c.startswith ("0") for c in comms), "no commissioner code with a leading zero")
  types = {orgs[p]["type"] for p in provs}
  check (types == {"acute", "community", "mental_health", "ambulance", "primary_care",
                   "independent", "specialist"}, "provider types %s" % sorted (types))
  for c in comms:
    check (orgs[c]["type"] == "pct" and orgs[c]["population"].isdigit (), "commissioner %s" % c)
  for p in provs:
    check (orgs[p]["population"] == "", "provider %s has a population" % p)
  regions = {orgs[c]["region"] for c in comms}
  check (len (regions) == 2, "commissioner regions %s" % regions)

  def is_comm (code):
    return code in orgs and orgs[code]["role"] == "commissioner"

  def is_prov (code):
    return code in orgs and orgs[code]["role"] == "provider"

  # Spend
  spend = defaultdict (int)           # (comm, year, category) -> pence
  grid = defaultdict (set)
  by_provider = defaultdict (int)     # (comm, year, provider) -> pence
  categories = []
  for r in data["spend.csv"]:
    check (is_comm (r["commissioner"]), "spend: commissioner %s" % r["commissioner"])
    check (r["year"] in YEARS and r["month"] in MONTHS, "spend: period %s %s" % (r["year"], r["month"]))
    check (MONEY.match (r["amount"]) is not None, "spend: amount %r" % r["amount"])
    if r["category"] in CONTRACT_CATEGORIES:
      check (is_prov (r["provider"]), "spend: contract row without provider %s" % r)
    else:
      check (r["provider"] == "", "spend: provider on %s" % r["category"])
    if r["category"] not in categories:
      categories.append (r["category"])
    pence = int (r["amount"].replace (".", ""))
    spend[(r["commissioner"], r["year"], r["category"])] += pence
    grid[(r["commissioner"], r["year"], r["category"])].add (r["month"])
    if r["provider"]:
      by_provider[(r["commissioner"], r["year"], r["provider"])] += pence
  check (len (categories) >= 12, "spend categories: %d" % len (categories))
  for c in comms:
    for y in YEARS:
      for cat in categories:
        check (len (grid[(c, y, cat)]) == 12, "spend grid %s %s %s" % (c, y, cat))
  total = sum (spend.values ())
  acute = sum (v for (c, y, cat), v in spend.items () if cat == "Acute contracts")
  print ("spend: %d rows, %d categories, total £%.0f, acute share %.1f %%" %
         (len (data["spend.csv"]), len (categories), total / 100, 100.0 * acute / total))
  check (45.0 <= 100.0 * acute / total <= 55.0, "acute share overall")

  # Allocations
  alloc = {}
  for r in data["allocations.csv"]:
    check (is_comm (r["commissioner"]) and r["year"] in YEARS, "allocation row %s" % r)
    check (MONEY.match (r["allocation"]) is not None, "allocation %r" % r["allocation"])
    alloc[(r["commissioner"], r["year"])] = int (r["allocation"].replace (".", ""))
  overspends = []
  for c in comms:
    for i in range (1, 5):
      ratio = alloc[(c, YEARS[i])] / alloc[(c, YEARS[i - 1])]
      want = 1.055 if i <= 3 else 1.0
      check (abs (ratio - want) < 1e-7, "allocation growth %s %s: %.6f" % (c, YEARS[i], ratio))
    for y in YEARS:
      s = sum (v for (cc, yy, cat), v in spend.items () if cc == c and yy == y)
      ratio = s / alloc[(c, y)]
      check (0.97 < ratio < 1.03, "spend/allocation %s %s %.3f" % (c, y, ratio))
      if ratio > 1.0:
        overspends.append ("%s %s (%.1f %%)" % (c, y, 100 * (ratio - 1)))
  print ("overspends: %s" % ", ".join (overspends))
  check (len (overspends) >= 2, "no commissioner overspends")

  # Story 2: acute-heavy commissioner, per share and per weighted head, against its peers.
  def share (c, cat):
    s = sum (v for (cc, y, k), v in spend.items () if cc == c and k == cat)
    t = sum (v for (cc, y, k), v in spend.items () if cc == c)
    return 100.0 * s / t

  def per_head (c, cat, y="2011/12"):
    return spend[(c, y, cat)] / 100.0 / int (orgs[c]["population"])

  story2 = "5Z3"
  peers = [c for c in comms if orgs[c]["region"] == orgs[story2]["region"] and c != story2]
  print ("story 2 (%s vs peers %s):" % (story2, ",".join (peers)))
  for cat in ("Acute contracts", "Community nursing", "Health visiting"):
    mine, theirs = share (story2, cat), sum (share (p, cat) for p in peers) / len (peers)
    head, heads = per_head (story2, cat), sum (per_head (p, cat) for p in peers) / len (peers)
    print ("  %-18s share %5.1f %% vs %5.1f %%; 2011/12 £%.0f vs £%.0f per weighted head" %
           (cat, mine, theirs, head, heads))
    if cat == "Acute contracts":
      check (mine > theirs + 8 and head > heads * 1.15, "story 2 acute")
      check (all (share (story2, cat) > share (p, cat) for p in comms if p != story2),
             "story 2: not the highest acute share")
    else:
      check (mine < theirs * 0.6 and head < heads * 0.6, "story 2 %s" % cat)
      check (all (share (story2, cat) < share (p, cat) for p in comms if p != story2),
             "story 2: not the lowest %s share" % cat)

  # CQUIN schemes
  schemes = defaultdict (list)
  for r in data["cquin_schemes.csv"]:
    check (is_comm (r["commissioner"]) and is_prov (r["provider"]), "cquin scheme refs %s" % r)
    check (r["year"] in YEARS[2:], "cquin before 2009/10: %s" % r["year"])
    want = "0.5" if r["year"] == "2009/10" else "1.5"
    check (r["cquin_percent"] == want, "cquin percent %s" % r)
    check (r["domain"] in ("safety", "effectiveness", "experience", "innovation"), "cquin domain")
    check (r["direction"] in ("higher", "lower"), "cquin direction")
    check (r["payment_rule"] in ("proportional", "all_or_nothing"), "payment rule")
    check (float (r["min_threshold"]) <= float (r["max_threshold"]), "thresholds %s" % r)
    check (MONEY.match (r["contract_value"]) is not None, "contract value")
    schemes[(r["commissioner"], r["provider"], r["year"])].append (r)
  scheme_indicators = set ()
  for key, rows in schemes.items ():
    value = {r["contract_value"] for r in rows}
    check (len (value) == 1, "contract value varies in %s" % (key,))
    pence = int (rows[0]["contract_value"].replace (".", ""))
    spend_pence = by_provider[(key[0], key[2], key[1])]
    check (pence == spend_pence, "contract value %s != spend %d" % (key, spend_pence))
    inds = defaultdict (dict)
    for r in rows:
      inds[r["indicator"]][r["quarter"]] = r
    check (4 <= len (inds) <= 6, "scheme %s has %d indicators" % (key, len (inds)))
    weights = sum (float (q["Q1"]["weight_percent"]) for q in inds.values ())
    check (abs (weights - 100.0) < 1e-9, "scheme %s weights %.1f" % (key, weights))
    for code, quarters in inds.items ():
      check (sorted (quarters) == ["Q1", "Q2", "Q3", "Q4"], "quarters of %s %s" % (key, code))
      scheme_indicators.add ((key[1], key[2], code))
      mid = [(float (quarters[q]["min_threshold"]) + float (quarters[q]["max_threshold"])) / 2
             for q in ("Q1", "Q2", "Q3", "Q4")]
      if quarters["Q1"]["direction"] == "higher":
        check (mid == sorted (mid), "milestones not rising %s %s" % (key, code))
      else:
        check (mid == sorted (mid, reverse=True), "milestones not falling %s %s" % (key, code))
  print ("cquin: %d schemes, %d rows" % (len (schemes), len (data["cquin_schemes.csv"])))

  achieved = {}
  for r in data["cquin_achievement.csv"]:
    check (is_prov (r["provider"]), "achievement provider %s" % r["provider"])
    check ((r["provider"], r["year"], r["indicator"]) in scheme_indicators,
           "achievement without scheme %s" % r)
    n, d, v = int (r["numerator"]), int (r["denominator"]), float (r["value"])
    check (0 <= n <= d and abs (v - 100.0 * n / d) <= 0.0051, "achievement value %s" % r)
    achieved[(r["provider"], r["year"], r["indicator"], r["quarter"])] = v
  for p, y, code in scheme_indicators:
    for q in ("Q1", "Q2", "Q3", "Q4"):
      check ((p, y, code, q) in achieved, "no achievement %s %s %s %s" % (p, y, code, q))

  # Share of each scheme earned, reading the thresholds as README.md describes them.
  earned = {}
  for key, rows in schemes.items ():
    total = 0.0
    for r in rows:
      v = achieved[(key[1], key[2], r["indicator"], r["quarter"])]
      lo, hi = float (r["min_threshold"]), float (r["max_threshold"])
      if r["direction"] == "higher":
        f = 1.0 if v >= hi else 0.0 if v < lo or hi == lo else (v - lo) / (hi - lo)
      else:
        f = 1.0 if v <= lo else 0.0 if v > hi or hi == lo else (hi - v) / (hi - lo)
      total += float (r["weight_percent"]) * f / 4.0
    earned[key] = total
  for y in YEARS[2:]:
    shares = sorted (v for k, v in earned.items () if k[2] == y)
    r9b = [v for k, v in earned.items () if k[2] == y and k[1] == "R9B"]
    print ("cquin earned %s: min %.0f %%, median %.0f %%, max %.0f %%; R9B %.0f %%" %
           (y, shares[0], shares[len (shares) // 2], shares[-1], r9b[0]))

  # Indicators
  defs = {}
  for r in data["indicators.csv"]:
    check (r["domain"] in ("safety", "effectiveness", "experience", "resources"), "domain %s" % r)
    check (r["unit"] in ("proportion", "rate", "count", "mean", "ratio"), "unit %s" % r)
    check (r["polarity"] in ("higher", "lower", "neutral"), "polarity %s" % r)
    check (float (r["multiplier"]) > 0, "multiplier %s" % r)
    defs[r["code"]] = r
  check (len (defs) >= 24, "indicators: %d" % len (defs))
  domains = {r["domain"] for r in defs.values ()}
  check (domains == {"safety", "effectiveness", "experience", "resources"}, "domains %s" % domains)

  series = defaultdict (dict)
  suppressed = 0
  for r in data["indicator_values.csv"]:
    d = defs.get (r["indicator"])
    check (d is not None and is_prov (r["provider"]), "indicator value refs %s" % r)
    check (r["period"] in PERIODS, "period %s" % r["period"])
    if r["numerator"] == "*" or r["value"] == "*":
      check (r["numerator"] == "*" and r["value"] == "*", "half-suppressed %s" % r)
      check (orgs[r["provider"]]["type"] in ("independent", "primary_care"), "suppressed %s" % r)
      suppressed += 1
      series[(r["indicator"], r["provider"])][r["period"]] = None
      continue
    n, v, mult = float (r["numerator"]), float (r["value"]), float (d["multiplier"])
    if d["unit"] == "count":
      check (r["denominator"] == "" and v == n, "count value %s" % r)
    else:
      den = float (r["denominator"])
      check (den > 0, "denominator %s" % r)
      want = n / den * mult
      places = len (r["value"].split (".")[1]) if "." in r["value"] else 0
      check (abs (v - want) <= 0.5 * 10 ** -places + 1e-9, "value %s (want %.4f)" % (r, want))
      if d["unit"] == "proportion":
        check (0 <= n <= den, "proportion numerator %s" % r)
    series[(r["indicator"], r["provider"])][r["period"]] = v
  for key, s in series.items ():
    check (sorted (s) == PERIODS, "series %s has %d periods" % (key, len (s)))
  share_suppressed = 100.0 * suppressed / len (data["indicator_values.csv"])
  print ("indicator values: %d rows, %d series, %.1f %% suppressed" %
         (len (data["indicator_values.csv"]), len (series), share_suppressed))
  check (0 < share_suppressed < 5, "suppressed share")

  # SPC over every complete series: how many show special cause at all.
  special = 0
  complete = 0
  for (ind, prov), s in sorted (series.items ()):
    vals = [s[p] for p in PERIODS]
    if any (v is None for v in vals):
      continue
    complete += 1
    worse, better = xmr_signals (vals, defs[ind]["polarity"])
    if worse or better:
      special += 1
  print ("SPC: %d of %d complete series show some special cause" % (special, complete))

  # Story 1
  story1 = "R9B"
  print ("story 1 (%s), XmR over Apr 2007 - Mar 2012, rules firing on the worse side:" % story1)
  must = ("FALLS", "PU", "HFC", "IPSURVEY", "FFT", "CANCOPS", "COMPLAINTS", "HSMR", "MSA")
  for ind in ("FALLS", "PU", "HFC", "MEDERR", "HSMR", "IPSURVEY", "FFT", "CANCOPS", "MSA",
              "COMPLAINTS", "CHPPD", "SICKNESS", "RETENTION", "AGENCY", "INCRPT"):
    vals = [series[(ind, story1)][p] for p in PERIODS]
    pol = defs[ind]["polarity"]
    if ind == "CHPPD":
      pol = "higher"          # neutral nationally, but falling staffing is the warning here
    if ind == "INCRPT":
      pol = "higher"          # fewer incidents reported is a warning about culture
    worse, better = xmr_signals (vals, pol)
    before = sum (vals[:38]) / 38
    after = sum (vals[-6:]) / 6
    print ("  %-10s mean to May 2010 %8.2f, Oct 2011 - Mar 2012 %8.2f; worse: %s" %
           (ind, before, after, ",".join (sorted (worse)) or "-"))
    if ind in must:
      check ("shift" in worse or "outside" in worse, "story 1: %s shows no special cause" % ind)
  events = data["events.csv"]
  per_year = defaultdict (lambda: defaultdict (int))
  for e in events:
    check (is_prov (e["provider"]), "event provider %s" % e["provider"])
    check (re.match (r"^\d\d/\d\d/\d{4}$", e["date"]) is not None, "event date %s" % e["date"])
    dd, mm, yyyy = (int (x) for x in e["date"].split ("/"))
    check (1 <= dd <= 31 and 1 <= mm <= 12 and 2007 <= yyyy <= 2012, "event date %s" % e["date"])
    check (e["type"] in ("serious_incident", "never_event", "mrsa", "c_difficile", "complaint",
                         "concern", "regulator_notice"), "event type %s" % e["type"])
    check (e["count"].isdigit (), "event count %s" % e["count"])
    fy = yyyy if mm >= 4 else yyyy - 1
    if e["provider"] == story1:
      per_year[e["type"]][fy] += int (e["count"])
  for kind in ("complaint", "concern", "serious_incident", "never_event", "regulator_notice"):
    print ("  %-17s by year: %s" % (kind, " ".join ("%d/%02d:%d" % (y, (y + 1) % 100, per_year[kind][y])
                                                   for y in range (2007, 2012))))
  check (per_year["complaint"][2011] > 1.5 * per_year["complaint"][2008], "story 1 complaints")
  check (per_year["concern"][2011] > 1.5 * per_year["concern"][2008], "story 1 concerns")
  check (per_year["serious_incident"][2011] > 3 * max (1, per_year["serious_incident"][2008]),
         "story 1 serious incidents")
  check (per_year["never_event"][2010] + per_year["never_event"][2011] >= 2, "story 1 never events")

  # Events agree with the indicators they repeat.
  complaints = defaultdict (int)
  mrsa = defaultdict (int)
  for e in events:
    dd, mm, yyyy = (int (x) for x in e["date"].split ("/"))
    per = "%04d-%02d" % (yyyy, mm)
    if e["type"] == "complaint":
      complaints[(e["provider"], per)] += int (e["count"])
    elif e["type"] == "mrsa":
      mrsa[(e["provider"], per)] += int (e["count"])
  for (ind, prov), s in series.items ():
    if ind == "MRSA":
      for p in PERIODS:
        check (mrsa[(prov, p)] == s[p], "mrsa events %s %s" % (prov, p))
  nums = {(r["indicator"], r["provider"], r["period"]): r["numerator"]
          for r in data["indicator_values.csv"]}
  for (prov, per), n in complaints.items ():
    check (nums[("COMPLAINTS", prov, per)] == str (n), "complaint events %s %s" % (prov, per))

  # Story 3
  story3 = "R9E"
  vte = [series[("VTE", story3)][p] for p in PERIODS]
  before = sum (vte[:25]) / 25          # Apr 2007 - Apr 2009
  after = sum (vte[31:]) / len (vte[31:])   # Nov 2009 on
  worse, better = xmr_signals (vte, "higher")
  others = [sum (series[("VTE", p)][q] for q in PERIODS) / 60 for p in provs
            if ("VTE", p) in series and p != story3 and orgs[p]["type"] == "acute"]
  print ("story 3 (%s VTE): mean to Apr 2009 %.1f %%, from Nov 2009 %.1f %% (other acute trusts "
         "%.1f-%.1f %%); better: %s" % (story3, before, after, min (others), max (others),
                                        ",".join (sorted (better))))
  check (after - before > 25 and "shift" in better, "story 3 VTE shift")
  cq = [r for r in data["cquin_schemes.csv"] if r["provider"] == story3 and r["indicator"] == "CQ-VTE"
        and r["year"] == "2009/10"]
  check (len (cq) > 0, "story 3: no CQ-VTE in 2009/10")
  print ("  CQ-VTE 2009/10 achievement: %s" %
         ", ".join ("%s %.1f" % (q, achieved[(story3, "2009/10", "CQ-VTE", q)])
                    for q in ("Q1", "Q2", "Q3", "Q4")))

  # Determinism: two fresh runs give the same bytes as the files checked above.
  with tempfile.TemporaryDirectory () as a, tempfile.TemporaryDirectory () as b:
    for out in (a, b):
      subprocess.run (["/usr/bin/python3", os.path.join (here, "generate.py"), out], check=True)
    for name in HEADERS:
      check (filecmp.cmp (os.path.join (a, name), os.path.join (b, name), shallow=False),
             "generator not deterministic: %s" % name)
      check (filecmp.cmp (os.path.join (a, name), os.path.join (folder, name), shallow=False),
             "%s differs from a fresh run" % name)
  size = sum (os.path.getsize (os.path.join (folder, n)) for n in HEADERS)
  print ("total size of the CSVs: %.2f MiB" % (size / 1048576.0))
  check (size < 5 * 1048576, "CSVs too large")

  if failures:
    for f in failures[:50]:
      print ("FAIL:", f)
    print ("%d failures" % len (failures))
    return 1
  print ("all checks passed")
  return 0


if __name__ == "__main__":
  sys.exit (main (sys.argv[1] if len (sys.argv) > 1 else os.path.dirname (os.path.abspath (__file__))))
