/* pd-funnel.c — funnel plot limits, classification and overdispersion
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pd-funnel.h"
#include "pd-intervals.h"
#include "pd-intervals-private.h"

/* The one-sided tails of the two funnels: 2.5 % and 0.1 %. */
#define TAIL_95  0.025
#define TAIL_998 0.001

/**
 * pd_funnel_options_init:
 * @options: (out): the options to fill
 * @type: the kind of data
 *
 * Sets the defaults: multiplier 1, the pooled target (1 for ratios), no overdispersion
 * adjustment, 10 % trimmed per tail when there is one, PHE's Poisson limits, and a
 * low-volume warning below 10 expected events.
 */
void
pd_funnel_options_init (PdFunnelOptions *options,
                        PdFunnelType     type)
{
  g_return_if_fail (options != NULL);

  options->type = type;
  options->multiplier = 1.0;
  options->target = NAN;
  options->overdispersion = PD_FUNNEL_OVERDISPERSION_NONE;
  options->trim = 0.1;
  options->poisson_limits = PD_FUNNEL_POISSON_PHE;
  options->low_volume = 10.0;
}

/**
 * pd_funnel_parse_type:
 * @text: "proportion", "ratio" or "rate"
 * @out_type: (out): the type
 *
 * Returns: %TRUE when @text names a type.
 */
gboolean
pd_funnel_parse_type (const char   *text,
                      PdFunnelType *out_type)
{
  g_return_val_if_fail (text != NULL && out_type != NULL, FALSE);

  if (strcmp (text, "proportion") == 0)
    *out_type = PD_FUNNEL_PROPORTION;
  else if (strcmp (text, "ratio") == 0)
    *out_type = PD_FUNNEL_RATIO;
  else if (strcmp (text, "rate") == 0)
    *out_type = PD_FUNNEL_RATE;
  else
    return FALSE;

  return TRUE;
}

/**
 * pd_funnel_parse_overdispersion:
 * @text: "none", "shmi", "cqc" or "winsorise"
 * @out_method: (out): the method
 *
 * Returns: %TRUE when @text names a method.
 */
gboolean
pd_funnel_parse_overdispersion (const char             *text,
                                PdFunnelOverdispersion *out_method)
{
  g_return_val_if_fail (text != NULL && out_method != NULL, FALSE);

  if (strcmp (text, "none") == 0)
    *out_method = PD_FUNNEL_OVERDISPERSION_NONE;
  else if (strcmp (text, "shmi") == 0)
    *out_method = PD_FUNNEL_OVERDISPERSION_SHMI;
  else if (strcmp (text, "cqc") == 0)
    *out_method = PD_FUNNEL_OVERDISPERSION_CQC;
  else if (strcmp (text, "winsorise") == 0 || strcmp (text, "winsorize") == 0)
    *out_method = PD_FUNNEL_OVERDISPERSION_WINSORISE;
  else
    return FALSE;

  return TRUE;
}

/**
 * pd_funnel_parse_poisson_limits:
 * @text: "phe" or "funnelplotr"
 * @out_method: (out): the method
 *
 * Returns: %TRUE when @text names a method.
 */
gboolean
pd_funnel_parse_poisson_limits (const char            *text,
                                PdFunnelPoissonLimits *out_method)
{
  g_return_val_if_fail (text != NULL && out_method != NULL, FALSE);

  if (strcmp (text, "phe") == 0)
    *out_method = PD_FUNNEL_POISSON_PHE;
  else if (strcmp (text, "funnelplotr") == 0)
    *out_method = PD_FUNNEL_POISSON_FUNNELPLOTR;
  else
    return FALSE;

  return TRUE;
}

/**
 * pd_funnel_class_to_string:
 * @classification: a classification
 *
 * Returns: "above_99.8", "above_95", "within", "below_95", "below_99.8" or "none".
 */
const char *
pd_funnel_class_to_string (PdFunnelClass classification)
{
  switch (classification)
    {
    case PD_FUNNEL_BELOW_99_8: return "below_99.8";
    case PD_FUNNEL_BELOW_95:   return "below_95";
    case PD_FUNNEL_WITHIN:     return "within";
    case PD_FUNNEL_ABOVE_95:   return "above_95";
    case PD_FUNNEL_ABOVE_99_8: return "above_99.8";
    case PD_FUNNEL_NOT_CLASSIFIED:
    default:
      return "none";
    }
}

