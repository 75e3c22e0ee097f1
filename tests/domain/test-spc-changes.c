/* test-spc-changes.c — what users write in the app (chart changes, concerns) and the
 * providers a commissioner pays, on the small fixture workspace
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>

#include "domain-fixture.h"
#include "domain/pd-events.h"
#include "domain/pd-spc-changes.h"

static void
test_changes_round_trip (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) other = NULL;
  const PdSpcChange *change;
  gint64 ghost, baseline, note;
  PdSpcChangeKind kind;

  ghost = pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_GHOST,
                              "2009-08-01", "  Ward closed for refurbishment ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ghost, >, 0);
  baseline = pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_BASELINE,
                                 "2009-05-01", "First stable months", &error);
  g_assert_no_error (error);
  note = pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_ANNOTATION,
                             "2009-05-01", "New falls policy", &error);
  g_assert_no_error (error);
  /* another chart's change must not show on this one */
  g_assert_cmpint (pd_spc_changes_add (fixture->workspace, "FALLS", "RB2",
                                       PD_SPC_CHANGE_RECALCULATION, "2009-06-01",
                                       "New ward", &error), >, 0);
  g_assert_no_error (error);

  changes = pd_spc_changes_list (fixture->workspace, "FALLS", "RA1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 3);
  /* by period, then baseline before annotation */
  change = g_ptr_array_index (changes, 0);
  g_assert_cmpint (change->id, ==, baseline);
  g_assert_cmpint (change->kind, ==, PD_SPC_CHANGE_BASELINE);
  g_assert_cmpstr (change->period, ==, "2009-05-01");
  g_assert_cmpstr (change->author, ==, g_get_user_name ());
  g_assert_true (g_str_has_suffix (change->created_at, "Z"));
  g_assert_cmpuint (strlen (change->created_at), ==, strlen ("2026-12-04T14:00:00Z"));
  change = g_ptr_array_index (changes, 1);
  g_assert_cmpint (change->id, ==, note);
  g_assert_cmpint (change->kind, ==, PD_SPC_CHANGE_ANNOTATION);
  g_assert_cmpstr (change->reason, ==, "New falls policy");
  change = g_ptr_array_index (changes, 2);
  g_assert_cmpint (change->id, ==, ghost);
  g_assert_cmpstr (change->reason, ==, "Ward closed for refurbishment");
  g_assert_cmpstr (change->indicator, ==, "FALLS");
  g_assert_cmpstr (change->provider, ==, "RA1");

  g_assert_true (pd_spc_changes_remove (fixture->workspace, ghost, &error));
  g_assert_no_error (error);
  g_assert_false (pd_spc_changes_remove (fixture->workspace, ghost, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  other = pd_spc_changes_list (fixture->workspace, "FALLS", "RA1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 2);

  g_assert_cmpstr (pd_spc_change_kind_to_string (PD_SPC_CHANGE_RECALCULATION), ==, "recalculation");
  g_assert_true (pd_spc_change_kind_from_string ("ghost", &kind));
  g_assert_cmpint (kind, ==, PD_SPC_CHANGE_GHOST);
  g_assert_false (pd_spc_change_kind_from_string ("Ghost", &kind));
}

static void
test_changes_bad_input (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;

  g_assert_cmpint (pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_GHOST,
                                       "2009-08-01", "   ", &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "reason"));
  g_clear_error (&error);

  g_assert_cmpint (pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_GHOST,
                                       "2009-02-30", "Typo", &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "2009-02-30"));
  g_clear_error (&error);

  g_assert_cmpint (pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_GHOST,
                                       "2009-08", "Typo", &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_cmpint (pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_GHOST,
                                       "2009-08-01", "Once", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_GHOST,
                                       "2009-08-01", "Twice", &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "ghost"));
  g_clear_error (&error);

  changes = pd_spc_changes_list (fixture->workspace, "FALLS", "RA1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
}

static void
test_concerns (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) concerns = NULL;
  g_autoptr(GPtrArray) after = NULL;
  const PdConcern *concern;
  gint64 late, early;

  late = pd_concerns_add (fixture->workspace, "RA1", "2009-09-14", "GP visit",
                          "Long waits in A&E", &error);
  g_assert_no_error (error);
  early = pd_concerns_add (fixture->workspace, "RA1", "2009-06-02", " Patient letter ",
                           "Dirty ward", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pd_concerns_add (fixture->workspace, "RB2", "2009-06-02", "PALS",
                                    "Parking", &error), >, 0);
  g_assert_no_error (error);

  g_assert_cmpint (pd_concerns_add (fixture->workspace, "RA1", "2009-06-02", "",
                                    "No source", &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "source"));
  g_clear_error (&error);

  concerns = pd_concerns_list (fixture->workspace, "RA1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (concerns->len, ==, 2);
  concern = g_ptr_array_index (concerns, 0);
  g_assert_cmpint (concern->id, ==, early);
  g_assert_cmpstr (concern->source, ==, "Patient letter");
  g_assert_cmpstr (concern->author, ==, g_get_user_name ());
  concern = g_ptr_array_index (concerns, 1);
  g_assert_cmpint (concern->id, ==, late);
  g_assert_cmpstr (concern->note, ==, "Long waits in A&E");

  g_assert_true (pd_concerns_remove (fixture->workspace, early, &error));
  g_assert_no_error (error);
  after = pd_concerns_list (fixture->workspace, "RA1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);
}

/* FALLS at RA1 runs Apr, May, Jun (a gap), Jul (suppressed), Aug 2009. */
static void
test_point_inputs (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(PdIndicatorSeries) series = NULL;
  g_autofree PdSpcPointInput *extra = NULL;
  g_autoptr(PdSpcResult) plain = NULL;
  g_autoptr(PdSpcResult) changed = NULL;
  g_autofree double *values = NULL;
  PdSpcOptions options;
  guint unmatched = 99;
  gsize n;

  series = pd_indicator_series_query (fixture->workspace, "FALLS", "RA1", PD_PERIOD_MONTH,
                                      NULL, NULL, &error);
  g_assert_no_error (error);
  n = series->points->len;
  g_assert_cmpuint (n, ==, 5);
  values = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    values[i] = g_array_index (series->points, PdIndicatorPoint, i).value;

  pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_GHOST, "2009-05-01",
                      "Miscounted", &error);
  g_assert_no_error (error);
  pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_RECALCULATION,
                      "2009-08-01", "New ward", &error);
  g_assert_no_error (error);
  pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_BASELINE,
                      "2009-06-01", "Stable", &error);
  g_assert_no_error (error);
  pd_spc_changes_add (fixture->workspace, "FALLS", "RA1", PD_SPC_CHANGE_ANNOTATION,
                      "2011-01-01", "Outside the series", &error);
  g_assert_no_error (error);
  changes = pd_spc_changes_list (fixture->workspace, "FALLS", "RA1", &error);
  g_assert_no_error (error);

  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  extra = pd_spc_changes_point_inputs (changes, series, &options, &unmatched);
  g_assert_cmpuint (unmatched, ==, 1);
  /* The baseline marks its own point; the options stay as the preset made them. */
  g_assert_cmpuint (options.fix_after, ==, 0);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpint (extra[i].ghost, ==, i == 1);
      g_assert_cmpint (extra[i].rebase, ==, i == 4);
      g_assert_cmpint (extra[i].baseline_end, ==, i == 2);
      g_assert_true (isnan (extra[i].target));
    }

  changed = pd_spc_compute (values, n, extra, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->n_partitions, ==, 2);
  g_assert_true (changed->points[1].ghost);
  /* The baseline (June) marks the first partition: its limits from April alone (May a
   * ghost, June a gap, July suppressed); the recalculated one, August, from its own. */
  g_assert_true (changed->points[0].baseline);
  g_assert_cmpuint (changed->partitions[0].n, ==, 1);
  g_assert_cmpuint (changed->partitions[0].n_baseline, ==, 1);
  g_assert_cmpuint (changed->partitions[1].n_baseline, ==, 1);
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  plain = pd_spc_compute (values, n, NULL, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plain->n_partitions, ==, 1);
}

