/* pd-chart-spec.h — what a chart draws: its data, labels and annotations
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A spec owns copies of everything it draws, so the statistics results and query rows it
 * was built from may be freed at once. Builders are thin: each takes the result the
 * statistics or domain layer already computed, never recomputes it.
 */

#pragma once

#include <glib.h>

#include "chart/pd-chart-geometry.h"
#include "stats/pd-funnel.h"
#include "stats/pd-intervals.h"
#include "stats/pd-spc.h"

G_BEGIN_DECLS

typedef enum
{
  PD_CHART_KIND_SPEND_MIX,
  PD_CHART_KIND_OUTLOOK,
  PD_CHART_KIND_CQUIN,
  PD_CHART_KIND_SPC,
  PD_CHART_KIND_FUNNEL,
  PD_CHART_KIND_MATRIX,
  PD_CHART_KIND_HEATMAP,
  PD_CHART_KIND_TIMELINE,
  PD_CHART_KIND_RANKED,
  PD_CHART_KIND_QUADRANT,
} PdChartKind;

#define PD_CHART_N_KINDS (PD_CHART_KIND_QUADRANT + 1)

/* How values print on axes, labels, summaries and tables. */
typedef enum
{
  PD_CHART_FORMAT_NUMBER,      /* 1,234.5 */
  PD_CHART_FORMAT_PROPORTION,  /* 0.253 prints as 25.3 % */
  PD_CHART_FORMAT_PERCENT,     /* 25.3 prints as 25.3 % */
  PD_CHART_FORMAT_POUNDS,      /* £1.2m, £450k, £75 */
} PdChartFormat;

/* Red, amber, green, always drawn with a glyph and a word as well as a colour. */
typedef enum
{
  PD_CHART_RAG_NONE,   /* no data */
  PD_CHART_RAG_GREEN,
  PD_CHART_RAG_AMBER,
  PD_CHART_RAG_RED,
} PdChartRag;

/* Where a spend-mix category sits in each bar: the two compared groups are anchored at
 * the two ends so that both are read from a common baseline. */
typedef enum
{
  PD_CHART_MIX_MIDDLE,  /* the rest, in quiet colours */
  PD_CHART_MIX_START,   /* anchored at 0 %, e.g. acute contracts */
  PD_CHART_MIX_END,     /* anchored at 100 %, e.g. community nursing and health visiting */
} PdChartMixPlace;

typedef struct _PdChartSpec PdChartSpec;

const char  *pd_chart_kind_to_string   (PdChartKind          kind);
gboolean     pd_chart_parse_kind       (const char          *text,
                                        PdChartKind         *out_kind);

/* "£1.2m", "25.3 %", "1,234" with as many decimals as @step (a tick step, or 0) needs. */
char        *pd_chart_format_value     (PdChartFormat        format,
                                        double               value,
                                        double               step);

/* SPC (series 0, index: the point; icons: PD_CHART_ITEM_ICON index 0 variation, 1
 * assurance). @labels: one period label per point ("Apr 2009"), or NULL for 1, 2, 3… */
PdChartSpec *pd_chart_spec_new_spc     (const PdSpcResult   *result,
                                        const char * const  *labels,
                                        PdChartFormat        format);
void         pd_chart_spec_spc_set_two_sigma (PdChartSpec   *spec,
                                        gboolean             show);
void         pd_chart_spec_spc_annotate (PdChartSpec        *spec,
                                        gsize                point,
                                        const char          *text);

/* Funnel (index: the unit). @names one per unit; @selected the unit to highlight or -1. */
PdChartSpec *pd_chart_spec_new_funnel  (const PdFunnel      *funnel,
                                        const char * const  *names,
                                        gssize               selected,
                                        PdChartFormat        format);

/* Spend mix: 100 % stacked bars, one per group (a commissioner, or a year of one), over
 * categories. @amounts is n_groups × n_categories, row by row, in pounds; NaN for none.
 * Items: PD_CHART_ITEM_BAR, series the group, index the category. */
PdChartSpec *pd_chart_spec_new_spend_mix (const char * const *groups,
                                        gsize                n_groups,
                                        const char * const  *categories,
                                        const PdChartMixPlace *places,
                                        gsize                n_categories,
                                        const double        *amounts,
                                        gssize               highlight);

/* Spend per weighted head against peers: a spend-mix spec (its kind is
 * PD_CHART_KIND_SPEND_MIX) drawn as one panel of bars per compared category (those placed
 * at the start, then those at the end) and one for all spend, each with the peers' median
 * marked. @per_head is n_groups × n_categories, row by row, in pounds per weighted head;
 * NaN where unknown. Items: PD_CHART_ITEM_BAR, series the group, index the category, or
 * n_categories for all spend. */
PdChartSpec *pd_chart_spec_new_spend_per_head (const char * const *groups,
                                        gsize                n_groups,
                                        const char * const  *categories,
                                        const PdChartMixPlace *places,
                                        gsize                n_categories,
                                        const double        *per_head,
                                        gssize               highlight);
/* TRUE for a spec from pd_chart_spec_new_spend_per_head(). */
gboolean     pd_chart_spec_is_per_head (const PdChartSpec  *spec);

/* Financial outlook over years, in pounds; NaN where a series has no value that year.
 * @allocation: actual and planned allocation; @spend: actual spend; @forecast: spend if
 * nothing changes; @growth and @cut: the allocation under the two scenarios (a band);
 * @savings: the savings the plan phases in. Items: BAR series 0 (savings), index the
 * year; POINT series 1 allocation, 2 spend, 3 forecast. */
