/* pd-spc.c — statistical process control as NHS England's "Making Data Count" does it
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-spc.h"
#include "pd-spc-private.h"

/* d2 for ranges of two: σ = mean moving range / 1.128 (Laney's σz). */
#define D2_TWO 1.128

/* Series up to this length use scratch space on the stack: one call per indicator and
 * provider must not touch the heap more than once. */
#define STACK_POINTS 256

G_DEFINE_QUARK (pd-spc-error-quark, pd_spc_error)

/**
 * pd_spc_options_init_preset:
 * @options: (out caller-allocates): the options to fill
 * @preset: which tool's defaults to follow
 *
 * Fills every field of @options with @preset's defaults: an XmR chart, no improvement
 * direction, no target, no fixed baseline, shift and trend of 7, trial limits below 15
 * points and a warning below 12. The presets differ only in moving-range screening, the
 * two-in-three band and a target on a limit (docs/statistics.md has the table). Set any
 * field afterwards to override the preset.
 */
void
pd_spc_options_init_preset (PdSpcOptions *options,
                            PdSpcPreset   preset)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->chart = PD_SPC_CHART_XMR;
  options->improvement = PD_IMPROVEMENT_NEUTRAL;
  options->fix_after = 0;
  options->shift_length = 7;
  options->trend_length = 7;
  options->target = NAN;
  options->trial_below = 15;
  options->warn_below = 12;

  switch (preset)
    {
    case PD_SPC_PRESET_MDC_LEGACY:
      options->screen_outliers = FALSE;
      options->two_in_three = PD_SPC_TWO_IN_THREE_BAND;
      options->assurance_edge = PD_SPC_ASSURANCE_INCLUSIVE;
      break;

    case PD_SPC_PRESET_PTD:
      options->screen_outliers = TRUE;
      options->two_in_three = PD_SPC_TWO_IN_THREE_BAND;
      options->assurance_edge = PD_SPC_ASSURANCE_STRICT;
      break;

    case PD_SPC_PRESET_MDC:
    default:
      options->screen_outliers = FALSE;
      options->two_in_three = PD_SPC_TWO_IN_THREE_BEYOND_2SIGMA;
      options->assurance_edge = PD_SPC_ASSURANCE_INCLUSIVE;
      break;
    }
}

/**
 * pd_spc_options_validate:
 * @options: the options
 * @error: return location for a #PD_SPC_ERROR_INVALID_OPTION
 *
 * Checks the ranges: shift and trend lengths 6 to 8, a fixed baseline of at least 2
 * points (or 0 for none), known enum values and a finite target (or NaN).
 *
 * Returns: %TRUE when pd_spc_compute() accepts @options.
 */
gboolean
pd_spc_options_validate (const PdSpcOptions  *options,
                         GError             **error)
{
  g_return_val_if_fail (options != NULL, FALSE);

  if (options->shift_length < 6 || options->shift_length > 8)
    {
      g_set_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_OPTION,
                   "The shift length must be 6, 7 or 8 points (got %u)", options->shift_length);
      return FALSE;
    }
  if (options->trend_length < 6 || options->trend_length > 8)
    {
      g_set_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_OPTION,
                   "The trend length must be 6, 7 or 8 points (got %u)", options->trend_length);
      return FALSE;
    }
  if (options->fix_after == 1)
    {
      g_set_error_literal (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_OPTION,
                           "A fixed baseline needs at least 2 points to have a moving range");
      return FALSE;
    }
  if ((guint) options->chart > PD_SPC_CHART_U_PRIME ||
      (guint) options->improvement > PD_IMPROVEMENT_DECREASE ||
      (guint) options->two_in_three > PD_SPC_TWO_IN_THREE_BAND ||
      (guint) options->assurance_edge > PD_SPC_ASSURANCE_STRICT)
    {
      g_set_error_literal (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_OPTION,
                           "Unknown chart, improvement direction, two-in-three rule or "
                           "assurance edge");
      return FALSE;
    }
  if (isinf (options->target))
    {
      g_set_error_literal (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_OPTION,
                           "The target must be a finite number");
      return FALSE;
    }
  if ((options->bounded_below && !isfinite (options->value_min)) ||
      (options->bounded_above && !isfinite (options->value_max)) ||
      (options->bounded_below && options->bounded_above &&
       !(options->value_min < options->value_max)))
    {
      g_set_error_literal (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_OPTION,
                           "The values' range must be finite, its least below its most");
      return FALSE;
    }

  return TRUE;
}

/**
 * pd_spc_options_set_value_range:
 * @options: the options
 * @min: the least a value can be, or NaN for no floor
 * @max: the most a value can be, or NaN for no ceiling
 *
 * Declares the values' natural range. It changes no limit and no rule: a chart draws
 * the limits, the 2σ lines and its axis no further than the range, as long as every
 * value plotted lies within it (pd_spc_result_shown()).
 */
void
pd_spc_options_set_value_range (PdSpcOptions *options,
                                double        min,
                                double        max)
{
  g_return_if_fail (options != NULL);

  options->bounded_below = !isnan (min);
  options->value_min = options->bounded_below ? min : NAN;
  options->bounded_above = !isnan (max);
  options->value_max = options->bounded_above ? max : NAN;
}

/**
 * pd_spc_value_range_for_unit:
 * @unit: an indicator's unit: "proportion", "rate", "count", "ratio", "mean", …
 * @multiplier: its multiplier: value = numerator / denominator × multiplier
 * @out_min: (out): the least a value can be, or NaN
 * @out_max: (out): the most a value can be, or NaN
 *
 * What an indicator's unit says about its values: a proportion lies between 0 and its
 * multiplier (1, or 100 for a percentage); a rate, a count and a ratio of counts are never
 * negative; a mean, or a unit not known here, may be anything.
 *
 * Returns: %TRUE when the unit bounds the values at all.
 */
