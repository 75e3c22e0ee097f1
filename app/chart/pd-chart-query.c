/* pd-chart-query.c — chart specs straight from a workspace
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart/pd-chart-query.h"
#include "domain/pd-cquin.h"
#include "domain/pd-domain.h"
#include "domain/pd-events.h"
#include "domain/pd-finance.h"
#include "domain/pd-indicators.h"
#include "domain/pd-organisations.h"
#include "domain/pd-spend.h"
#include "stats/pd-spc.h"

static const char * const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* "Apr 2009" from "2009-04-01". */
static char *
month_label (const char *iso)
{
  int year = 0, month = 0;

  if (sscanf (iso, "%d-%d", &year, &month) != 2 || month < 1 || month > 12)
    return g_strdup (iso);
  return g_strdup_printf ("%s %d", month_names[month - 1], year);
}

static char *
organisation_name (PdWorkspace *workspace,
                   const char  *code)
{
  g_autoptr(PdOrganisation) org = pd_organisation_lookup (workspace, code, NULL);

  if (org == NULL)
    return g_strdup (code);
  return g_strdup_printf ("%s %s", org->code, org->name);
}

static int
latest_year (GArray *years)
{
  return years != NULL && years->len > 0 ? g_array_index (years, int, years->len - 1) : 0;
}

static PdImprovement
polarity_improvement (const PdIndicator *indicator)
{
  if (g_strcmp0 (indicator->polarity, "higher") == 0)
    return PD_IMPROVEMENT_INCREASE;
  if (g_strcmp0 (indicator->polarity, "lower") == 0)
    return PD_IMPROVEMENT_DECREASE;
  return PD_IMPROVEMENT_NEUTRAL;
}

static PdChartFormat
indicator_format (const PdIndicator *indicator)
{
  if (g_strcmp0 (indicator->unit, "proportion") == 0)
    return indicator->multiplier == 100 ? PD_CHART_FORMAT_PERCENT
           : indicator->multiplier == 1 ? PD_CHART_FORMAT_PROPORTION : PD_CHART_FORMAT_NUMBER;
  return PD_CHART_FORMAT_NUMBER;
}

/* Spend mix: the commissioner against its peers in one year. */
static PdChartSpec *
build_spend_mix (PdWorkspace         *workspace,
                 const PdChartQuery  *query,
                 GError             **error)
{
  g_autoptr(GArray) years = pd_spend_years_query (workspace, error);
  g_autoptr(PdSpendMix) mix = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  g_autofree PdChartMixPlace *places = NULL;
  g_autofree double *amounts = NULL;
  g_autofree char *basis = NULL;
  g_autofree char *year_label = NULL;
  g_autofree char *subtitle = NULL;
  int year = query->year;
  gssize highlight = -1;
  PdChartSpec *spec;

  if (years == NULL)
    return NULL;
  if (year == 0)
    year = latest_year (years);
  if (query->over_years && query->commissioner == NULL)
    {
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
                   "A spend mix over the years is one commissioner's: name it");
      return NULL;
    }
  if (query->over_years && query->per_head)
    {
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
                   "Spend per head is drawn against peers in one year, not over the years");
      return NULL;
    }
  if (query->over_years)
    mix = pd_spend_mix_over_years (workspace, query->commissioner, error);
  else if (query->commissioner != NULL)
    {
      g_autoptr(GPtrArray) peers = pd_organisation_peers (workspace, query->commissioner,
                                                          &basis, error);
      if (peers == NULL)
        return NULL;
      g_ptr_array_add (codes, g_strdup (query->commissioner));
      for (guint i = 0; i < peers->len; i++)
        {
          const PdOrganisation *peer = g_ptr_array_index (peers, i);
          g_ptr_array_add (codes, g_strdup (peer->code));
        }
      g_ptr_array_add (codes, NULL);
    }
  if (!query->over_years)
    mix = pd_spend_mix_query (workspace, year, year,
                              query->commissioner != NULL ? (const char * const *) codes->pdata : NULL,
                              error);
  if (mix == NULL)
    return NULL;

  places = g_new0 (PdChartMixPlace, MAX (mix->categories->len, 1));
  for (guint c = 0; c < mix->categories->len; c++)
    {
      g_autofree char *lower = g_utf8_strdown (g_ptr_array_index (mix->categories, c), -1);
      /* The question the seed asks: acute contracts against community nursing and
       * health visiting. */
      places[c] = strstr (lower, "acute") != NULL ? PD_CHART_MIX_START
                  : strstr (lower, "community nursing") != NULL ||
                    strstr (lower, "health visiting") != NULL ? PD_CHART_MIX_END
                  : PD_CHART_MIX_MIDDLE;
    }
  amounts = g_new (double, MAX (mix->rows->len * mix->categories->len, 1));
  for (guint r = 0; r < mix->rows->len; r++)
    {
      const PdSpendRow *row = &g_array_index (mix->rows, PdSpendRow, r);
      if (query->over_years)
        {
          /* The latest year is the one a reader compares the others with. */
          g_ptr_array_add (groups, pd_financial_year_label (row->year));
          highlight = r;
        }
      else
        {
          g_ptr_array_add (groups, organisation_name (workspace, row->commissioner));
          if (g_strcmp0 (row->commissioner, query->commissioner) == 0)
            highlight = r;
        }
      for (guint c = 0; c < mix->categories->len; c++)
        {
          const PdSpendCell *cell = pd_spend_mix_cell (mix, r, c);
          /* Per head: NaN where the weighted population is unknown, drawn as no bar. */
          amounts[r * mix->categories->len + c] = query->per_head ? cell->pence_per_head / 100.0
                                                                  : cell->amount_pence / 100.0;
        }
    }
  if (query->per_head)
    spec = pd_chart_spec_new_spend_per_head ((const char * const *) groups->pdata, groups->len,
                                             (const char * const *) mix->categories->pdata,
                                             places, mix->categories->len, amounts, highlight);
  else
    spec = pd_chart_spec_new_spend_mix ((const char * const *) groups->pdata, groups->len,
                                        (const char * const *) mix->categories->pdata,
                                        places, mix->categories->len, amounts, highlight);
  year_label = pd_financial_year_label (year);
  if (query->per_head)
    {
      pd_chart_spec_set_title (spec, "Spend per weighted head against peers");
      subtitle = basis != NULL ? g_strdup_printf ("Pounds per weighted head, %s; peers by %s", year_label, basis)
                               : g_strdup_printf ("Pounds per weighted head, %s", year_label);
      pd_chart_spec_set_subtitle (spec, subtitle);
      pd_chart_spec_set_value_label (spec, "Spend per weighted head");
      pd_chart_spec_set_source (spec, "Commissioners' spend ledgers and weighted populations in the workspace");
      return spec;
    }
  pd_chart_spec_set_title (spec, "Spend mix: acute contracts against community nursing and health visiting");
  if (query->over_years)
    {
      g_autofree char *name = organisation_name (workspace, query->commissioner);
      subtitle = g_strdup_printf ("Share of spend by category, %s, year by year", name);
    }
  else
    subtitle = basis != NULL ? g_strdup_printf ("Share of spend by category, %s; peers by %s", year_label, basis)
                             : g_strdup_printf ("Share of spend by category, %s", year_label);
  pd_chart_spec_set_subtitle (spec, subtitle);
  pd_chart_spec_set_source (spec, "Commissioners' spend ledgers in the workspace");
  return spec;
}

