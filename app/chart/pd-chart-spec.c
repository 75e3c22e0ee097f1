/* pd-chart-spec.c — chart specs: thin builders, summaries, tables and tooltips
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart/pd-chart-private.h"

static const char * const kind_names[PD_CHART_N_KINDS] = {
  "spend-mix", "outlook", "cquin", "spc", "funnel", "matrix", "heatmap", "timeline",
  "ranked", "quadrant",
};

/**
 * pd_chart_kind_to_string:
 * @kind: a chart kind
 *
 * Returns: the kind's name on the command line ("spend-mix", "spc", …).
 */
const char *
pd_chart_kind_to_string (PdChartKind kind)
{
  g_return_val_if_fail ((guint) kind < PD_CHART_N_KINDS, NULL);
  return kind_names[kind];
}

/**
 * pd_chart_parse_kind:
 * @text: a kind's name
 * @out_kind: (out): the kind
 *
 * Returns: %TRUE when @text names a chart kind.
 */
gboolean
pd_chart_parse_kind (const char  *text,
                     PdChartKind *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  for (guint i = 0; text != NULL && i < PD_CHART_N_KINDS; i++)
    if (strcmp (text, kind_names[i]) == 0)
      {
        *out_kind = (PdChartKind) i;
        return TRUE;
      }
  return FALSE;
}

static double median_of (double *values,
                         gsize   n);

static PdChartSpec *
spec_new (PdChartKind   kind,
          PdChartFormat format)
{
  PdChartSpec *spec = g_new0 (PdChartSpec, 1);
  spec->kind = kind;
  spec->format = format;
  return spec;
}

static double *
dup_doubles (const double *values,
             gsize         n)
{
  double *copy = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    copy[i] = values != NULL ? values[i] : NAN;
  return copy;
}

/* A copy of @n elements, never a NULL block, so an empty chart's arrays are valid too. */
static gpointer
dup_block (gconstpointer source,
           gsize         n,
           gsize         size)
{
  gpointer copy = g_malloc0 (MAX (n, 1) * size);

  if (source != NULL && n > 0)
    memcpy (copy, source, n * size);
  return copy;
}

static char **
dup_strings (const char * const *strings,
             gsize               n)
{
  char **copy = g_new0 (char *, n + 1);

  for (gsize i = 0; i < n; i++)
    copy[i] = g_strdup (strings != NULL && strings[i] != NULL ? strings[i] : "");
  return copy;
}

/**
 * pd_chart_spec_new_spc:
 * @result: an SPC result from pd_spc_compute()
 * @labels: (nullable) (array): one period label per point, or %NULL to number them
 * @format: how the values print
 *
 * An SPC chart in the Making Data Count look. @result is copied.
 *
 * Returns: (transfer full): the spec.
 */
PdChartSpec *
pd_chart_spec_new_spc (const PdSpcResult  *result,
                       const char * const *labels,
                       PdChartFormat       format)
{
  PdChartSpec *spec;

  g_return_val_if_fail (result != NULL, NULL);

  spec = spec_new (PD_CHART_KIND_SPC, format);
  spec->spc.result = *result;
  spec->spc.result.points = dup_block (result->points, result->n_points, sizeof (PdSpcPoint));
  spec->spc.result.partitions = dup_block (result->partitions, result->n_partitions,
                                           sizeof (PdSpcPartition));
  if (labels != NULL)
    spec->spc.labels = dup_strings (labels, result->n_points);
  spec->spc.annotations = g_array_new (FALSE, FALSE, sizeof (PdChartAnnotation));
  return spec;
}

/**
 * pd_chart_spec_spc_set_two_sigma:
 * @spec: an SPC spec
 * @show: whether to draw the 2σ lines
 *
 * The 2σ lines help explain the two-in-three rule; they are off by default, as in MDC.
 */
void
pd_chart_spec_spc_set_two_sigma (PdChartSpec *spec,
                                 gboolean     show)
{
  g_return_if_fail (spec != NULL && spec->kind == PD_CHART_KIND_SPC);
  spec->spc.two_sigma = show;
}

/**
 * pd_chart_spec_spc_annotate:
 * @spec: an SPC spec
 * @point: the point the note belongs to
 * @text: a short note ("new pathway", "ward closed")
 *
 * Adds a note drawn above the point and listed in the summary.
 */
void
pd_chart_spec_spc_annotate (PdChartSpec *spec,
                            gsize        point,
                            const char  *text)
{
  PdChartAnnotation annotation;

  g_return_if_fail (spec != NULL && spec->kind == PD_CHART_KIND_SPC);
  g_return_if_fail (point < spec->spc.result.n_points && text != NULL);

  annotation.point = point;
  annotation.text = g_strdup (text);
  g_array_append_val (spec->spc.annotations, annotation);
}

char *
_pd_chart_spc_label (const PdChartSpec *spec,
                     gsize              point)
{
  if (spec->spc.labels != NULL)
    return g_strdup (spec->spc.labels[point]);
  return g_strdup_printf ("%" G_GSIZE_FORMAT, point + 1);
}

/* Volumes at which the funnel limits are sampled: log-spaced, so the narrow mouth of the
 * funnel is as smooth as its long tail. */
#define FUNNEL_CURVE_SAMPLES 160

/**
 * pd_chart_spec_new_funnel:
 * @funnel: a funnel from pd_funnel_compute()
 * @names: (array): one name per unit
 * @selected: the unit to highlight, or -1
 * @format: how the values print
 *
 * A funnel plot: each unit's value against its volume, the 95 % and 99.8 % limits
 * (and the overdispersion-adjusted ones when @funnel widened them), outliers named.
 *
 * Returns: (transfer full): the spec.
 */
PdChartSpec *
pd_chart_spec_new_funnel (const PdFunnel     *funnel,
                          const char * const *names,
                          gssize              selected,
                          PdChartFormat       format)
{
  PdChartSpec *spec;
  PdChartFunnelData *data;
  double multiplier, vmin = INFINITY, vmax = 0;

  g_return_val_if_fail (funnel != NULL, NULL);

  spec = spec_new (PD_CHART_KIND_FUNNEL, format);
  data = &spec->funnel;
  multiplier = funnel->options.multiplier > 0 ? funnel->options.multiplier : 1.0;
  data->n = funnel->n_units;
  data->names = dup_strings (names, funnel->n_units);
  data->values = g_new (double, MAX (data->n, 1));
  data->volumes = g_new (double, MAX (data->n, 1));
  data->classes = g_new (PdFunnelClass, MAX (data->n, 1));
  data->low_volume = g_new (gboolean, MAX (data->n, 1));
  data->target = funnel->target * multiplier;
  data->selected = selected >= 0 && (gsize) selected < funnel->n_units ? selected : -1;
  data->adjusted = funnel->adjusted;
  data->phi = funnel->phi;

  for (gsize i = 0; i < funnel->n_units; i++)
    {
      const PdFunnelUnit *unit = &funnel->units[i];
      data->values[i] = unit->value;
      data->volumes[i] = unit->denominator;
      data->classes[i] = unit->classification;
      data->low_volume[i] = unit->low_volume;
      if (isfinite (unit->value) && unit->denominator > 0)
        {
          vmin = MIN (vmin, unit->denominator);
          vmax = MAX (vmax, unit->denominator);
        }
    }

  if (isfinite (funnel->target) && vmax > 0)
    {
      /* From a little below the smallest unit to past the largest, so the funnel visibly
       * opens and closes beyond the data. */
      double lo = MAX (vmin * 0.5, 1.0), hi = vmax * 1.1;

      data->n_curve = FUNNEL_CURVE_SAMPLES;
      data->curve_volume = g_new (double, data->n_curve);
      data->curve = g_new (PdFunnelLimits, data->n_curve);
      data->od_curve = g_new (PdFunnelLimits, data->n_curve);
      for (gsize i = 0; i < data->n_curve; i++)
        data->curve_volume[i] = lo * pow (hi / lo, (double) i / (data->n_curve - 1));
      /* The limits come multiplied, like the values; only the target is not. */
      pd_funnel_limit_table (funnel, data->curve_volume, data->n_curve, data->curve,
                             data->od_curve);
    }
  return spec;
}

static int
compare_places (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const PdChartMixPlace *places = user_data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  static const int rank[] = { 1, 0, 2 };  /* middle, start, end */
  int ra = rank[places[ia]], rb = rank[places[ib]];

  if (ra != rb)
    return ra - rb;
  return (int) ia - (int) ib;
}

/**
 * pd_chart_spec_new_spend_mix:
 * @groups: (array length=n_groups): the bars: commissioners, or years
 * @n_groups: how many bars
 * @categories: (array length=n_categories): spend categories
 * @places: (array length=n_categories) (nullable): where each category sits in a bar
 * @n_categories: how many categories
 * @amounts: (array): n_groups × n_categories amounts in pounds, row by row
 * @highlight: the group to highlight (the user's commissioner), or -1
 *
 * 100 % stacked bars of spend by category. The categories placed at the start and the
 * end are drawn in strong colours against a common baseline each, the rest quietly
 * between, so "acute against community" reads at a glance across peers.
 *
 * Returns: (transfer full): the spec.
 */
