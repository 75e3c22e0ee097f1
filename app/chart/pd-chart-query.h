/* pd-chart-query.h — chart specs straight from a workspace
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place that turns the domain layer's queries and the statistics into chart
 * specs, so the window, the command line and the board pack draw the same chart from the
 * same question.
 */

#pragma once

#include "chart/pd-chart-spec.h"
#include "store/pd-workspace.h"

G_BEGIN_DECLS

/* The question a chart answers. Unset fields take sensible defaults: the latest year,
 * the first commissioner or provider with data. */
typedef struct
{
  const char *commissioner;  /* spend mix (highlighted), outlook, CQUIN */
  const char *provider;      /* SPC, CQUIN, funnel and ranked (highlighted), timeline */
  const char *indicator;     /* SPC, funnel, ranked, timeline */
  int         year;          /* financial year by its first calendar year; 0: the latest */
  const char *first;         /* ISO dates bounding the period; NULL: all of it */
  const char *last;
  gboolean    over_years;    /* spend mix: one commissioner's mix year by year */
  gboolean    per_head;      /* spend mix: pounds per weighted head against peers */
  PdFunnelOverdispersion overdispersion; /* funnel: widen the limits for overdispersion
                                          * (Spiegelhalter, as FunnelPlotR); default none */
  const char * const *providers;         /* funnel, ranked: only these providers (a peer
                                          * group), the pooled value and limits over them
                                          * alone; NULL: every provider */
  const char *providers_label;            /* with providers: who they are, ending the
                                          * subtitle ("peer group Acute trusts") */
} PdChartQuery;

PdChartSpec *pd_chart_query_build (PdWorkspace         *workspace,
                                   PdChartKind          kind,
                                   const PdChartQuery  *query,
                                   GError             **error);

G_END_DECLS