/* Outlook: actual years, then a central, a growth and a cut scenario. */
static PdChartSpec *
build_outlook (PdWorkspace         *workspace,
               const PdChartQuery  *query,
               GError             **error)
{
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) central = NULL, growth = NULL, cut = NULL;
  g_autofree char *commissioner = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  PdFinanceScenario scenario = { 0 };
  double *allocation, *spend, *forecast, *up, *down, *savings;
  gsize n_actual = 0, n;
  const PdFinanceYear *base = NULL;
  PdChartSpec *spec;

  if (query->commissioner != NULL)
    commissioner = g_strdup (query->commissioner);
  else
    {
      g_autoptr(GPtrArray) all = pd_organisations_query (workspace, PD_ROLE_COMMISSIONER, error);
      if (all == NULL)
        return NULL;
      if (all->len > 0)
        commissioner = g_strdup (((PdOrganisation *) g_ptr_array_index (all, 0))->code);
    }
  if (commissioner != NULL)
    {
      rows = pd_finance_outlook_query (workspace, commissioner, error);
      if (rows == NULL)
        return NULL;
      for (guint i = 0; i < rows->len; i++)
        {
          const PdFinanceYear *y = &g_array_index (rows, PdFinanceYear, i);
          if (y->has_allocation && y->spend_rows > 0)
            base = y;
        }
      n_actual = rows->len;
    }

  if (base != NULL)
    {
      /* The seed's plan: flat cash (a 2.5 % real cut at 2.5 % inflation) with 3 % demand
       * growth; the band runs from funding that keeps pace with inflation to a 5 % cut. */
      scenario.base_year = base->year;
      scenario.base_allocation_pence = base->allocation_pence;
      scenario.base_spend_pence = base->spend_pence;
      scenario.growth_until_year = base->year;
      scenario.inflation_percent = 2.5;
      scenario.demand_percent = 3.0;
      scenario.n_years = 4;
      scenario.real_cut_percent = 2.5;
      central = pd_finance_project (&scenario, error);
      if (central == NULL)
        return NULL;
      scenario.real_cut_percent = 0.0;
      growth = pd_finance_project (&scenario, error);
      if (growth == NULL)
        return NULL;
      scenario.real_cut_percent = 5.0;
      cut = pd_finance_project (&scenario, error);
      if (cut == NULL)
        return NULL;
    }

  n = n_actual + (central != NULL ? central->len : 0);
  allocation = g_new (double, MAX (n, 1));
  spend = g_new (double, MAX (n, 1));
  forecast = g_new (double, MAX (n, 1));
  up = g_new (double, MAX (n, 1));
  down = g_new (double, MAX (n, 1));
  savings = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    allocation[i] = spend[i] = forecast[i] = up[i] = down[i] = savings[i] = NAN;
  for (gsize i = 0; i < n_actual; i++)
    {
      const PdFinanceYear *y = &g_array_index (rows, PdFinanceYear, i);
      g_ptr_array_add (labels, pd_financial_year_label (y->year));
      if (y->has_allocation)
        allocation[i] = y->allocation_pence / 100.0;
      if (y->spend_rows > 0)
        spend[i] = y->spend_pence / 100.0;
      if (y == base)
        {
          /* The scenarios start from the last actual year, so the lines join. */
          forecast[i] = spend[i];
          up[i] = down[i] = allocation[i];
        }
    }
  for (gsize k = 0; central != NULL && k < central->len; k++)
    {
      const PdFinanceProjection *p = &g_array_index (central, PdFinanceProjection, k);
      gsize i = n_actual + k;
      g_ptr_array_add (labels, pd_financial_year_label (p->year));
      allocation[i] = p->allocation_pence / 100.0;
      forecast[i] = p->spend_pence / 100.0;
      savings[i] = p->savings_pence / 100.0;
      up[i] = g_array_index (growth, PdFinanceProjection, k).allocation_pence / 100.0;
      down[i] = g_array_index (cut, PdFinanceProjection, k).allocation_pence / 100.0;
    }
  spec = pd_chart_spec_new_outlook ((const char * const *) labels->pdata, labels->len,
                                    allocation, spend, forecast, up, down, savings);
  g_free (allocation);
  g_free (spend);
  g_free (forecast);
  g_free (up);
  g_free (down);
  g_free (savings);

  name = commissioner != NULL ? organisation_name (workspace, commissioner) : g_strdup ("");
  title = g_strdup_printf ("Financial outlook: %s", name);
  pd_chart_spec_set_title (spec, title);
  pd_chart_spec_set_subtitle (spec, "Actual years, then flat cash with 3 % demand growth; band: "
                                    "funding that keeps pace with inflation to a 5 % real cut");
  pd_chart_spec_set_source (spec, "Allocations and spend in the workspace; scenarios at 2.5 % inflation");
  return spec;
}

