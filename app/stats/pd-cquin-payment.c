/* pd-cquin-payment.c — what a CQUIN scheme pays: earned, withheld, at risk, reconciled
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-cquin-payment.h"

G_DEFINE_QUARK (pd-cquin-payment-error-quark, pd_cquin_payment_error)

/**
 * pd_cquin_parse_payment_rule:
 * @text: "proportional" or "all_or_nothing" ("all-or-nothing" too)
 * @out_rule: (out): the rule
 *
 * Returns: %TRUE when @text names a rule.
 */
gboolean
pd_cquin_parse_payment_rule (const char         *text,
                             PdCquinPaymentRule *out_rule)
{
  g_return_val_if_fail (text != NULL && out_rule != NULL, FALSE);

  if (strcmp (text, "proportional") == 0)
    *out_rule = PD_CQUIN_RULE_PROPORTIONAL;
  else if (strcmp (text, "all_or_nothing") == 0 || strcmp (text, "all-or-nothing") == 0)
    *out_rule = PD_CQUIN_RULE_ALL_OR_NOTHING;
  else
    return FALSE;

  return TRUE;
}

/**
 * pd_cquin_achievement:
 * @performance: the quarter's result
 * @min_threshold: one threshold
 * @max_threshold: the other threshold
 * @lower_is_better: whether a lower result is better
 * @rule: the payment rule
 *
 * With lo and hi the lower and higher threshold, a higher-is-better indicator achieves
 * clamp((performance − lo) / (hi − lo), 0, 1) and a lower-is-better one the mirror,
 * clamp((hi − performance) / (hi − lo), 0, 1). The thresholds may come in either order,
 * since schemes write "minimum" for the worse end whichever way is better. All or
 * nothing, or equal thresholds: 1 when the better threshold is reached (inclusive), else 0.
 *
 * Returns: the achievement from 0 to 1, or NaN when @performance or a threshold is missing.
 */
double
pd_cquin_achievement (double             performance,
                      double             min_threshold,
                      double             max_threshold,
                      gboolean           lower_is_better,
                      PdCquinPaymentRule rule)
{
  double lo = MIN (min_threshold, max_threshold);
  double hi = MAX (min_threshold, max_threshold);
  double achievement;

  if (isnan (performance) || isnan (min_threshold) || isnan (max_threshold))
    return NAN;

  if (rule == PD_CQUIN_RULE_ALL_OR_NOTHING || lo == hi)
    {
      if (lower_is_better)
        return performance <= lo ? 1.0 : 0.0;
      return performance >= hi ? 1.0 : 0.0;
    }

  if (lower_is_better)
    achievement = (hi - performance) / (hi - lo);
  else
    achievement = (performance - lo) / (hi - lo);

  return CLAMP (achievement, 0.0, 1.0);
}

/**
 * pd_cquin_round_pence:
 * @pence: an amount in pence, not yet whole
 *
 * Rounds half away from zero. Binary floating point cannot hold most percentages
 * exactly (1.1 % of £1 is 1.1000000000000001 pence), so an amount within 1e-9 (relative)
 * of a half penny counts as that half penny.
 *
 * Returns: the whole pence.
 */
gint64
pd_cquin_round_pence (double pence)
{
  double magnitude = fabs (pence);
  double base = floor (magnitude);
  double rounded;

  if (fabs (magnitude - base - 0.5) <= 1e-9 * MAX (1.0, magnitude))
    rounded = base + 1.0;
  else
    rounded = round (magnitude);

  /* Converting a double beyond gint64 (or NaN) is undefined behaviour: saturate. No real
   * contract comes near 2^63 pence; fuzz-pack found it with a contract of £1e300. */
  if (isnan (rounded))
    return 0;
  if (rounded >= 0x1p63)
    return pence < 0.0 ? G_MININT64 : G_MAXINT64;
  return (gint64) (pence < 0.0 ? -rounded : rounded);
}