PdChartSpec *
pd_chart_spec_new_spend_mix (const char * const    *groups,
                             gsize                  n_groups,
                             const char * const    *categories,
                             const PdChartMixPlace *places,
                             gsize                  n_categories,
                             const double          *amounts,
                             gssize                 highlight)
{
  PdChartSpec *spec;
  PdChartMixData *data;

  g_return_val_if_fail (n_groups == 0 || groups != NULL, NULL);
  g_return_val_if_fail (n_categories == 0 || categories != NULL, NULL);
  g_return_val_if_fail (n_groups * n_categories == 0 || amounts != NULL, NULL);

  spec = spec_new (PD_CHART_KIND_SPEND_MIX, PD_CHART_FORMAT_POUNDS);
  data = &spec->mix;
  data->n_groups = n_groups;
  data->groups = dup_strings (groups, n_groups);
  data->n_categories = n_categories;
  data->categories = dup_strings (categories, n_categories);
  data->places = g_new0 (PdChartMixPlace, MAX (n_categories, 1));
  if (places != NULL)
    memcpy (data->places, places, n_categories * sizeof (PdChartMixPlace));
  data->amounts = dup_doubles (amounts, n_groups * n_categories);
  data->order = g_new (guint, MAX (n_categories, 1));
  for (guint i = 0; i < n_categories; i++)
    data->order[i] = i;
  g_qsort_with_data (data->order, (int) n_categories, sizeof (guint), compare_places,
                     data->places);
  data->highlight = highlight >= 0 && (gsize) highlight < n_groups ? highlight : -1;
  return spec;
}

/**
 * pd_chart_spec_new_spend_per_head:
 * @groups: (array length=n_groups): the commissioners
 * @n_groups: how many commissioners
 * @categories: (array length=n_categories): spend categories
 * @places: (array length=n_categories) (nullable): which categories are compared: those
 *   at the start and the end get a panel each
 * @n_categories: how many categories
 * @per_head: (array): n_groups × n_categories pounds per weighted head, row by row
 * @highlight: the commissioner to highlight, or -1
 *
 * Spend per weighted head against peers: for each compared category, and for all spend
 * together, a bar per commissioner with the peers' median marked, so that a
 * commissioner's size and its mix are read side by side. The spec is a spend mix's, so
 * it goes wherever a spend mix goes.
 *
 * Returns: (transfer full): the spec.
 */
PdChartSpec *
pd_chart_spec_new_spend_per_head (const char * const    *groups,
                                  gsize                  n_groups,
                                  const char * const    *categories,
                                  const PdChartMixPlace *places,
                                  gsize                  n_categories,
                                  const double          *per_head,
                                  gssize                 highlight)
{
  PdChartSpec *spec = pd_chart_spec_new_spend_mix (groups, n_groups, categories, places,
                                                   n_categories, per_head, highlight);

  if (spec != NULL)
    spec->mix.per_head = TRUE;
  return spec;
}

/**
 * pd_chart_spec_is_per_head:
 * @spec: a spec
 *
 * Returns: %TRUE when @spec came from pd_chart_spec_new_spend_per_head().
 */
gboolean
pd_chart_spec_is_per_head (const PdChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, FALSE);
  return spec->kind == PD_CHART_KIND_SPEND_MIX && spec->mix.per_head;
}

/**
 * pd_chart_spec_new_outlook:
 * @years: (array length=n_years): financial years ("2009/10")
 * @n_years: how many years
 * @allocation: (array length=n_years) (nullable): allocation, actual then planned
 * @spend: (array length=n_years) (nullable): actual spend
 * @forecast: (array length=n_years) (nullable): spend if nothing changes
 * @growth: (array length=n_years) (nullable): allocation under the growth scenario
 * @cut: (array length=n_years) (nullable): allocation under the cut scenario
 * @savings: (array length=n_years) (nullable): savings the plan phases in
 *
 * The financial outlook: allocation against spend, the scenario band, the funding gap
 * between forecast spend and allocation, and the phased savings.
 *
 * Returns: (transfer full): the spec.
 */
PdChartSpec *
pd_chart_spec_new_outlook (const char * const *years,
                           gsize               n_years,
                           const double       *allocation,
                           const double       *spend,
                           const double       *forecast,
                           const double       *growth,
                           const double       *cut,
                           const double       *savings)
{
  PdChartSpec *spec;

  g_return_val_if_fail (n_years == 0 || years != NULL, NULL);

  spec = spec_new (PD_CHART_KIND_OUTLOOK, PD_CHART_FORMAT_POUNDS);
  spec->outlook.n_years = n_years;
  spec->outlook.years = dup_strings (years, n_years);
  spec->outlook.allocation = dup_doubles (allocation, n_years);
  spec->outlook.spend = dup_doubles (spend, n_years);
  spec->outlook.forecast = dup_doubles (forecast, n_years);
  spec->outlook.growth = dup_doubles (growth, n_years);
  spec->outlook.cut = dup_doubles (cut, n_years);
  spec->outlook.savings = dup_doubles (savings, n_years);
  return spec;
}

/**
 * pd_chart_spec_new_cquin:
 * @rows: (array length=n_rows): one row per indicator
 * @n_rows: how many indicators
 * @format: how performance prints
 * @earned_pounds: the money earned so far
 * @withheld_pounds: the money withheld
 * @pending_pounds: the money pending (milestones not judged yet)
 *
 * CQUIN progress: per indicator and quarter a bullet bar of the result against the two
 * thresholds, and the scheme's money as one bar.
 *
 * Returns: (transfer full): the spec.
 */
PdChartSpec *
pd_chart_spec_new_cquin (const PdChartCquinRow *rows,
                         gsize                  n_rows,
                         PdChartFormat          format,
                         double                 earned_pounds,
                         double                 withheld_pounds,
                         double                 pending_pounds)
{
  PdChartSpec *spec;

  g_return_val_if_fail (n_rows == 0 || rows != NULL, NULL);

  spec = spec_new (PD_CHART_KIND_CQUIN, format);
  spec->cquin.n_rows = n_rows;
  spec->cquin.rows = g_new0 (PdChartCquinRow, MAX (n_rows, 1));
  for (gsize i = 0; i < n_rows; i++)
    {
      spec->cquin.rows[i] = rows[i];
      spec->cquin.rows[i].name = g_strdup (rows[i].name != NULL ? rows[i].name : "");
    }
  spec->cquin.earned = earned_pounds;
  spec->cquin.withheld = withheld_pounds;
  spec->cquin.pending = pending_pounds;
  return spec;
}

static const PdChartRankedData *sort_ranked_data;

static int
compare_ranked (const void *a,
                const void *b)
{
  const PdChartRankedData *data = sort_ranked_data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  double va = data->intervals[ia].value, vb = data->intervals[ib].value;
  gboolean descending = data->improvement != PD_IMPROVEMENT_DECREASE;

  /* Units with no value go last; otherwise best first. */
  if (isnan (va) != isnan (vb))
    return isnan (va) ? 1 : -1;
  if (va != vb && !isnan (va))
    return (va < vb) == descending ? 1 : -1;
  return (int) ia - (int) ib;
}

/**
 * pd_chart_spec_new_ranked:
 * @names: (array length=n): unit names
 * @intervals: (array length=n): each unit's value and interval
 * @n: how many units
 * @reference: the comparator drawn as a line, or NaN
 * @improvement: which way is better (decides the order, best first)
 * @highlight: the unit to highlight, or -1
 * @format: how the values print
 *
 * A ranked (caterpillar) chart: units best first with their intervals, those whose
 * interval clears the reference marked better or worse.
 *
 * Returns: (transfer full): the spec.
 */
PdChartSpec *
pd_chart_spec_new_ranked (const char * const *names,
                          const PdInterval   *intervals,
                          gsize               n,
                          double              reference,
                          PdImprovement       improvement,
                          gssize              highlight,
                          PdChartFormat       format)
{
  PdChartSpec *spec;
  PdChartRankedData *data;

  g_return_val_if_fail (n == 0 || (names != NULL && intervals != NULL), NULL);

  spec = spec_new (PD_CHART_KIND_RANKED, format);
  data = &spec->ranked;
  data->n = n;
  data->names = dup_strings (names, n);
  data->intervals = dup_block (intervals, n, sizeof (PdInterval));
  data->reference = reference;
  data->improvement = improvement;
  data->highlight = highlight >= 0 && (gsize) highlight < n ? highlight : -1;
  data->order = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    data->order[i] = i;
  /* qsort has no user data argument in C11; the comparator reads the one spec being
   * built, on this thread, for the length of this call. */
  G_LOCK_DEFINE_STATIC (ranked_sort);
  G_LOCK (ranked_sort);
  sort_ranked_data = data;
  qsort (data->order, n, sizeof (guint), compare_ranked);
  sort_ranked_data = NULL;
  G_UNLOCK (ranked_sort);
  return spec;
}

static PdChartSpec *
grid_new (PdChartKind         kind,
          const char * const *rows,
          gsize               n_rows,
          const char * const *columns,
          gsize               n_columns)
{
  PdChartSpec *spec = spec_new (kind, PD_CHART_FORMAT_NUMBER);

  spec->grid.n_rows = n_rows;
  spec->grid.rows = dup_strings (rows, n_rows);
  spec->grid.n_columns = n_columns;
  spec->grid.columns = dup_strings (columns, n_columns);
  return spec;
}

/**
 * pd_chart_spec_new_matrix:
 * @rows: (array length=n_rows): indicator names
 * @n_rows: how many indicators
 * @columns: (array length=n_columns): provider names
 * @n_columns: how many providers
 * @variation: (array): n_rows × n_columns variation icons, row by row
 * @assurance: (array): n_rows × n_columns assurance icons, row by row
 *
 * The icon matrix: each cell shows a series' variation and assurance icons, as the MDC
 * summary tables do, readable at 30 × 40 cells.
 *
 * Returns: (transfer full): the spec.
 */
PdChartSpec *
pd_chart_spec_new_matrix (const char * const       *rows,
                          gsize                     n_rows,
                          const char * const       *columns,
                          gsize                     n_columns,
                          const PdSpcVariationIcon *variation,
                          const PdSpcAssuranceIcon *assurance)
{
  PdChartSpec *spec;
  gsize n = n_rows * n_columns;

  g_return_val_if_fail (n == 0 || (variation != NULL && assurance != NULL), NULL);

  spec = grid_new (PD_CHART_KIND_MATRIX, rows, n_rows, columns, n_columns);
  spec->grid.variation = dup_block (variation, n, sizeof (PdSpcVariationIcon));
  spec->grid.assurance = dup_block (assurance, n, sizeof (PdSpcAssuranceIcon));
  return spec;
}