gboolean
pd_spc_value_range_for_unit (const char *unit,
                             double      multiplier,
                             double     *out_min,
                             double     *out_max)
{
  double min = NAN, max = NAN;

  g_return_val_if_fail (out_min != NULL && out_max != NULL, FALSE);

  if (g_strcmp0 (unit, "proportion") == 0)
    {
      min = 0;
      max = isfinite (multiplier) && multiplier > 0 ? multiplier : NAN;
    }
  else if (g_strcmp0 (unit, "rate") == 0 || g_strcmp0 (unit, "count") == 0 ||
           g_strcmp0 (unit, "ratio") == 0)
    min = 0;
  *out_min = min;
  *out_max = max;
  return !isnan (min) || !isnan (max);
}

/**
 * pd_spc_result_shown:
 * @result: a result
 * @value: a limit, line or value of @result
 *
 * Where a chart draws @value: within the values' natural range when the options declare
 * one and every value plotted lies within it (qicharts2's y.neg = FALSE), else as it is.
 * A lower limit of −33 on a rate is drawn at 0; NaN stays NaN.
 *
 * Returns: @value, or the end of the range it lies beyond.
 */
double
pd_spc_result_shown (const PdSpcResult *result,
                     double             value)
{
  g_return_val_if_fail (result != NULL, value);

  if (isnan (value))
    return value;
  if (!isnan (result->shown_min) && value < result->shown_min)
    return result->shown_min;
  if (!isnan (result->shown_max) && value > result->shown_max)
    return result->shown_max;
  return value;
}

static inline int
sign_of (double d)
{
  return (d > 0) - (d < 0);
}

/* +1 when the named rule points to high values, −1 to low ones. */
static int
point_signal (const PdSpcPoint *points,
              const PdSpcPoint *p)
{
  switch (p->rule)
    {
    case PD_SPC_RULE_OUTSIDE_LIMITS:
      return p->value > p->upl ? 1 : -1;
    case PD_SPC_RULE_TREND:
      return points[p->run_last].value > points[p->run_first].value ? 1 : -1;
    case PD_SPC_RULE_TWO_IN_THREE:
    case PD_SPC_RULE_SHIFT:
      return sign_of (p->value - p->mean);
    case PD_SPC_RULE_NONE:
    default:
      return 0;
    }
}

static PdSpcVariationIcon
variation_icon_for (const PdSpcPoint *point,
                    PdImprovement     improvement)
{
  gboolean up = improvement != PD_IMPROVEMENT_DECREASE;

  switch (point->point_type)
    {
    case PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT:
      return up ? PD_SPC_VARIATION_IMPROVEMENT_HIGH : PD_SPC_VARIATION_IMPROVEMENT_LOW;
    case PD_SPC_POINT_SPECIAL_CAUSE_CONCERN:
      return up ? PD_SPC_VARIATION_CONCERN_LOW : PD_SPC_VARIATION_CONCERN_HIGH;
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_HIGH:
      return PD_SPC_VARIATION_NEUTRAL_HIGH;
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW:
      return PD_SPC_VARIATION_NEUTRAL_LOW;
    case PD_SPC_POINT_COMMON_CAUSE:
    default:
      return PD_SPC_VARIATION_COMMON_CAUSE;
    }
}

PdSpcAssuranceIcon
_pd_spc_assurance_icon (double              target,
                        double              lpl,
                        double              upl,
                        PdImprovement       improvement,
                        PdSpcAssuranceEdge  edge)
{
  gboolean below_lpl, above_upl;

  if (improvement == PD_IMPROVEMENT_NEUTRAL || isnan (target) || isnan (lpl) || isnan (upl))
    return PD_SPC_ASSURANCE_NONE;

  /* Whether the process stays on the right side of the target: a target at or below the
   * lower limit is met by every point of an upward-improving process. MDC counts a target
   * exactly on a limit as met (or missed) consistently; NHSRplotthedots as hit or miss. */
  if (edge == PD_SPC_ASSURANCE_INCLUSIVE)
    {
      below_lpl = target <= lpl;
      above_upl = target >= upl;
    }
  else
    {
      below_lpl = target < lpl;
      above_upl = target > upl;
    }

  /* With all-equal values the limits sit on the mean and a target there is both. */
  if (below_lpl && above_upl)
    return PD_SPC_ASSURANCE_HIT_OR_MISS;
  if (improvement == PD_IMPROVEMENT_INCREASE)
    return below_lpl ? PD_SPC_ASSURANCE_PASS
         : above_upl ? PD_SPC_ASSURANCE_FAIL
         : PD_SPC_ASSURANCE_HIT_OR_MISS;
  return above_upl ? PD_SPC_ASSURANCE_PASS
       : below_lpl ? PD_SPC_ASSURANCE_FAIL
       : PD_SPC_ASSURANCE_HIT_OR_MISS;
}

/* The four rules on the points used in one partition (@used holds their indexes).
 *
 * Each rule is a run or a window over per-point signs, computed without data-dependent
 * branches (a run length is extended or restarted by arithmetic), because on noisy data
 * every branch on a sign is a coin toss the processor mispredicts half the time. */
