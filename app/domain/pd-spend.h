/* pd-spend.h — where the money goes: spend by commissioner, category, year and month
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "domain/pd-domain.h"

G_BEGIN_DECLS

/* The spend of one row of a mix in one category (or in all, for the row's total). */
typedef struct
{
  gint64 amount_pence;    /* the sum of the rows with an amount; suppressed rows add nothing */
  guint  n_rows;          /* spend rows, suppressed ones included */
  guint  n_suppressed;    /* rows whose amount is suppressed: the sum is a floor, not 0 */
  double share;           /* amount / the row's total amount, 0 to 1; NaN when that is 0 */
  double pence_per_head;  /* amount / weighted population; NaN when that is unknown or 0 */
} PdSpendCell;

/* One row of a mix: a commissioner over a span of years, or in one year. */
typedef struct
{
  char        *commissioner;
  int          year;        /* a row of pd_spend_mix_over_years(): its year; else -1 */
  gint64       population;  /* weighted population; -1 when unknown */
  PdSpendCell  total;       /* every category together */
} PdSpendRow;

/* A dense table of spend: rows × categories, for 100 % stacked bars and per-head charts. */
typedef struct
{
  int        first_year;    /* the span of financial years, inclusive */
  int        last_year;
  GPtrArray *categories;    /* of char *: largest total first, then by name */
  GArray    *rows;          /* of PdSpendRow */
  GArray    *cells;         /* of PdSpendCell: rows->len × categories->len, row by row */
} PdSpendMix;

void               pd_spend_mix_free        (PdSpendMix  *mix);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSpendMix, pd_spend_mix_free)

PdSpendMix        *pd_spend_mix_query       (PdWorkspace        *workspace,
                                             int                 first_year,
                                             int                 last_year,
                                             const char * const *commissioners,
                                             GError            **error);

PdSpendMix        *pd_spend_mix_over_years  (PdWorkspace        *workspace,
                                             const char         *commissioner,
                                             GError            **error);

const PdSpendCell *pd_spend_mix_cell        (const PdSpendMix   *mix,
                                             guint               row,
                                             guint               category);

int                pd_spend_mix_find_row    (const PdSpendMix   *mix,
                                             const char         *commissioner,
                                             int                 year);

int                pd_spend_mix_find_category (const PdSpendMix *mix,
                                               const char       *category);

double             pd_spend_mix_mean_share  (const PdSpendMix   *mix,
                                             guint               category,
                                             const char * const *commissioners);

/* One calendar month of a commissioner's spend. */
typedef struct
{
  int    financial_year;
  int    year;             /* the calendar year and month */
  int    month;
  gint64 amount_pence;
  guint  n_rows;           /* 0: no data for the month, a gap, not a zero */
  guint  n_suppressed;
} PdSpendMonth;

GArray            *pd_spend_monthly_query   (PdWorkspace        *workspace,
                                             const char         *commissioner,
                                             const char         *category,
                                             int                 first_year,
                                             int                 last_year,
                                             GError            **error);

GArray            *pd_spend_years_query     (PdWorkspace        *workspace,
                                             GError            **error);

G_END_DECLS
