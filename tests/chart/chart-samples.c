/* chart-samples.c — fixed, realistic chart specs the chart tests share
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "chart-samples.h"
#include "stats/pd-cquin-payment.h"

const PdChartKind chart_sample_kinds[] = {
  PD_CHART_KIND_SPEND_MIX, PD_CHART_KIND_OUTLOOK, PD_CHART_KIND_CQUIN, PD_CHART_KIND_SPC,
  PD_CHART_KIND_FUNNEL, PD_CHART_KIND_MATRIX, PD_CHART_KIND_HEATMAP, PD_CHART_KIND_TIMELINE,
  PD_CHART_KIND_RANKED, PD_CHART_KIND_QUADRANT,
};
const gsize chart_sample_n_kinds = G_N_ELEMENTS (chart_sample_kinds);

static const char * const months[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* A deterministic wobble in [-1, 1]: no random generator, so every machine draws the same. */
static double
wobble (guint i,
        guint salt)
{
  return sin (i * 12.9898 + salt * 78.233) * 0.5 + sin (i * 4.1414 + salt * 1.618) * 0.5;
}

static char **
month_labels (gsize n,
              int   first_year,
              int   first_month)
{
  char **labels = g_new0 (char *, n + 1);

  for (gsize i = 0; i < n; i++)
    {
      int m = (first_month - 1 + (int) i) % 12;
      int y = first_year + (first_month - 1 + (int) i) / 12;
      labels[i] = g_strdup_printf ("%s %d", months[m], y);
    }
  return labels;
}