/**
 * pd_chart_spec_new_heatmap:
 * @rows: (array length=n_rows): provider names
 * @n_rows: how many providers
 * @columns: (array length=n_columns): domains
 * @n_columns: how many domains
 * @status: (array): n_rows × n_columns statuses, row by row
 * @texts: (array) (nullable): a short note per cell, row by row; entries may be %NULL
 *
 * The domain heat map: where to look first, each cell's status as a colour, a shape and
 * a word.
 *
 * Returns: (transfer full): the spec.
 */
PdChartSpec *
pd_chart_spec_new_heatmap (const char * const *rows,
                           gsize               n_rows,
                           const char * const *columns,
                           gsize               n_columns,
                           const PdChartRag   *status,
                           const char * const *texts)
{
  PdChartSpec *spec;
  gsize n = n_rows * n_columns;

  g_return_val_if_fail (n == 0 || status != NULL, NULL);

  spec = grid_new (PD_CHART_KIND_HEATMAP, rows, n_rows, columns, n_columns);
  spec->grid.status = dup_block (status, n, sizeof (PdChartRag));
  spec->grid.texts = g_new0 (char *, n + 1);
  for (gsize i = 0; texts != NULL && i < n; i++)
    spec->grid.texts[i] = g_strdup (texts[i]);
  return spec;
}

/**
 * pd_chart_spec_new_timeline:
 * @periods: (array length=n_periods): period labels ("Apr 2009"), oldest first
 * @n_periods: how many periods
 * @rows: (array length=n_rows): the indicators
 * @n_rows: how many indicators
 * @event_types: (array length=n_event_types): event type names ("Serious incident")
 * @n_event_types: how many event types
 * @event_counts: (array) (nullable): n_event_types × n_periods counts, row by row
 *
 * The triangulation timeline: one provider's hard indicators and its incidents,
 * complaints and concerns on one time axis, so signals that move together are seen
 * together.
 *
 * Returns: (transfer full): the spec.
 */
PdChartSpec *
pd_chart_spec_new_timeline (const char * const       *periods,
                            gsize                     n_periods,
                            const PdChartTimelineRow *rows,
                            gsize                     n_rows,
                            const char * const       *event_types,
                            gsize                     n_event_types,
                            const double             *event_counts)
{
  PdChartSpec *spec;
  PdChartTimelineData *d;

  g_return_val_if_fail (n_periods == 0 || periods != NULL, NULL);
  g_return_val_if_fail (n_rows == 0 || rows != NULL, NULL);

  spec = spec_new (PD_CHART_KIND_TIMELINE, PD_CHART_FORMAT_NUMBER);
  d = &spec->timeline;
  d->n_periods = n_periods;
  d->periods = dup_strings (periods, n_periods);
  d->n_rows = n_rows;
  d->names = g_new0 (char *, n_rows + 1);
  d->values = g_new (double, MAX (n_rows * n_periods, 1));
  d->point_types = g_new0 (PdSpcPointType, MAX (n_rows * n_periods, 1));
  d->formats = g_new0 (PdChartFormat, MAX (n_rows, 1));
  for (gsize r = 0; r < n_rows; r++)
    {
      d->names[r] = g_strdup (rows[r].name != NULL ? rows[r].name : "");
      d->formats[r] = rows[r].format;
      for (gsize p = 0; p < n_periods; p++)
        {
          d->values[r * n_periods + p] = rows[r].values != NULL ? rows[r].values[p] : NAN;
          if (rows[r].point_types != NULL)
            d->point_types[r * n_periods + p] = rows[r].point_types[p];
        }
    }
  d->n_event_types = n_event_types;
  d->event_types = dup_strings (event_types, n_event_types);
  d->event_counts = g_new0 (double, MAX (n_event_types * n_periods, 1));
  for (gsize i = 0; event_counts != NULL && i < n_event_types * n_periods; i++)
    d->event_counts[i] = event_counts[i];
  return spec;
}

static double
finite_median (const double *values,
               gsize         n)
{
  g_autofree double *copy = g_new (double, MAX (n, 1));
  gsize k = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      copy[k++] = values[i];
  return median_of (copy, k);
}

/**
 * pd_chart_spec_new_quadrant:
 * @names: (array length=n): unit names
 * @spend: (array length=n): what each spends (or is paid), NaN for unknown
 * @outcome: (array length=n): each unit's outcome, NaN for unknown
 * @n: how many units
 * @spend_format: how spend prints
 * @outcome_format: how outcomes print
 * @improvement: which way the outcome is better
 * @spend_label: (nullable): the spend axis' name
 * @outcome_label: (nullable): the outcome axis' name
 * @highlight: the unit to highlight, or -1
 *
 * Spend against outcome: four quadrants split at the medians, each named ("higher
 * spend, worse outcome"), so value for money reads at a glance.
 *
 * Returns: (transfer full): the spec.
 */
PdChartSpec *
pd_chart_spec_new_quadrant (const char * const *names,
                            const double       *spend,
                            const double       *outcome,
                            gsize               n,
                            PdChartFormat       spend_format,
                            PdChartFormat       outcome_format,
                            PdImprovement       improvement,
                            const char         *spend_label,
                            const char         *outcome_label,
                            gssize              highlight)
{
  PdChartSpec *spec;
  PdChartQuadrantData *q;

  g_return_val_if_fail (n == 0 || (names != NULL && spend != NULL && outcome != NULL), NULL);

  spec = spec_new (PD_CHART_KIND_QUADRANT, outcome_format);
  q = &spec->quadrant;
  q->n = n;
  q->names = dup_strings (names, n);
  q->spend = dup_doubles (spend, n);
  q->outcome = dup_doubles (outcome, n);
  q->spend_format = spend_format;
  q->improvement = improvement;
  q->spend_label = g_strdup (spend_label != NULL ? spend_label : "Spend");
  q->outcome_label = g_strdup (outcome_label != NULL ? outcome_label : "Outcome");
  q->highlight = highlight >= 0 && (gsize) highlight < n ? highlight : -1;
  q->spend_median = finite_median (q->spend, n);
  q->outcome_median = finite_median (q->outcome, n);
  return spec;
}

const char *
_pd_chart_quadrant_words (const PdChartQuadrantData *q,
                          double                     spend,
                          double                     outcome)
{
  gboolean high_spend = spend > q->spend_median;
  gboolean high_outcome = outcome > q->outcome_median;

  if (q->improvement == PD_IMPROVEMENT_NEUTRAL)
    return high_spend ? (high_outcome ? "higher spend, higher outcome" : "higher spend, lower outcome")
                      : (high_outcome ? "lower spend, higher outcome" : "lower spend, lower outcome");
  if (q->improvement == PD_IMPROVEMENT_DECREASE)
    high_outcome = !high_outcome;
  return high_spend ? (high_outcome ? "higher spend, better outcome" : "higher spend, worse outcome")
                    : (high_outcome ? "lower spend, better outcome" : "lower spend, worse outcome");
}

/**
 * pd_chart_spec_free:
 * @spec: (nullable): a spec
 *
 * Frees @spec and its copies of the data.
 */
void
pd_chart_spec_free (PdChartSpec *spec)
{
  if (spec == NULL)
    return;

  switch (spec->kind)
    {
    case PD_CHART_KIND_SPC:
      g_free (spec->spc.result.points);
      g_free (spec->spc.result.partitions);
      g_strfreev (spec->spc.labels);
      for (guint i = 0; i < spec->spc.annotations->len; i++)
        g_free (g_array_index (spec->spc.annotations, PdChartAnnotation, i).text);
      g_array_unref (spec->spc.annotations);
      break;
    case PD_CHART_KIND_FUNNEL:
      g_strfreev (spec->funnel.names);
      g_free (spec->funnel.values);
      g_free (spec->funnel.volumes);
      g_free (spec->funnel.classes);
      g_free (spec->funnel.low_volume);
      g_free (spec->funnel.curve_volume);
      g_free (spec->funnel.curve);
      g_free (spec->funnel.od_curve);
      break;
    case PD_CHART_KIND_SPEND_MIX:
      g_strfreev (spec->mix.groups);
      g_strfreev (spec->mix.categories);
      g_free (spec->mix.places);
      g_free (spec->mix.amounts);
      g_free (spec->mix.order);
      break;
    case PD_CHART_KIND_OUTLOOK:
      g_strfreev (spec->outlook.years);
      g_free (spec->outlook.allocation);
      g_free (spec->outlook.spend);
      g_free (spec->outlook.forecast);
      g_free (spec->outlook.growth);
      g_free (spec->outlook.cut);
      g_free (spec->outlook.savings);
      break;
    case PD_CHART_KIND_CQUIN:
      for (gsize i = 0; i < spec->cquin.n_rows; i++)
        g_free ((char *) spec->cquin.rows[i].name);
      g_free (spec->cquin.rows);
      break;
    case PD_CHART_KIND_RANKED:
      g_strfreev (spec->ranked.names);
      g_free (spec->ranked.intervals);
      g_free (spec->ranked.order);
      break;
    case PD_CHART_KIND_MATRIX:
    case PD_CHART_KIND_HEATMAP:
      g_strfreev (spec->grid.rows);
      g_strfreev (spec->grid.columns);
      g_free (spec->grid.variation);
      g_free (spec->grid.assurance);
      g_free (spec->grid.status);
      if (spec->grid.texts != NULL)
        {
          for (gsize i = 0; i < spec->grid.n_rows * spec->grid.n_columns; i++)
            g_free (spec->grid.texts[i]);
          g_free (spec->grid.texts);
        }
      break;
    case PD_CHART_KIND_TIMELINE:
      g_strfreev (spec->timeline.periods);
      g_strfreev (spec->timeline.names);
      g_free (spec->timeline.values);
      g_free (spec->timeline.point_types);
      g_free (spec->timeline.formats);
      g_strfreev (spec->timeline.event_types);
      g_free (spec->timeline.event_counts);
      break;
    case PD_CHART_KIND_QUADRANT:
      g_strfreev (spec->quadrant.names);
      g_free (spec->quadrant.spend);
      g_free (spec->quadrant.outcome);
      g_free (spec->quadrant.spend_label);
      g_free (spec->quadrant.outcome_label);
      break;
    default:
      break;
    }
  g_free (spec->title);
  g_free (spec->subtitle);
  g_free (spec->source);
  g_free (spec->value_label);
  g_free (spec);
}