static PdChartSpec *
build_cquin (PdWorkspace         *workspace,
             const PdChartQuery  *query,
             GError             **error)
{
  g_autoptr(GArray) years = pd_cquin_years_query (workspace, error);
  g_autoptr(PdCquinReport) report = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (PdChartCquinRow));
  g_autofree char *provider_name = NULL;
  g_autofree char *commissioner_name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *year_label = NULL;
  const PdCquinSchemeItem *scheme = NULL;
  int year = query->year;
  guint scheme_index = 0;
  PdChartSpec *spec;

  if (years == NULL)
    return NULL;
  if (year == 0)
    year = latest_year (years);
  report = pd_cquin_report_query (workspace, year, query->commissioner, query->provider, error);
  if (report == NULL)
    return NULL;
  /* One scheme per chart: the named one, else the provider's largest contract. */
  for (guint s = 0; s < report->schemes->len; s++)
    {
      const PdCquinSchemeItem *item = &g_array_index (report->schemes, PdCquinSchemeItem, s);
      if (scheme == NULL || item->contract_value_pence > scheme->contract_value_pence)
        {
          scheme = item;
          scheme_index = s;
        }
    }
  for (guint i = 0; scheme != NULL && i < report->indicators->len; i++)
    {
      const PdCquinIndicatorItem *ind = &g_array_index (report->indicators, PdCquinIndicatorItem, i);
      PdChartCquinRow row = { 0 };

      if (ind->scheme != scheme_index)
        continue;
      row.name = ind->name;
      row.lower_is_better = ind->lower_is_better;
      row.earned_pounds = ind->earned_pence / 100.0;
      row.at_risk_pounds = ind->at_risk_pence / 100.0;
      for (guint q = 0; q < 4; q++)
        row.min_threshold[q] = row.max_threshold[q] = row.performance[q] = row.achievement[q] = NAN;
      for (guint m = 0; m < report->milestones->len; m++)
        {
          const PdCquinMilestoneItem *ms = &g_array_index (report->milestones, PdCquinMilestoneItem, m);
          if (ms->indicator != i || ms->quarter < 1 || ms->quarter > 4)
            continue;
          row.min_threshold[ms->quarter - 1] = ms->min_threshold;
          row.max_threshold[ms->quarter - 1] = ms->max_threshold;
          row.performance[ms->quarter - 1] = ms->performance;
          row.achievement[ms->quarter - 1] = ms->payment.achievement;
        }
      g_array_append_val (rows, row);
    }
  spec = pd_chart_spec_new_cquin ((const PdChartCquinRow *) rows->data, rows->len,
                                  PD_CHART_FORMAT_NUMBER,
                                  scheme != NULL ? scheme->totals.earned_pence / 100.0 : 0,
                                  scheme != NULL ? scheme->totals.withheld_pence / 100.0 : 0,
                                  scheme != NULL ? scheme->totals.pending_pence / 100.0 : 0);
  year_label = pd_financial_year_label (year);
  provider_name = scheme != NULL ? organisation_name (workspace, scheme->provider)
                                 : g_strdup (query->provider != NULL ? query->provider : "");
  title = g_strdup_printf ("CQUIN progress: %s, %s", provider_name, year_label);
  pd_chart_spec_set_title (spec, title);
  if (scheme != NULL)
    {
      g_autofree char *value = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                                      scheme->totals.value_pence / 100.0, 0);
      commissioner_name = organisation_name (workspace, scheme->commissioner);
      subtitle = g_strdup_printf ("Commissioned by %s; %s CQUIN (%.1f %% of the contract)",
                                  commissioner_name, value, scheme->cquin_percent);
      pd_chart_spec_set_subtitle (spec, subtitle);
    }
  pd_chart_spec_set_source (spec, "CQUIN schedules and provider returns in the workspace");
  return spec;
}

/* A provider's monthly series of one indicator as an SPC chart. */
static PdSpcResult *
series_spc (const PdIndicator       *indicator,
            const PdIndicatorSeries *series,
            char                  ***out_labels,
            GError                 **error)
{
  gsize n = series->points->len;
  g_autofree double *values = g_new (double, MAX (n, 1));
  PdSpcOptions options;

  for (gsize i = 0; i < n; i++)
    values[i] = g_array_index (series->points, PdIndicatorPoint, i).value;
  if (out_labels != NULL)
    {
      *out_labels = g_new0 (char *, n + 1);
      for (gsize i = 0; i < n; i++)
        (*out_labels)[i] = month_label (g_array_index (series->points, PdIndicatorPoint, i).period_start);
    }
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = polarity_improvement (indicator);
  options.target = indicator->target;
  {
    double min, max;

    /* Only how the chart is drawn: a rate's limits and axis stop at 0. */
    if (pd_spc_value_range_for_unit (indicator->unit, indicator->multiplier, &min, &max))
      pd_spc_options_set_value_range (&options, min, max);
  }
  return pd_spc_compute (values, n, NULL, &options, error);
}