static PdChartSpec *
spc_sample (gboolean empty)
{
  /* VTE risk assessment: about 57 % until a CQUIN lifts it; a concern run sits at
   * points 38 to 41 for a lower-is-better reading, so the chart shows every colour. */
  const gsize n = empty ? 0 : 48;
  g_autofree double *values = g_new (double, MAX (n, 1));
  g_autofree PdSpcPointInput *extra = g_new0 (PdSpcPointInput, MAX (n, 1));
  g_auto(GStrv) labels = month_labels (n, 2008, 4);
  PdSpcOptions options;
  g_autoptr(PdSpcResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdChartSpec *spec;

  for (gsize i = 0; i < n; i++)
    {
      extra[i].target = NAN;
      extra[i].denominator = NAN;
      values[i] = 0.62 + 0.035 * wobble (i, 1);
      if (i >= 20 && i < 26)
        values[i] -= 0.05;  /* a shift down: improvement for lower-is-better */
      if (i >= 38 && i <= 41)
        values[i] += 0.12;  /* concern */
    }
  extra[n > 30 ? 30 : 0].ghost = n > 30;
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = PD_IMPROVEMENT_DECREASE;
  options.target = 0.6;
  result = pd_spc_compute (values, n, extra, &options, &error);
  g_assert_no_error (error);
  spec = pd_chart_spec_new_spc (result, (const char * const *) labels, PD_CHART_FORMAT_PROPORTION);
  pd_chart_spec_set_title (spec, "Emergency readmissions within 30 days — R9B Wessmoor General");
  pd_chart_spec_set_subtitle (spec, "April 2008 to March 2012, monthly");
  pd_chart_spec_set_source (spec, "Provider quality report (demo region); Making Data Count rules");
  pd_chart_spec_set_value_label (spec, "Readmitted within 30 days (share of discharges)");
  if (n > 40)
    pd_chart_spec_spc_annotate (spec, 38, "Discharge lounge closed");
  return spec;
}

PdChartSpec *
chart_sample_spc_long (gsize n)
{
  g_autofree double *values = g_new (double, MAX (n, 1));
  PdSpcOptions options;
  g_autoptr(PdSpcResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) labels = NULL;
  PdChartSpec *spec;

  for (gsize i = 0; i < n; i++)
    values[i] = 100 + 8 * wobble ((guint) i, 3) + (i > n * 3 / 4 ? 6 : 0);
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = PD_IMPROVEMENT_INCREASE;
  result = pd_spc_compute (values, n, NULL, &options, &error);
  g_assert_no_error (error);
  labels = g_new0 (char *, n + 1);
  for (gsize i = 0; i < n; i++)
    labels[i] = g_strdup_printf ("%" G_GSIZE_FORMAT, i + 1);
  spec = pd_chart_spec_new_spc (result, (const char * const *) labels, PD_CHART_FORMAT_NUMBER);
  pd_chart_spec_set_title (spec, "Sensor readings");
  pd_chart_spec_set_subtitle (spec, "A long series, thinned per pixel column");
  return spec;
}

static const char * const providers[] = {
  "R9A", "R9B", "R9C", "R9D", "R9E", "R9F", "R9G", "R9H", "R9J", "R9K", "R9L", "R9M",
  "R9N", "R9P", "R9Q", "R9R", "R9S", "R9T", "R9U", "R9V", "R9W", "R9X", "R9Y", "R9Z",
  "RQ1",
};

static PdChartSpec *
funnel_sample (gboolean empty)
{
  const gsize n = empty ? 0 : G_N_ELEMENTS (providers);
  double num[G_N_ELEMENTS (providers)], den[G_N_ELEMENTS (providers)];
  PdFunnelOptions options;
  g_autoptr(PdFunnel) funnel = NULL;
  PdChartSpec *spec;

  for (gsize i = 0; i < n; i++)
    {
      den[i] = round (300 + 4200 * (0.5 + 0.5 * wobble (i, 7)));
      num[i] = round (den[i] * (0.12 + 0.012 * wobble (i, 9)));
    }
  if (n > 4)
    {
      num[1] = round (den[1] * 0.175);  /* R9B: well above */
      num[4] = round (den[4] * 0.085);  /* R9E: below */
    }
  pd_funnel_options_init (&options, PD_FUNNEL_PROPORTION);
  funnel = pd_funnel_compute (num, den, n, &options);
  spec = pd_chart_spec_new_funnel (funnel, providers, n > 1 ? 1 : -1, PD_CHART_FORMAT_PROPORTION);
  pd_chart_spec_set_title (spec, "Emergency readmissions within 30 days: providers compared");
  pd_chart_spec_set_subtitle (spec, "2010/11, all providers in the region");
  pd_chart_spec_set_source (spec, "Provider quality reports (demo region)");
  pd_chart_spec_set_value_label (spec, "Readmitted within 30 days");
  return spec;
}

static const char * const pcts[] = {
  "0Y5 Wessmoor North", "0Y7 Wessmoor South", "5Z1 Harbourside", "5Z2 Fenland Vale",
  "5Z3 Kingsmere", "5Z4 Ashcombe", "5Z5 Brackley Downs", "5Z6 Marlow Heath",
  "5Z7 Old Sarum", "5Z8 Tidewater",
};

static const char * const categories[] = {
  "Acute contracts", "Mental health", "Primary care", "Prescribing", "Continuing care",
  "Ambulance", "Learning disabilities", "Maternity", "Community hospitals", "Other",
  "Community nursing", "Health visiting",
};

static PdChartSpec *
mix_sample (gboolean empty)
{
  const gsize ng = empty ? 0 : G_N_ELEMENTS (pcts), nc = G_N_ELEMENTS (categories);
  double amounts[G_N_ELEMENTS (pcts) * G_N_ELEMENTS (categories)];
  PdChartMixPlace places[G_N_ELEMENTS (categories)] = { PD_CHART_MIX_START };
  static const double base[] = { 0.47, 0.11, 0.10, 0.12, 0.04, 0.02, 0.03, 0.03, 0.02, 0.01,
                                 0.035, 0.025 };
  PdChartSpec *spec;

  places[10] = places[11] = PD_CHART_MIX_END;
  for (gsize c = 1; c < 10; c++)
    places[c] = PD_CHART_MIX_MIDDLE;
  for (gsize g = 0; g < ng; g++)
    for (gsize c = 0; c < nc; c++)
      {
        double share = base[c] * (1 + 0.15 * wobble (g * 13 + c, 5));
        if (g == 4)
          share = c == 0 ? 0.60 : c >= 10 ? base[c] / 3 : base[c] * 0.9;
        amounts[g * nc + c] = share * 410e6 * (1 + 0.2 * wobble (g, 2));
      }
  spec = pd_chart_spec_new_spend_mix (pcts, ng, categories, places, nc, amounts, ng > 4 ? 4 : -1);
  pd_chart_spec_set_title (spec, "Where the money goes: acute contracts against community services");
  pd_chart_spec_set_subtitle (spec, "Share of spend by category, 2010/11, Wessmoor PCTs");
  pd_chart_spec_set_source (spec, "PCT ledgers, programme budgeting returns (demo region)");
  return spec;
}

PdChartSpec *
chart_sample_per_head (gboolean empty)
{
  const gsize ng = empty ? 0 : G_N_ELEMENTS (pcts), nc = G_N_ELEMENTS (categories);
  double per_head[G_N_ELEMENTS (pcts) * G_N_ELEMENTS (categories)];
  PdChartMixPlace places[G_N_ELEMENTS (categories)] = { PD_CHART_MIX_START };
  /* Pounds a weighted head in 2011/12, shaped like the demo region's. */
  static const double base[] = { 824, 190, 175, 200, 70, 35, 50, 50, 35, 18, 85, 27 };
  PdChartSpec *spec;

  places[10] = places[11] = PD_CHART_MIX_END;
  for (gsize c = 1; c < 10; c++)
    places[c] = PD_CHART_MIX_MIDDLE;
  for (gsize g = 0; g < ng; g++)
    for (gsize c = 0; c < nc; c++)
      per_head[g * nc + c] = base[c] * (1 + 0.06 * wobble (g * 13 + c, 7));
  if (ng > 4)
    {
      per_head[4 * nc + 0] = 1070;
      per_head[4 * nc + 10] = 29;
      per_head[4 * nc + 11] = 9;
    }
  spec = pd_chart_spec_new_spend_per_head (pcts, ng, categories, places, nc, per_head,
                                           ng > 4 ? 4 : -1);
  pd_chart_spec_set_title (spec, "Spend per weighted head against peers");
  pd_chart_spec_set_subtitle (spec, "Pounds per weighted head, 2011/12, Wessmoor PCTs");
  pd_chart_spec_set_source (spec, "PCT ledgers and weighted populations (demo region)");
  return spec;
}

static PdChartSpec *
outlook_sample (gboolean empty)
{
  static const char * const years[] = {
    "2007/08", "2008/09", "2009/10", "2010/11", "2011/12", "2012/13", "2013/14", "2014/15",
  };
  const gsize n = empty ? 0 : G_N_ELEMENTS (years);
  double allocation[8], spend[8], forecast[8], growth[8], cut[8], savings[8];
  PdChartSpec *spec;

  for (gsize i = 0; i < 8; i++)
    {
      allocation[i] = 400e6 * pow (1.055, MIN (i, 3)) * pow (1.0, i > 3 ? i - 3 : 0);
      spend[i] = i <= 3 ? allocation[i] * (0.985 + 0.01 * i) : NAN;
      forecast[i] = i >= 3 ? 400e6 * pow (1.055, 3) * 1.015 * pow (1.05, i - 3) : NAN;
      growth[i] = i >= 3 ? allocation[3] * pow (1.02, i - 3) : NAN;
      cut[i] = i >= 3 ? allocation[3] * pow (0.975, i - 3) : NAN;
      savings[i] = i >= 4 && i <= 7 ? (forecast[i] - allocation[i]) - (i > 4 ? forecast[i - 1] - allocation[i - 1] : 0) : NAN;
    }
  spec = pd_chart_spec_new_outlook (years, n, allocation, spend, forecast, growth, cut, savings);
  pd_chart_spec_set_title (spec, "Financial outlook: allocation against spend, 5Z3 Kingsmere");
  pd_chart_spec_set_subtitle (spec, "Actual to 2010/11, then flat cash with growth and cut scenarios");
  pd_chart_spec_set_source (spec, "Allocations and ledgers (demo region); scenarios as planned");
  return spec;
}

static PdChartSpec *
cquin_sample (gboolean empty)
{
  PdChartCquinRow rows[5];
  static const char * const names[] = {
    "VTE risk assessment", "Patient experience: privacy", "Smoking cessation referral",
    "Discharge summaries in 24 h", "Pressure ulcers (lower is better)",
  };
  const gsize n = empty ? 0 : G_N_ELEMENTS (names);
  PdChartSpec *spec;

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      rows[i].name = names[i];
      rows[i].lower_is_better = i == 4;
      rows[i].earned_pounds = 0;
      rows[i].at_risk_pounds = 0;
      for (guint q = 0; q < 4; q++)
        {
          double lo = 0.6 + 0.05 * q, hi = 0.75 + 0.05 * q;
          double p = lo + (hi - lo) * (0.4 + 0.9 * (0.5 + 0.5 * wobble (i * 4 + q, 11)));
          if (i == 4)
            {
              lo = 0.08 - 0.01 * q;
              hi = 0.05 - 0.01 * q;
              p = 0.06 - 0.008 * q;
            }
          rows[i].min_threshold[q] = lo;
          rows[i].max_threshold[q] = hi;
          rows[i].performance[q] = q < 3 ? p : NAN;
          rows[i].achievement[q] = q < 3 ? pd_cquin_achievement (p, lo, hi, i == 4,
                                                                  PD_CQUIN_RULE_PROPORTIONAL)
                                         : NAN;
        }
    }
  spec = pd_chart_spec_new_cquin (rows, n, PD_CHART_FORMAT_PROPORTION, 412500, 137500, 200000);
  pd_chart_spec_set_title (spec, "CQUIN progress: R9E Riverside Hospitals, 2010/11");
  pd_chart_spec_set_subtitle (spec, "Quarterly results against thresholds; Q4 not yet reported");
  pd_chart_spec_set_source (spec, "CQUIN schedule and provider returns (demo region)");
  return spec;
}