/**
 * pd_funnel_classify:
 * @value: a unit's value, multiplied as the limits are
 * @limits: the limits at the unit's denominator
 *
 * A value strictly beyond a limit is outside it; one exactly on it is not (as both
 * PHEindicatormethods and FunnelPlotR compare).
 *
 * Returns: the band @value lies in, or %PD_FUNNEL_NOT_CLASSIFIED for NaN or where
 *   there are no limits (all four NaN: inputs too large to be exact, an infinite target).
 */
PdFunnelClass
pd_funnel_classify (double                value,
                    const PdFunnelLimits *limits)
{
  g_return_val_if_fail (limits != NULL, PD_FUNNEL_NOT_CLASSIFIED);

  if (isnan (value) || (isnan (limits->lcl998) && isnan (limits->lcl95) &&
                         isnan (limits->ucl95) && isnan (limits->ucl998)))
    return PD_FUNNEL_NOT_CLASSIFIED;
  if (value > limits->ucl998)
    return PD_FUNNEL_ABOVE_99_8;
  if (value > limits->ucl95)
    return PD_FUNNEL_ABOVE_95;
  if (value < limits->lcl998)
    return PD_FUNNEL_BELOW_99_8;
  if (value < limits->lcl95)
    return PD_FUNNEL_BELOW_95;

  return PD_FUNNEL_WITHIN;
}

static const PdFunnelLimits no_limits = { NAN, NAN, NAN, NAN };

/* ---- Poisson limits for counts ------------------------------------------------------- */

typedef struct
{
  double expected;
  double tail;
} PoissonRoot;

/* P(X ≤ O) − tail for X ~ Poisson(expected), with O continuous through the gamma
 * function: P(X ≤ O) = Q(O + 1, expected). Increasing in O. */
static double
poisson_at_most_cb (double  observed,
                    void   *data)
{
  const PoissonRoot *root = data;

  return _pd_gamma_q (observed + 1.0, root->expected) - root->tail;
}

/* P(X ≥ O) − tail, as P(O, expected). Decreasing in O. */
static double
poisson_at_least_cb (double  observed,
                     void   *data)
{
  const PoissonRoot *root = data;

  return _pd_gamma_p (observed, root->expected) - root->tail;
}

/* The continuous count O at which an observation sits on the lower (P(X ≤ O) = tail) or
 * upper (P(X ≥ O) = tail) limit under Poisson(expected): the inverse of the curve
 * PHEindicatormethods traces with poisson_funnel(), solved to machine precision rather
 * than by its bisection. The lower limit stops at 0. */
static double
phe_poisson_count_limit (double   expected,
                         double   tail,
                         gboolean upper)
{
  PoissonRoot data = { expected, tail };
  double lo, hi;

  if (!(expected > 0.0) || !isfinite (expected))
    return NAN;

  hi = expected + 10.0 * sqrt (expected) + 10.0;
  if (!upper)
    {
      lo = 0.0;
      if (poisson_at_most_cb (0.0, &data) >= 0.0)
        return 0.0;
      for (int i = 0; i < 64 && poisson_at_most_cb (hi, &data) < 0.0; i++)
        hi = 2.0 * hi;
    }
  else
    {
      /* P(X ≥ O) tends to 1 as O tends to 0, so a tiny positive count brackets the root
       * from below for any expected count a funnel meets. */
      lo = 1e-10;
      if (poisson_at_least_cb (lo, &data) <= 0.0)
        return lo;
      for (int i = 0; i < 64 && poisson_at_least_cb (hi, &data) > 0.0; i++)
        hi = 2.0 * hi;
    }

  return _pd_solve_bracketed (upper ? poisson_at_least_cb : poisson_at_most_cb, &data, lo, hi);
}

static double
count_limit (PdFunnelPoissonLimits method,
             double                expected,
             double                tail,
             gboolean              upper)
{
  if (method == PD_FUNNEL_POISSON_PHE)
    return phe_poisson_count_limit (expected, tail, upper);

  /* FunnelPlotR: the exact interval of a count equal to the expected one,
   * qchisq(tail, 2E)/2 and qchisq(1 − tail, 2E + 2)/2. */
  if (!(expected > 0.0) || !isfinite (expected))
    return NAN;
  if (upper)
    return _pd_gamma_quantile (tail, expected + 1.0, TRUE);
  return _pd_gamma_quantile (tail, expected, FALSE);
}