/* Adds @value to *@sum unless the sum would leave gint64, which C leaves undefined (and
 * in practice wraps to a negative amount). Returns FALSE then, *@sum unchanged. GLib 2.74
 * checks only unsigned additions (g_uint64_checked_add), and amounts can be negative. */
static gboolean
add_pence (gint64 *sum,
           gint64  value)
{
  gint64 result;

  if (__builtin_add_overflow (*sum, value, &result))
    return FALSE;
  *sum = result;
  return TRUE;
}

static gboolean
add_totals (PdCquinTotals       *into,
            const PdCquinTotals *from)
{
  return add_pence (&into->value_pence, from->value_pence) &&
         add_pence (&into->at_risk_pence, from->at_risk_pence) &&
         add_pence (&into->earned_pence, from->earned_pence) &&
         add_pence (&into->withheld_pence, from->withheld_pence) &&
         add_pence (&into->pending_pence, from->pending_pence) &&
         add_pence (&into->paid_on_account_pence, from->paid_on_account_pence) &&
         add_pence (&into->reconciliation_pence, from->reconciliation_pence);
}

static void
set_overflow_error (GError     **error,
                    const char  *whose)
{
  g_set_error (error, PD_CQUIN_PAYMENT_ERROR, PD_CQUIN_PAYMENT_ERROR_OVERFLOW,
               "%s CQUIN money adds up to more than £92,233,720,368,547,758.07, the most "
               "pctdash can count: a contract value or payment on account is wrong", whose);
}

static gboolean
check_percent (double       value,
               double       maximum,
               const char  *what,
               gsize        index,
               GError     **error)
{
  if (isfinite (value) && value >= 0.0 && value <= maximum)
    return TRUE;

  g_set_error (error, PD_CQUIN_PAYMENT_ERROR, PD_CQUIN_PAYMENT_ERROR_INVALID,
               "%s %zu: %s %g is outside 0 to %g", what, index + 1,
               maximum == 1.0 ? "share" : "percentage", value, maximum);
  return FALSE;
}

/**
 * pd_cquin_payments_compute:
 * @schemes: (array length=n_schemes): the schemes
 * @n_schemes: how many
 * @milestones: (array length=n_milestones): every indicator's milestones
 * @n_milestones: how many
 * @error: a #GError
 *
 * For each milestone: at risk = contract value × CQUIN % × weight % × quarter share,
 * earned = at risk × achievement (pd_cquin_achievement()), each rounded once to whole
 * pence (pd_cquin_round_pence()) from the unrounded amount; withheld = at risk − earned
 * once the result is in, pending = at risk while it is not. Each scheme adds its
 * milestones and reconciles the year: earned − paid on account. Providers, commissioners
 * and the grand total add the schemes. Every total is a sum of rounded parts, so the
 * parts always add up to the totals shown.
 *
 * Returns: (transfer full): the payments, or %NULL with @error set when a percentage,
 * share or amount is out of range (%PD_CQUIN_PAYMENT_ERROR_INVALID) or a total would
 * exceed G_MAXINT64 pence (%PD_CQUIN_PAYMENT_ERROR_OVERFLOW).
 */