static char *
first_provider_with (PdWorkspace  *workspace,
                     const char   *indicator,
                     GError      **error)
{
  g_autoptr(GArray) totals = pd_indicator_totals_query (workspace, indicator, PD_PERIOD_MONTH,
                                                        NULL, NULL, error);
  if (totals == NULL || totals->len == 0)
    return NULL;
  return g_strdup (g_array_index (totals, PdIndicatorTotal, 0).provider);
}

static PdChartSpec *
build_spc (PdWorkspace         *workspace,
           const PdChartQuery  *query,
           GError             **error)
{
  g_autoptr(PdIndicator) indicator = NULL;
  g_autoptr(PdIndicatorSeries) series = NULL;
  g_autoptr(PdSpcResult) result = NULL;
  g_auto(GStrv) labels = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  PdChartSpec *spec;

  indicator = pd_indicator_lookup (workspace, query->indicator != NULL ? query->indicator : "", error);
  if (indicator == NULL)
    return NULL;
  provider = query->provider != NULL ? g_strdup (query->provider)
                                     : first_provider_with (workspace, indicator->code, NULL);
  series = pd_indicator_series_query (workspace, indicator->code, provider != NULL ? provider : "",
                                      PD_PERIOD_MONTH, query->first, query->last, error);
  if (series == NULL)
    return NULL;
  result = series_spc (indicator, series, &labels, error);
  if (result == NULL)
    return NULL;
  spec = pd_chart_spec_new_spc (result, (const char * const *) labels, indicator_format (indicator));
  name = organisation_name (workspace, series->provider);
  title = g_strdup_printf ("%s — %s", indicator->name, name);
  pd_chart_spec_set_title (spec, title);
  if (labels[0] != NULL)
    subtitle = g_strdup_printf ("%s to %s, monthly; Making Data Count XmR chart", labels[0],
                                labels[g_strv_length (labels) - 1]);
  pd_chart_spec_set_subtitle (spec, subtitle);
  pd_chart_spec_set_source (spec, indicator->source != NULL ? indicator->source : "Workspace");
  pd_chart_spec_set_value_label (spec, indicator->name);
  return spec;
}

/* Totals over the year (or period) for funnel plots and ranked charts. */
static GArray *
period_totals (PdWorkspace         *workspace,
               const PdIndicator   *indicator,
               const PdChartQuery  *query,
               char               **out_period,
               GError             **error)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  if (query->first != NULL || query->last != NULL)
    {
      first = g_strdup (query->first);
      last = g_strdup (query->last);
      *out_period = g_strdup_printf ("%s to %s", first != NULL ? first : "the start",
                                     last != NULL ? last : "the end");
    }
  else
    {
      int year = query->year;
      if (year == 0)
        {
          g_autoptr(GArray) latest = pd_indicator_latest_query (workspace, indicator->code, NULL,
                                                                PD_PERIOD_MONTH, error);
          int y = 0, m = 0;
          if (latest == NULL)
            return NULL;
          for (guint i = 0; i < latest->len; i++)
            {
              int ly, lm;
              if (sscanf (g_array_index (latest, PdIndicatorLatest, i).period_start, "%d-%d", &ly, &lm) == 2 &&
                  ly * 12 + lm > y * 12 + m)
                {
                  y = ly;
                  m = lm;
                }
            }
          year = y > 0 ? pd_financial_year_of_month (y, m) : 0;
        }
      first = g_strdup_printf ("%04d-04-01", year);
      last = g_strdup_printf ("%04d-03-01", year + 1);
      *out_period = pd_financial_year_label (year);
    }
  return pd_indicator_totals_query (workspace, indicator->code, PD_PERIOD_MONTH, first, last, error);
}