/* ---- Limits ------------------------------------------------------------------------- */

/* The events expected at the target: for a ratio the denominator is already an expected
 * count (scaled when the target is not 1), for a rate it is a population. */
static double
expected_count (double target,
                double denominator)
{
  return denominator * target;
}

/* Past 2^53 expected events a double is no exact count (docs/statistics.md): a huge
 * target times a population can get there where neither does alone. */
static gboolean
expected_count_exact (double target,
                      double denominator)
{
  return expected_count (target, denominator) <= PD_STATS_MAX_COUNT;
}

/**
 * pd_funnel_unadjusted_limits:
 * @options: the options (type, multiplier, Poisson method)
 * @target: the centre line, unmultiplied
 * @denominator: where to compute the limits (the expected count for ratios)
 * @out: (out): the limits, multiplied
 *
 * Proportions: the Wilson score interval inverted around @target, which is
 * t ± z √(t(1 − t)/n) (PHEindicatormethods' sigma_adjustment() writes the same quadratic
 * out in full), kept within [0, 1] × multiplier as phe_funnels() keeps it within
 * [0, 100]. Ratios and rates: Poisson limits for the count expected at the target,
 * divided by @denominator.
 */
void
pd_funnel_unadjusted_limits (const PdFunnelOptions *options,
                             double                 target,
                             double                 denominator,
                             PdFunnelLimits        *out)
{
  double m;

  g_return_if_fail (options != NULL);
  g_return_if_fail (out != NULL);

  *out = no_limits;
  if (!isfinite (target) || !isfinite (denominator) || denominator <= 0.0 || target < 0.0 ||
      denominator > PD_STATS_MAX_COUNT)
    return;

  m = options->multiplier;
  if (options->type == PD_FUNNEL_PROPORTION)
    {
      double se, z95, z998;

      if (target > 1.0)
        return;
      se = sqrt (target * (1.0 - target) / denominator);
      z95 = pd_stats_level_z (PD_LEVEL_95);
      z998 = pd_stats_level_z (PD_LEVEL_99_8);
      out->lcl95 = MAX (0.0, target - z95 * se) * m;
      out->ucl95 = MIN (1.0, target + z95 * se) * m;
      out->lcl998 = MAX (0.0, target - z998 * se) * m;
      out->ucl998 = MIN (1.0, target + z998 * se) * m;
    }
  else
    {
      double expected = expected_count (target, denominator);

      if (!expected_count_exact (target, denominator))
        return;
      if (expected == 0.0)
        {
          /* A target of zero events admits only zero. */
          out->lcl95 = out->ucl95 = out->lcl998 = out->ucl998 = 0.0;
          return;
        }
      out->lcl95 = count_limit (options->poisson_limits, expected, TAIL_95, FALSE) / denominator * m;
      out->ucl95 = count_limit (options->poisson_limits, expected, TAIL_95, TRUE) / denominator * m;
      out->lcl998 = count_limit (options->poisson_limits, expected, TAIL_998, FALSE) / denominator * m;
      out->ucl998 = count_limit (options->poisson_limits, expected, TAIL_998, TRUE) / denominator * m;
    }
}

/* Which scale the z-scores live on. */
typedef enum
{
  SCALE_LOG,
  SCALE_SQRT,
  SCALE_ARCSINE,
} Scale;

static Scale
od_scale (const PdFunnelOptions *options)
{
  if (options->type == PD_FUNNEL_PROPORTION)
    return SCALE_ARCSINE;
  if (options->overdispersion == PD_FUNNEL_OVERDISPERSION_CQC)
    return SCALE_SQRT;
  return SCALE_LOG;
}

/* The within-unit standard error on the transformed scale. */
static double
od_standard_error (const PdFunnelOptions *options,
                   double                 target,
                   double                 denominator)
{
  switch (od_scale (options))
    {
    case SCALE_LOG:
      return 1.0 / sqrt (expected_count (target, denominator));
    case SCALE_SQRT:
      return 1.0 / (2.0 * sqrt (expected_count (target, denominator)));
    case SCALE_ARCSINE:
    default:
      return 1.0 / (2.0 * sqrt (denominator));
    }
}

