/* pd-cquin-payment.h — what a CQUIN scheme pays: earned, withheld, at risk, reconciled
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Money is in whole pence (gint64) in and out. docs/statistics.md ("CQUIN payments") gives
 * the formulas and the rounding rule: each indicator-quarter is rounded once, half away
 * from zero, and every total is the sum of those rounded parts.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_CQUIN_PAYMENT_ERROR (pd_cquin_payment_error_quark ())

typedef enum
{
  PD_CQUIN_PAYMENT_ERROR_INVALID,  /* a percentage, share or amount out of range */
  PD_CQUIN_PAYMENT_ERROR_OVERFLOW, /* a total beyond G_MAXINT64 pence (£92 million million
                                    * million): a wrong amount in the schemes */
} PdCquinPaymentError;

typedef enum
{
  PD_CQUIN_RULE_PROPORTIONAL,   /* paid in proportion to achievement between the thresholds */
  PD_CQUIN_RULE_ALL_OR_NOTHING, /* paid in full when the full-payment threshold is met */
} PdCquinPaymentRule;

/* One provider's scheme under one commissioner's contract for a year. */
typedef struct
{
  gint64 contract_value_pence;   /* the year's contract value */
  double cquin_percent;          /* share of the contract tied to CQUIN, 0–100 (e.g. 1.5) */
  gint64 paid_on_account_pence;  /* CQUIN paid on account during the year (0 if none) */
  guint  provider;               /* the caller's index of the provider, for totals */
  guint  commissioner;           /* the caller's index of the commissioner, for totals */
} PdCquinScheme;

/* One indicator's milestone for one quarter, with the quarter's result. */
typedef struct
{
  gsize              scheme;          /* index into the schemes array */
  double             weight_percent;  /* the indicator's share of the scheme, 0–100 */
  double             quarter_share;   /* share of the indicator's value this quarter carries,
                                       * 0–1: 0.25 each for four equal quarters, 1 for a
                                       * year-end-only milestone */
  gboolean           lower_is_better;
  PdCquinPaymentRule rule;
  double             min_threshold;   /* the two thresholds, in either order: nothing is */
  double             max_threshold;   /* paid at the worse one, everything at the better */
  double             performance;     /* the quarter's result; NaN while not reported */
} PdCquinMilestone;

typedef struct
{
  double achievement;     /* 0–1; NaN while pending */
  gint64 at_risk_pence;   /* the money the scheme ties to this indicator and quarter */
  gint64 earned_pence;
  gint64 withheld_pence;  /* at risk − earned, once the result is in */
  gint64 pending_pence;   /* at risk while the result is not in */
} PdCquinMilestonePayment;

typedef struct
{
  gint64 value_pence;           /* contract value × CQUIN %, rounded once per scheme */
  gint64 at_risk_pence;         /* sum of the milestones' at-risk money */
  gint64 earned_pence;
  gint64 withheld_pence;
  gint64 pending_pence;
  gint64 paid_on_account_pence;
  gint64 reconciliation_pence;  /* earned − paid on account: positive, the commissioner
                                 * pays the balance; negative, the provider pays back */
} PdCquinTotals;

typedef struct
{
  gsize                    n_milestones;
  PdCquinMilestonePayment *milestones;    /* one per input milestone, in order */
  gsize                    n_schemes;
  PdCquinTotals           *schemes;       /* one per input scheme, in order */
  guint                    n_providers;   /* 1 + the largest provider index */
  PdCquinTotals           *providers;
  guint                    n_commissioners;
  PdCquinTotals           *commissioners;
  PdCquinTotals            total;
} PdCquinPayments;

GQuark           pd_cquin_payment_error_quark (void);

gboolean         pd_cquin_parse_payment_rule (const char          *text,
                                              PdCquinPaymentRule  *out_rule);

double           pd_cquin_achievement        (double               performance,
                                              double               min_threshold,
                                              double               max_threshold,
                                              gboolean             lower_is_better,
                                              PdCquinPaymentRule   rule);

gint64           pd_cquin_round_pence        (double               pence);

PdCquinPayments *pd_cquin_payments_compute   (const PdCquinScheme    *schemes,
                                              gsize                   n_schemes,
                                              const PdCquinMilestone *milestones,
                                              gsize                   n_milestones,
                                              GError                **error);
void             pd_cquin_payments_free      (PdCquinPayments        *payments);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCquinPayments, pd_cquin_payments_free)

G_END_DECLS