static PdChartSpec *
ranked_sample (gboolean empty)
{
  const gsize n = empty ? 0 : G_N_ELEMENTS (providers);
  PdInterval intervals[G_N_ELEMENTS (providers)];
  PdChartSpec *spec;

  for (gsize i = 0; i < n; i++)
    {
      double den = round (200 + 2000 * (0.5 + 0.5 * wobble (i, 17)));
      double num = round (den * (0.8 + 0.06 * wobble (i, 19)));
      intervals[i] = pd_ci_wilson (num, den, PD_LEVEL_95, 1.0);
    }
  spec = pd_chart_spec_new_ranked (providers, intervals, n, 0.8, PD_IMPROVEMENT_INCREASE,
                                   n > 4 ? 4 : -1, PD_CHART_FORMAT_PROPORTION);
  pd_chart_spec_set_title (spec, "Patients who would recommend the ward, ranked");
  pd_chart_spec_set_subtitle (spec, "2010/11 with 95 % confidence intervals; comparator 80 %");
  pd_chart_spec_set_source (spec, "Inpatient survey (demo region)");
  return spec;
}

static const char * const indicators[] = {
  "MRSA bacteraemia", "C. difficile", "Falls with harm", "Pressure ulcers", "VTE assessment",
  "Readmissions 30 d", "Mortality (SHMI)", "Stroke unit stay", "Cancer 62 day", "A&E 4 hours",
  "Would recommend", "Privacy and dignity", "Complaints per 1,000", "Same-sex breaches",
};