static double
od_back_transform (const PdFunnelOptions *options,
                   double                 target,
                   double                 offset)
{
  switch (od_scale (options))
    {
    case SCALE_LOG:
      return target * exp (offset);
    case SCALE_SQRT:
      /* (1 ± z·s)² on the ratio's square-root scale; below zero there is no square. */
      return target * pow (MAX (0.0, 1.0 + offset), 2.0);
    case SCALE_ARCSINE:
    default:
      {
        /* sin² wraps round outside [0, π/2]; the proportion stops at 0 and 1 instead. */
        double angle = asin (sqrt (target)) + offset;

        angle = CLAMP (angle, 0.0, G_PI / 2.0);
        return pow (sin (angle), 2.0);
      }
    }
}

/**
 * pd_funnel_adjusted_limits:
 * @options: the options (type, overdispersion method, multiplier)
 * @target: the centre line, unmultiplied
 * @tau2: the between-unit variance on the transformed scale
 * @denominator: where to compute the limits
 * @out: (out): the limits, multiplied
 *
 * The limits widened for overdispersion as FunnelPlotR draws them: target × exp(±z√(s² +
 * τ²)) on the log scale with s² = 1/E; target × (1 ± z√(s² + τ²))² on the square-root
 * scale with s² = 1/(4E); sin²(asin √t ± z√(s² + τ²)) on the arcsine scale with
 * s² = 1/(4n). E is the expected count at the target. With @tau2 = 0 these are the
 * normal approximations on each scale.
 */
void
pd_funnel_adjusted_limits (const PdFunnelOptions *options,
                           double                 target,
                           double                 tau2,
                           double                 denominator,
                           PdFunnelLimits        *out)
{
  double sd, z95, z998, m;

  g_return_if_fail (options != NULL);
  g_return_if_fail (out != NULL);

  *out = no_limits;
  if (!isfinite (target) || !isfinite (denominator) || denominator <= 0.0 ||
      denominator > PD_STATS_MAX_COUNT || !(target > 0.0) || !(tau2 >= 0.0) || !isfinite (tau2) ||
      (options->type == PD_FUNNEL_PROPORTION && target > 1.0) ||
      (options->type != PD_FUNNEL_PROPORTION && !expected_count_exact (target, denominator)))
    return;

  m = options->multiplier;
  sd = sqrt (pow (od_standard_error (options, target, denominator), 2.0) + tau2);
  z95 = pd_stats_level_z (PD_LEVEL_95);
  z998 = pd_stats_level_z (PD_LEVEL_99_8);
  out->lcl95 = od_back_transform (options, target, -z95 * sd) * m;
  out->ucl95 = od_back_transform (options, target, z95 * sd) * m;
  out->lcl998 = od_back_transform (options, target, -z998 * sd) * m;
  out->ucl998 = od_back_transform (options, target, z998 * sd) * m;
}

/**
 * pd_funnel_limits_at:
 * @funnel: a computed funnel
 * @denominator: where to compute the limits
 * @limits: (out) (optional): the unadjusted limits
 * @od_limits: (out) (optional): the adjusted limits when @funnel was adjusted, the
 *   unadjusted ones when no adjustment was needed, NaN with overdispersion none
 *
 * Limits at any denominator, for drawing the funnel.
 */
void
pd_funnel_limits_at (const PdFunnel *funnel,
                     double          denominator,
                     PdFunnelLimits *limits,
                     PdFunnelLimits *od_limits)
{
  PdFunnelLimits plain;

  g_return_if_fail (funnel != NULL);

  pd_funnel_unadjusted_limits (&funnel->options, funnel->target, denominator, &plain);
  if (limits != NULL)
    *limits = plain;
  if (od_limits == NULL)
    return;

  if (funnel->options.overdispersion == PD_FUNNEL_OVERDISPERSION_NONE)
    *od_limits = no_limits;
  else if (funnel->adjusted)
    pd_funnel_adjusted_limits (&funnel->options, funnel->target, funnel->tau2, denominator,
                               od_limits);
  else
    *od_limits = plain;
}

/**
 * pd_funnel_limit_table:
 * @funnel: a computed funnel
 * @denominators: (array length=n): where to compute the limits
 * @n: how many
 * @limits: (array length=n) (optional): receives the unadjusted limits
 * @od_limits: (array length=n) (optional): receives the adjusted limits, as
 *   pd_funnel_limits_at()
 *
 * The limit table for drawing a funnel through a list of denominators.
 */