static PdChartSpec *
build_funnel_or_ranked (PdWorkspace         *workspace,
                        PdChartKind          kind,
                        const PdChartQuery  *query,
                        GError             **error)
{
  g_autoptr(PdIndicator) indicator = NULL;
  g_autoptr(GArray) totals = NULL;
  g_autofree char *period = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree double *num = NULL, *den = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gssize selected = -1;
  PdChartSpec *spec;
  double multiplier;
  PdChartFormat format;

  indicator = pd_indicator_lookup (workspace, query->indicator != NULL ? query->indicator : "", error);
  if (indicator == NULL)
    return NULL;
  if (g_strcmp0 (indicator->unit, "proportion") != 0 && g_strcmp0 (indicator->unit, "rate") != 0 &&
      g_strcmp0 (indicator->unit, "ratio") != 0)
    {
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
                   "%s is a %s: funnel plots and ranked intervals need a numerator and a "
                   "denominator", indicator->code, indicator->unit);
      return NULL;
    }
  totals = period_totals (workspace, indicator, query, &period, error);
  if (totals == NULL)
    return NULL;
  if (query->providers != NULL)
    {
      /* A peer group: everything, the pooled value included, over its members alone. */
      for (guint i = totals->len; i-- > 0;)
        if (!g_strv_contains (query->providers, g_array_index (totals, PdIndicatorTotal, i).provider))
          g_array_remove_index (totals, i);
    }
  multiplier = indicator->multiplier > 0 ? indicator->multiplier : 1;
  format = indicator_format (indicator);
  num = g_new (double, MAX (totals->len, 1));
  den = g_new (double, MAX (totals->len, 1));
  for (guint i = 0; i < totals->len; i++)
    {
      const PdIndicatorTotal *t = &g_array_index (totals, PdIndicatorTotal, i);
      num[i] = t->numerator;
      den[i] = t->denominator;
      g_ptr_array_add (names, t->provider);
      if (g_strcmp0 (t->provider, query->provider) == 0)
        selected = i;
    }

  if (kind == PD_CHART_KIND_FUNNEL)
    {
      PdFunnelOptions options;
      g_autoptr(PdFunnel) funnel = NULL;
      pd_funnel_options_init (&options, g_strcmp0 (indicator->unit, "proportion") == 0
                                        ? PD_FUNNEL_PROPORTION
                                        : g_strcmp0 (indicator->unit, "ratio") == 0
                                        ? PD_FUNNEL_RATIO : PD_FUNNEL_RATE);
      options.multiplier = multiplier;
      options.overdispersion = query->overdispersion;
      funnel = pd_funnel_compute (num, den, totals->len, &options);
      spec = pd_chart_spec_new_funnel (funnel, (const char * const *) names->pdata, selected, format);
      title = g_strdup_printf ("%s: providers compared", indicator->name);
      subtitle = g_strdup_printf ("%s, 95 %% and 99.8 %% limits around the pooled value%s",
                                  period, funnel->adjusted ? ", widened for overdispersion" : "");
    }
  else
    {
      g_autofree PdInterval *intervals = g_new (PdInterval, MAX (totals->len, 1));
      gboolean proportion = g_strcmp0 (indicator->unit, "proportion") == 0;
      double sum_num = 0, sum_den = 0;
      pd_ci_compute_array (proportion ? PD_CI_WILSON : PD_CI_POISSON, num, den, totals->len,
                           PD_LEVEL_95, multiplier, intervals);
      for (guint i = 0; i < totals->len; i++)
        if (isfinite (num[i]) && isfinite (den[i]))
          {
            sum_num += num[i];
            sum_den += den[i];
          }
      spec = pd_chart_spec_new_ranked ((const char * const *) names->pdata, intervals,
                                       totals->len, sum_den > 0 ? sum_num / sum_den * multiplier : NAN,
                                       polarity_improvement (indicator), selected, format);
      title = g_strdup_printf ("%s, ranked", indicator->name);
      subtitle = g_strdup_printf ("%s, 95 %% confidence intervals; line: %s together", period,
                                  query->providers != NULL ? "the peer group" : "all providers");
    }
  if (query->providers != NULL && query->providers_label != NULL)
    {
      char *with_label = g_strdup_printf ("%s; %s", subtitle, query->providers_label);
      g_free (subtitle);
      subtitle = with_label;
    }
  pd_chart_spec_set_title (spec, title);
  pd_chart_spec_set_subtitle (spec, subtitle);
  pd_chart_spec_set_source (spec, indicator->source != NULL ? indicator->source : "Workspace");
  pd_chart_spec_set_value_label (spec, indicator->name);
  return spec;
}

/* The icon matrix and the heat map share one pass: an SPC chart per indicator and
 * provider over the period. */
