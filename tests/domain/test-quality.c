/* test-quality.c — indicator definitions, series with gaps and suppression, funnel totals,
 * latest values, and events by provider, type and month
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "domain-fixture.h"
#include "domain/pd-events.h"
#include "domain/pd-indicators.h"

static void
test_definitions (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) experience = NULL;
  g_autoptr(PdIndicator) falls = NULL;
  PdIndicator *indicator;

  /* Safety first, then effectiveness and experience; by code within a domain. */
  all = pd_indicators_query (fixture->workspace, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (((PdIndicator *) g_ptr_array_index (all, 0))->code, ==, "FALLS");
  g_assert_cmpstr (((PdIndicator *) g_ptr_array_index (all, 1))->code, ==, "MRSA");
  indicator = g_ptr_array_index (all, 2);
  g_assert_cmpstr (indicator->code, ==, "FFT");
  g_assert_cmpstr (indicator->domain, ==, "experience");
  g_assert_cmpstr (indicator->unit, ==, "proportion");
  g_assert_cmpstr (indicator->polarity, ==, "higher");
  g_assert_cmpfloat (indicator->target, ==, 90.0);
  g_assert_cmpfloat (indicator->multiplier, ==, 100.0);

  experience = pd_indicators_query (fixture->workspace, "experience", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (experience->len, ==, 1);

  falls = pd_indicator_lookup (fixture->workspace, "FALLS", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (falls->name, ==, "Falls per 1,000 bed days");
  g_assert_cmpstr (falls->unit, ==, "rate");
  g_assert_cmpstr (falls->polarity, ==, "lower");
  g_assert_true (isnan (falls->target));
  g_assert_cmpfloat (falls->multiplier, ==, 1000.0);
  g_assert_cmpstr (falls->source, ==, "Datix");

  g_assert_null (pd_indicator_lookup (fixture->workspace, "falls", &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND);
}

static void
assert_point (const PdIndicatorSeries *series,
              guint                    i,
              const char              *period_start,
              gboolean                 present,
              gboolean                 suppressed,
              double                   value)
{
  const PdIndicatorPoint *point = &g_array_index (series->points, PdIndicatorPoint, i);

  g_assert_cmpstr (point->period_start, ==, period_start);
  g_assert_cmpint (point->present, ==, present);
  g_assert_cmpint (point->suppressed, ==, suppressed);
  if (isnan (value))
    g_assert_true (isnan (point->value));
  else
    g_assert_cmpfloat (point->value, ==, value);
}

static void
test_series (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdIndicatorSeries) series = NULL;
  g_autoptr(GPtrArray) all = NULL;
  const PdIndicatorPoint *point;

  /* April to August 2009: June is a gap, July suppressed. */
  series = pd_indicator_series_query (fixture->workspace, "FALLS", "RA1", PD_PERIOD_MONTH,
                                      NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (series->provider, ==, "RA1");
  g_assert_cmpuint (series->points->len, ==, 5);
  assert_point (series, 0, "2009-04-01", TRUE, FALSE, 5.0);
  assert_point (series, 1, "2009-05-01", TRUE, FALSE, 4.0);
  assert_point (series, 2, "2009-06-01", FALSE, FALSE, NAN);
  assert_point (series, 3, "2009-07-01", TRUE, TRUE, NAN);
  assert_point (series, 4, "2009-08-01", TRUE, FALSE, 6.0);
  point = &g_array_index (series->points, PdIndicatorPoint, 0);
  g_assert_cmpfloat (point->numerator, ==, 10.0);
  g_assert_cmpfloat (point->denominator, ==, 2000.0);
  point = &g_array_index (series->points, PdIndicatorPoint, 3);
  g_assert_true (isnan (point->numerator));
  g_assert_cmpfloat (point->denominator, ==, 2500.0);
  g_clear_pointer (&series, pd_indicator_series_free);

  /* A window. */
  series = pd_indicator_series_query (fixture->workspace, "FALLS", "RA1", PD_PERIOD_MONTH,
                                      "2009-05-01", "2009-07-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->points->len, ==, 3);
  assert_point (series, 0, "2009-05-01", TRUE, FALSE, 4.0);
  assert_point (series, 2, "2009-07-01", TRUE, TRUE, NAN);
  g_clear_pointer (&series, pd_indicator_series_free);

  /* No values: an empty series. An unknown indicator: an error. A bad date: an error. */
  series = pd_indicator_series_query (fixture->workspace, "MRSA", "RB2", PD_PERIOD_MONTH,
                                      NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (series->points->len, ==, 0);
  g_clear_pointer (&series, pd_indicator_series_free);
  g_assert_null (pd_indicator_series_query (fixture->workspace, "XX", "RA1", PD_PERIOD_MONTH,
                                            NULL, NULL, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pd_indicator_series_query (fixture->workspace, "FALLS", "RA1", PD_PERIOD_MONTH,
                                            "April 2009", NULL, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID);
  g_clear_error (&error);

  /* Every provider on one span, so point i is the same month everywhere. */
  all = pd_indicator_all_series_query (fixture->workspace, "FALLS", PD_PERIOD_MONTH, NULL, NULL,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  series = g_ptr_array_steal_index (all, 1);
  g_assert_cmpstr (series->provider, ==, "RB2");
  g_assert_cmpuint (series->points->len, ==, 5);
  assert_point (series, 0, "2009-04-01", FALSE, FALSE, NAN);
  assert_point (series, 1, "2009-05-01", TRUE, FALSE, 4.0);
  assert_point (series, 2, "2009-06-01", TRUE, FALSE, 3.0);
  assert_point (series, 4, "2009-08-01", FALSE, FALSE, NAN);
  g_assert_cmpuint (((PdIndicatorSeries *) g_ptr_array_index (all, 0))->points->len, ==, 5);
}

static void
test_totals (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) totals = NULL;
  const PdIndicatorTotal *total;

  /* A ratio of sums over the months with both parts; the suppressed July is left out. */
  totals = pd_indicator_totals_query (fixture->workspace, "FALLS", PD_PERIOD_MONTH, NULL, NULL,
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (totals->len, ==, 2);
  total = &g_array_index (totals, PdIndicatorTotal, 0);
  g_assert_cmpstr (total->provider, ==, "RA1");
  g_assert_cmpfloat (total->numerator, ==, 31.0);
  g_assert_cmpfloat (total->denominator, ==, 6500.0);
  g_assert_cmpfloat (total->value, ==, 31.0 / 6500.0 * 1000.0);
  g_assert_cmpuint (total->n_periods, ==, 3);
  g_assert_cmpuint (total->n_left_out, ==, 1);
  total = &g_array_index (totals, PdIndicatorTotal, 1);
  g_assert_cmpstr (total->provider, ==, "RB2");
  g_assert_cmpfloat (total->value, ==, 10.0 / 3000.0 * 1000.0);
  g_assert_cmpuint (total->n_left_out, ==, 0);
  g_clear_pointer (&totals, g_array_unref);

  totals = pd_indicator_totals_query (fixture->workspace, "FALLS", PD_PERIOD_MONTH,
                                      "2009-05-01", NULL, &error);
  g_assert_no_error (error);
  total = &g_array_index (totals, PdIndicatorTotal, 0);
  g_assert_cmpfloat (total->numerator, ==, 21.0);
  g_assert_cmpfloat (total->denominator, ==, 4500.0);
  g_clear_pointer (&totals, g_array_unref);

  /* A count has no denominator: the value is the count. */
  totals = pd_indicator_totals_query (fixture->workspace, "MRSA", PD_PERIOD_MONTH, NULL, NULL,
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (totals->len, ==, 1);
  total = &g_array_index (totals, PdIndicatorTotal, 0);
  g_assert_cmpfloat (total->value, ==, 3.0);
  g_assert_true (isnan (total->denominator));
  g_assert_cmpuint (total->n_periods, ==, 2);
  g_clear_pointer (&totals, g_array_unref);

  /* FFT at RB2: its only complete month is April. */
  totals = pd_indicator_totals_query (fixture->workspace, "FFT", PD_PERIOD_MONTH, NULL, NULL,
                                      &error);
  g_assert_no_error (error);
  total = &g_array_index (totals, PdIndicatorTotal, 0);
  g_assert_cmpfloat (total->value, ==, 90.0);
  g_assert_cmpuint (total->n_left_out, ==, 1);
}

static void
test_latest (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) latest = NULL;
  const PdIndicatorLatest *item;

  latest = pd_indicator_latest_query (fixture->workspace, NULL, NULL, PD_PERIOD_MONTH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 4);
  item = &g_array_index (latest, PdIndicatorLatest, 0);
  g_assert_cmpstr (item->indicator, ==, "FALLS");
  g_assert_cmpstr (item->provider, ==, "RA1");
  g_assert_cmpstr (item->period_start, ==, "2009-08-01");
  g_assert_cmpfloat (item->value, ==, 6.0);
  item = &g_array_index (latest, PdIndicatorLatest, 1);
  g_assert_cmpstr (item->provider, ==, "RB2");
  g_assert_cmpstr (item->period_start, ==, "2009-06-01");
  g_assert_cmpfloat (item->value, ==, 3.0);

  /* The latest FFT month is suppressed: shown as such, not replaced by April's 90. */
  item = &g_array_index (latest, PdIndicatorLatest, 2);
  g_assert_cmpstr (item->indicator, ==, "FFT");
  g_assert_cmpstr (item->period_start, ==, "2009-05-01");
  g_assert_true (item->suppressed);
  g_assert_true (isnan (item->value));
  g_assert_cmpfloat (item->denominator, ==, 100.0);
  item = &g_array_index (latest, PdIndicatorLatest, 3);
  g_assert_cmpstr (item->indicator, ==, "MRSA");
  g_assert_cmpstr (item->period_start, ==, "2009-06-01");
  g_assert_cmpfloat (item->value, ==, 1.0);
  g_clear_pointer (&latest, g_array_unref);

  latest = pd_indicator_latest_query (fixture->workspace, NULL, "RA1", PD_PERIOD_MONTH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 2);
  g_clear_pointer (&latest, g_array_unref);

  latest = pd_indicator_latest_query (fixture->workspace, "FALLS", "RB2", PD_PERIOD_QUARTER,
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 0);
}

static void
test_events (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) events = NULL;
  const PdEvent *event;
  PdEventType type;

  events = pd_events_query (fixture->workspace, "RA1", NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 5);
  event = &g_array_index (events, PdEvent, 0);
  g_assert_cmpstr (event->date, ==, "2009-04-15");
  g_assert_cmpint (event->type, ==, PD_EVENT_COMPLAINT);
  g_assert_cmpint (event->count, ==, 3);
  g_assert_cmpstr (event->note, ==, "Nursing care, dignity");
  g_assert_cmpstr (event->source, ==, "Datix");
  g_assert_null (event->suppressed);
  event = &g_array_index (events, PdEvent, 2);
  g_assert_cmpstr (event->date, ==, "2009-06-02");
  g_assert_cmpint (event->count, ==, -1);
  g_assert_nonnull (event->suppressed);
  event = &g_array_index (events, PdEvent, 4);
  g_assert_cmpint (event->type, ==, PD_EVENT_NEVER_EVENT);
  g_clear_pointer (&events, g_array_unref);

  /* By type and date range (inclusive). */
  events = pd_events_query (fixture->workspace, "RA1", NULL, NULL,
                            PD_EVENT_TYPE_BIT (PD_EVENT_COMPLAINT), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_clear_pointer (&events, g_array_unref);
  events = pd_events_query (fixture->workspace, "RA1", "2009-04-30", "2009-06-20",
                            PD_EVENT_TYPE_BIT (PD_EVENT_COMPLAINT) |
                            PD_EVENT_TYPE_BIT (PD_EVENT_SERIOUS_INCIDENT), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpint (g_array_index (events, PdEvent, 0).type, ==, PD_EVENT_SERIOUS_INCIDENT);
  g_assert_cmpstr (g_array_index (events, PdEvent, 2).date, ==, "2009-06-20");
  g_clear_pointer (&events, g_array_unref);

  g_assert_null (pd_events_query (fixture->workspace, "RA1", "2009-02-30", NULL, 0, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID);

  g_assert_true (pd_event_type_from_string ("c_difficile", &type));
  g_assert_cmpint (type, ==, PD_EVENT_C_DIFFICILE);
  g_assert_false (pd_event_type_from_string ("fall", &type));
  g_assert_cmpstr (pd_event_type_to_string (PD_EVENT_REGULATOR_NOTICE), ==, "regulator_notice");
  g_assert_cmpstr (pd_event_type_label (PD_EVENT_SERIOUS_INCIDENT), ==, "Serious incident");
}

static void
test_events_monthly (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) months = NULL;
  const PdEventMonth *month;

  /* April to July 2009; May has no events and still has its month. */
  months = pd_events_monthly_query (fixture->workspace, "RA1", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months->len, ==, 4);
  month = &g_array_index (months, PdEventMonth, 0);
  g_assert_cmpint (month->year, ==, 2009);
  g_assert_cmpint (month->month, ==, 4);
  g_assert_cmpint (month->counts[PD_EVENT_COMPLAINT], ==, 3);
  g_assert_cmpint (month->counts[PD_EVENT_SERIOUS_INCIDENT], ==, 1);
  month = &g_array_index (months, PdEventMonth, 1);
  g_assert_cmpint (month->month, ==, 5);
  for (guint t = 0; t < PD_N_EVENT_TYPES; t++)
    g_assert_cmpint (month->counts[t], ==, 0);
  month = &g_array_index (months, PdEventMonth, 2);
  g_assert_cmpint (month->counts[PD_EVENT_COMPLAINT], ==, 2);
  g_assert_cmpuint (month->suppressed[PD_EVENT_COMPLAINT], ==, 1);
  month = &g_array_index (months, PdEventMonth, 3);
  g_assert_cmpint (month->counts[PD_EVENT_NEVER_EVENT], ==, 1);
  g_clear_pointer (&months, g_array_unref);

  /* A window wider than the events: zero months at both ends. */
  months = pd_events_monthly_query (fixture->workspace, "RA1", "2009-03-01", "2009-09-30", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months->len, ==, 7);
  g_assert_cmpint (g_array_index (months, PdEventMonth, 0).month, ==, 3);
  g_assert_cmpint (g_array_index (months, PdEventMonth, 1).counts[PD_EVENT_COMPLAINT], ==, 3);
  g_assert_cmpint (g_array_index (months, PdEventMonth, 6).month, ==, 9);
  g_clear_pointer (&months, g_array_unref);

  months = pd_events_monthly_query (fixture->workspace, "RB2", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months->len, ==, 1);
  g_assert_cmpint (g_array_index (months, PdEventMonth, 0).counts[PD_EVENT_CONCERN], ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/pctdash/domain/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("indicator-definitions", test_definitions);
  ADD ("indicator-series", test_series);
  ADD ("indicator-totals", test_totals);
  ADD ("indicator-latest", test_latest);
  ADD ("events", test_events);
  ADD ("events-monthly", test_events_monthly);

  return g_test_run ();
}