void
pd_funnel_limit_table (const PdFunnel *funnel,
                       const double   *denominators,
                       gsize           n,
                       PdFunnelLimits *limits,
                       PdFunnelLimits *od_limits)
{
  g_return_if_fail (funnel != NULL);
  g_return_if_fail (n == 0 || denominators != NULL);

  for (gsize i = 0; i < n; i++)
    pd_funnel_limits_at (funnel, denominators[i],
                         limits != NULL ? &limits[i] : NULL,
                         od_limits != NULL ? &od_limits[i] : NULL);
}

/* ---- Overdispersion ----------------------------------------------------------------- */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* R's default quantile (type 7) of sorted values. Infinite order statistics are taken
 * as they are rather than interpolated into NaN. */
static double
quantile_type7 (const double *sorted,
                gsize         n,
                double        p)
{
  double h = (double) (n - 1) * p;
  gsize lo = (gsize) floor (h);
  double frac = h - (double) lo;

  if (lo + 1 >= n || frac == 0.0 || sorted[lo] == sorted[lo + 1])
    return sorted[lo];
  if (isinf (sorted[lo]))
    return sorted[lo];
  if (isinf (sorted[lo + 1]))
    return sorted[lo + 1];

  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

typedef struct
{
  double z;
  gsize  index;
} RankItem;

static int
compare_rank_items (const void *a,
                    const void *b)
{
  const RankItem *x = a, *y = b;

  if (x->z != y->z)
    return (x->z > y->z) - (x->z < y->z);
  return (x->index > y->index) - (x->index < y->index);
}

/* FunnelPlotR's truncation for the SHMI method: rank the z-scores (ties averaged), split
 * the ranks into 1/trim groups with floor(rank × k / (n + 1)), and leave out the first and
 * the last group. */
static void
truncate_z (PdFunnel *funnel,
            gsize    *usable,
            gsize     n)
{
  double k = 1.0 / funnel->options.trim;
  g_autofree RankItem *items = g_new (RankItem, n);

  for (gsize i = 0; i < n; i++)
    {
      items[i].z = funnel->units[usable[i]].z;
      items[i].index = usable[i];
    }
  qsort (items, n, sizeof (RankItem), compare_rank_items);

  for (gsize i = 0; i < n;)
    {
      gsize j = i;
      double rank, group;

      while (j + 1 < n && items[j + 1].z == items[i].z)
        j++;
      rank = ((double) (i + 1) + (double) (j + 1)) / 2.0;
      group = floor (rank * k / ((double) n + 1.0));
      for (gsize t = i; t <= j; t++)
        funnel->units[items[t].index].trimmed = group <= 0.0 || group >= k - 1.0;
      i = j + 1;
    }
}

static void
compute_overdispersion (PdFunnel *funnel)
{
  const PdFunnelOptions *options = &funnel->options;
  g_autofree gsize *usable = g_new (gsize, funnel->n_units + 1);
  gsize n = 0;
  double sum_z2 = 0.0, sum_w = 0.0, sum_w2 = 0.0;
  double lz = -INFINITY, uz = INFINITY, nu;
  gboolean truncation = options->overdispersion == PD_FUNNEL_OVERDISPERSION_SHMI &&
                        options->type != PD_FUNNEL_PROPORTION;

  for (gsize i = 0; i < funnel->n_units; i++)
    {
      PdFunnelUnit *unit = &funnel->units[i];
      double target = funnel->target;
      double expected, y, y0, s;

      if (isnan (unit->value))
        continue;

      expected = expected_count (target, unit->denominator);
      s = od_standard_error (options, target, unit->denominator);
      switch (od_scale (options))
        {
        case SCALE_LOG:
          /* FunnelPlotR's SHMI z-score, √E · ln(O/E); −∞ for no events. */
          unit->z = sqrt (expected) * log (unit->numerator / expected);
          break;
        case SCALE_SQRT:
          y = sqrt (unit->numerator / expected);
          unit->z = (y - 1.0) / s;
          break;
        case SCALE_ARCSINE:
        default:
          y = asin (sqrt (unit->numerator / unit->denominator));
          y0 = asin (sqrt (target));
          unit->z = (y - y0) / s;
          break;
        }
      if (isnan (unit->z))
        continue;
      usable[n++] = i;
    }

  /* FunnelPlotR trims 10 % per tail: SHMI drops those units (truncation), the other
   * methods pull their z-scores in to the 10th and 90th percentiles (winsorisation). */
  if (n > 0 && options->trim > 0.0)
    {
      if (truncation)
        {
          truncate_z (funnel, usable, n);
        }
      else
        {
          g_autofree double *sorted = g_new (double, n);

          for (gsize i = 0; i < n; i++)
            sorted[i] = funnel->units[usable[i]].z;
          qsort (sorted, n, sizeof (double), compare_doubles);
          lz = quantile_type7 (sorted, n, options->trim);
          uz = quantile_type7 (sorted, n, 1.0 - options->trim);
          for (gsize i = 0; i < n; i++)
            {
              PdFunnelUnit *unit = &funnel->units[usable[i]];

              unit->trimmed = unit->z < lz || unit->z > uz;
            }
        }
    }

  for (gsize i = 0; i < n; i++)
    {
      const PdFunnelUnit *unit = &funnel->units[usable[i]];
      double z, w;

      if (truncation && unit->trimmed)
        continue;
      z = CLAMP (unit->z, lz, uz);
      w = 1.0 / pow (od_standard_error (options, funnel->target, unit->denominator), 2.0);
      sum_z2 += z * z;
      sum_w += w;
      sum_w2 += w * w;
      funnel->n_used++;
    }

  if (funnel->n_used < 2)
    {
      /* One unit cannot show variation between units. */
      funnel->phi = NAN;
      funnel->tau2 = NAN;
      return;
    }

  nu = (double) funnel->n_used;
  funnel->phi = sum_z2 / nu;
  /* DerSimonian–Laird: τ² = max(0, (nφ − (n − 1)) / (Σw − Σw²/Σw)), w = 1/s². */
  if (!isfinite (funnel->phi))
    funnel->tau2 = NAN;
  else if (nu * funnel->phi < nu - 1.0)
    funnel->tau2 = 0.0;
  else
    funnel->tau2 = MAX (0.0, (nu * funnel->phi - (nu - 1.0)) / (sum_w - sum_w2 / sum_w));

  funnel->adjusted = isfinite (funnel->phi) && funnel->phi > 1.0 &&
                     isfinite (funnel->tau2) && funnel->tau2 > 0.0;
}

/* ---- Classification ----------------------------------------------------------------- */

/* PHEindicatormethods' significance for ratios and rates: the target against the unit's
 * own interval (exact below 10 events, Byar's from 10) divided by its denominator. */
static PdFunnelClass
phe_poisson_significance (double events,
                          double denominator,
                          double target)
{
  double low998 = events == 0.0 ? 0.0 : pd_ci_exact_poisson_lower (events, 0.998);
  double low95 = events == 0.0 ? 0.0 : pd_ci_exact_poisson_lower (events, 0.95);
  double high998 = pd_ci_exact_poisson_upper (events, 0.998);
  double high95 = pd_ci_exact_poisson_upper (events, 0.95);

  if (events >= PD_CI_BYAR_MIN_EVENTS)
    {
      low998 = pd_ci_byar_lower (events, 0.998);
      low95 = pd_ci_byar_lower (events, 0.95);
      high998 = pd_ci_byar_upper (events, 0.998);
      high95 = pd_ci_byar_upper (events, 0.95);
    }

  /* A NaN limit (Byar's gone negative) compares false, as NA does in case_when(). */
  if (target < low998 / denominator)
    return PD_FUNNEL_ABOVE_99_8;
  if (target < low95 / denominator)
    return PD_FUNNEL_ABOVE_95;
  if (target > high998 / denominator)
    return PD_FUNNEL_BELOW_99_8;
  if (target > high95 / denominator)
    return PD_FUNNEL_BELOW_95;

  return PD_FUNNEL_WITHIN;
}

static double
low_volume_count (const PdFunnelOptions *options,
                  double                 target,
                  double                 denominator)
{
  if (options->type == PD_FUNNEL_PROPORTION)
    return denominator * MIN (target, 1.0 - target);
  return expected_count (target, denominator);
}

/**
 * pd_funnel_compute:
 * @numerators: (array length=n): numerators, observed counts or events (NaN: suppressed)
 * @denominators: (array length=n): denominators, expected counts or populations
 * @n: the number of units
 * @options: (nullable): the options, or %NULL for a proportion funnel's defaults
 *
 * Computes the centre line, each unit's value, limits at its denominator, low-volume
 * warning and classification, and with an overdispersion method the z-scores, φ, τ² and
 * adjusted limits. Units with a missing, negative or zero denominator, a missing or
 * negative numerator, or (for proportions) a numerator above the denominator get NaN
 * values, are not classified and take no part in the target or φ.
 *
 * Classification: against the adjusted limits when the funnel was adjusted; otherwise
 * against the unadjusted limits, except for ratios and rates with PHE's Poisson limits,
 * which use PHEindicatormethods' test of the target against each unit's interval.
 *
 * Returns: (transfer full): the funnel; free with pd_funnel_free().
 */
PdFunnel *
pd_funnel_compute (const double          *numerators,
                   const double          *denominators,
                   gsize                  n,
                   const PdFunnelOptions *options)
{
  PdFunnel *funnel;
  double sum_num = 0.0, sum_den = 0.0;

  g_return_val_if_fail (n == 0 || (numerators != NULL && denominators != NULL), NULL);

  funnel = g_new0 (PdFunnel, 1);
  if (options != NULL)
    funnel->options = *options;
  else
    pd_funnel_options_init (&funnel->options, PD_FUNNEL_PROPORTION);
  options = &funnel->options;
  g_return_val_if_fail (options->multiplier > 0.0, funnel);
  g_return_val_if_fail (options->trim >= 0.0 && options->trim < 0.5, funnel);

  funnel->n_units = n;
  funnel->units = g_new0 (PdFunnelUnit, n);
  funnel->phi = NAN;
  funnel->tau2 = NAN;

  for (gsize i = 0; i < n; i++)
    {
      PdFunnelUnit *unit = &funnel->units[i];
      double x = numerators[i], d = denominators[i];

      unit->numerator = x;
      unit->denominator = d;
      unit->z = NAN;
      unit->limits = no_limits;
      unit->od_limits = no_limits;
      unit->classification = PD_FUNNEL_NOT_CLASSIFIED;

      if (!isfinite (x) || !isfinite (d) || x < 0.0 || d <= 0.0 ||
          x > PD_STATS_MAX_COUNT || d > PD_STATS_MAX_COUNT ||
          (options->type == PD_FUNNEL_PROPORTION && x > d))
        {
          unit->value = NAN;
          continue;
        }

      unit->value = x / d * options->multiplier;
      sum_num += x;
      sum_den += d;
      funnel->n++;
    }

  if (!isnan (options->target))
    funnel->target = options->target;
  else if (options->type == PD_FUNNEL_RATIO)
    funnel->target = 1.0;
  else
    funnel->target = funnel->n > 0 ? sum_num / sum_den : NAN;

  if (options->overdispersion != PD_FUNNEL_OVERDISPERSION_NONE && isfinite (funnel->target) &&
      funnel->target > 0.0)
    compute_overdispersion (funnel);

  for (gsize i = 0; i < n; i++)
    {
      PdFunnelUnit *unit = &funnel->units[i];

      if (isnan (unit->value))
        continue;

      pd_funnel_limits_at (funnel, unit->denominator, &unit->limits, &unit->od_limits);
      unit->low_volume = low_volume_count (options, funnel->target, unit->denominator) <
                         options->low_volume;

      if (funnel->adjusted)
        unit->classification = pd_funnel_classify (unit->value, &unit->od_limits);
      else if (options->type != PD_FUNNEL_PROPORTION &&
               options->poisson_limits == PD_FUNNEL_POISSON_PHE)
        unit->classification = phe_poisson_significance (unit->numerator, unit->denominator,
                                                         funnel->target);
      else
        unit->classification = pd_funnel_classify (unit->value, &unit->limits);
    }

  return funnel;
}

/**
 * pd_funnel_free:
 * @funnel: (nullable): a funnel
 *
 * Frees @funnel and its units.
 */
void
pd_funnel_free (PdFunnel *funnel)
{
  if (funnel == NULL)
    return;

  g_free (funnel->units);
  g_free (funnel);
}