void
_pd_spc_apply_rules (PdSpcPoint         *points,
                     const guint        *used,
                     guint               m,
                     const PdSpcOptions *options)
{
  gint8 side_stack[STACK_POINTS], dir_stack[STACK_POINTS];
  guint8 outside_stack[STACK_POINTS], beyond_stack[STACK_POINTS], window_stack[STACK_POINTS];
  guint shift_end_stack[STACK_POINTS], shift_len_stack[STACK_POINTS];
  guint trend_end_stack[STACK_POINTS], trend_len_stack[STACK_POINTS];
  g_autofree void *heap = NULL;
  gint8 *side = side_stack, *dir = dir_stack;
  guint8 *outside = outside_stack, *beyond = beyond_stack, *window = window_stack;
  guint *shift_end = shift_end_stack, *shift_len = shift_len_stack;
  guint *trend_end = trend_end_stack, *trend_len = trend_len_stack;
  gboolean count_outside = options->two_in_three == PD_SPC_TWO_IN_THREE_BEYOND_2SIGMA;
  guint shift_length = options->shift_length;
  guint trend_diffs = options->trend_length - 1;
  int better = options->improvement == PD_IMPROVEMENT_INCREASE ? 1
             : options->improvement == PD_IMPROVEMENT_DECREASE ? -1
             : 0;

  if (m == 0)
    return;

  if (m > STACK_POINTS)
    {
      /* The guint arrays first, so each starts aligned; the byte arrays after them. */
      guint *words = heap = g_malloc ((gsize) m * (4 * sizeof (guint) + 2 + 3));
      char *bytes = (char *) (words + 4 * (gsize) m);

      shift_end = words;
      shift_len = shift_end + m;
      trend_end = shift_len + m;
      trend_len = trend_end + m;
      side = (gint8 *) bytes;
      dir = (gint8 *) (bytes + m);
      outside = (guint8 *) (bytes + 2 * m);
      beyond = (guint8 *) (bytes + 3 * m);
      window = (guint8 *) (bytes + 4 * m);
    }

  /* Signs: side of the mean (0 on it), beyond the limits (strictly), beyond 2σ (the
   * 2023 rule counts points beyond the limits too; the older one only the band), and the
   * direction of the step from the previous point (0 for a tie). */
  for (guint k = 0; k < m; k++)
    {
      const PdSpcPoint *p = &points[used[k]];
      double v = p->value;
      gboolean out = (v > p->upl) | (v < p->lpl);
      gboolean b2 = (v > p->upper_2sigma) | (v < p->lower_2sigma);

      side[k] = (v > p->mean) - (v < p->mean);
      outside[k] = out;
      beyond[k] = b2 & (count_outside | !out);
      dir[k] = k == 0 ? 0 : (v > points[used[k - 1]].value) - (v < points[used[k - 1]].value);
    }

  /* Shift: shift_end[k] is the length of the one-sided run ending at k (0 on the mean);
   * shift_len[k] the length of the whole run k belongs to. Trend: the same over steps
   * (step k joins points k − 1 and k); a tie is a step of 0 and ends the run. */
  shift_end[0] = side[0] != 0;
  trend_end[0] = 0;
  for (guint k = 1; k < m; k++)
    {
      guint same_side = (side[k] != 0) & (side[k] == side[k - 1]);
      guint same_dir = (dir[k] != 0) & (dir[k] == dir[k - 1]);

      shift_end[k] = (side[k] != 0) + same_side * shift_end[k - 1];
      trend_end[k] = (dir[k] != 0) + same_dir * trend_end[k - 1];
    }
  shift_len[m - 1] = shift_end[m - 1];
  trend_len[m - 1] = trend_end[m - 1];
  for (guint k = m - 1; k > 0; k--)
    {
      guint same_side = (side[k] != 0) & (side[k] == side[k - 1]);
      guint same_dir = (dir[k] != 0) & (dir[k] == dir[k - 1]);

      shift_len[k - 1] = shift_end[k - 1] + same_side * (shift_len[k] - shift_end[k - 1]);
      trend_len[k - 1] = trend_end[k - 1] + same_dir * (trend_len[k] - trend_end[k - 1]);
    }

  /* Two in three: window[k] when points k, k + 1, k + 2 are strictly on one side of the
   * mean and two or more of them beyond 2σ. */
  for (guint k = 0; k < m; k++)
    {
      window[k] = 0;
      if (k + 2 < m)
        {
          guint same3 = (side[k] != 0) & (side[k + 1] == side[k]) & (side[k + 2] == side[k]);

          window[k] = same3 & (beyond[k] + beyond[k + 1] + beyond[k + 2] >= 2);
        }
    }

  for (guint k = 0; k < m; k++)
    {
      PdSpcPoint *p = &points[used[k]];
      /* A point that ends one trend and starts the next belongs to the later one, as in
       * NHSRplotthedots; step k + 1 starts at k. */
      gboolean trend_next = k + 1 < m && trend_len[k + 1] >= trend_diffs;
      gboolean trend_prev = trend_len[k] >= trend_diffs && trend_end[k] > 0;
      gboolean shift = shift_len[k] >= shift_length;
      int first_window = beyond[k] == 0 ? -1
                       : k >= 2 && window[k - 2] ? (int) k - 2
                       : k >= 1 && window[k - 1] ? (int) k - 1
                       : window[k] ? (int) k
                       : -1;
      int signal;

      p->rules = (outside[k] ? PD_SPC_RULE_FLAG_OUTSIDE_LIMITS : 0) |
                 (trend_next || trend_prev ? PD_SPC_RULE_FLAG_TREND : 0) |
                 (first_window >= 0 ? PD_SPC_RULE_FLAG_TWO_IN_THREE : 0) |
                 (shift ? PD_SPC_RULE_FLAG_SHIFT : 0);

      if (p->rules == 0)
        {
          p->rule = PD_SPC_RULE_NONE;
          p->run_first = p->run_last = used[k];
          p->point_type = PD_SPC_POINT_COMMON_CAUSE;
          continue;
        }

      if (outside[k])
        {
          p->rule = PD_SPC_RULE_OUTSIDE_LIMITS;
          p->run_first = p->run_last = used[k];
          signal = p->value > p->upl ? 1 : -1;
        }
      else if (trend_next || trend_prev)
        {
          /* The run of steps j − trend_end[j] + 1 … j − trend_end[j] + trend_len[j]
           * covers points j − trend_end[j] … that last step. */
          guint j = trend_next ? k + 1 : k;
          guint first = j - trend_end[j];

          p->rule = PD_SPC_RULE_TREND;
          p->run_first = used[first];
          p->run_last = used[first + trend_len[j]];
          signal = dir[j];
        }
      else if (first_window >= 0)
        {
          p->rule = PD_SPC_RULE_TWO_IN_THREE;
          p->run_first = used[first_window];
          p->run_last = used[first_window + 2];
          signal = side[k];
        }
      else
        {
          guint first = k + 1 - shift_end[k];

          p->rule = PD_SPC_RULE_SHIFT;
          p->run_first = used[first];
          p->run_last = used[first + shift_len[k] - 1];
          signal = side[k];
        }

      if (better == 0)
        p->point_type = signal > 0 ? PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_HIGH
                                   : PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW;
      else
        p->point_type = signal == better ? PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT
                                         : PD_SPC_POINT_SPECIAL_CAUSE_CONCERN;
    }
}