PdCquinPayments *
pd_cquin_payments_compute (const PdCquinScheme    *schemes,
                           gsize                   n_schemes,
                           const PdCquinMilestone *milestones,
                           gsize                   n_milestones,
                           GError                **error)
{
  g_autoptr(PdCquinPayments) payments = NULL;

  g_return_val_if_fail (n_schemes == 0 || schemes != NULL, NULL);
  g_return_val_if_fail (n_milestones == 0 || milestones != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  payments = g_new0 (PdCquinPayments, 1);
  payments->n_schemes = n_schemes;
  payments->schemes = g_new0 (PdCquinTotals, n_schemes);
  payments->n_milestones = n_milestones;
  payments->milestones = g_new0 (PdCquinMilestonePayment, n_milestones);

  for (gsize i = 0; i < n_schemes; i++)
    {
      const PdCquinScheme *scheme = &schemes[i];

      if (scheme->contract_value_pence < 0 || scheme->paid_on_account_pence < 0)
        {
          g_set_error (error, PD_CQUIN_PAYMENT_ERROR, PD_CQUIN_PAYMENT_ERROR_INVALID,
                       "scheme %zu: a negative contract value or payment on account", i + 1);
          return NULL;
        }
      if (!check_percent (scheme->cquin_percent, 100.0, "scheme", i, error))
        return NULL;

      payments->schemes[i].value_pence =
        pd_cquin_round_pence ((double) scheme->contract_value_pence * scheme->cquin_percent / 100.0);
      payments->schemes[i].paid_on_account_pence = scheme->paid_on_account_pence;
      payments->n_providers = MAX (payments->n_providers, scheme->provider + 1);
      payments->n_commissioners = MAX (payments->n_commissioners, scheme->commissioner + 1);
    }

  for (gsize i = 0; i < n_milestones; i++)
    {
      const PdCquinMilestone *milestone = &milestones[i];
      PdCquinMilestonePayment *paid = &payments->milestones[i];
      const PdCquinScheme *scheme;
      PdCquinTotals *totals;
      double at_risk;

      if (milestone->scheme >= n_schemes)
        {
          g_set_error (error, PD_CQUIN_PAYMENT_ERROR, PD_CQUIN_PAYMENT_ERROR_INVALID,
                       "milestone %zu: no scheme %zu", i + 1, milestone->scheme + 1);
          return NULL;
        }
      if (!check_percent (milestone->weight_percent, 100.0, "milestone", i, error) ||
          !check_percent (milestone->quarter_share, 1.0, "milestone", i, error))
        return NULL;

      scheme = &schemes[milestone->scheme];
      totals = &payments->schemes[milestone->scheme];

      /* Multiplying before dividing keeps whole-percent products exact in binary. */
      at_risk = (double) scheme->contract_value_pence * scheme->cquin_percent *
                milestone->weight_percent * milestone->quarter_share / 10000.0;
      paid->at_risk_pence = pd_cquin_round_pence (at_risk);
      paid->achievement = pd_cquin_achievement (milestone->performance,
                                                milestone->min_threshold,
                                                milestone->max_threshold,
                                                milestone->lower_is_better,
                                                milestone->rule);
      if (isnan (paid->achievement))
        {
          paid->pending_pence = paid->at_risk_pence;
        }
      else
        {
          paid->earned_pence = pd_cquin_round_pence (at_risk * paid->achievement);
          paid->withheld_pence = paid->at_risk_pence - paid->earned_pence;
        }

      if (!add_pence (&totals->at_risk_pence, paid->at_risk_pence) ||
          !add_pence (&totals->earned_pence, paid->earned_pence) ||
          !add_pence (&totals->withheld_pence, paid->withheld_pence) ||
          !add_pence (&totals->pending_pence, paid->pending_pence))
        {
          g_autofree char *whose = g_strdup_printf ("Scheme %zu's", milestone->scheme + 1);

          set_overflow_error (error, whose);
          return NULL;
        }
    }

  payments->providers = g_new0 (PdCquinTotals, payments->n_providers);
  payments->commissioners = g_new0 (PdCquinTotals, payments->n_commissioners);
  for (gsize i = 0; i < n_schemes; i++)
    {
      PdCquinTotals *totals = &payments->schemes[i];

      totals->reconciliation_pence = totals->earned_pence - totals->paid_on_account_pence;
      if (!add_totals (&payments->providers[schemes[i].provider], totals) ||
          !add_totals (&payments->commissioners[schemes[i].commissioner], totals) ||
          !add_totals (&payments->total, totals))
        {
          set_overflow_error (error, "The schemes' total");
          return NULL;
        }
    }

  return g_steal_pointer (&payments);
}

/**
 * pd_cquin_payments_free:
 * @payments: (nullable): payments
 *
 * Frees @payments.
 */
void
pd_cquin_payments_free (PdCquinPayments *payments)
{
  if (payments == NULL)
    return;

  g_free (payments->milestones);
  g_free (payments->schemes);
  g_free (payments->providers);
  g_free (payments->commissioners);
  g_free (payments);
}