static PdChartSpec *
grid_sample (PdChartKind kind,
             gboolean    empty)
{
  const gsize nr = empty ? 0 : (kind == PD_CHART_KIND_MATRIX ? G_N_ELEMENTS (indicators) : 12);
  const gsize nc = kind == PD_CHART_KIND_MATRIX ? 16 : 3;
  g_autofree PdSpcVariationIcon *variation = g_new (PdSpcVariationIcon, MAX (nr * nc, 1));
  g_autofree PdSpcAssuranceIcon *assurance = g_new (PdSpcAssuranceIcon, MAX (nr * nc, 1));
  g_autofree PdChartRag *status = g_new (PdChartRag, MAX (nr * nc, 1));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  static const char * const domains[] = { "Safety", "Effectiveness", "Experience" };
  PdChartSpec *spec;

  for (gsize i = 0; i < nr * nc; i++)
    {
      double w = wobble ((guint) i, 23);
      variation[i] = w > 0.55 ? PD_SPC_VARIATION_CONCERN_HIGH
                     : w > 0.4 ? PD_SPC_VARIATION_IMPROVEMENT_LOW
                     : w < -0.6 ? PD_SPC_VARIATION_IMPROVEMENT_HIGH
                     : w < -0.5 ? PD_SPC_VARIATION_NEUTRAL_LOW : PD_SPC_VARIATION_COMMON_CAUSE;
      assurance[i] = w > 0.3 ? PD_SPC_ASSURANCE_FAIL : w < -0.35 ? PD_SPC_ASSURANCE_PASS
                     : PD_SPC_ASSURANCE_HIT_OR_MISS;
      status[i] = w > 0.45 ? PD_CHART_RAG_RED : w > 0.0 ? PD_CHART_RAG_AMBER : PD_CHART_RAG_GREEN;
      g_ptr_array_add (texts, g_strdup_printf ("%d of 9 concern", w > 0.45 ? 3 : w > 0 ? 1 : 0));

    }
  if (kind == PD_CHART_KIND_MATRIX)
    {
      spec = pd_chart_spec_new_matrix (indicators, nr, providers, nc, variation, assurance);
      pd_chart_spec_set_title (spec, "Quality indicators by provider: variation and assurance");
      pd_chart_spec_set_subtitle (spec, "Latest month, March 2012");
    }
  else
    {
      static const char * const names[] = {
        "R9A Wessmoor University Hospitals", "R9B Wessmoor General", "R9C Harbourside Trust",
        "R9D Fenland Community Services", "R9E Riverside Hospitals", "R9F Kingsmere Mental Health",
        "R9G Ashcombe Ambulance", "R9H Brackley Hospice", "R9J Marlow Heath Clinic",
        "R9K Old Sarum Trust", "R9L Tidewater Partnership", "R9M Coastal Care",
      };
      if (nr > 1)
        for (gsize c = 0; c < 3; c += 2)
          {
            status[1 * 3 + c] = PD_CHART_RAG_RED;
            g_free (texts->pdata[1 * 3 + c]);
            texts->pdata[1 * 3 + c] = g_strdup ("4 of 9 concern");
          }
      spec = pd_chart_spec_new_heatmap (names, nr, domains, nc, status,
                                        (const char * const *) texts->pdata);
      pd_chart_spec_set_title (spec, "Where to look first: providers by quality domain");
      pd_chart_spec_set_subtitle (spec, "Indicators showing concern or failing target, 2011/12");
    }
  pd_chart_spec_set_source (spec, "Provider quality reports (demo region)");
  return spec;
}

