/* test-domain-demo.c — the demo region's stories, found through the domain queries as the
 * views will find them (data/demo/README.md tells them)
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-test-util.h"
#include "import/pd-demo.h"
#include "domain/pd-cquin.h"
#include "domain/pd-events.h"
#include "domain/pd-finance.h"
#include "domain/pd-indicators.h"
#include "domain/pd-organisations.h"
#include "domain/pd-spend.h"

/* One demo workspace for every case: building it takes seconds. */
static char *scratch;
static PdWorkspace *workspace;

static void
build_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_dir = pd_test_demo_path (".", NULL);
  g_autofree char *path = NULL;

  scratch = pd_test_scratch_new ();
  path = g_build_filename (scratch, "demo.pctdash", NULL);
  g_assert_true (pd_demo_build (demo_dir, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
}

/* Story 2: Redmarsh (5Z3) is acute-heavy and community-light against its peers. */
static void
test_redmarsh_mix (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) peers = NULL;
  g_autoptr(GPtrArray) commissioners = NULL;
  g_autoptr(PdSpendMix) mix = NULL;
  g_autoptr(PdSpendMix) year = NULL;
  g_autoptr(GPtrArray) peer_codes = g_ptr_array_new ();
  g_autofree char *basis = NULL;
  int acute, community, visiting, redmarsh;
  const char * const *peers_v;
  double acute_share, peer_acute;

  peers = pd_organisation_peers (workspace, "5Z3", &basis, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (basis, ==, "peer group Commissioners in Wessmoor North");
  g_assert_cmpuint (peers->len, ==, 4);
  for (guint i = 0; i < peers->len; i++)
    g_ptr_array_add (peer_codes, ((PdOrganisation *) g_ptr_array_index (peers, i))->code);
  g_ptr_array_add (peer_codes, NULL);
  g_assert_cmpstr (g_ptr_array_index (peer_codes, 0), ==, "0Y5");

  /* Over the five years, against all ten PCTs. */
  mix = pd_spend_mix_query (workspace, 2007, 2011, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mix->rows->len, ==, 10);
  g_assert_cmpuint (mix->categories->len, ==, 15);
  acute = pd_spend_mix_find_category (mix, "Acute contracts");
  community = pd_spend_mix_find_category (mix, "Community nursing");
  visiting = pd_spend_mix_find_category (mix, "Health visiting");
  g_assert_cmpint (acute, ==, 0);
  g_assert_cmpint (community, >, 0);
  g_assert_cmpint (visiting, >, 0);
  redmarsh = pd_spend_mix_find_row (mix, "5Z3", -1);
  g_assert_cmpint (redmarsh, >=, 0);

  acute_share = pd_spend_mix_cell (mix, redmarsh, acute)->share;
  peers_v = (const char * const *) peer_codes->pdata;
  peer_acute = pd_spend_mix_mean_share (mix, acute, peers_v);
  g_assert_cmpfloat_with_epsilon (acute_share, 0.604, 0.0005);
  g_assert_cmpfloat_with_epsilon (peer_acute, 0.490, 0.0005);
  g_assert_cmpfloat_with_epsilon (pd_spend_mix_cell (mix, redmarsh, community)->share,
                                  0.018, 0.0005);
  g_assert_cmpfloat_with_epsilon (pd_spend_mix_mean_share (mix, community, peers_v), 0.051, 0.0005);

  /* The highest acute share and the lowest community shares of all ten. */
  for (guint r = 0; r < mix->rows->len; r++)
    {
      if ((int) r == redmarsh)
        continue;
      g_assert_cmpfloat (pd_spend_mix_cell (mix, r, acute)->share, <, acute_share);
      g_assert_cmpfloat (pd_spend_mix_cell (mix, r, community)->share, >,
                         pd_spend_mix_cell (mix, redmarsh, community)->share);
      g_assert_cmpfloat (pd_spend_mix_cell (mix, r, visiting)->share, >,
                         pd_spend_mix_cell (mix, redmarsh, visiting)->share);
    }

  /* Per weighted head in 2011/12: about £1,070 on acute care against a peer mean of £824. */
  {
    const char *const north[] = { "5Z3", "5Z1", "5Z2", "0Y5", "5Z4", NULL };
    double peer_sum = 0.0;

    year = pd_spend_mix_query (workspace, 2011, 2011, north, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (g_array_index (year->rows, PdSpendRow, 0).commissioner, ==, "5Z3");
    acute = pd_spend_mix_find_category (year, "Acute contracts");
    g_assert_cmpfloat_with_epsilon (pd_spend_mix_cell (year, 0, acute)->pence_per_head / 100.0,
                                    1070.0, 0.5);
    for (guint r = 1; r < 5; r++)
      peer_sum += pd_spend_mix_cell (year, r, acute)->pence_per_head / 100.0;
    g_assert_cmpfloat_with_epsilon (peer_sum / 4.0, 824.0, 0.5);
  }

  /* The gap widens every year: the acute share rises. */
  {
    g_autoptr(PdSpendMix) years = pd_spend_mix_over_years (workspace, "5Z3", &error);
    int a;

    g_assert_no_error (error);
    g_assert_cmpuint (years->rows->len, ==, 5);
    a = pd_spend_mix_find_category (years, "Acute contracts");
    for (guint r = 1; r < years->rows->len; r++)
      g_assert_cmpfloat (pd_spend_mix_cell (years, r, a)->share, >,
                         pd_spend_mix_cell (years, r - 1, a)->share);
  }

  commissioners = pd_organisations_query (workspace, PD_ROLE_COMMISSIONER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (commissioners->len, ==, 10);
  g_assert_cmpstr (((PdOrganisation *) g_ptr_array_index (commissioners, 0))->code, ==, "0Y5");
}

/* Redmarsh overspends from 2009/10, by 2.1 % in 2011/12; allocations grow 5.5 % a year to
 * 2010/11 and stay flat in cash in 2011/12. */
static void
test_redmarsh_outlook (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = pd_finance_outlook_query (workspace, "5Z3", &error);
  const PdFinanceYear *y;

  g_assert_no_error (error);
  g_assert_cmpuint (years->len, ==, 5);
  for (guint i = 0; i < years->len; i++)
    {
      y = &g_array_index (years, PdFinanceYear, i);
      g_assert_cmpint (y->year, ==, 2007 + (int) i);
      g_assert_true (y->has_allocation);
      g_assert_cmpuint (y->spend_suppressed, ==, 0);
      if (y->year >= 2009)
        g_assert_cmpint (y->gap_pence, <, 0);
      else
        g_assert_cmpint (y->gap_pence, >, 0);
    }
  y = &g_array_index (years, PdFinanceYear, 4);
  g_assert_cmpfloat_with_epsilon (y->gap_percent, -2.1, 0.05);
  g_assert_cmpint (y->allocation_pence, ==,
                   g_array_index (years, PdFinanceYear, 3).allocation_pence);
  g_assert_cmpfloat_with_epsilon (
    (double) g_array_index (years, PdFinanceYear, 1).allocation_pence /
    (double) g_array_index (years, PdFinanceYear, 0).allocation_pence, 1.055, 1e-9);
}

/* Story 1: Harrowden Valley (R9B): complaints, concerns and serious incidents climb. */
static void
test_harrowden_events (void)
{
  static const gint64 complaints[] = { 297, 296, 325, 425, 632 };
  static const gint64 concerns[] = { 789, 847, 854, 1183, 2131 };
  static const gint64 incidents[] = { 4, 3, 2, 21, 38 };
  gint64 by_year[5][PD_N_EVENT_TYPES] = { { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(GArray) never = NULL;
  g_autoptr(GArray) notices = NULL;

  months = pd_events_monthly_query (workspace, "R9B", "2007-04-01", "2012-03-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months->len, ==, 60);
  for (guint i = 0; i < months->len; i++)
    {
      const PdEventMonth *m = &g_array_index (months, PdEventMonth, i);
      int fy = pd_financial_year_of_month (m->year, m->month) - 2007;

      g_assert_cmpint (fy, ==, (int) i / 12);
      for (guint t = 0; t < PD_N_EVENT_TYPES; t++)
        by_year[fy][t] += m->counts[t];
    }
  for (guint y = 0; y < 5; y++)
    {
      g_assert_cmpint (by_year[y][PD_EVENT_COMPLAINT], ==, complaints[y]);
      g_assert_cmpint (by_year[y][PD_EVENT_CONCERN], ==, concerns[y]);
      g_assert_cmpint (by_year[y][PD_EVENT_SERIOUS_INCIDENT], ==, incidents[y]);
    }

  never = pd_events_query (workspace, "R9B", NULL, NULL, PD_EVENT_TYPE_BIT (PD_EVENT_NEVER_EVENT),
                           &error);
  g_assert_no_error (error);
  g_assert_cmpuint (never->len, ==, 3);
  g_assert_cmpstr (g_array_index (never, PdEvent, 0).date, ==, "2011-02-14");
  g_assert_cmpstr (g_array_index (never, PdEvent, 1).date, ==, "2011-06-08");
  g_assert_cmpstr (g_array_index (never, PdEvent, 2).date, ==, "2011-10-21");

  notices = pd_events_query (workspace, "R9B", "2011-01-01", NULL,
                             PD_EVENT_TYPE_BIT (PD_EVENT_REGULATOR_NOTICE), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 3);
  g_assert_cmpstr (g_array_index (notices, PdEvent, 1).date, ==, "2011-11-03");
}

/* Story 1 in the indicators: falls rise from about 5.4 to 8.3 per 1,000 bed days, and the
 * latest value is R9B's worst among the acute trusts. */
static void
test_harrowden_indicators (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdIndicatorSeries) falls = NULL;
  g_autoptr(GArray) latest = NULL;
  g_autoptr(GArray) complaints = NULL;
  double early = 0.0, late = 0.0;

  falls = pd_indicator_series_query (workspace, "FALLS", "R9B", PD_PERIOD_MONTH, NULL, NULL,
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (falls->points->len, ==, 60);
  g_assert_cmpstr (g_array_index (falls->points, PdIndicatorPoint, 0).period_start, ==,
                   "2007-04-01");
  for (guint i = 0; i < 60; i++)
    g_assert_true (g_array_index (falls->points, PdIndicatorPoint, i).present);
  /* April 2007 to May 2010 is 38 months; October 2011 to March 2012 the last 6. */
  for (guint i = 0; i < 38; i++)
    early += g_array_index (falls->points, PdIndicatorPoint, i).value / 38.0;
  for (guint i = 54; i < 60; i++)
    late += g_array_index (falls->points, PdIndicatorPoint, i).value / 6.0;
  g_assert_cmpfloat_with_epsilon (early, 5.4, 0.1);
  g_assert_cmpfloat_with_epsilon (late, 8.3, 0.1);

  latest = pd_indicator_latest_query (workspace, "FALLS", "R9B", PD_PERIOD_MONTH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 1);
  g_assert_cmpstr (g_array_index (latest, PdIndicatorLatest, 0).period_start, ==, "2012-03-01");

  /* The complaint events repeat the COMPLAINTS numerators: 632 in 2011/12. */
  complaints = pd_indicator_totals_query (workspace, "COMPLAINTS", PD_PERIOD_MONTH,
                                          "2011-04-01", "2012-03-01", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < complaints->len; i++)
    {
      const PdIndicatorTotal *total = &g_array_index (complaints, PdIndicatorTotal, i);

      if (strcmp (total->provider, "R9B") == 0)
        {
          g_assert_cmpfloat (total->numerator, ==, 632.0);
          g_assert_cmpuint (total->n_periods, ==, 12);
        }
    }
}

static double
earned_share (const PdCquinTotals *totals)
{
  return (double) totals->earned_pence / (double) totals->at_risk_pence;
}

/* CQUIN: R9B earns 91 %, 71 % and 48 %; 48 % is the lowest of any scheme in 2011/12.
 * R9E's CQ-VTE results in 2009/10 show the improvement the scheme paid for. */
static void
test_cquin_stories (void)
{
  static const double r9b[] = { 0.91, 0.71, 0.48 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = pd_cquin_years_query (workspace, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (years->len, ==, 3);
  g_assert_cmpint (g_array_index (years, int, 0), ==, 2009);

  for (int year = 2009; year <= 2011; year++)
    {
      g_autoptr(PdCquinReport) report = pd_cquin_report_query (workspace, year, NULL, "R9B",
                                                               &error);
      const PdCquinOrganisationTotals *provider;

      g_assert_no_error (error);
      g_assert_cmpuint (report->providers->len, ==, 1);
      provider = &g_array_index (report->providers, PdCquinOrganisationTotals, 0);
      g_assert_cmpint (provider->totals.pending_pence, ==, 0);
      g_assert_cmpint (provider->totals.earned_pence + provider->totals.withheld_pence, ==,
                       provider->totals.at_risk_pence);
      g_assert_cmpfloat_with_epsilon (earned_share (&provider->totals), r9b[year - 2009], 0.005);
    }

  {
    g_autoptr(PdCquinReport) report = pd_cquin_report_query (workspace, 0, NULL, NULL, &error);
    double lowest = 1.0;
    const char *lowest_provider = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (report->year, ==, 2011);
    for (guint i = 0; i < report->schemes->len; i++)
      {
        const PdCquinSchemeItem *scheme = &g_array_index (report->schemes, PdCquinSchemeItem, i);

        /* The scheme's value is what its indicators put at risk, since the weights sum to
         * 100, up to half a penny for each of its 16 to 24 milestones. */
        g_assert_cmpint (llabs (scheme->totals.value_pence - scheme->totals.at_risk_pence), <=, 12);
        if (earned_share (&scheme->totals) < lowest)
          {
            lowest = earned_share (&scheme->totals);
            lowest_provider = scheme->provider;
          }
      }
    g_assert_cmpstr (lowest_provider, ==, "R9B");
  }

  {
    /* The README gives them to one decimal place. */
    static const double vte[] = { 59.0, 78.3, 92.5, 92.1 };
    g_autoptr(PdCquinReport) report = pd_cquin_report_query (workspace, 2009, "5Z6", "R9E",
                                                             &error);
    guint found = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < report->milestones->len; i++)
      {
        const PdCquinMilestoneItem *m =
          &g_array_index (report->milestones, PdCquinMilestoneItem, i);
        const PdCquinIndicatorItem *indicator =
          &g_array_index (report->indicators, PdCquinIndicatorItem, m->indicator);

        if (strcmp (indicator->code, "CQ-VTE") != 0)
          continue;
        g_assert_cmpfloat (indicator->weight_percent, ==, 40.0);
        g_assert_cmpfloat_with_epsilon (m->performance, vte[m->quarter - 1], 0.05);
        found++;
      }
    g_assert_cmpuint (found, ==, 4);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  build_demo ();

  g_test_add_func ("/pctdash/domain/demo/redmarsh-mix", test_redmarsh_mix);
  g_test_add_func ("/pctdash/domain/demo/redmarsh-outlook", test_redmarsh_outlook);
  g_test_add_func ("/pctdash/domain/demo/harrowden-events", test_harrowden_events);
  g_test_add_func ("/pctdash/domain/demo/harrowden-indicators", test_harrowden_indicators);
  g_test_add_func ("/pctdash/domain/demo/cquin", test_cquin_stories);

  status = g_test_run ();
  g_clear_object (&workspace);
  pd_test_scratch_free (g_steal_pointer (&scratch));
  return status;
}