static char *
codes_of (GPtrArray *organisations)
{
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < organisations->len; i++)
    {
      const PdOrganisation *org = g_ptr_array_index (organisations, i);

      g_string_append_printf (codes, "%s%s", i ? "," : "", org->code);
    }
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

/* 00L and 5QA pay RA1 and RB2 by name; 5QB has no spend, so every provider. */
static void
test_paid_by (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *cases[][2] = {
    { "00L", "RA1,RB2" },
    { "5QA", "RA1,RB2" },
    { "5QB", "RA1,RB2" },
    { NULL, "RA1,RB2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) providers = pd_organisations_paid_by (fixture->workspace,
                                                                 cases[i][0], &error);
      g_autofree char *codes = NULL;

      g_assert_no_error (error);
      codes = codes_of (providers);
      g_assert_cmpstr (codes, ==, cases[i][1]);
    }
}

/* A commissioner that pays one provider by name sees only that one. */
static void
test_paid_by_one (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) providers = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *file = pd_test_write_file (fixture->dir, "more-spend.csv",
                                              "commissioner,year,month,category,provider,amount\n"
                                              "5QB,2009/10,Apr,Community nursing,RB2,1000.00\n",
                                              -1);
  g_autoptr(PdImportReport) report = pd_import_file (fixture->workspace, file, NULL, NULL,
                                                     NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  providers = pd_organisations_paid_by (fixture->workspace, "5QB", &error);
  g_assert_no_error (error);
  codes = codes_of (providers);
  g_assert_cmpstr (codes, ==, "RB2");

  /* Removing that spend takes the provider away again: every provider, as before. */
  g_assert_true (pd_workspace_remove_import (fixture->workspace, report->import_id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&providers, g_ptr_array_unref);
  g_clear_pointer (&codes, g_free);
  providers = pd_organisations_paid_by (fixture->workspace, "5QB", &error);
  g_assert_no_error (error);
  codes = codes_of (providers);
  g_assert_cmpstr (codes, ==, "RA1,RB2");
}

/* The triangulation reads concerns entered in the app with the imported events: in the
 * list (marked as entered, with the author) and in the monthly counts. */
static void
test_events_include_concerns (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GArray) ranged = NULL;
  g_autoptr(GArray) months_before = NULL;
  g_autoptr(GArray) months_after = NULL;
  g_autoptr(GArray) removed = NULL;
  const PdEvent *found = NULL;
  gint64 id, other;
  gint64 june_before = 0, june_after = 0;

  before = pd_events_query (fixture->workspace, "RA1", NULL, NULL, 0, &error);
  g_assert_no_error (error);
  months_before = pd_events_monthly_query (fixture->workspace, "RA1", "2009-04-01",
                                           "2009-12-31", &error);
  g_assert_no_error (error);

  id = pd_concerns_add (fixture->workspace, "RA1", "2009-06-10", "Ward visit",
                        "Staff say the night shift is short", &error);
  g_assert_no_error (error);
  other = pd_concerns_add (fixture->workspace, "RB2", "2009-06-11", "Ward visit",
                           "Another provider's", &error);
  g_assert_no_error (error);
  g_assert_cmpint (other, >, 0);

  after = pd_events_query (fixture->workspace, "RA1", NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < after->len; i++)
    {
      const PdEvent *event = &g_array_index (after, PdEvent, i);

      if (i > 0)
        g_assert_cmpstr (g_array_index (after, PdEvent, i - 1).date, <=, event->date);
      if (event->entered)
        {
          g_assert_null (found);
          found = event;
        }
      else
        g_assert_null (event->author);
    }
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, id);
  g_assert_cmpint (found->type, ==, PD_EVENT_CONCERN);
  g_assert_cmpint (found->count, ==, 1);
  g_assert_cmpstr (found->date, ==, "2009-06-10");
  g_assert_cmpstr (found->source, ==, "Ward visit");
  g_assert_cmpstr (found->note, ==, "Staff say the night shift is short");
  g_assert_cmpstr (found->author, ==, g_get_user_name ());

  /* The type and date filters apply to it as to any concern. */
  ranged = pd_events_query (fixture->workspace, "RA1", "2009-06-11", NULL,
                            PD_EVENT_TYPE_BIT (PD_EVENT_CONCERN), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ranged->len; i++)
    g_assert_false (g_array_index (ranged, PdEvent, i).entered);
  g_clear_pointer (&ranged, g_array_unref);
  ranged = pd_events_query (fixture->workspace, "RA1", "2009-06-10", "2009-06-10",
                            PD_EVENT_TYPE_BIT (PD_EVENT_COMPLAINT), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ranged->len; i++)
    g_assert_false (g_array_index (ranged, PdEvent, i).entered);

  months_after = pd_events_monthly_query (fixture->workspace, "RA1", "2009-04-01",
                                          "2009-12-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months_after->len, ==, months_before->len);
  for (guint i = 0; i < months_after->len; i++)
    {
      const PdEventMonth *a = &g_array_index (months_before, PdEventMonth, i);
      const PdEventMonth *b = &g_array_index (months_after, PdEventMonth, i);

      for (guint t = 0; t < PD_N_EVENT_TYPES; t++)
        if (t != PD_EVENT_CONCERN)
          g_assert_cmpint (a->counts[t], ==, b->counts[t]);
      if (b->year == 2009 && b->month == 6)
        {
          june_before = a->counts[PD_EVENT_CONCERN];
          june_after = b->counts[PD_EVENT_CONCERN];
        }
      else
        g_assert_cmpint (a->counts[PD_EVENT_CONCERN], ==, b->counts[PD_EVENT_CONCERN]);
    }
  g_assert_cmpint (june_after, ==, june_before + 1);

  g_assert_true (pd_concerns_remove (fixture->workspace, id, &error));
  g_assert_no_error (error);
  removed = pd_events_query (fixture->workspace, "RA1", NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed->len, ==, before->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/pctdash/domain/user-rows/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("changes-round-trip", test_changes_round_trip);
  ADD ("changes-bad-input", test_changes_bad_input);
  ADD ("concerns", test_concerns);
  ADD ("point-inputs", test_point_inputs);
  ADD ("events-include-concerns", test_events_include_concerns);
  ADD ("paid-by", test_paid_by);
  ADD ("paid-by-one", test_paid_by_one);

  return g_test_run ();
}