static PdChartSpec *
timeline_sample (gboolean empty)
{
  const gsize n = empty ? 0 : 48;
  static const char * const names[] = {
    "Falls per 1,000 bed days", "Pressure ulcers per 1,000 bed days",
    "Harm-free care", "Would recommend", "Complaints per 1,000 contacts",
  };
  static const char * const events[] = {
    "Serious incidents", "Never events", "C. difficile", "Complaints", "Concerns",
  };
  g_auto(GStrv) periods = month_labels (n, 2008, 4);
  double values[G_N_ELEMENTS (names)][48];
  PdSpcPointType types[G_N_ELEMENTS (names)][48];
  double counts[G_N_ELEMENTS (events) * 48];
  PdChartTimelineRow rows[G_N_ELEMENTS (names)];
  PdChartSpec *spec;

  for (guint r = 0; r < G_N_ELEMENTS (names); r++)
    {
      for (guint p = 0; p < 48; p++)
        {
          /* A drift worse from month 26, as R9B's story goes. */
          double drift = p > 26 ? (p - 26) * 0.04 : 0;
          values[r][p] = (r == 2 || r == 3 ? 0.92 - drift * 0.2 : 4 + drift * 3) *
                         (1 + 0.04 * wobble (p, 31 + r));
          types[r][p] = p > 34 ? PD_SPC_POINT_SPECIAL_CAUSE_CONCERN
                        : p > 8 && p < 14 && r == 1 ? PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT
                        : PD_SPC_POINT_COMMON_CAUSE;
        }
      rows[r].name = names[r];
      rows[r].values = values[r];
      rows[r].point_types = types[r];
      rows[r].format = r == 2 || r == 3 ? PD_CHART_FORMAT_PROPORTION : PD_CHART_FORMAT_NUMBER;
    }
  for (guint e = 0; e < G_N_ELEMENTS (events); e++)
    for (guint p = 0; p < 48; p++)
      {
        double base = e == 1 ? 0.1 : e >= 3 ? 6 : 1.2;
        double level = base * (1 + (p > 26 ? (p - 26) * 0.08 : 0)) * (1 + 0.6 * wobble (p, 41 + e));
        counts[e * 48 + p] = MAX (round (level), 0);
      }
  counts[1 * 48 + 37] = 1;
  counts[1 * 48 + 44] = 1;
  spec = pd_chart_spec_new_timeline ((const char * const *) periods, n, rows,
                                     n > 0 ? G_N_ELEMENTS (names) : 0, events,
                                     n > 0 ? G_N_ELEMENTS (events) : 0, n > 0 ? counts : NULL);
  pd_chart_spec_set_title (spec, "Triangulation: R9B Wessmoor General");
  pd_chart_spec_set_subtitle (spec, "Quality indicators and events, April 2008 to March 2012");
  pd_chart_spec_set_source (spec, "Provider quality reports, incident and complaint logs (demo region)");
  return spec;
}