/* The mean moving range of @mr[1..b−1] (mr[0] is unused), with the outlier screen:
 * ranges ≥ 3.267 × the first mean are dropped once. With a zero mean nothing is dropped,
 * where NHSRplotthedots 0.2.2 drops every range and gets no limits at all. */
static double
mean_moving_range (const double *mr,
                   PdSpcPoint   *points,
                   const guint  *used,
                   guint         b,
                   gboolean      screen,
                   guint        *out_screened)
{
  double sum = 0, amr, threshold, kept_sum = 0;
  guint kept = 0;

  *out_screened = 0;
  if (b < 2)
    return NAN;

  for (guint k = 1; k < b; k++)
    sum += mr[k];
  amr = sum / (b - 1);
  if (!screen || !(amr > 0))
    return amr;

  threshold = PD_SPC_MR_LIMIT_MULTIPLIER * amr;
  for (guint k = 1; k < b; k++)
    {
      if (mr[k] < threshold)
        {
          kept_sum += mr[k];
          kept++;
        }
      else
        {
          points[used[k]].mr_screened = TRUE;
          (*out_screened)++;
        }
    }

  return kept_sum / kept;
}

/* p′ and u′: the lines at @d3, @d2 and @d1 either side of the mean (3σ, 2σ, 1σ), cut to
 * the range a proportion or a rate can take. */
static void
set_lines (PdSpcPoint *p,
           double      mean,
           double      d3,
           double      d2,
           double      d1,
           double      lower_bound,
           double      upper_bound)
{
  p->mean = mean;
  p->lpl = CLAMP (mean - d3, lower_bound, upper_bound);
  p->upl = CLAMP (mean + d3, lower_bound, upper_bound);
  p->lower_2sigma = CLAMP (mean - d2, lower_bound, upper_bound);
  p->upper_2sigma = CLAMP (mean + d2, lower_bound, upper_bound);
  p->lower_1sigma = CLAMP (mean - d1, lower_bound, upper_bound);
  p->upper_1sigma = CLAMP (mean + d1, lower_bound, upper_bound);
}