static PdChartSpec *
build_grid (PdWorkspace         *workspace,
            PdChartKind          kind,
            const PdChartQuery  *query,
            GError             **error)
{
  static const char * const domains[] = { "safety", "effectiveness", "experience" };
  static const char * const domain_titles[] = { "Safety", "Effectiveness", "Experience" };
  g_autoptr(GPtrArray) indicators = pd_indicators_query (workspace, NULL, error);
  g_autoptr(GPtrArray) providers = NULL;
  g_autoptr(GPtrArray) row_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) column_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) column_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) variation = g_array_new (FALSE, TRUE, sizeof (PdSpcVariationIcon));
  g_autoptr(GArray) assurance = g_array_new (FALSE, TRUE, sizeof (PdSpcAssuranceIcon));
  g_autofree guint *bad = NULL, *judged = NULL;
  g_autoptr(GArray) status = g_array_new (FALSE, TRUE, sizeof (PdChartRag));
  PdChartSpec *spec;
  guint n_providers;

  if (indicators == NULL)
    return NULL;
  providers = pd_organisations_query (workspace, PD_ROLE_PROVIDER, error);
  if (providers == NULL)
    return NULL;
  n_providers = providers->len;
  for (guint p = 0; p < n_providers; p++)
    {
      const PdOrganisation *org = g_ptr_array_index (providers, p);
      g_hash_table_insert (column_of, org->code, GUINT_TO_POINTER (p));
    }
  bad = g_new0 (guint, MAX (n_providers * G_N_ELEMENTS (domains), 1));
  judged = g_new0 (guint, MAX (n_providers * G_N_ELEMENTS (domains), 1));

  for (guint i = 0; i < indicators->len; i++)
    {
      const PdIndicator *ind = g_ptr_array_index (indicators, i);
      g_autoptr(GPtrArray) all = pd_indicator_all_series_query (workspace, ind->code, PD_PERIOD_MONTH,
                                                                query->first, query->last, error);
      gint domain = -1;
      guint row_start = variation->len;

      if (all == NULL)
        return NULL;
      for (guint d = 0; d < G_N_ELEMENTS (domains); d++)
        if (g_strcmp0 (ind->domain, domains[d]) == 0)
          domain = (gint) d;
      if (kind == PD_CHART_KIND_MATRIX)
        {
          g_ptr_array_add (row_names, g_strdup (ind->name));
          g_array_set_size (variation, row_start + n_providers);
          g_array_set_size (assurance, row_start + n_providers);
        }
      for (guint s = 0; s < all->len; s++)
        {
          const PdIndicatorSeries *series = g_ptr_array_index (all, s);
          g_autoptr(PdSpcResult) result = series_spc (ind, series, NULL, NULL);
          gpointer column;
          guint p;
          gboolean concern;

          if (result == NULL || !g_hash_table_lookup_extended (column_of, series->provider, NULL, &column))
            continue;
          p = GPOINTER_TO_UINT (column);
          if (kind == PD_CHART_KIND_MATRIX)
            {
              g_array_index (variation, PdSpcVariationIcon, row_start + p) = result->variation;
              g_array_index (assurance, PdSpcAssuranceIcon, row_start + p) = result->assurance;
            }
          if (domain < 0 || result->variation == PD_SPC_VARIATION_NONE)
            continue;
          concern = result->variation == PD_SPC_VARIATION_CONCERN_HIGH ||
                    result->variation == PD_SPC_VARIATION_CONCERN_LOW ||
                    result->assurance == PD_SPC_ASSURANCE_FAIL;
          judged[p * G_N_ELEMENTS (domains) + domain]++;
          bad[p * G_N_ELEMENTS (domains) + domain] += concern;
        }
    }

  for (guint p = 0; p < n_providers; p++)
    {
      const PdOrganisation *org = g_ptr_array_index (providers, p);
      g_ptr_array_add (column_names, g_strdup (kind == PD_CHART_KIND_MATRIX ? org->code : org->name));
    }

  if (kind == PD_CHART_KIND_MATRIX)
    {
      spec = pd_chart_spec_new_matrix ((const char * const *) row_names->pdata, row_names->len,
                                       (const char * const *) column_names->pdata, column_names->len,
                                       (const PdSpcVariationIcon *) variation->data,
                                       (const PdSpcAssuranceIcon *) assurance->data);
      pd_chart_spec_set_title (spec, "Quality indicators by provider: variation and assurance");
    }
  else
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      for (guint p = 0; p < n_providers; p++)
        {
          const PdOrganisation *org = g_ptr_array_index (providers, p);
          guint any = 0;
          for (guint d = 0; d < G_N_ELEMENTS (domains); d++)
            any += judged[p * G_N_ELEMENTS (domains) + d];
          if (any == 0)
            continue;  /* a provider with no indicator data has nothing to show */
          g_ptr_array_add (names, g_strdup_printf ("%s %s", org->code, org->name));
          for (guint d = 0; d < G_N_ELEMENTS (domains); d++)
            {
              guint b = bad[p * G_N_ELEMENTS (domains) + d], j = judged[p * G_N_ELEMENTS (domains) + d];
              /* Red: two or more indicators in concern or failing; amber: one. */
              PdChartRag rag = j == 0 ? PD_CHART_RAG_NONE : b >= 2 ? PD_CHART_RAG_RED
                               : b == 1 ? PD_CHART_RAG_AMBER : PD_CHART_RAG_GREEN;
              g_array_append_val (status, rag);
              g_ptr_array_add (texts, j == 0 ? NULL : g_strdup_printf ("%u of %u concern", b, j));
            }
        }
      spec = pd_chart_spec_new_heatmap ((const char * const *) names->pdata, names->len,
                                        domain_titles, G_N_ELEMENTS (domains),
                                        (const PdChartRag *) status->data,
                                        (const char * const *) texts->pdata);
      pd_chart_spec_set_title (spec, "Where to look first: providers by quality domain");
    }
  pd_chart_spec_set_subtitle (spec, "Latest month's SPC variation and target assurance; "
                                    "concern: special cause concern or failing target");
  pd_chart_spec_set_source (spec, "Provider quality reports in the workspace; Making Data Count rules");
  return spec;
}

static int
month_number (const char *iso)
{
  int year = 0, month = 0;
  if (sscanf (iso, "%d-%d", &year, &month) != 2)
    return -1;
  return year * 12 + month - 1;
}

typedef struct
{
  guint              order;
  gboolean           concern;
  PdIndicator       *indicator;
  PdIndicatorSeries *series;
  PdSpcResult       *result;
} TimelineCandidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const TimelineCandidate *x = a, *y = b;
  if (x->concern != y->concern)
    return x->concern ? -1 : 1;
  return (int) x->order - (int) y->order;
}

static int
compare_candidate_order (gconstpointer a,
                         gconstpointer b)
{
  return (int) ((const TimelineCandidate *) a)->order - (int) ((const TimelineCandidate *) b)->order;
}

/* The timeline shows at most this many indicators: those in special cause concern first,
 * then in the workspace's order. */
#define TIMELINE_MAX_ROWS 8

