/* pd-finance.h — the financial outlook: allocation against spend, and scenarios
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "domain/pd-domain.h"

G_BEGIN_DECLS

/* One commissioner's year: what it was given and what it spent. */
typedef struct
{
  char    *commissioner;
  int      year;
  gboolean has_allocation;        /* FALSE when the allocation is missing or suppressed */
  gint64   allocation_pence;      /* 0 without an allocation */
  guint    spend_rows;            /* 0: no spend imported for the year */
  guint    spend_suppressed;      /* rows whose amount is suppressed, left out of the sum */
  gint64   spend_pence;
  gint64   gap_pence;             /* allocation − spend: above 0 underspent, below 0 overspent;
                                   * 0 without an allocation */
  double   gap_percent;           /* the gap as a percentage of the allocation; NaN without one */
} PdFinanceYear;

GArray  *pd_finance_outlook_query (PdWorkspace  *workspace,
                                   const char   *commissioner,
                                   GError      **error);

/* A funding scenario from the last actual year on (percentages a year, e.g. 5.5 for 5.5 %). */
typedef struct
{
  int    base_year;              /* the last year with actual figures */
  gint64 base_allocation_pence;
  gint64 base_spend_pence;
  int    growth_until_year;      /* the allocation grows by growth_percent each year up to and
                                  * including this one … */
  double growth_percent;
  double real_cut_percent;       /* … and after it is cut by this much in real terms */
  double inflation_percent;      /* pay and price inflation: spend's cost growth, and what
                                  * "real terms" is measured against */
  double demand_percent;         /* growth in activity (population, age, new treatments) */
  guint  n_years;                /* how many years to project */
} PdFinanceScenario;

typedef struct
{
  int    year;
  gint64 allocation_pence;
  gint64 spend_pence;               /* spend if nothing changes */
  gint64 gap_pence;                 /* allocation − spend: below 0 the shortfall */
  gint64 savings_pence;             /* new recurrent savings this year's plan must deliver */
  gint64 cumulative_savings_pence;  /* the savings of every projected year so far */
} PdFinanceProjection;

GArray  *pd_finance_project       (const PdFinanceScenario *scenario,
                                   GError                 **error);

G_END_DECLS