static void
compute_partition (PdSpcResult           *result,
                   guint                  index,
                   const double          *values,
                   const PdSpcPointInput *extra,
                   guint                 *used,
                   double                *mr,
                   double                *scale)
{
  const PdSpcOptions *options = &result->options;
  PdSpcPartition *part = &result->partitions[index];
  PdSpcPoint *points = result->points;
  gboolean laney = options->chart != PD_SPC_CHART_XMR;
  guint first = part->first, end = part->first + part->length;
  guint m = 0, b, zero_denominators = 0;
  guint baseline_cap = options->fix_after > 0 ? options->fix_after : G_MAXUINT;
  double mean = NAN, amr;

  /* A point marked baseline_end fixes this partition's limits, and only this one's: the
   * points used up to and including it, however many options->fix_after says. */
  if (extra != NULL)
    for (guint i = first, counted = 0; i < end; i++)
      {
        counted += !extra[i].ghost && !isnan (values[i])
                   && (!laney || extra[i].denominator > 0);
        /* Like fix_after, at least two points: one has no moving range. */
        if (extra[i].baseline_end)
          {
            baseline_cap = MAX (counted, 2);
            break;
          }
      }

  /* The points this partition's calculations use: not ghosts, not missing. */
  for (guint i = first; i < end; i++)
    {
      PdSpcPoint *p = &points[i];
      double target = extra != NULL ? extra[i].target : NAN;
      double value = values[i];
      gboolean ghost = extra != NULL && extra[i].ghost;

      if (laney)
        {
          double d = extra[i].denominator;

          zero_denominators += d == 0;
          value = d > 0 ? value / d : NAN;
        }

      p->value = value;
      p->moving_range = NAN;
      p->target = isnan (target) ? options->target : target;
      p->partition = index;
      p->run_first = p->run_last = i;
      p->ghost = ghost;
      p->missing = isnan (value);
      p->baseline = m < baseline_cap;
      used[m] = i;
      m += !ghost && !isnan (value);
    }

  b = MIN (baseline_cap, m);

  part->n = m;
  part->n_baseline = b;

  if (!laney)
    {
      double sum = 0;

      for (guint k = 0; k < m; k++)
        {
          double v = points[used[k]].value;

          sum += k < b ? v : 0;
          if (k > 0)
            {
              mr[k] = fabs (v - points[used[k - 1]].value);
              points[used[k]].moving_range = mr[k];
            }
        }
      if (b > 0)
        mean = sum / b;
      amr = mean_moving_range (mr, points, used, b, options->screen_outliers,
                               &part->n_mr_screened);
      /* MDC's literal 2.66 rather than 3 / 1.128, so the 1σ line is 2.66 / 3 × mean MR;
       * the 2σ multiplier is formed as NHSRplotthedots forms it, to the last bit. */
      {
        double d3 = PD_SPC_LIMIT_MULTIPLIER * amr;
        double d2 = 2 * (PD_SPC_LIMIT_MULTIPLIER / 3) * amr;
        double d1 = (PD_SPC_LIMIT_MULTIPLIER / 3) * amr;

        for (guint i = first; i < end; i++)
          {
            PdSpcPoint *p = &points[i];

            p->mean = mean;
            p->lpl = mean - d3;
            p->upl = mean + d3;
            p->lower_2sigma = mean - d2;
            p->upper_2sigma = mean + d2;
            p->lower_1sigma = mean - d1;
            p->upper_1sigma = mean + d1;
          }
        part->sigma = d1;
      }
    }
  else
    {
      /* Laney: the binomial (Poisson) σ of each point, widened by σz, the spread of the
       * points' z-scores measured by their moving range. */
      gboolean p_chart = options->chart == PD_SPC_CHART_P_PRIME;
      double num = 0, den = 0, spread, sigma_z = NAN;

      for (guint k = 0; k < b; k++)
        {
          num += values[used[k]];
          den += extra[used[k]].denominator;
        }
      if (den > 0)
        mean = num / den;
      spread = p_chart ? mean * (1 - mean) : mean;

      for (guint i = first; i < end; i++)
        scale[i - first] = extra[i].denominator > 0 ? sqrt (spread / extra[i].denominator) : NAN;

      if (spread > 0)
        {
          double z_prev = 0;

          for (guint k = 0; k < m; k++)
            {
              double z = (points[used[k]].value - mean) / scale[used[k] - first];

              if (k > 0)
                {
                  mr[k] = fabs (z - z_prev);
                  points[used[k]].moving_range = mr[k];
                }
              z_prev = z;
            }
          amr = mean_moving_range (mr, points, used, b, options->screen_outliers,
                                   &part->n_mr_screened);
          sigma_z = amr / D2_TWO;
        }
      else
        amr = b >= 2 ? 0 : NAN;

      for (guint i = first; i < end; i++)
        {
          double s = spread > 0 ? scale[i - first] * sigma_z : (b >= 2 ? 0 : NAN);

          set_lines (&points[i], mean, 3 * s, 2 * s, s, 0, p_chart ? 1 : INFINITY);
        }
      part->sigma = spread > 0 ? sigma_z : amr;
    }

  part->mean = mean;
  part->mr_mean = amr;
  part->mr_upl = PD_SPC_MR_LIMIT_MULTIPLIER * amr;
  part->trial = b < options->trial_below;

  if (m < options->warn_below)
    part->warnings |= PD_SPC_WARNING_SHORT_PARTITION;
  if (part->trial)
    part->warnings |= PD_SPC_WARNING_TRIAL_LIMITS;
  if (b < 2)
    part->warnings |= PD_SPC_WARNING_NO_LIMITS;
  else if (amr == 0)
    part->warnings |= PD_SPC_WARNING_NO_VARIATION;
  if (zero_denominators > 0)
    part->warnings |= PD_SPC_WARNING_ZERO_DENOMINATORS;

  for (guint i = first; i < end; i++)
    points[i].trial = part->trial;

  if (b >= 2)
    _pd_spc_apply_rules (points, used, m, options);

  /* The partition's lines: constant for XmR; for p′ and u′ those at its last point. */
  {
    const PdSpcPoint *last = m > 0 ? &points[used[m - 1]] : &points[end - 1];

    part->lpl = last->lpl;
    part->upl = last->upl;
    part->lower_2sigma = last->lower_2sigma;
    part->upper_2sigma = last->upper_2sigma;
    part->lower_1sigma = last->lower_1sigma;
    part->upper_1sigma = last->upper_1sigma;
    part->variation = m > 0 ? variation_icon_for (last, options->improvement)
                            : PD_SPC_VARIATION_NONE;
  }

  part->target = NAN;
  for (guint i = end; i > first; i--)
    {
      if (!isnan (points[i - 1].target))
        {
          part->target = points[i - 1].target;
          break;
        }
    }
  part->assurance = _pd_spc_assurance_icon (part->target, part->lpl, part->upl,
                                            options->improvement, options->assurance_edge);
}