static PdChartSpec *
build_timeline (PdWorkspace         *workspace,
                const PdChartQuery  *query,
                GError             **error)
{
  g_autoptr(GPtrArray) indicators = pd_indicators_query (workspace, NULL, error);
  g_autoptr(GArray) candidates = g_array_new (FALSE, TRUE, sizeof (TimelineCandidate));
  g_autoptr(GArray) months = NULL;
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) event_names = g_ptr_array_new ();
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (PdChartTimelineRow));
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *counts = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *first_iso = NULL;
  g_autofree char *last_iso = NULL;
  int first = G_MAXINT, last = G_MININT;
  gsize n_periods, n_types = 0;
  PdChartSpec *spec;
  gboolean failed = FALSE;

  if (indicators == NULL)
    return NULL;
  if (query->provider != NULL)
    provider = g_strdup (query->provider);
  else
    {
      g_autoptr(GPtrArray) all = pd_organisations_query (workspace, PD_ROLE_PROVIDER, error);
      if (all == NULL)
        return NULL;
      if (all->len == 0)
        {
          g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND, "No providers in the workspace");
          return NULL;
        }
      provider = g_strdup (((PdOrganisation *) g_ptr_array_index (all, 0))->code);
    }

  for (guint i = 0; i < indicators->len && !failed; i++)
    {
      PdIndicator *ind = g_ptr_array_index (indicators, i);
      g_autoptr(GError) local = NULL;
      PdIndicatorSeries *series;
      TimelineCandidate c = { i, FALSE, ind, NULL, NULL };
      gboolean any = FALSE;

      if (g_strcmp0 (ind->domain, "resources") == 0)
        continue;  /* triangulation is about quality */
      series = pd_indicator_series_query (workspace, ind->code, provider, PD_PERIOD_MONTH,
                                          query->first, query->last, &local);
      if (series == NULL)
        {
          if (g_error_matches (local, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          failed = TRUE;
          break;
        }
      for (guint p = 0; p < series->points->len; p++)
        any |= isfinite (g_array_index (series->points, PdIndicatorPoint, p).value);
      if (!any)
        {
          pd_indicator_series_free (series);
          continue;
        }
      c.series = series;
      c.result = series_spc (ind, series, NULL, NULL);
      for (gsize p = 0; c.result != NULL && p < c.result->n_points; p++)
        c.concern |= c.result->points[p].point_type == PD_SPC_POINT_SPECIAL_CAUSE_CONCERN;
      g_array_append_val (candidates, c);
    }
  if (!failed)
    {
      g_array_sort (candidates, compare_candidates);
      if (candidates->len > TIMELINE_MAX_ROWS)
        {
          for (guint i = TIMELINE_MAX_ROWS; i < candidates->len; i++)
            {
              TimelineCandidate *c = &g_array_index (candidates, TimelineCandidate, i);
              pd_indicator_series_free (c->series);
              pd_spc_result_free (c->result);
            }
          g_array_set_size (candidates, TIMELINE_MAX_ROWS);
        }
      g_array_sort (candidates, compare_candidate_order);
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      const PdIndicatorSeries *s = g_array_index (candidates, TimelineCandidate, i).series;
      if (s->points->len == 0)
        continue;
      first = MIN (first, month_number (g_array_index (s->points, PdIndicatorPoint, 0).period_start));
      last = MAX (last, month_number (g_array_index (s->points, PdIndicatorPoint, s->points->len - 1).period_start));
    }
  if (!failed && first <= last)
    {
      int days = g_date_get_days_in_month ((GDateMonth) (last % 12 + 1), (GDateYear) (last / 12));
      first_iso = g_strdup_printf ("%04d-%02d-01", first / 12, first % 12 + 1);
      last_iso = g_strdup_printf ("%04d-%02d-%02d", last / 12, last % 12 + 1, days);
      months = pd_events_monthly_query (workspace, provider, first_iso, last_iso, error);
      failed = months == NULL;
    }

  n_periods = !failed && first <= last ? (gsize) (last - first + 1) : 0;
  for (gsize p = 0; p < n_periods; p++)
    g_ptr_array_add (periods, g_strdup_printf ("%s %d", month_names[(first + p) % 12],
                                               (int) ((first + p) / 12)));
  for (guint i = 0; i < candidates->len && n_periods > 0; i++)
    {
      TimelineCandidate *c = &g_array_index (candidates, TimelineCandidate, i);
      double *values = g_new (double, n_periods);
      PdSpcPointType *types = g_new0 (PdSpcPointType, n_periods);
      PdChartTimelineRow row = { c->indicator->name, values, types, indicator_format (c->indicator) };

      for (gsize p = 0; p < n_periods; p++)
        values[p] = NAN;
      for (guint k = 0; k < c->series->points->len; k++)
        {
          const PdIndicatorPoint *pt = &g_array_index (c->series->points, PdIndicatorPoint, k);
          int at = month_number (pt->period_start) - first;
          if (at < 0 || (gsize) at >= n_periods)
            continue;
          values[at] = pt->value;
          if (c->result != NULL && k < c->result->n_points)
            types[at] = c->result->points[k].point_type;
        }
      g_ptr_array_add (owned, values);
      g_ptr_array_add (owned, types);
      g_array_append_val (rows, row);
    }

  if (months != NULL && n_periods > 0)
    {
      guint used[PD_N_EVENT_TYPES] = { 0 };
      counts = g_new0 (double, PD_N_EVENT_TYPES * n_periods);
      for (guint m = 0; m < months->len; m++)
        {
          const PdEventMonth *em = &g_array_index (months, PdEventMonth, m);
          int at = em->year * 12 + em->month - 1 - first;
          if (at < 0 || (gsize) at >= n_periods)
            continue;
          for (guint e = 0; e < PD_N_EVENT_TYPES; e++)
            {
              counts[e * n_periods + at] = (double) em->counts[e];
              used[e] |= em->counts[e] > 0;
            }
        }
      /* Only the kinds that happened, packed in the domain's order. */
      for (guint e = 0; e < PD_N_EVENT_TYPES; e++)
        if (used[e])
          {
            if (n_types != e)
              memmove (&counts[n_types * n_periods], &counts[e * n_periods], n_periods * sizeof (double));
            g_ptr_array_add (event_names, (gpointer) pd_event_type_label ((PdEventType) e));
            n_types++;
          }
    }

  if (!failed)
    {
      spec = pd_chart_spec_new_timeline ((const char * const *) periods->pdata, n_periods,
                                         (const PdChartTimelineRow *) rows->data, rows->len,
                                         (const char * const *) event_names->pdata, n_types, counts);
      name = organisation_name (workspace, provider);
      title = g_strdup_printf ("Triangulation: %s", name);
      pd_chart_spec_set_title (spec, title);
      if (n_periods > 0)
        subtitle = g_strdup_printf ("Quality indicators (special cause concern first) and events, %s to %s",
                                    (char *) periods->pdata[0], (char *) periods->pdata[n_periods - 1]);
      pd_chart_spec_set_subtitle (spec, subtitle);
      pd_chart_spec_set_source (spec, "Provider quality reports, incidents, complaints and concerns in the workspace");
    }
  else
    spec = NULL;

  for (guint i = 0; i < candidates->len; i++)
    {
      TimelineCandidate *c = &g_array_index (candidates, TimelineCandidate, i);
      pd_indicator_series_free (c->series);
      pd_spc_result_free (c->result);
    }
  return spec;
}

/* Spend against outcome for providers: the year's contract value (from the CQUIN
 * schedules, the one place the workspace pairs money with a provider) per case in the
 * indicator's denominator, against the indicator's value that year. */
static PdChartSpec *
build_quadrant (PdWorkspace         *workspace,
                const PdChartQuery  *query,
                GError             **error)
{
  g_autoptr(PdIndicator) indicator = NULL;
  g_autoptr(GArray) years = NULL;
  g_autoptr(PdCquinReport) report = NULL;
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GHashTable) contract = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) spend = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) outcome = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *period = NULL;
  g_autofree char *year_label = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  PdChartQuery year_query = *query;
  gssize highlight = -1;
  PdChartSpec *spec;

  indicator = pd_indicator_lookup (workspace, query->indicator != NULL ? query->indicator : "", error);
  if (indicator == NULL)
    return NULL;
  years = pd_cquin_years_query (workspace, error);
  if (years == NULL)
    return NULL;
  if (year_query.year == 0)
    year_query.year = latest_year (years);
  year_query.first = year_query.last = NULL;
  report = pd_cquin_report_query (workspace, year_query.year, NULL, NULL, error);
  if (report == NULL)
    return NULL;
  for (guint s = 0; s < report->schemes->len; s++)
    {
      const PdCquinSchemeItem *item = &g_array_index (report->schemes, PdCquinSchemeItem, s);
      double *sum = g_hash_table_lookup (contract, item->provider);
      if (sum == NULL)
        {
          sum = g_new0 (double, 1);
          g_hash_table_insert (contract, item->provider, sum);
        }
      *sum += item->contract_value_pence / 100.0;
    }
  totals = period_totals (workspace, indicator, &year_query, &period, error);
  if (totals == NULL)
    return NULL;
  for (guint i = 0; i < totals->len; i++)
    {
      const PdIndicatorTotal *t = &g_array_index (totals, PdIndicatorTotal, i);
      const double *money = g_hash_table_lookup (contract, t->provider);
      double per_case;
      if (money == NULL || !(t->denominator > 0) || !isfinite (t->value))
        continue;
      per_case = *money / t->denominator;
      if (g_strcmp0 (t->provider, query->provider) == 0)
        highlight = names->len;
      g_ptr_array_add (names, t->provider);
      g_array_append_val (spend, per_case);
      g_array_append_val (outcome, t->value);
    }
  spec = pd_chart_spec_new_quadrant ((const char * const *) names->pdata, (const double *) spend->data,
                                     (const double *) outcome->data, names->len, PD_CHART_FORMAT_POUNDS,
                                     indicator_format (indicator), polarity_improvement (indicator),
                                     "Contract value per case in the indicator's denominator",
                                     indicator->name, highlight);
  year_label = pd_financial_year_label (year_query.year);
  title = g_strdup_printf ("Spend against outcome: %s", indicator->name);
  subtitle = g_strdup_printf ("Providers with a contract in %s, split at the medians", year_label);
  pd_chart_spec_set_title (spec, title);
  pd_chart_spec_set_subtitle (spec, subtitle);
  pd_chart_spec_set_source (spec, "CQUIN schedules (contract values) and provider quality reports in the workspace");
  return spec;
}

