/* pd-cquin.h — CQUIN schemes, milestones and achievement, priced by the payment rules
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "domain/pd-domain.h"
#include "stats/pd-cquin-payment.h"

G_BEGIN_DECLS

/* One provider's scheme under one commissioner's contract. */
typedef struct
{
  char          *commissioner;
  char          *provider;
  gint64         contract_value_pence;
  double         cquin_percent;
  PdCquinTotals  totals;      /* value, at risk, earned, withheld, pending */
} PdCquinSchemeItem;

/* One indicator of one scheme, over the year. */
typedef struct
{
  guint               scheme;          /* index into PdCquinReport.schemes */
  char               *code;
  char               *name;
  char               *domain;          /* safety, effectiveness, experience, innovation */
  double              weight_percent;
  gboolean            lower_is_better;
  PdCquinPaymentRule  rule;
  gint64              at_risk_pence;   /* the sums of its quarters */
  gint64              earned_pence;
  gint64              withheld_pence;
  gint64              pending_pence;
} PdCquinIndicatorItem;

/* One indicator's milestone for one quarter, with its result and its money. */
typedef struct
{
  guint                    indicator;      /* index into PdCquinReport.indicators */
  int                      quarter;        /* 1 to 4, of the financial year */
  double                   quarter_share;  /* 1 / the indicator's number of milestones */
  double                   min_threshold;
  double                   max_threshold;
  double                   performance;    /* the quarter's result; NaN when not reported
                                            * or suppressed */
  double                   numerator;      /* NaN when not given */
  double                   denominator;
  char                    *suppressed;     /* why the result is hidden, or NULL */
  PdCquinMilestonePayment  payment;        /* achievement, at risk, earned, withheld, pending */
} PdCquinMilestoneItem;

/* The totals of one provider or one commissioner. */
typedef struct
{
  char          *code;
  PdCquinTotals  totals;
} PdCquinOrganisationTotals;

typedef struct
{
  int            year;
  GArray        *schemes;        /* of PdCquinSchemeItem: by provider, then commissioner */
  GArray        *indicators;     /* of PdCquinIndicatorItem: by scheme, then code */
  GArray        *milestones;     /* of PdCquinMilestoneItem: by indicator, then quarter */
  GArray        *providers;      /* of PdCquinOrganisationTotals, by code */
  GArray        *commissioners;  /* of PdCquinOrganisationTotals, by code */
  PdCquinTotals  total;
} PdCquinReport;

void           pd_cquin_report_free   (PdCquinReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCquinReport, pd_cquin_report_free)

PdCquinReport *pd_cquin_report_query  (PdWorkspace  *workspace,
                                       int           year,
                                       const char   *commissioner,
                                       const char   *provider,
                                       GError      **error);

GArray        *pd_cquin_years_query   (PdWorkspace  *workspace,
                                       GError      **error);

G_END_DECLS