static gboolean
check_inputs (const double           *values,
              gsize                   n,
              const PdSpcPointInput  *extra,
              const PdSpcOptions     *options,
              GError                **error)
{
  if (options->chart != PD_SPC_CHART_XMR && extra == NULL && n > 0)
    {
      g_set_error_literal (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_INPUT,
                           "p′ and u′ charts need a denominator for every point");
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      if (isinf (values[i]))
        {
          g_set_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_INPUT,
                       "Point %" G_GSIZE_FORMAT ": the value is infinite", i + 1);
          return FALSE;
        }
      if (extra != NULL && isinf (extra[i].target))
        {
          g_set_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_INPUT,
                       "Point %" G_GSIZE_FORMAT ": the target is infinite", i + 1);
          return FALSE;
        }
      if (options->chart == PD_SPC_CHART_XMR)
        continue;

      if (isinf (extra[i].denominator) || extra[i].denominator < 0)
        {
          g_set_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_INPUT,
                       "Point %" G_GSIZE_FORMAT ": the denominator must be a finite number "
                       "of 0 or more", i + 1);
          return FALSE;
        }
      if (values[i] < 0)
        {
          g_set_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_INPUT,
                       "Point %" G_GSIZE_FORMAT ": a count cannot be negative", i + 1);
          return FALSE;
        }
      if (options->chart == PD_SPC_CHART_P_PRIME && values[i] > extra[i].denominator)
        {
          g_set_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_INPUT,
                       "Point %" G_GSIZE_FORMAT ": the numerator exceeds the denominator",
                       i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * pd_spc_compute:
 * @values: (array length=n): the series in time order; NaN marks a missing value. For p′
 *   and u′ charts these are the numerators (counts).
 * @n: the number of points
 * @extra: (array length=n) (nullable): each point's target, denominator, rebase, ghost and
 *   baseline_end flags, or %NULL when there are none (p′ and u′ need it for the
 *   denominators)
 * @options: the options, from pd_spc_options_init_preset() and any overrides
 * @error: return location for a #PD_SPC_ERROR
 *
 * Computes the chart: each partition's mean and limits, the rules on its points, point
 * types, and variation and assurance icons. A point with rebase set starts a partition
 * (on the first point it changes nothing). A point with baseline_end set fixes the limits
 * of its own partition from the points used up to it (at least two), in place of
 * @options->fix_after, which fixes every partition at once. Ghosts and missing values keep
 * their place in the result but take part in no calculation: a moving range joins the
 * points around them.
 * Fewer than two points in a partition give it a mean but no limits and no rules.
 *
 * Returns: (transfer full): the result, or %NULL with @error set when an option is out of
 *   range or a value is infinite (or, for p′ and u′, a denominator negative or a
 *   numerator out of range).
 */
PdSpcResult *
pd_spc_compute (const double           *values,
                gsize                   n,
                const PdSpcPointInput  *extra,
                const PdSpcOptions     *options,
                GError                **error)
{
  PdSpcResult *result;
  guint n_partitions = 0;
  guint used_stack[STACK_POINTS];
  double mr_stack[STACK_POINTS];
  double scale_stack[STACK_POINTS];
  g_autofree guint *used_heap = NULL;
  g_autofree double *mr_heap = NULL;
  g_autofree double *scale_heap = NULL;
  guint *used = used_stack;
  double *mr = mr_stack, *scale = scale_stack;
  gsize points_offset, partitions_offset;
  guint p = 0;

  g_return_val_if_fail (values != NULL || n == 0, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!pd_spc_options_validate (options, error))
    return NULL;
  if (n > G_MAXUINT - 1)
    {
      g_set_error (error, PD_SPC_ERROR, PD_SPC_ERROR_INVALID_INPUT,
                   "Too many points (%" G_GSIZE_FORMAT ")", n);
      return NULL;
    }

  /* One pass finds infinities and counts partitions; the full check, with its messages,
   * runs only for p′ and u′ or when something is wrong. */
  if (n > 0)
    {
      gboolean infinite = FALSE;

      n_partitions = 1;
      for (gsize i = 0; i < n; i++)
        infinite |= isinf (values[i]);
      if (extra != NULL)
        for (gsize i = 0; i < n; i++)
          {
            infinite |= isinf (extra[i].target);
            n_partitions += i > 0 && extra[i].rebase;
          }
      if ((infinite || options->chart != PD_SPC_CHART_XMR) &&
          !check_inputs (values, n, extra, options, error))
        return NULL;
    }

  /* One block for the result, its points and its partitions. */
  points_offset = sizeof (PdSpcResult);
  partitions_offset = points_offset + n * sizeof (PdSpcPoint);
  result = g_malloc0 (partitions_offset + n_partitions * sizeof (PdSpcPartition));
  *result = (PdSpcResult) {
    .options = *options,
    .points = (PdSpcPoint *) ((char *) result + points_offset),
    .n_points = n,
    .partitions = (PdSpcPartition *) ((char *) result + partitions_offset),
    .n_partitions = n_partitions,
    .variation = PD_SPC_VARIATION_NONE,
    .assurance = PD_SPC_ASSURANCE_NONE,
    .shown_min = options->bounded_below ? options->value_min : NAN,
    .shown_max = options->bounded_above ? options->value_max : NAN,
  };

  if (n == 0)
    return result;

  if (n > STACK_POINTS)
    {
      used = used_heap = g_new (guint, n);
      mr = mr_heap = g_new (double, n);
      scale = scale_heap = g_new (double, n);
    }

  if (n_partitions == 1)
    result->partitions[0].length = n;
  else
    for (gsize i = 0; i < n; i++)
      {
        if (i > 0 && extra[i].rebase)
          {
            p++;
            result->partitions[p].first = i;
          }
        result->partitions[p].length++;
      }

  for (guint k = 0; k < n_partitions; k++)
    compute_partition (result, k, values, extra, used, mr, scale);

  /* A value plotted beyond the declared range (a data error, or the wrong unit) means
   * the range does not hold: the chart then shows the limits as they are. */
  for (gsize i = 0; i < n; i++)
    {
      double v = result->points[i].value;

      if (!isnan (result->shown_min) && v < result->shown_min)
        result->shown_min = NAN;
      if (!isnan (result->shown_max) && v > result->shown_max)
        result->shown_max = NAN;
    }

  /* The series' icons: variation from its last point used, assurance from its latest
   * limits. */
  for (guint k = n_partitions; k > 0; k--)
    {
      if (result->partitions[k - 1].n > 0)
        {
          result->variation = result->partitions[k - 1].variation;
          break;
        }
    }
  result->assurance = result->partitions[n_partitions - 1].assurance;

  return result;
}

/**
 * pd_spc_result_free:
 * @result: (transfer full) (nullable): a result
 *
 * Frees @result, its points and its partitions.
 */
void
pd_spc_result_free (PdSpcResult *result)
{
  g_free (result);
}

static const char *
rule_phrase (const PdSpcResult *result,
             const PdSpcPoint  *p)
{
  int signal = point_signal (result->points, p);

  switch (p->rule)
    {
    case PD_SPC_RULE_OUTSIDE_LIMITS:
      return signal > 0 ? "above the upper process limit" : "below the lower process limit";
    case PD_SPC_RULE_TREND:
      return signal > 0 ? "a rising trend" : "a falling trend";
    case PD_SPC_RULE_TWO_IN_THREE:
      return signal > 0 ? "two of three points above the upper 2σ line"
                        : "two of three points below the lower 2σ line";
    case PD_SPC_RULE_SHIFT:
      return signal > 0 ? "a shift above the mean" : "a shift below the mean";
    case PD_SPC_RULE_NONE:
    default:
      return "common cause variation";
    }
}

/**
 * pd_spc_point_explain:
 * @result: a result
 * @index: a point
 *
 * Explains a point in a sentence for a tooltip or a report: the rule that names it, the
 * points involved (numbered from 1), the other rules that hit, and the limits in force.
 *
 * Returns: (transfer full): the explanation.
 */
char *
pd_spc_point_explain (const PdSpcResult *result,
                      gsize              index)
{
  const PdSpcPoint *p;
  const PdSpcPartition *part;
  GString *s;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (index < result->n_points, NULL);

  p = &result->points[index];
  part = &result->partitions[p->partition];
  s = g_string_new (NULL);

  if (p->ghost)
    g_string_append_printf (s, "Point %" G_GSIZE_FORMAT " is ghosted: plotted but left out "
                            "of every calculation.", index + 1);
  else if (p->missing)
    g_string_append_printf (s, "Point %" G_GSIZE_FORMAT " has no value.", index + 1);
  else if (p->rule == PD_SPC_RULE_NONE)
    g_string_append_printf (s, "Point %" G_GSIZE_FORMAT " (%g): common cause variation.",
                            index + 1, p->value);
  else
    {
      const char *type = p->point_type == PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT
                           ? "special cause improvement"
                         : p->point_type == PD_SPC_POINT_SPECIAL_CAUSE_CONCERN
                           ? "special cause concern"
                           : "special cause";
      guint involved = 0;

      for (guint i = p->run_first; i <= p->run_last; i++)
        involved += !result->points[i].ghost && !result->points[i].missing;

      g_string_append_printf (s, "Point %" G_GSIZE_FORMAT " (%g): %s, %s", index + 1, p->value,
                              type, rule_phrase (result, p));
      switch (p->rule)
        {
        case PD_SPC_RULE_TREND:
          g_string_append_printf (s, ": %u points from point %u to %u, each %s the one "
                                  "before (the rule needs %u)", involved, p->run_first + 1,
                                  p->run_last + 1,
                                  point_signal (result->points, p) > 0 ? "above" : "below",
                                  result->options.trend_length);
          break;
        case PD_SPC_RULE_SHIFT:
          g_string_append_printf (s, ": %u points in a row from point %u to %u on one side "
                                  "(the rule needs %u)", involved, p->run_first + 1,
                                  p->run_last + 1, result->options.shift_length);
          break;
        case PD_SPC_RULE_TWO_IN_THREE:
          g_string_append_printf (s, ": points %u to %u, all on one side of the mean "
                                  "(2σ lines %g and %g)", p->run_first + 1, p->run_last + 1,
                                  p->lower_2sigma, p->upper_2sigma);
          break;
        case PD_SPC_RULE_OUTSIDE_LIMITS:
          g_string_append_printf (s, " %g", p->value > p->upl ? p->upl : p->lpl);
          break;
        case PD_SPC_RULE_NONE:
        default:
          break;
        }
      g_string_append_c (s, '.');

      if ((p->rules & ~(1u << (p->rule - 1))) != 0)
        {
          gboolean first = TRUE;

          static const char *const names[] = {
            NULL, "outside the limits", "trend", "two in three", "shift",
          };

          g_string_append (s, " Also:");
          for (PdSpcRule r = PD_SPC_RULE_OUTSIDE_LIMITS; r <= PD_SPC_RULE_SHIFT; r++)
            {
              if (r == p->rule || (p->rules & (1u << (r - 1))) == 0)
                continue;
              g_string_append_printf (s, "%s %s", first ? "" : ",", names[r]);
              first = FALSE;
            }
          g_string_append_c (s, '.');
        }
    }

  if (!isnan (p->lpl))
    g_string_append_printf (s, " Mean %g, process limits %g to %g", p->mean, p->lpl, p->upl);
  else if (!isnan (p->mean))
    g_string_append_printf (s, " Mean %g, no process limits (fewer than 2 points)", p->mean);
  else
    g_string_append (s, " No mean and no limits (no points)");
  g_string_append_printf (s, " (partition %u of %u%s).", p->partition + 1,
                          result->n_partitions, part->trial ? ", trial limits" : "");
  if (!isnan (p->lpl) && pd_spc_result_shown (result, p->lpl) != p->lpl)
    g_string_append_printf (s, " The lower limit is below %g, the least the value can be, "
                            "and is drawn at %g.", result->shown_min, result->shown_min);
  if (!isnan (p->upl) && pd_spc_result_shown (result, p->upl) != p->upl)
    g_string_append_printf (s, " The upper limit is above %g, the most the value can be, "
                            "and is drawn at %g.", result->shown_max, result->shown_max);

  return g_string_free (s, FALSE);
}

/**
 * pd_spc_rule_to_string:
 * @rule: a rule
 *
 * Returns: its name in the CLI and exports: "outside_limits", "trend", "two_in_three",
 *   "shift" or "none".
 */
const char *
pd_spc_rule_to_string (PdSpcRule rule)
{
  switch (rule)
    {
    case PD_SPC_RULE_OUTSIDE_LIMITS: return "outside_limits";
    case PD_SPC_RULE_TREND:          return "trend";
    case PD_SPC_RULE_TWO_IN_THREE:   return "two_in_three";
    case PD_SPC_RULE_SHIFT:          return "shift";
    case PD_SPC_RULE_NONE:
    default:                         return "none";
    }
}

/**
 * pd_spc_point_type_to_string:
 * @type: a point type
 *
 * Returns: its name: "common_cause", "special_cause_improvement", …
 */
const char *
pd_spc_point_type_to_string (PdSpcPointType type)
{
  switch (type)
    {
    case PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT:  return "special_cause_improvement";
    case PD_SPC_POINT_SPECIAL_CAUSE_CONCERN:      return "special_cause_concern";
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_HIGH: return "special_cause_neutral_high";
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW:  return "special_cause_neutral_low";
    case PD_SPC_POINT_COMMON_CAUSE:
    default:                                      return "common_cause";
    }
}

/**
 * pd_spc_variation_icon_to_string:
 * @icon: a variation icon
 *
 * Returns: its name: "common_cause", "improvement_high", … or "none".
 */
const char *
pd_spc_variation_icon_to_string (PdSpcVariationIcon icon)
{
  switch (icon)
    {
    case PD_SPC_VARIATION_COMMON_CAUSE:     return "common_cause";
    case PD_SPC_VARIATION_IMPROVEMENT_HIGH: return "improvement_high";
    case PD_SPC_VARIATION_IMPROVEMENT_LOW:  return "improvement_low";
    case PD_SPC_VARIATION_CONCERN_HIGH:     return "concern_high";
    case PD_SPC_VARIATION_CONCERN_LOW:      return "concern_low";
    case PD_SPC_VARIATION_NEUTRAL_HIGH:     return "neutral_high";
    case PD_SPC_VARIATION_NEUTRAL_LOW:      return "neutral_low";
    case PD_SPC_VARIATION_NONE:
    default:                                return "none";
    }
}

/**
 * pd_spc_assurance_icon_to_string:
 * @icon: an assurance icon
 *
 * Returns: its name: "pass", "fail", "hit_or_miss" or "none".
 */
const char *
pd_spc_assurance_icon_to_string (PdSpcAssuranceIcon icon)
{
  switch (icon)
    {
    case PD_SPC_ASSURANCE_PASS:        return "pass";
    case PD_SPC_ASSURANCE_FAIL:        return "fail";
    case PD_SPC_ASSURANCE_HIT_OR_MISS: return "hit_or_miss";
    case PD_SPC_ASSURANCE_NONE:
    default:                           return "none";
    }
}

/**
 * pd_spc_warnings_to_string:
 * @warnings: warning flags
 *
 * Returns: (transfer full): the names joined by ";" ("short_partition;trial_limits"), or ""
 *   for none.
 */
char *
pd_spc_warnings_to_string (PdSpcWarnings warnings)
{
  static const struct { PdSpcWarnings flag; const char *name; } names[] = {
    { PD_SPC_WARNING_SHORT_PARTITION, "short_partition" },
    { PD_SPC_WARNING_TRIAL_LIMITS, "trial_limits" },
    { PD_SPC_WARNING_NO_LIMITS, "no_limits" },
    { PD_SPC_WARNING_NO_VARIATION, "no_variation" },
    { PD_SPC_WARNING_ZERO_DENOMINATORS, "zero_denominators" },
  };
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if ((warnings & names[i].flag) == 0)
        continue;
      if (s->len > 0)
        g_string_append_c (s, ';');
      g_string_append (s, names[i].name);
    }

  return g_string_free (s, FALSE);
}