/**
 * pd_chart_query_build:
 * @workspace: an open workspace
 * @kind: the chart to build
 * @query: what it is about
 * @error: return location for a #GError
 *
 * Builds a chart spec from the workspace with the domain queries and the statistics,
 * titled with the organisation, the period and the source.
 *
 * Returns: (transfer full): the spec, or %NULL with @error set (an unknown indicator or
 * organisation, a kind this data cannot draw).
 */
PdChartSpec *
pd_chart_query_build (PdWorkspace         *workspace,
                      PdChartKind          kind,
                      const PdChartQuery  *query,
                      GError             **error)
{
  PdChartQuery defaults = { 0 };

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (query == NULL)
    query = &defaults;
  switch (kind)
    {
    case PD_CHART_KIND_SPEND_MIX:
      return build_spend_mix (workspace, query, error);
    case PD_CHART_KIND_OUTLOOK:
      return build_outlook (workspace, query, error);
    case PD_CHART_KIND_CQUIN:
      return build_cquin (workspace, query, error);
    case PD_CHART_KIND_SPC:
      return build_spc (workspace, query, error);
    case PD_CHART_KIND_FUNNEL:
    case PD_CHART_KIND_RANKED:
      return build_funnel_or_ranked (workspace, kind, query, error);
    case PD_CHART_KIND_MATRIX:
    case PD_CHART_KIND_HEATMAP:
      return build_grid (workspace, kind, query, error);
    case PD_CHART_KIND_TIMELINE:
      return build_timeline (workspace, query, error);
    case PD_CHART_KIND_QUADRANT:
      return build_quadrant (workspace, query, error);
    default:
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID,
                   "Unknown chart kind %d", kind);
      return NULL;
    }
}