PdChartSpec *pd_chart_spec_new_outlook (const char * const  *years,
                                        gsize                n_years,
                                        const double        *allocation,
                                        const double        *spend,
                                        const double        *forecast,
                                        const double        *growth,
                                        const double        *cut,
                                        const double        *savings);

/* CQUIN progress: per indicator and quarter (n_indicators × 4), the two thresholds and
 * the result (NaN while pending), and the money. Items: CELL series the indicator, index
 * the quarter; BAR series 0, index 0 earned, 1 withheld, 2 pending. */
typedef struct
{
  const char *name;
  gboolean    lower_is_better;
  double      min_threshold[4];
  double      max_threshold[4];
  double      performance[4];
  double      achievement[4];   /* 0–1 from pd-cquin-payment, NaN while pending */
  double      earned_pounds;
  double      at_risk_pounds;
} PdChartCquinRow;

PdChartSpec *pd_chart_spec_new_cquin   (const PdChartCquinRow *rows,
                                        gsize                n_rows,
                                        PdChartFormat        format,
                                        double               earned_pounds,
                                        double               withheld_pounds,
                                        double               pending_pounds);

/* Ranked units with intervals (caterpillar). @reference: the comparator (national or
 * peer value), NaN for none. Items: PD_CHART_ITEM_INTERVAL, index the unit as given. */
PdChartSpec *pd_chart_spec_new_ranked  (const char * const  *names,
                                        const PdInterval    *intervals,
                                        gsize                n,
                                        double               reference,
                                        PdImprovement        improvement,
                                        gssize               highlight,
                                        PdChartFormat        format);

/* Icon matrix: indicators (rows) × providers (columns), n_rows × n_columns row by row.
 * Items: CELL series the row, index the column. */
PdChartSpec *pd_chart_spec_new_matrix  (const char * const  *rows,
                                        gsize                n_rows,
                                        const char * const  *columns,
                                        gsize                n_columns,
                                        const PdSpcVariationIcon *variation,
                                        const PdSpcAssuranceIcon *assurance);

/* Domain heat map: providers (rows) × domains (columns), a status and a short text per
 * cell ("2 of 9 concern"); @texts may be NULL. Items: CELL series the row, index the
 * column. */
PdChartSpec *pd_chart_spec_new_heatmap (const char * const  *rows,
                                        gsize                n_rows,
                                        const char * const  *columns,
                                        gsize                n_columns,
                                        const PdChartRag    *status,
                                        const char * const  *texts);

/* Triangulation timeline: one provider's indicators as sparklines over @periods, and
 * events as markers sized by count, on one time axis. Items: POINT series the row, index
 * the period; EVENT series the event type, index the period. */
typedef struct
{
  const char           *name;
  const double         *values;       /* n_periods; NaN for gaps */
  const PdSpcPointType *point_types;  /* n_periods, or NULL: special cause coloured */
  PdChartFormat         format;
} PdChartTimelineRow;

PdChartSpec *pd_chart_spec_new_timeline (const char * const *periods,
                                        gsize                n_periods,
                                        const PdChartTimelineRow *rows,
                                        gsize                n_rows,
                                        const char * const  *event_types,
                                        gsize                n_event_types,
                                        const double        *event_counts);

/* Spend against outcome: units as points, split into quadrants at the medians. Items:
 * POINT index the unit as given. */
PdChartSpec *pd_chart_spec_new_quadrant (const char * const *names,
                                        const double        *spend,
                                        const double        *outcome,
                                        gsize                n,
                                        PdChartFormat        spend_format,
                                        PdChartFormat        outcome_format,
                                        PdImprovement        improvement,
                                        const char          *spend_label,
                                        const char          *outcome_label,
                                        gssize               highlight);

void         pd_chart_spec_free        (PdChartSpec         *spec);
PdChartKind  pd_chart_spec_get_kind    (const PdChartSpec   *spec);

/* The title, the subtitle (the period) and the source line printed under the chart. */
void         pd_chart_spec_set_title   (PdChartSpec         *spec,
                                        const char          *title);
void         pd_chart_spec_set_subtitle (PdChartSpec        *spec,
                                        const char          *subtitle);
void         pd_chart_spec_set_source  (PdChartSpec         *spec,
                                        const char          *source);
/* The value axis' name, e.g. "Proportion of patients assessed". */
void         pd_chart_spec_set_value_label (PdChartSpec     *spec,
                                        const char          *label);
const char  *pd_chart_spec_get_title   (const PdChartSpec   *spec);

/* What a screen reader says and the board pack prints under the chart. */
char        *pd_chart_spec_summarize   (const PdChartSpec   *spec);

/* A tooltip for one item of this spec's geometry. */
char        *pd_chart_spec_describe_item (const PdChartSpec *spec,
                                        const PdChartItem   *item);

/* The chart's data as a table of formatted cells. */
typedef struct
{
  guint      n_columns;
  char     **columns;   /* n_columns headers */
  GPtrArray *rows;      /* of char ** (NULL-terminated, n_columns cells) */
} PdChartTable;

PdChartTable *pd_chart_spec_to_table   (const PdChartSpec   *spec);
void          pd_chart_table_free      (PdChartTable        *table);
char         *pd_chart_table_to_csv    (const PdChartTable  *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdChartSpec, pd_chart_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdChartTable, pd_chart_table_free)

G_END_DECLS