/**
 * pd_spc_parse_preset:
 * @text: "mdc", "mdc-legacy" or "ptd"
 * @out_preset: (out): the preset
 *
 * Returns: %TRUE when @text names a preset.
 */
gboolean
pd_spc_parse_preset (const char  *text,
                     PdSpcPreset *out_preset)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_preset != NULL, FALSE);

  if (strcmp (text, "mdc") == 0)
    *out_preset = PD_SPC_PRESET_MDC;
  else if (strcmp (text, "mdc-legacy") == 0)
    *out_preset = PD_SPC_PRESET_MDC_LEGACY;
  else if (strcmp (text, "ptd") == 0)
    *out_preset = PD_SPC_PRESET_PTD;
  else
    return FALSE;

  return TRUE;
}

/**
 * pd_spc_parse_chart:
 * @text: "xmr", "p-prime" or "u-prime"
 * @out_chart: (out): the chart
 *
 * Returns: %TRUE when @text names a chart.
 */
gboolean
pd_spc_parse_chart (const char *text,
                    PdSpcChart *out_chart)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_chart != NULL, FALSE);

  if (strcmp (text, "xmr") == 0)
    *out_chart = PD_SPC_CHART_XMR;
  else if (strcmp (text, "p-prime") == 0)
    *out_chart = PD_SPC_CHART_P_PRIME;
  else if (strcmp (text, "u-prime") == 0)
    *out_chart = PD_SPC_CHART_U_PRIME;
  else
    return FALSE;

  return TRUE;
}

/**
 * pd_spc_parse_improvement:
 * @text: "increase", "decrease" or "neutral"
 * @out_improvement: (out): the direction
 *
 * Returns: %TRUE when @text names a direction.
 */
gboolean
pd_spc_parse_improvement (const char    *text,
                          PdImprovement *out_improvement)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_improvement != NULL, FALSE);

  if (strcmp (text, "increase") == 0)
    *out_improvement = PD_IMPROVEMENT_INCREASE;
  else if (strcmp (text, "decrease") == 0)
    *out_improvement = PD_IMPROVEMENT_DECREASE;
  else if (strcmp (text, "neutral") == 0)
    *out_improvement = PD_IMPROVEMENT_NEUTRAL;
  else
    return FALSE;

  return TRUE;
}