/**
 * pd_chart_spec_get_kind:
 * @spec: a spec
 *
 * Returns: which chart @spec draws.
 */
PdChartKind
pd_chart_spec_get_kind (const PdChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, PD_CHART_KIND_SPC);
  return spec->kind;
}

/**
 * pd_chart_spec_set_title:
 * @spec: a spec
 * @title: (nullable): the title
 *
 * Sets the title drawn at the top.
 */
void
pd_chart_spec_set_title (PdChartSpec *spec,
                         const char  *title)
{
  char *copy;

  g_return_if_fail (spec != NULL);
  /* Copy first: @title may be the spec's own string. */
  copy = g_strdup (title);
  g_free (spec->title);
  spec->title = copy;
}

/**
 * pd_chart_spec_get_title:
 * @spec: a spec
 *
 * Returns: (nullable): the title.
 */
const char *
pd_chart_spec_get_title (const PdChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  return spec->title;
}

/**
 * pd_chart_spec_set_subtitle:
 * @spec: a spec
 * @subtitle: (nullable): the subtitle, usually the period ("April 2008 to March 2012")
 *
 * Sets the line under the title.
 */
void
pd_chart_spec_set_subtitle (PdChartSpec *spec,
                            const char  *subtitle)
{
  char *copy;

  g_return_if_fail (spec != NULL);
  /* Copy first: @subtitle may be the spec's own string. */
  copy = g_strdup (subtitle);
  g_free (spec->subtitle);
  spec->subtitle = copy;
}

/**
 * pd_chart_spec_set_source:
 * @spec: a spec
 * @source: (nullable): where the data came from
 *
 * Sets the source line printed under the chart, which a board pack must carry.
 */
void
pd_chart_spec_set_source (PdChartSpec *spec,
                          const char  *source)
{
  char *copy;

  g_return_if_fail (spec != NULL);
  /* Copy first: @source may be the spec's own string. */
  copy = g_strdup (source);
  g_free (spec->source);
  spec->source = copy;
}

/**
 * pd_chart_spec_set_value_label:
 * @spec: a spec
 * @label: (nullable): what the values are
 *
 * Names the value axis.
 */
void
pd_chart_spec_set_value_label (PdChartSpec *spec,
                               const char  *label)
{
  char *copy;

  g_return_if_fail (spec != NULL);
  /* Copy first: @label may be the spec's own string. */
  copy = g_strdup (label);
  g_free (spec->value_label);
  spec->value_label = copy;
}

/* Words for the icons, as MDC's guidance names them. */
static const char *
variation_words (PdSpcVariationIcon icon)
{
  switch (icon)
    {
    case PD_SPC_VARIATION_COMMON_CAUSE:
      return "common cause variation";
    case PD_SPC_VARIATION_IMPROVEMENT_HIGH:
      return "special cause improvement (higher)";
    case PD_SPC_VARIATION_IMPROVEMENT_LOW:
      return "special cause improvement (lower)";
    case PD_SPC_VARIATION_CONCERN_HIGH:
      return "special cause concern (higher)";
    case PD_SPC_VARIATION_CONCERN_LOW:
      return "special cause concern (lower)";
    case PD_SPC_VARIATION_NEUTRAL_HIGH:
      return "special cause, neither better nor worse (higher)";
    case PD_SPC_VARIATION_NEUTRAL_LOW:
      return "special cause, neither better nor worse (lower)";
    case PD_SPC_VARIATION_NONE:
    default:
      return "no variation to judge";
    }
}

static const char *
assurance_words (PdSpcAssuranceIcon icon)
{
  switch (icon)
    {
    case PD_SPC_ASSURANCE_PASS:
      return "will consistently meet the target";
    case PD_SPC_ASSURANCE_FAIL:
      return "will consistently fail the target";
    case PD_SPC_ASSURANCE_HIT_OR_MISS:
      return "will hit or miss the target by chance";
    case PD_SPC_ASSURANCE_NONE:
    default:
      return "no target assurance";
    }
}

static const char *
point_type_words (PdSpcPointType type)
{
  switch (type)
    {
    case PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT:
      return "Special cause improvement";
    case PD_SPC_POINT_SPECIAL_CAUSE_CONCERN:
      return "Special cause concern";
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_HIGH:
      return "Special cause (high)";
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW:
      return "Special cause (low)";
    case PD_SPC_POINT_COMMON_CAUSE:
    default:
      return "Common cause";
    }
}

static const char *
rule_words (PdSpcRule rule)
{
  switch (rule)
    {
    case PD_SPC_RULE_OUTSIDE_LIMITS:
      return "outside the process limits";
    case PD_SPC_RULE_TREND:
      return "trend";
    case PD_SPC_RULE_TWO_IN_THREE:
      return "two of three beyond 2σ";
    case PD_SPC_RULE_SHIFT:
      return "shift";
    case PD_SPC_RULE_NONE:
    default:
      return "";
    }
}

static const char *
funnel_class_words (PdFunnelClass c)
{
  switch (c)
    {
    case PD_FUNNEL_BELOW_99_8:
      return "below the 99.8 % limit";
    case PD_FUNNEL_BELOW_95:
      return "below the 95 % limit";
    case PD_FUNNEL_WITHIN:
      return "within the limits";
    case PD_FUNNEL_ABOVE_95:
      return "above the 95 % limit";
    case PD_FUNNEL_ABOVE_99_8:
      return "above the 99.8 % limit";
    case PD_FUNNEL_NOT_CLASSIFIED:
    default:
      return "not classified";
    }
}

static char *
fmt (const PdChartSpec *spec,
     double             value)
{
  return pd_chart_format_value (spec->format, value, 0);
}

static char *
pounds (double value)
{
  return pd_chart_format_value (PD_CHART_FORMAT_POUNDS, value, 0);
}

static double
mix_total (const PdChartMixData *mix,
           gsize                 group)
{
  double total = 0;
  for (gsize c = 0; c < mix->n_categories; c++)
    {
      double v = mix->amounts[group * mix->n_categories + c];
      if (isfinite (v) && v > 0)
        total += v;
    }
  return total;
}

static double
mix_share_of_place (const PdChartMixData *mix,
                    gsize                 group,
                    PdChartMixPlace       place)
{
  double total = mix_total (mix, group), part = 0;

  if (total <= 0)
    return NAN;
  for (gsize c = 0; c < mix->n_categories; c++)
    {
      double v = mix->amounts[group * mix->n_categories + c];
      if (mix->places[c] == place && isfinite (v) && v > 0)
        part += v;
    }
  return part / total;
}

static char *
mix_place_names (const PdChartMixData *mix,
                 PdChartMixPlace       place)
{
  GString *names = g_string_new (NULL);

  for (gsize c = 0; c < mix->n_categories; c++)
    if (mix->places[c] == place)
      {
        if (names->len > 0)
          g_string_append (names, " and ");
        g_string_append (names, mix->categories[c]);
      }
  return g_string_free (names, FALSE);
}

gsize
_pd_chart_per_head_panels (const PdChartMixData *m,
                           guint                *out_panels)
{
  gsize n = 0;

  for (gsize c = 0; c < m->n_categories; c++)
    if (m->places[c] == PD_CHART_MIX_START)
      out_panels[n++] = (guint) c;
  for (gsize c = 0; c < m->n_categories; c++)
    if (m->places[c] == PD_CHART_MIX_END)
      out_panels[n++] = (guint) c;
  out_panels[n++] = PD_CHART_PER_HEAD_TOTAL;
  return n;
}

double
_pd_chart_per_head_value (const PdChartMixData *m,
                          gsize                 group,
                          guint                 panel)
{
  double total = 0;
  gboolean any = FALSE;

  if (panel != PD_CHART_PER_HEAD_TOTAL)
    return m->amounts[group * m->n_categories + panel];
  for (gsize c = 0; c < m->n_categories; c++)
    {
      double v = m->amounts[group * m->n_categories + c];
      if (isfinite (v))
        {
          total += v;
          any = TRUE;
        }
    }
  return any ? total : NAN;
}

double
_pd_chart_per_head_median (const PdChartMixData *m,
                           guint                 panel)
{
  g_autofree double *values = g_new (double, MAX (m->n_groups, 1));
  gsize n = 0;

  for (gsize g = 0; g < m->n_groups; g++)
    {
      double v = _pd_chart_per_head_value (m, g, panel);
      /* The peers: the highlighted commissioner is what they are compared with. */
      if ((gssize) g != m->highlight && isfinite (v))
        values[n++] = v;
    }
  return median_of (values, n);
}

