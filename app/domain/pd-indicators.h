/* pd-indicators.h — quality indicators: definitions, series, funnels, latest values
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "domain/pd-domain.h"

G_BEGIN_DECLS

typedef struct
{
  char   *code;
  char   *name;
  char   *domain;      /* safety, effectiveness, experience, resources */
  char   *unit;        /* proportion, rate, count, mean, ratio */
  char   *polarity;    /* higher, lower, neutral: which way is better */
  double  target;      /* NaN when none */
  double  multiplier;  /* value = numerator / denominator × multiplier (1 for counts) */
  char   *source;      /* NULL when not given */
} PdIndicator;

void         pd_indicator_free    (PdIndicator *indicator);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdIndicator, pd_indicator_free)

GPtrArray   *pd_indicators_query  (PdWorkspace  *workspace,
                                   const char   *domain,
                                   GError      **error);

PdIndicator *pd_indicator_lookup  (PdWorkspace  *workspace,
                                   const char   *code,
                                   GError      **error);

/* The granularity of indicator_values.period_kind. */
typedef enum
{
  PD_PERIOD_MONTH,
  PD_PERIOD_QUARTER,
  PD_PERIOD_YEAR,
} PdPeriodKind;

const char  *pd_period_kind_to_string (PdPeriodKind kind);

/* One period of one provider's series. */
typedef struct
{
  char     period_start[11];  /* ISO date of the period's first day, e.g. "2009-04-01" */
  gboolean present;           /* FALSE: a gap, no row for the period */
  gboolean suppressed;        /* a row whose value is hidden (small numbers) */
  double   value;             /* NaN in a gap or when suppressed */
  double   numerator;         /* NaN when not given or suppressed */
  double   denominator;       /* NaN when not given */
} PdIndicatorPoint;

/* One provider's series for one indicator. */
typedef struct
{
  char   *provider;
  GArray *points;             /* of PdIndicatorPoint, oldest first, one per period */
} PdIndicatorSeries;

void         pd_indicator_series_free  (PdIndicatorSeries *series);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdIndicatorSeries, pd_indicator_series_free)

PdIndicatorSeries *pd_indicator_series_query (PdWorkspace  *workspace,
                                              const char   *indicator,
                                              const char   *provider,
                                              PdPeriodKind  kind,
                                              const char   *first,
                                              const char   *last,
                                              GError      **error);

GPtrArray   *pd_indicator_all_series_query   (PdWorkspace  *workspace,
                                              const char   *indicator,
                                              PdPeriodKind  kind,
                                              const char   *first,
                                              const char   *last,
                                              GError      **error);

/* One provider's total over a span, for funnel plots and ranked charts. */
typedef struct
{
  char   *provider;
  double  numerator;     /* summed over the periods with both parts known */
  double  denominator;   /* NaN for a count without denominators */
  double  value;         /* numerator / denominator × multiplier, or the count */
  guint   n_periods;     /* periods summed */
  guint   n_left_out;    /* periods left out: suppressed, or a part missing */
} PdIndicatorTotal;

GArray      *pd_indicator_totals_query       (PdWorkspace  *workspace,
                                              const char   *indicator,
                                              PdPeriodKind  kind,
                                              const char   *first,
                                              const char   *last,
                                              GError      **error);

/* The most recent value of one indicator at one provider. */
typedef struct
{
  char   *indicator;
  char   *provider;
  char    period_start[11];
  gboolean suppressed;
  double  value;         /* NaN when suppressed */
  double  numerator;
  double  denominator;
} PdIndicatorLatest;

GArray      *pd_indicator_latest_query       (PdWorkspace  *workspace,
                                              const char   *indicator,
                                              const char   *provider,
                                              PdPeriodKind  kind,
                                              GError      **error);

G_END_DECLS