static PdChartSpec *
quadrant_sample (gboolean empty)
{
  const gsize n = empty ? 0 : G_N_ELEMENTS (pcts);
  double spend[G_N_ELEMENTS (pcts)], outcome[G_N_ELEMENTS (pcts)];
  PdChartSpec *spec;

  for (gsize i = 0; i < n; i++)
    {
      spend[i] = 1450 + 180 * wobble (i, 51);
      outcome[i] = 95 - 0.012 * (spend[i] - 1450) + 9 * wobble (i, 53);
    }
  if (n > 4)
    {
      spend[4] = 1690;  /* 5Z3: spends most, gets worse */
      outcome[4] = 108;
    }
  spec = pd_chart_spec_new_quadrant (pcts, spend, outcome, n, PD_CHART_FORMAT_POUNDS,
                                     PD_CHART_FORMAT_NUMBER, PD_IMPROVEMENT_DECREASE,
                                     "Spend per weighted head, 2010/11",
                                     "Mortality from causes amenable to health care, per 100,000",
                                     n > 4 ? 4 : -1);
  pd_chart_spec_set_title (spec, "Spend against outcome: Wessmoor PCTs");
  pd_chart_spec_set_subtitle (spec, "Split at the medians; lower mortality is better");
  pd_chart_spec_set_source (spec, "Ledgers and mortality returns (demo region)");
  return spec;
}

PdChartSpec *
chart_sample_new (PdChartKind kind,
                  gboolean    empty)
{
  switch (kind)
    {
    case PD_CHART_KIND_SPC:
      return spc_sample (empty);
    case PD_CHART_KIND_FUNNEL:
      return funnel_sample (empty);
    case PD_CHART_KIND_SPEND_MIX:
      return mix_sample (empty);
    case PD_CHART_KIND_OUTLOOK:
      return outlook_sample (empty);
    case PD_CHART_KIND_CQUIN:
      return cquin_sample (empty);
    case PD_CHART_KIND_RANKED:
      return ranked_sample (empty);
    case PD_CHART_KIND_MATRIX:
    case PD_CHART_KIND_HEATMAP:
      return grid_sample (kind, empty);
    case PD_CHART_KIND_TIMELINE:
      return timeline_sample (empty);
    case PD_CHART_KIND_QUADRANT:
      return quadrant_sample (empty);
    default:
      g_assert_not_reached ();
    }
}