const char *
_pd_chart_per_head_panel_name (const PdChartMixData *m,
                               guint                 panel)
{
  return panel == PD_CHART_PER_HEAD_TOTAL ? "All spend" : m->categories[panel];
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median_of (double *values,
           gsize   n)
{
  if (n == 0)
    return NAN;
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
summarize_spc (const PdChartSpec *spec,
               GString           *out)
{
  const PdSpcResult *r = &spec->spc.result;
  gssize last = -1;
  guint concern = 0, improvement = 0, neutral = 0;

  for (gsize i = 0; i < r->n_points; i++)
    {
      const PdSpcPoint *p = &r->points[i];
      if (p->missing || p->ghost)
        continue;
      last = (gssize) i;
      if (p->point_type == PD_SPC_POINT_SPECIAL_CAUSE_CONCERN)
        concern++;
      else if (p->point_type == PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT)
        improvement++;
      else if (p->point_type != PD_SPC_POINT_COMMON_CAUSE)
        neutral++;
    }
  if (last < 0)
    {
      g_string_append (out, "No data to chart.");
      return;
    }
  {
    const PdSpcPoint *p = &r->points[last];
    g_autofree char *first_label = _pd_chart_spc_label (spec, 0);
    g_autofree char *last_label = _pd_chart_spc_label (spec, last);
    g_autofree char *value = fmt (spec, p->value);
    g_autofree char *mean = fmt (spec, p->mean);
    g_autofree char *lpl = fmt (spec, p->lpl);
    g_autofree char *upl = fmt (spec, p->upl);

    g_string_append_printf (out, "%" G_GSIZE_FORMAT " points from %s to %s. ",
                            r->n_points, first_label, last_label);
    if (isfinite (p->lpl) && isfinite (p->upl))
      {
        double shown_lpl = pd_spc_result_shown (r, p->lpl);
        double shown_upl = pd_spc_result_shown (r, p->upl);

        g_string_append_printf (out, "Latest %s against a mean of %s (process limits %s to %s",
                                value, mean, lpl, upl);
        /* The limits as computed, and where the chart draws one beyond what the values can
         * be, so the words and the picture agree. */
        if (shown_lpl != p->lpl)
          {
            g_autofree char *at = fmt (spec, shown_lpl);
            g_string_append_printf (out, "; the lower limit is drawn at %s, the least the "
                                    "value can be", at);
          }
        if (shown_upl != p->upl)
          {
            g_autofree char *at = fmt (spec, shown_upl);
            g_string_append_printf (out, "; the upper limit is drawn at %s, the most the "
                                    "value can be", at);
          }
        g_string_append (out, "). ");
      }
    else
      g_string_append_printf (out, "Latest %s; too few points for process limits. ", value);
    g_string_append_printf (out, "Variation: %s. Assurance: %s.",
                            variation_words (r->variation), assurance_words (r->assurance));
    if (concern + improvement + neutral > 0)
      g_string_append_printf (out, " Special cause points: %u concern, %u improvement, %u "
                              "neither.", concern, improvement, neutral);
    if (r->n_partitions > 1)
      g_string_append_printf (out, " Limits recalculated %u times.", r->n_partitions - 1);
  }
}

static void
summarize_funnel (const PdChartSpec *spec,
                  GString           *out)
{
  const PdChartFunnelData *f = &spec->funnel;
  g_autoptr(GString) high = g_string_new (NULL);
  g_autoptr(GString) low = g_string_new (NULL);
  guint usable = 0;

  for (gsize i = 0; i < f->n; i++)
    {
      if (f->classes[i] == PD_FUNNEL_NOT_CLASSIFIED)
        continue;
      usable++;
      if (f->classes[i] == PD_FUNNEL_ABOVE_99_8)
        g_string_append_printf (high, "%s%s", high->len ? ", " : "", f->names[i]);
      else if (f->classes[i] == PD_FUNNEL_BELOW_99_8)
        g_string_append_printf (low, "%s%s", low->len ? ", " : "", f->names[i]);
    }
  if (usable == 0 || !isfinite (f->target))
    {
      g_string_append (out, "No data to chart.");
      return;
    }
  {
    g_autofree char *target = fmt (spec, f->target);
    g_string_append_printf (out, "%u units against a target of %s. ", usable, target);
  }
  g_string_append_printf (out, "Above the 99.8 %% limit: %s. Below the 99.8 %% limit: %s.",
                          high->len ? high->str : "none", low->len ? low->str : "none");
  if (f->adjusted)
    g_string_append (out, " Limits adjusted for overdispersion.");
  if (f->selected >= 0)
    {
      g_autofree char *v = fmt (spec, f->values[f->selected]);
      g_string_append_printf (out, " %s: %s, %s.", f->names[f->selected], v,
                              funnel_class_words (f->classes[f->selected]));
    }
}

static void
summarize_per_head (const PdChartSpec *spec,
                    GString           *out)
{
  const PdChartMixData *m = &spec->mix;
  gsize focus = m->highlight >= 0 ? (gsize) m->highlight : 0;
  g_autofree guint *panels = g_new (guint, m->n_categories + 1);
  gsize n_panels = _pd_chart_per_head_panels (m, panels);

  if (m->n_groups == 0 || !isfinite (_pd_chart_per_head_value (m, focus, PD_CHART_PER_HEAD_TOTAL)))
    {
      g_string_append (out, "No data to chart.");
      return;
    }
  g_string_append_printf (out, "%s, spend per weighted head against the median of %s:",
                          m->groups[focus], m->highlight >= 0 ? "its peers" : "all shown");
  /* All spend first: the size, then the categories that make the mix. */
  for (gsize k = 0; k < n_panels; k++)
    {
      guint p = panels[(k + n_panels - 1) % n_panels];
      g_autofree char *value = pounds (_pd_chart_per_head_value (m, focus, p));
      g_autofree char *median = pounds (_pd_chart_per_head_median (m, p));
      g_string_append_printf (out, "%s %s %s (median %s)", k == 0 ? "" : ";",
                              _pd_chart_per_head_panel_name (m, p), value, median);
    }
  g_string_append (out, ".");
}

static void
summarize_mix (const PdChartSpec *spec,
               GString           *out)
{
  const PdChartMixData *m = &spec->mix;
  gsize focus = m->highlight >= 0 ? (gsize) m->highlight : 0;
  g_autofree char *start_names = mix_place_names (m, PD_CHART_MIX_START);
  g_autofree char *end_names = mix_place_names (m, PD_CHART_MIX_END);
  g_autofree double *starts = g_new (double, MAX (m->n_groups, 1));
  g_autofree double *ends = g_new (double, MAX (m->n_groups, 1));
  gsize n = 0;

  if (m->n_groups == 0 || mix_total (m, focus) <= 0)
    {
      g_string_append (out, "No data to chart.");
      return;
    }
  for (gsize g = 0; g < m->n_groups; g++)
    if (mix_total (m, g) > 0)
      {
        starts[n] = mix_share_of_place (m, g, PD_CHART_MIX_START);
        ends[n] = mix_share_of_place (m, g, PD_CHART_MIX_END);
        n++;
      }
  {
    g_autofree char *total = pounds (mix_total (m, focus));
    g_string_append_printf (out, "%s: %s spent.", m->groups[focus], total);
  }
  if (*start_names != '\0')
    {
      g_autofree char *share = pd_chart_format_value (PD_CHART_FORMAT_PROPORTION,
                                                      mix_share_of_place (m, focus, PD_CHART_MIX_START), 0.001);
      g_autofree char *median = pd_chart_format_value (PD_CHART_FORMAT_PROPORTION,
                                                       median_of (starts, n), 0.001);
      g_string_append_printf (out, " %s: %s of spend (median of the %" G_GSIZE_FORMAT
                              " shown: %s).", start_names, share, n, median);
    }
  if (*end_names != '\0')
    {
      g_autofree char *share = pd_chart_format_value (PD_CHART_FORMAT_PROPORTION,
                                                      mix_share_of_place (m, focus, PD_CHART_MIX_END), 0.001);
      g_autofree char *median = pd_chart_format_value (PD_CHART_FORMAT_PROPORTION,
                                                       median_of (ends, n), 0.001);
      g_string_append_printf (out, " %s: %s (median %s).", end_names, share, median);
    }
}

static void
summarize_outlook (const PdChartSpec *spec,
                   GString           *out)
{
  const PdChartOutlookData *o = &spec->outlook;
  gssize last_actual = -1;
  double savings = 0;

  for (gsize i = 0; i < o->n_years; i++)
    {
      if (isfinite (o->spend[i]))
        last_actual = (gssize) i;
      if (isfinite (o->savings[i]))
        savings += o->savings[i];
    }
  if (o->n_years == 0)
    {
      g_string_append (out, "No data to chart.");
      return;
    }
  if (last_actual >= 0)
    {
      g_autofree char *spend = pounds (o->spend[last_actual]);
      g_autofree char *alloc = pounds (o->allocation[last_actual]);
      g_string_append_printf (out, "In %s spend was %s against an allocation of %s.",
                              o->years[last_actual], spend, alloc);
    }
  {
    gsize end = o->n_years - 1;
    if (isfinite (o->forecast[end]) && isfinite (o->allocation[end]))
      {
        g_autofree char *gap = pounds (o->forecast[end] - o->allocation[end]);
        g_string_append_printf (out, " By %s the funding gap if nothing changes is %s.",
                                o->years[end], gap);
      }
  }
  if (savings > 0)
    {
      g_autofree char *total = pounds (savings);
      g_string_append_printf (out, " The plan phases in %s of savings.", total);
    }
}

static void
summarize_cquin (const PdChartSpec *spec,
                 GString           *out)
{
  const PdChartCquinData *c = &spec->cquin;
  g_autofree char *earned = pounds (c->earned);
  g_autofree char *withheld = pounds (c->withheld);
  g_autofree char *pending = pounds (c->pending);
  guint met = 0, reported = 0;

  if (c->n_rows == 0)
    {
      g_string_append (out, "No data to chart.");
      return;
    }
  for (gsize i = 0; i < c->n_rows; i++)
    for (guint q = 0; q < 4; q++)
      if (isfinite (c->rows[i].achievement[q]))
        {
          reported++;
          if (c->rows[i].achievement[q] >= 1.0)
            met++;
        }
  g_string_append_printf (out, "%" G_GSIZE_FORMAT " indicators; %u of %u reported milestones "
                          "met in full. Earned %s, withheld %s, pending %s.",
                          c->n_rows, met, reported, earned, withheld, pending);
}

static gboolean
ranked_better (const PdChartRankedData *r,
               gsize                    i,
               int                     *out_side)
{
  const PdInterval *iv = &r->intervals[i];
  int side = 0;

  if (!isfinite (r->reference) || !isfinite (iv->value))
    side = 0;
  else if (iv->lower > r->reference)
    side = 1;
  else if (iv->upper < r->reference)
    side = -1;
  *out_side = side;
  if (r->improvement == PD_IMPROVEMENT_DECREASE)
    side = -side;
  return side > 0;
}

static void
summarize_ranked (const PdChartSpec *spec,
                  GString           *out)
{
  const PdChartRankedData *r = &spec->ranked;
  guint better = 0, worse = 0, usable = 0;

  for (gsize i = 0; i < r->n; i++)
    {
      int side;
      if (!isfinite (r->intervals[i].value))
        continue;
      usable++;
      if (ranked_better (r, i, &side))
        better++;
      else if (side != 0)
        worse++;
    }
  if (usable == 0)
    {
      g_string_append (out, "No data to chart.");
      return;
    }
  {
    g_autofree char *best = fmt (spec, r->intervals[r->order[0]].value);
    g_autofree char *worst = fmt (spec, r->intervals[r->order[usable - 1]].value);
    g_string_append_printf (out, "%u units ranked best first: %s (%s) to %s (%s).", usable,
                            r->names[r->order[0]], best, r->names[r->order[usable - 1]], worst);
  }
  if (isfinite (r->reference))
    {
      g_autofree char *ref = fmt (spec, r->reference);
      g_string_append_printf (out, " Against %s: %u significantly better, %u significantly "
                              "worse.", ref, better, worse);
    }
}

static void
summarize_grid (const PdChartSpec *spec,
                GString           *out)
{
  const PdChartGridData *g = &spec->grid;
  gsize n = g->n_rows * g->n_columns;

  if (n == 0)
    {
      g_string_append (out, "No data to chart.");
      return;
    }
  if (spec->kind == PD_CHART_KIND_MATRIX)
    {
      guint concern = 0, improvement = 0, fail = 0, pass = 0;
      for (gsize i = 0; i < n; i++)
        {
          concern += g->variation[i] == PD_SPC_VARIATION_CONCERN_HIGH ||
                     g->variation[i] == PD_SPC_VARIATION_CONCERN_LOW;
          improvement += g->variation[i] == PD_SPC_VARIATION_IMPROVEMENT_HIGH ||
                         g->variation[i] == PD_SPC_VARIATION_IMPROVEMENT_LOW;
          fail += g->assurance[i] == PD_SPC_ASSURANCE_FAIL;
          pass += g->assurance[i] == PD_SPC_ASSURANCE_PASS;
        }
      g_string_append_printf (out, "%" G_GSIZE_FORMAT " indicators across %" G_GSIZE_FORMAT
                              " providers: %u show special cause concern, %u improvement; "
                              "%u will consistently fail their target, %u pass.",
                              g->n_rows, g->n_columns, concern, improvement, fail, pass);
    }
  else
    {
      guint counts[4] = { 0 };
      g_autoptr(GString) reds = g_string_new (NULL);
      for (gsize i = 0; i < n; i++)
        {
          counts[g->status[i]]++;
          /* Five names are what a listener can hold; the table has the rest. */
          if (g->status[i] == PD_CHART_RAG_RED && counts[PD_CHART_RAG_RED] <= 5)
            g_string_append_printf (reds, "%s%s (%s)", reds->len ? ", " : "",
                                    g->rows[i / g->n_columns], g->columns[i % g->n_columns]);
        }
      if (counts[PD_CHART_RAG_RED] > 5)
        g_string_append_printf (reds, " and %u more", counts[PD_CHART_RAG_RED] - 5);
      g_string_append_printf (out, "%" G_GSIZE_FORMAT " providers across %" G_GSIZE_FORMAT
                              " domains: %u red, %u amber, %u green.", g->n_rows, g->n_columns,
                              counts[PD_CHART_RAG_RED], counts[PD_CHART_RAG_AMBER],
                              counts[PD_CHART_RAG_GREEN]);
      if (reds->len > 0)
        g_string_append_printf (out, " Look first at: %s.", reds->str);
    }
}

static void
summarize_timeline (const PdChartSpec *spec,
                    GString           *out)
{
  const PdChartTimelineData *d = &spec->timeline;
  guint concern_rows = 0;
  g_autoptr(GString) events = g_string_new (NULL);

  if (d->n_periods == 0 || (d->n_rows == 0 && d->n_event_types == 0))
    {
      g_string_append (out, "No data to chart.");
      return;
    }
  g_string_append_printf (out, "%s to %s: %" G_GSIZE_FORMAT " indicators and %" G_GSIZE_FORMAT
                          " kinds of event on one time line.", d->periods[0],
                          d->periods[d->n_periods - 1], d->n_rows, d->n_event_types);
  for (gsize r = 0; r < d->n_rows; r++)
    for (gsize p = 0; p < d->n_periods; p++)
      if (d->point_types[r * d->n_periods + p] == PD_SPC_POINT_SPECIAL_CAUSE_CONCERN)
        {
          concern_rows++;
          break;
        }
  g_string_append_printf (out, " %u of the indicators show special cause concern.", concern_rows);
  /* Events: the whole span against its last twelve periods, which is where a reader
   * looks for a provider getting worse. */
  for (gsize e = 0; e < d->n_event_types; e++)
    {
      double total = 0, recent = 0;
      for (gsize p = 0; p < d->n_periods; p++)
        {
          total += d->event_counts[e * d->n_periods + p];
          if (p + 12 >= d->n_periods)
            recent += d->event_counts[e * d->n_periods + p];
        }
      if (total > 0)
        g_string_append_printf (events, "%s%s %.0f (%.0f in the last 12 periods)",
                                events->len ? ", " : "", d->event_types[e], total, recent);
    }
  if (events->len > 0)
    g_string_append_printf (out, " Events: %s.", events->str);
}

static void
summarize_quadrant (const PdChartSpec *spec,
                    GString           *out)
{
  const PdChartQuadrantData *q = &spec->quadrant;
  guint usable = 0, counts[4] = { 0 };
  static const char * const corner_words[] = {
    "lower spend, better outcome", "higher spend, better outcome",
    "lower spend, worse outcome", "higher spend, worse outcome",
  };

  for (gsize i = 0; i < q->n; i++)
    if (isfinite (q->spend[i]) && isfinite (q->outcome[i]))
      {
        const char *words = _pd_chart_quadrant_words (q, q->spend[i], q->outcome[i]);
        usable++;
        for (guint k = 0; k < 4; k++)
          counts[k] += strcmp (words, corner_words[k]) == 0;
      }
  if (usable < 2)
    {
      g_string_append (out, "No data to chart.");
      return;
    }
  {
    g_autofree char *ms = pd_chart_format_value (q->spend_format, q->spend_median, 0);
    g_autofree char *mo = fmt (spec, q->outcome_median);
    g_string_append_printf (out, "%u units, split at the medians (%s, %s).", usable, ms, mo);
  }
  if (q->improvement != PD_IMPROVEMENT_NEUTRAL)
    g_string_append_printf (out, " Lower spend and better outcome: %u; higher spend and worse "
                            "outcome: %u.", counts[0], counts[3]);
  if (q->highlight >= 0 && isfinite (q->spend[q->highlight]) && isfinite (q->outcome[q->highlight]))
    {
      g_autofree char *s = pd_chart_format_value (q->spend_format, q->spend[q->highlight], 0);
      g_autofree char *o = fmt (spec, q->outcome[q->highlight]);
      g_string_append_printf (out, " %s: %s, %s — %s.", q->names[q->highlight], s, o,
                              _pd_chart_quadrant_words (q, q->spend[q->highlight],
                                                        q->outcome[q->highlight]));
    }
}

/**
 * pd_chart_spec_summarize:
 * @spec: a spec
 *
 * A few sentences saying what the chart shows: what a screen reader reads for the chart
 * and what the board pack prints under it.
 *
 * Returns: (transfer full): the summary.
 */
char *
pd_chart_spec_summarize (const PdChartSpec *spec)
{
  GString *out;

  g_return_val_if_fail (spec != NULL, NULL);

  out = g_string_new (NULL);
  if (spec->title != NULL)
    g_string_append_printf (out, "%s. ", spec->title);
  switch (spec->kind)
    {
    case PD_CHART_KIND_SPC:
      summarize_spc (spec, out);
      break;
    case PD_CHART_KIND_FUNNEL:
      summarize_funnel (spec, out);
      break;
    case PD_CHART_KIND_SPEND_MIX:
      if (spec->mix.per_head)
        summarize_per_head (spec, out);
      else
        summarize_mix (spec, out);
      break;
    case PD_CHART_KIND_OUTLOOK:
      summarize_outlook (spec, out);
      break;
    case PD_CHART_KIND_CQUIN:
      summarize_cquin (spec, out);
      break;
    case PD_CHART_KIND_RANKED:
      summarize_ranked (spec, out);
      break;
    case PD_CHART_KIND_MATRIX:
    case PD_CHART_KIND_HEATMAP:
      summarize_grid (spec, out);
      break;
    case PD_CHART_KIND_TIMELINE:
      summarize_timeline (spec, out);
      break;
    case PD_CHART_KIND_QUADRANT:
      summarize_quadrant (spec, out);
      break;
    default:
      break;
    }
  return g_string_free (out, FALSE);
}

/**
 * pd_chart_spec_describe_item:
 * @spec: the spec that was rendered
 * @item: an item of the geometry the render returned
 *
 * Returns: (transfer full): a tooltip for @item.
 */
char *
pd_chart_spec_describe_item (const PdChartSpec *spec,
                             const PdChartItem *item)
{
  g_return_val_if_fail (spec != NULL && item != NULL, NULL);

  switch (spec->kind)
    {
    case PD_CHART_KIND_SPC:
      if (item->type == PD_CHART_ITEM_ICON)
        return g_strdup (item->index == 0 ? variation_words (spec->spc.result.variation)
                                          : assurance_words (spec->spc.result.assurance));
      if (item->index < spec->spc.result.n_points)
        {
          g_autofree char *label = _pd_chart_spc_label (spec, item->index);
          g_autofree char *value = fmt (spec, spec->spc.result.points[item->index].value);
          g_autofree char *explain = pd_spc_point_explain (&spec->spc.result, item->index);
          return g_strdup_printf ("%s: %s\n%s", label, value, explain);
        }
      break;
    case PD_CHART_KIND_FUNNEL:
      if (item->index < spec->funnel.n)
        {
          const PdChartFunnelData *f = &spec->funnel;
          g_autofree char *value = fmt (spec, f->values[item->index]);
          g_autofree char *volume = pd_chart_format_value (PD_CHART_FORMAT_NUMBER,
                                                           f->volumes[item->index], 1);
          return g_strdup_printf ("%s: %s from %s, %s", f->names[item->index], value, volume,
                                  funnel_class_words (f->classes[item->index]));
        }
      break;
    case PD_CHART_KIND_SPEND_MIX:
      if (spec->mix.per_head && item->series < spec->mix.n_groups &&
          item->index <= spec->mix.n_categories)
        {
          const PdChartMixData *m = &spec->mix;
          guint panel = item->index == m->n_categories ? PD_CHART_PER_HEAD_TOTAL : item->index;
          g_autofree char *value = pounds (_pd_chart_per_head_value (m, item->series, panel));
          g_autofree char *median = pounds (_pd_chart_per_head_median (m, panel));
          return g_strdup_printf ("%s, %s: %s per weighted head (peer median %s)",
                                  m->groups[item->series],
                                  _pd_chart_per_head_panel_name (m, panel), value, median);
        }
      if (item->series < spec->mix.n_groups && item->index < spec->mix.n_categories)
        {
          const PdChartMixData *m = &spec->mix;
          double amount = m->amounts[item->series * m->n_categories + item->index];
          g_autofree char *money = pounds (amount);
          g_autofree char *share = pd_chart_format_value (PD_CHART_FORMAT_PROPORTION,
                                                          amount / mix_total (m, item->series),
                                                          0.001);
          return g_strdup_printf ("%s, %s: %s (%s)", m->groups[item->series],
                                  m->categories[item->index], money, share);
        }
      break;
    case PD_CHART_KIND_OUTLOOK:
      if (item->index < spec->outlook.n_years)
        {
          const PdChartOutlookData *o = &spec->outlook;
          static const char * const names[] = { "Savings", "Allocation", "Spend", "Forecast spend" };
          const double *series[] = { o->savings, o->allocation, o->spend, o->forecast };
          guint s = MIN (item->series, 3);
          g_autofree char *money = pounds (series[s][item->index]);
          return g_strdup_printf ("%s %s: %s", names[s], o->years[item->index], money);
        }
      break;
    case PD_CHART_KIND_CQUIN:
      if (item->type == PD_CHART_ITEM_BAR)
        {
          static const char * const names[] = { "Earned", "Withheld", "Pending" };
          const double values[] = { spec->cquin.earned, spec->cquin.withheld, spec->cquin.pending };
          g_autofree char *money = pounds (values[MIN (item->index, 2)]);
          return g_strdup_printf ("%s: %s", names[MIN (item->index, 2)], money);
        }
      if (item->series < spec->cquin.n_rows && item->index < 4)
        {
          const PdChartCquinRow *row = &spec->cquin.rows[item->series];
          g_autofree char *perf = fmt (spec, row->performance[item->index]);
          g_autofree char *lo = fmt (spec, row->min_threshold[item->index]);
          g_autofree char *hi = fmt (spec, row->max_threshold[item->index]);
          if (!isfinite (row->performance[item->index]))
            return g_strdup_printf ("%s, Q%u: not yet reported (thresholds %s to %s)",
                                    row->name, item->index + 1, lo, hi);
          return g_strdup_printf ("%s, Q%u: %s (thresholds %s to %s), %.0f %% achieved",
                                  row->name, item->index + 1, perf, lo, hi,
                                  row->achievement[item->index] * 100);
        }
      break;
    case PD_CHART_KIND_RANKED:
      if (item->index < spec->ranked.n)
        {
          const PdInterval *iv = &spec->ranked.intervals[item->index];
          g_autofree char *v = fmt (spec, iv->value);
          g_autofree char *lo = fmt (spec, iv->lower);
          g_autofree char *hi = fmt (spec, iv->upper);
          return g_strdup_printf ("%s: %s (%s to %s)", spec->ranked.names[item->index], v, lo, hi);
        }
      break;
    case PD_CHART_KIND_MATRIX:
    case PD_CHART_KIND_HEATMAP:
      if (item->series < spec->grid.n_rows && item->index < spec->grid.n_columns)
        {
          const PdChartGridData *g = &spec->grid;
          gsize cell = item->series * g->n_columns + item->index;
          if (spec->kind == PD_CHART_KIND_MATRIX)
            return g_strdup_printf ("%s, %s: %s; %s", g->rows[item->series],
                                    g->columns[item->index], variation_words (g->variation[cell]),
                                    assurance_words (g->assurance[cell]));
          return g_strdup_printf ("%s, %s: %s%s%s", g->rows[item->series],
                                  g->columns[item->index], _pd_chart_rag_word (g->status[cell]),
                                  g->texts[cell] != NULL ? ", " : "",
                                  g->texts[cell] != NULL ? g->texts[cell] : "");
        }
      break;
    case PD_CHART_KIND_TIMELINE:
      {
        const PdChartTimelineData *d = &spec->timeline;
        if (item->index >= d->n_periods)
          break;
        if (item->type == PD_CHART_ITEM_EVENT && item->series < d->n_event_types)
          return g_strdup_printf ("%s, %s: %.0f", d->periods[item->index],
                                  d->event_types[item->series],
                                  d->event_counts[item->series * d->n_periods + item->index]);
        if (item->type == PD_CHART_ITEM_POINT && item->series < d->n_rows)
          {
            gsize k = item->series * d->n_periods + item->index;
            g_autofree char *v = pd_chart_format_value (d->formats[item->series], d->values[k], 0);
            return g_strdup_printf ("%s, %s: %s (%s)", d->names[item->series], d->periods[item->index],
                                    v, point_type_words (d->point_types[k]));
          }
      }
      break;
    case PD_CHART_KIND_QUADRANT:
      if (item->index < spec->quadrant.n)
        {
          const PdChartQuadrantData *q = &spec->quadrant;
          g_autofree char *s = pd_chart_format_value (q->spend_format, q->spend[item->index], 0);
          g_autofree char *o = fmt (spec, q->outcome[item->index]);
          return g_strdup_printf ("%s: %s, %s (%s)", q->names[item->index], s, o,
                                  _pd_chart_quadrant_words (q, q->spend[item->index],
                                                            q->outcome[item->index]));
        }
      break;
    default:
      break;
    }
  return g_strdup ("");
}

static PdChartTable *
table_new (const char *first,
           ...)
{
  PdChartTable *table = g_new0 (PdChartTable, 1);
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *c = first; c != NULL; c = va_arg (args, const char *))
    g_ptr_array_add (columns, g_strdup (c));
  va_end (args);
  table->n_columns = columns->len;
  g_ptr_array_add (columns, NULL);
  table->columns = (char **) g_ptr_array_steal (columns, NULL);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return table;
}

/* Takes ownership of the n_columns strings passed. */
static void
table_add (PdChartTable *table,
           ...)
{
  char **row = g_new0 (char *, table->n_columns + 1);
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < table->n_columns; i++)
    {
      char *cell = va_arg (args, char *);
      row[i] = cell != NULL ? cell : g_strdup ("");
    }
  va_end (args);
  g_ptr_array_add (table->rows, row);
}

/**
 * pd_chart_spec_to_table:
 * @spec: a spec
 *
 * The chart's data as a table, for the accessible "show as table" view and the board
 * pack's data sheets. Cells are formatted as on the chart.
 *
 * Returns: (transfer full): the table.
 */
PdChartTable *
pd_chart_spec_to_table (const PdChartSpec *spec)
{
  PdChartTable *t = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  switch (spec->kind)
    {
    case PD_CHART_KIND_SPC:
      {
        const PdSpcResult *r = &spec->spc.result;
        gboolean clipped = FALSE;

        /* The limits as computed, always; when the chart draws one at the end of the values'
         * range (a rate's lower limit below 0), also where it is drawn. */
        for (gsize i = 0; i < r->n_points && !clipped; i++)
          clipped = (!isnan (r->points[i].lpl) &&
                     pd_spc_result_shown (r, r->points[i].lpl) != r->points[i].lpl) ||
                    (!isnan (r->points[i].upl) &&
                     pd_spc_result_shown (r, r->points[i].upl) != r->points[i].upl);
        if (clipped)
          t = table_new ("Period", "Value", "Mean", "Lower process limit", "Upper process limit",
                         "Lower limit as drawn", "Upper limit as drawn", "Point", "Rule", NULL);
        else
          t = table_new ("Period", "Value", "Mean", "Lower process limit", "Upper process limit",
                         "Point", "Rule", NULL);
        for (gsize i = 0; i < r->n_points; i++)
          {
            const PdSpcPoint *p = &r->points[i];
            char *point = g_strdup (p->missing ? "Missing" : p->ghost ? "Excluded"
                                                           : point_type_words (p->point_type));

            if (clipped)
              table_add (t, _pd_chart_spc_label (spec, i), fmt (spec, p->value),
                         fmt (spec, p->mean), fmt (spec, p->lpl), fmt (spec, p->upl),
                         fmt (spec, pd_spc_result_shown (r, p->lpl)),
                         fmt (spec, pd_spc_result_shown (r, p->upl)), point,
                         g_strdup (rule_words (p->rule)));
            else
              table_add (t, _pd_chart_spc_label (spec, i), fmt (spec, p->value),
                         fmt (spec, p->mean), fmt (spec, p->lpl), fmt (spec, p->upl), point,
                         g_strdup (rule_words (p->rule)));
          }
      }
      break;
    case PD_CHART_KIND_FUNNEL:
      t = table_new ("Unit", "Value", "Volume", "95 % lower", "95 % upper", "99.8 % lower",
                     "99.8 % upper", "Position", NULL);
      for (gsize i = 0; i < spec->funnel.n; i++)
        {
          const PdChartFunnelData *f = &spec->funnel;
          PdFunnelLimits l = { NAN, NAN, NAN, NAN };
          /* The limits at the unit's own volume: the nearest sampled curve point would
           * be approximate, so interpolate on the log-volume grid. */
          if (f->n_curve > 1 && f->volumes[i] > 0)
            {
              double pos = log (f->volumes[i] / f->curve_volume[0]) /
                           log (f->curve_volume[f->n_curve - 1] / f->curve_volume[0]) *
                           (f->n_curve - 1);
              gsize k = (gsize) CLAMP (floor (pos), 0, f->n_curve - 2);
              double t_frac = CLAMP (pos - k, 0, 1);
              const PdFunnelLimits *c = f->adjusted ? f->od_curve : f->curve;
              l.lcl95 = c[k].lcl95 + (c[k + 1].lcl95 - c[k].lcl95) * t_frac;
              l.ucl95 = c[k].ucl95 + (c[k + 1].ucl95 - c[k].ucl95) * t_frac;
              l.lcl998 = c[k].lcl998 + (c[k + 1].lcl998 - c[k].lcl998) * t_frac;
              l.ucl998 = c[k].ucl998 + (c[k + 1].ucl998 - c[k].ucl998) * t_frac;
            }
          table_add (t, g_strdup (f->names[i]), fmt (spec, f->values[i]),
                     pd_chart_format_value (PD_CHART_FORMAT_NUMBER, f->volumes[i], 1),
                     fmt (spec, l.lcl95), fmt (spec, l.ucl95), fmt (spec, l.lcl998),
                     fmt (spec, l.ucl998), g_strdup (funnel_class_words (f->classes[i])));
        }
      break;
    case PD_CHART_KIND_SPEND_MIX:
      if (spec->mix.per_head)
        {
          const PdChartMixData *m = &spec->mix;
          t = table_new ("Group", "Category", "Per weighted head", "Peer median", NULL);
          for (gsize g = 0; g < m->n_groups; g++)
            for (gsize c = 0; c <= m->n_categories; c++)
              {
                guint panel = c == m->n_categories ? PD_CHART_PER_HEAD_TOTAL : (guint) c;
                table_add (t, g_strdup (m->groups[g]),
                           g_strdup (_pd_chart_per_head_panel_name (m, panel)),
                           pounds (_pd_chart_per_head_value (m, g, panel)),
                           pounds (_pd_chart_per_head_median (m, panel)));
              }
          break;
        }
      {
        const PdChartMixData *m = &spec->mix;
        t = table_new ("Group", "Category", "Spend", "Share", NULL);
        for (gsize g = 0; g < m->n_groups; g++)
          for (gsize c = 0; c < m->n_categories; c++)
            {
              double v = m->amounts[g * m->n_categories + c];
              table_add (t, g_strdup (m->groups[g]), g_strdup (m->categories[c]), pounds (v),
                         pd_chart_format_value (PD_CHART_FORMAT_PROPORTION,
                                                v / mix_total (m, g), 0.001));
            }
      }
      break;
    case PD_CHART_KIND_OUTLOOK:
      {
        const PdChartOutlookData *o = &spec->outlook;
        t = table_new ("Year", "Allocation", "Spend", "Forecast spend", "Growth scenario",
                       "Cut scenario", "Savings", NULL);
        for (gsize i = 0; i < o->n_years; i++)
          table_add (t, g_strdup (o->years[i]), pounds (o->allocation[i]), pounds (o->spend[i]),
                     pounds (o->forecast[i]), pounds (o->growth[i]), pounds (o->cut[i]),
                     pounds (o->savings[i]));
      }
      break;
    case PD_CHART_KIND_CQUIN:
      t = table_new ("Indicator", "Quarter", "Lower threshold", "Upper threshold", "Result",
                     "Achievement", NULL);
      for (gsize i = 0; i < spec->cquin.n_rows; i++)
        for (guint q = 0; q < 4; q++)
          {
            const PdChartCquinRow *row = &spec->cquin.rows[i];
            table_add (t, g_strdup (row->name), g_strdup_printf ("Q%u", q + 1),
                       fmt (spec, row->min_threshold[q]), fmt (spec, row->max_threshold[q]),
                       fmt (spec, row->performance[q]),
                       pd_chart_format_value (PD_CHART_FORMAT_PROPORTION,
                                              row->achievement[q], 0.01));
          }
      break;
    case PD_CHART_KIND_RANKED:
      t = table_new ("Rank", "Unit", "Value", "Lower", "Upper", NULL);
      for (gsize k = 0; k < spec->ranked.n; k++)
        {
          guint i = spec->ranked.order[k];
          const PdInterval *iv = &spec->ranked.intervals[i];
          table_add (t, g_strdup_printf ("%" G_GSIZE_FORMAT, k + 1),
                     g_strdup (spec->ranked.names[i]), fmt (spec, iv->value),
                     fmt (spec, iv->lower), fmt (spec, iv->upper));
        }
      break;
    case PD_CHART_KIND_MATRIX:
    case PD_CHART_KIND_HEATMAP:
      {
        const PdChartGridData *g = &spec->grid;
        gboolean matrix = spec->kind == PD_CHART_KIND_MATRIX;
        t = matrix ? table_new ("Indicator", "Provider", "Variation", "Assurance", NULL)
                   : table_new ("Provider", "Domain", "Status", "Note", NULL);
        for (gsize r = 0; r < g->n_rows; r++)
          for (gsize c = 0; c < g->n_columns; c++)
            {
              gsize cell = r * g->n_columns + c;
              if (matrix)
                table_add (t, g_strdup (g->rows[r]), g_strdup (g->columns[c]),
                           g_strdup (variation_words (g->variation[cell])),
                           g_strdup (assurance_words (g->assurance[cell])));
              else
                table_add (t, g_strdup (g->rows[r]), g_strdup (g->columns[c]),
                           g_strdup (_pd_chart_rag_word (g->status[cell])),
                           g_strdup (g->texts[cell]));
            }
      }
      break;
    case PD_CHART_KIND_TIMELINE:
      {
        const PdChartTimelineData *d = &spec->timeline;
        t = table_new ("Series", "Period", "Value", "Point", NULL);
        for (gsize r = 0; r < d->n_rows; r++)
          for (gsize p = 0; p < d->n_periods; p++)
            {
              gsize k = r * d->n_periods + p;
              table_add (t, g_strdup (d->names[r]), g_strdup (d->periods[p]),
                         pd_chart_format_value (d->formats[r], d->values[k], 0),
                         g_strdup (isfinite (d->values[k]) ? point_type_words (d->point_types[k]) : ""));
            }
        for (gsize e = 0; e < d->n_event_types; e++)
          for (gsize p = 0; p < d->n_periods; p++)
            if (d->event_counts[e * d->n_periods + p] > 0)
              table_add (t, g_strdup (d->event_types[e]), g_strdup (d->periods[p]),
                         g_strdup_printf ("%.0f", d->event_counts[e * d->n_periods + p]),
                         g_strdup (""));
      }
      break;
    case PD_CHART_KIND_QUADRANT:
    default:
      {
        const PdChartQuadrantData *q = &spec->quadrant;
        t = table_new ("Unit", q->spend_label, q->outcome_label, "Quadrant", NULL);
        for (gsize i = 0; i < q->n; i++)
          table_add (t, g_strdup (q->names[i]),
                     pd_chart_format_value (q->spend_format, q->spend[i], 0),
                     fmt (spec, q->outcome[i]),
                     g_strdup (isfinite (q->spend[i]) && isfinite (q->outcome[i])
                               ? _pd_chart_quadrant_words (q, q->spend[i], q->outcome[i]) : ""));
      }
      break;
    }
  return t;
}

/**
 * pd_chart_table_free:
 * @table: (nullable): a table
 *
 * Frees @table.
 */
void
pd_chart_table_free (PdChartTable *table)
{
  if (table == NULL)
    return;
  g_strfreev (table->columns);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * pd_chart_table_to_csv:
 * @table: a table
 *
 * Returns: (transfer full): the table as CSV (RFC 4180, CRLF line ends).
 */
char *
pd_chart_table_to_csv (const PdChartTable *table)
{
  GString *out;

  g_return_val_if_fail (table != NULL, NULL);

  out = g_string_new (NULL);
  for (guint c = 0; c < table->n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, table->columns[c]);
    }
  g_string_append (out, "\r\n");
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      for (guint c = 0; c < table->n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_csv_field (out, row[c]);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}
