/* pd-board-pack-pdf.c — the board pack as a PDF, drawn with Cairo
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same question and the same facts as the workbook (pd-board-pack-private.h), laid
 * out for reading on paper: A4 landscape, a contents page whose entries link to their
 * sections, a PDF outline, and "Page N of M" with the section and the marking in every
 * footer. Pages are planned before anything is drawn, so the contents and the footers
 * know every page number in one pass.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "chart/pd-chart.h"
#include "chart/pd-chart-query.h"
#include "domain/pd-cquin.h"
#include "domain/pd-finance.h"
#include "domain/pd-spend.h"
#include "export/pd-board-pack-private.h"

/* A4 landscape in points (297 × 210 mm). */
#define PAGE_WIDTH    841.89
#define PAGE_HEIGHT   595.28
#define MARGIN        36.0
#define BODY_TOP      86.0
#define BODY_BOTTOM   (PAGE_HEIGHT - 40.0)
#define SOURCES_ROWS  22
#define SCORECARD_ROWS 24
#define DEFINITIONS_ROWS 24
#define TABLE_ROWS    26   /* rows of a table page */
#define CHART_TABLE_CHART 230.0  /* a chart above its table */
#define CHART_TABLE_ROWS 15

typedef struct PdfTable PdfTable;

typedef enum
{
  PAGE_COVER,
  PAGE_CONTENTS,
  PAGE_SUMMARY,
  PAGE_CHARTS,     /* one or two charts, stacked */
  PAGE_EXCEPTION,  /* a chart and the facts under it */
  PAGE_SOURCES,    /* a slice of the imports */
  PAGE_SCORECARD,  /* a slice of the statuses */
  PAGE_DEFINITIONS, /* a slice of the indicator definitions, as the workbook's sources sheet */
  PAGE_TABLE,      /* a slice of a table */
  PAGE_CHART_TABLE, /* a chart and its table under it */
} PageKind;

typedef struct
{
  PageKind            kind;
  const char         *section;
  guint               n_charts;
  PdChartKind         chart_kinds[2];
  PdChartQuery        queries[2];      /* strings borrowed from the pack */
  const PdPackStatus *status;          /* PAGE_EXCEPTION */
  guint               first_row;       /* PAGE_SOURCES, PAGE_SCORECARD, PAGE_DEFINITIONS,
                                        * PAGE_TABLE */
  PdfTable           *table;           /* PAGE_TABLE, PAGE_CHART_TABLE; borrowed */
} Page;

typedef struct
{
  PdPack              pack;
  PdWorkspaceSummary *summary;
  GArray             *pages;          /* of Page */
  guint               hidden_spc;     /* public packs: charts left out for small numbers */
  guint               hidden_funnels;
  cairo_surface_t    *surface;
  cairo_t            *cr;
  PdChartTheme        theme;
  GPtrArray          *tables;         /* of PdfTable */
  guint               n_changes;      /* since the previous pack */
  char               *changes_against; /* NULL: no previous pack */
  int                 fd;             /* the temporary file cairo writes through */
  int                 write_errno;    /* why a write failed; cairo keeps only "write error" */
} Pdf;

static void
add_page (Pdf        *pdf,
          PageKind    kind,
          const char *section)
{
  Page page = { 0 };

  page.kind = kind;
  page.section = section;
  g_array_append_val (pdf->pages, page);
}

static void
add_chart (Pdf                *pdf,
           const char         *section,
           PdChartKind         kind,
           const PdChartQuery *query)
{
  Page *last = pdf->pages->len > 0 ? &g_array_index (pdf->pages, Page, pdf->pages->len - 1)
                                   : NULL;

  /* Charts of a section share pages two at a time; a section starts a new page. */
  if (last == NULL || last->kind != PAGE_CHARTS || last->n_charts == 2 ||
      g_strcmp0 (last->section, section) != 0)
    {
      add_page (pdf, PAGE_CHARTS, section);
      last = &g_array_index (pdf->pages, Page, pdf->pages->len - 1);
    }
  last->chart_kinds[last->n_charts] = kind;
  last->queries[last->n_charts] = *query;
  last->n_charts++;
}

static gboolean
is_funnel_unit (const PdIndicator *indicator)
{
  return g_strcmp0 (indicator->unit, "proportion") == 0 ||
         g_strcmp0 (indicator->unit, "rate") == 0 || g_strcmp0 (indicator->unit, "ratio") == 0;
}

/* A funnel in a public pack would give a hidden numerator back from the pooled value. */
static gboolean
funnel_has_small_numbers (Pdf               *pdf,
                          const PdIndicator *indicator)
{
  g_autofree char *first = NULL;
  g_autoptr(GArray) totals = NULL;

  if (!pdf->pack.options->public_pack)
    return FALSE;
  first = g_strdup_printf ("%04d-04-01", pdf->pack.year);
  totals = pd_indicator_totals_query (pdf->pack.workspace, indicator->code, PD_PERIOD_MONTH,
                                      first, pdf->pack.last_month, NULL);
  /* When the totals cannot be read, leave the funnel out rather than risk it. */
  if (totals == NULL)
    return TRUE;
  for (guint i = 0; i < totals->len; i++)
    if (_pd_pack_is_small_count (&pdf->pack,
                                 g_array_index (totals, PdIndicatorTotal, i).numerator))
      return TRUE;
  return FALSE;
}

static double draw_text (cairo_t *cr, double x, double y, double width, const char *font,
                         const char *text);
static void   draw_cell (cairo_t *cr, double x, double y, double width, const char *font,
                         const char *text);

/* A table the PDF draws: a title, headers, and rows of text cut to their columns. */
struct PdfTable
{
  char        *title;
  char        *note;       /* under the title, or in place of rows when there are none */
  guint        n_columns;
  const char * const *headers;
  const double *widths;    /* points */
  GPtrArray   *rows;       /* of GStrv */
};

static void
pdf_table_free (PdfTable *table)
{
  g_free (table->title);
  g_free (table->note);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

static PdfTable *
pdf_table_new (Pdf                *pdf,
               const char         *title,
               const char * const *headers,
               const double       *widths)
{
  PdfTable *table = g_new0 (PdfTable, 1);

  table->title = g_strdup (title);
  table->headers = headers;
  table->widths = widths;
  while (headers[table->n_columns] != NULL)
    table->n_columns++;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (pdf->tables, table);
  return table;
}

/* Adds a row of n_columns cells, each a string taken over (NULL: empty). */
static void
pdf_table_add (PdfTable *table,
               ...)
{
  char **row = g_new0 (char *, table->n_columns + 1);
  va_list args;

  va_start (args, table);
  for (guint c = 0; c < table->n_columns; c++)
    {
      char *text = va_arg (args, char *);
      row[c] = text != NULL ? text : g_strdup ("");
    }
  va_end (args);
  g_ptr_array_add (table->rows, row);
}

/* Whole pounds with thousands separators, "−£1,234" when negative: a table's money in
 * full, where the charts abbreviate. */
static char *
money (gint64 pence)
{
  char digits[32];
  GString *text = g_string_new (pence < 0 ? "−£" : "£");
  guint64 pounds = ((pence < 0 ? -(guint64) pence : (guint64) pence) + 50) / 100;
  gsize n;

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, pounds);
  n = strlen (digits);
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

static char *
number (double value)
{
  return isfinite (value) ? g_strdup_printf ("%.4g", value) : g_strdup ("");
}

static char *
percent (double fraction)
{
  return isfinite (fraction) ? g_strdup_printf ("%.1f%%", fraction * 100.0) : g_strdup ("");
}

/* Pages of a table in a section, TABLE_ROWS rows each (one page when it has none). */
static void
add_table (Pdf        *pdf,
           const char *section,
           PdfTable   *table)
{
  for (guint row = 0; row == 0 || row < table->rows->len; row += TABLE_ROWS)
    {
      add_page (pdf, PAGE_TABLE, section);
      g_array_index (pdf->pages, Page, pdf->pages->len - 1).table = table;
      g_array_index (pdf->pages, Page, pdf->pages->len - 1).first_row = row;
    }
}

/* A chart with its table under it, on one page. */
static void
add_chart_table (Pdf                *pdf,
                 const char         *section,
                 PdChartKind         kind,
                 const PdChartQuery *query,
                 PdfTable           *table)
{
  Page *page;

  add_page (pdf, PAGE_CHART_TABLE, section);
  page = &g_array_index (pdf->pages, Page, pdf->pages->len - 1);
  page->n_charts = 1;
  page->chart_kinds[0] = kind;
  page->queries[0] = *query;
  page->table = table;
}

static gboolean
plan_spend (Pdf     *pdf,
            GError **error)
{
  static const char * const headers[] = {
    "Category", "Spend", "Share of spend", "Spend per head", "Mean share, all commissioners",
    "Rows suppressed", NULL
  };
  static const double widths[] = { 230, 110, 80, 90, 160, 99 };
  static const char * const year_headers[] = {
    "Financial year", "Spend", "Spend per head", "Rows suppressed", NULL
  };
  static const double year_widths[] = { 150, 150, 150, 150 };
  PdPack *pack = &pdf->pack;
  g_autoptr(PdSpendMix) mix = NULL;
  g_autoptr(PdSpendMix) years = NULL;
  g_autoptr(GPtrArray) everyone = g_ptr_array_new ();
  g_autofree char *title = g_strdup_printf ("Spend by category, %s", pack->year_label);
  PdfTable *table = pdf_table_new (pdf, title, headers, widths);
  PdfTable *by_year = pdf_table_new (pdf, "Spend by financial year", year_headers, year_widths);
  int mix_row;

  mix = pd_spend_mix_query (pack->workspace, pack->year, pack->year, NULL, error);
  if (mix == NULL)
    return FALSE;
  for (guint r = 0; r < mix->rows->len; r++)
    g_ptr_array_add (everyone, g_array_index (mix->rows, PdSpendRow, r).commissioner);
  g_ptr_array_add (everyone, NULL);
  mix_row = pd_spend_mix_find_row (mix, pack->commissioner, -1);
  for (guint c = 0; mix_row >= 0 && c < mix->categories->len; c++)
    {
      const PdSpendCell *cell = pd_spend_mix_cell (mix, mix_row, c);

      if (cell->n_rows == 0)
        continue;
      pdf_table_add (table, g_strdup (g_ptr_array_index (mix->categories, c)),
                     money (cell->amount_pence), percent (cell->share),
                     pd_chart_format_value (PD_CHART_FORMAT_POUNDS, cell->pence_per_head / 100.0,
                                            2),
                     percent (pd_spend_mix_mean_share (mix, c,
                                                       (const char * const *) everyone->pdata)),
                     g_strdup_printf ("%u", cell->n_suppressed));
    }
  if (table->rows->len > 0)
    {
      const PdSpendRow *total = &g_array_index (mix->rows, PdSpendRow, mix_row);
      pdf_table_add (table, g_strdup ("Total"), money (total->total.amount_pence), NULL,
                     pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                            total->total.pence_per_head / 100.0, 2), NULL,
                     NULL);
    }
  else
    table->note = g_strdup ("No spend is imported for this commissioner and year.");
  years = pd_spend_mix_over_years (pack->workspace, pack->commissioner, error);
  if (years == NULL)
    return FALSE;
  for (guint r = 0; r < years->rows->len; r++)
    {
      const PdSpendRow *year = &g_array_index (years->rows, PdSpendRow, r);

      if (year->year > pack->year || year->total.n_rows == 0)
        continue;
      pdf_table_add (by_year, pd_financial_year_label (year->year),
                     money (year->total.amount_pence),
                     pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                            year->total.pence_per_head / 100.0, 2),
                     g_strdup_printf ("%u", year->total.n_suppressed));
    }
  add_table (pdf, "Spend mix", table);
  add_table (pdf, "Spend mix", by_year);
  return TRUE;
}

static gboolean
plan_outlook (Pdf     *pdf,
              GError **error)
{
  static const char * const headers[] = {
    "Financial year", "Allocation", "Spend", "Underspend", "Underspend (% of allocation)",
    "Spend rows suppressed", NULL
  };
  static const double widths[] = { 120, 120, 120, 120, 160, 129 };
  PdPack *pack = &pdf->pack;
  g_autoptr(GArray) years = pd_finance_outlook_query (pack->workspace, pack->commissioner,
                                                      error);
  PdfTable *table;

  if (years == NULL)
    return FALSE;
  table = pdf_table_new (pdf, "Allocation against spend", headers, widths);
  table->note = g_strdup ("A negative underspend is an overspend. A year without an "
                          "allocation leaves the allocation and underspend empty.");
  for (guint i = 0; i < years->len; i++)
    {
      const PdFinanceYear *year = &g_array_index (years, PdFinanceYear, i);

      if (year->year > pack->year)
        continue;
      pdf_table_add (table, pd_financial_year_label (year->year),
                     year->has_allocation ? money (year->allocation_pence) : NULL,
                     year->spend_rows > 0 ? money (year->spend_pence) : NULL,
                     year->has_allocation ? money (year->gap_pence) : NULL,
                     year->has_allocation ? percent (year->gap_percent / 100.0) : NULL,
                     g_strdup_printf ("%u", (guint) year->spend_suppressed));
    }
  add_table (pdf, "Financial outlook", table);
  return TRUE;
}

static gboolean
plan_cquin (Pdf     *pdf,
            GError **error)
{
  static const char * const scheme_headers[] = {
    "Provider", "Provider name", "Contract value", "CQUIN share", "CQUIN value", "Earned",
    "Withheld", "Pending", NULL
  };
  static const double scheme_widths[] = { 55, 190, 95, 85, 90, 85, 85, 84 };
  static const char * const milestone_headers[] = {
    "Provider", "Indicator", "Quarter", "Weight", "Minimum", "Maximum", "Result",
    "Achievement", "At risk", "Earned", "Withheld", "Pending", NULL
  };
  static const double milestone_widths[] = { 48, 210, 44, 44, 48, 50, 48, 60, 55, 55, 55,
                                              52 };
  PdPack *pack = &pdf->pack;
  g_autoptr(PdCquinReport) report = pd_cquin_report_query (pack->workspace, pack->year,
                                                           pack->commissioner, NULL, error);
  PdfTable *schemes, *milestones;

  if (report == NULL)
    return FALSE;
  schemes = pdf_table_new (pdf, "CQUIN schemes", scheme_headers, scheme_widths);
  if (report->schemes->len == 0)
    {
      schemes->note = g_strdup ("No CQUIN schemes are imported for this commissioner and year.");
      add_table (pdf, "CQUIN", schemes);
      return TRUE;
    }
  {
    g_autofree char *value = money (report->total.value_pence);
    g_autofree char *earned = money (report->total.earned_pence);
    g_autofree char *withheld = money (report->total.withheld_pence);
    g_autofree char *pending = money (report->total.pending_pence);

    schemes->note = g_strdup_printf ("This year: CQUIN value %s, earned %s, withheld %s, at "
                                     "risk with the result pending %s.", value, earned,
                                     withheld, pending);
  }
  for (guint s = 0; s < report->schemes->len; s++)
    {
      const PdCquinSchemeItem *scheme = &g_array_index (report->schemes, PdCquinSchemeItem, s);

      pdf_table_add (schemes, g_strdup (scheme->provider),
                     _pd_pack_organisation_name (pack->workspace, scheme->provider),
                     money (scheme->contract_value_pence),
                     percent (scheme->cquin_percent / 100.0),
                     money (scheme->totals.value_pence), money (scheme->totals.earned_pence),
                     money (scheme->totals.withheld_pence),
                     money (scheme->totals.pending_pence));
    }
  milestones = pdf_table_new (pdf, "CQUIN milestones: thresholds, results and money",
                              milestone_headers, milestone_widths);
  for (guint m = 0; m < report->milestones->len; m++)
    {
      const PdCquinMilestoneItem *ms = &g_array_index (report->milestones,
                                                       PdCquinMilestoneItem, m);
      const PdCquinIndicatorItem *ind = &g_array_index (report->indicators,
                                                        PdCquinIndicatorItem, ms->indicator);
      const PdCquinSchemeItem *scheme = &g_array_index (report->schemes, PdCquinSchemeItem,
                                                        ind->scheme);

      pdf_table_add (milestones, g_strdup (scheme->provider),
                     g_strdup_printf ("%s %s", ind->code, ind->name),
                     g_strdup_printf ("Q%d", ms->quarter), percent (ind->weight_percent / 100.0),
                     number (ms->min_threshold), number (ms->max_threshold),
                     ms->suppressed != NULL ? g_strdup ("suppressed")
                                            : number (ms->performance),
                     percent (ms->payment.achievement), money (ms->payment.at_risk_pence),
                     money (ms->payment.earned_pence), money (ms->payment.withheld_pence),
                     money (ms->payment.pending_pence));
    }
  add_table (pdf, "CQUIN", schemes);
  add_table (pdf, "CQUIN", milestones);
  return TRUE;
}

/* The year's months of one indicator's SPC, as the workbook's table has them. */
static PdfTable *
spc_table (Pdf                *pdf,
           const PdPackStatus *s)
{
  static const char * const headers[] = {
    "Month", "Value", "Mean", "Lower limit", "Upper limit", "Target", "Point", "Rule", NULL
  };
  static const double widths[] = { 70, 70, 70, 90, 90, 60, 170, 149 };
  g_autofree char *first = g_strdup_printf ("%04d-04-01", pdf->pack.year);
  PdfTable *table = pdf_table_new (pdf, NULL, headers, widths);

  for (guint i = 0; i < s->series->points->len; i++)
    {
      const PdIndicatorPoint *point = &g_array_index (s->series->points, PdIndicatorPoint, i);
      const PdSpcPoint *spc = &s->result->points[i];

      if (strcmp (point->period_start, first) < 0)
        continue;
      pdf_table_add (table, g_strndup (point->period_start, 7), number (spc->value),
                     number (spc->mean), number (spc->lpl), number (spc->upl),
                     number (spc->target),
                     g_strdup (point->suppressed ? "Suppressed (small numbers)"
                               : spc->missing ? "No value" : _pd_pack_point_words (spc)),
                     g_strdup (_pd_pack_rule_words (spc->rule)));
    }
  return table;
}

/* Every provider's year total of one indicator against its funnel limits. */
static PdfTable *
funnel_table (Pdf               *pdf,
              const PdIndicator *indicator,
              GError           **error)
{
  static const char * const headers[] = {
    "Provider", "Provider name", "Numerator", "Denominator", "Value", "Lower 99.8%",
    "Lower 95%", "Upper 95%", "Upper 99.8%", "Where it lies", NULL
  };
  static const double widths[] = { 55, 180, 60, 68, 50, 62, 62, 62, 62, 108 };
  PdPack *pack = &pdf->pack;
  g_autofree char *first = g_strdup_printf ("%04d-04-01", pack->year);
  g_autoptr(GArray) totals = NULL;
  g_autoptr(PdFunnel) funnel = NULL;
  g_autofree double *num = NULL;
  g_autofree double *den = NULL;
  PdFunnelOptions options;
  PdfTable *table;

  totals = pd_indicator_totals_query (pack->workspace, indicator->code, PD_PERIOD_MONTH, first,
                                      pack->last_month, error);
  if (totals == NULL)
    return NULL;
  table = pdf_table_new (pdf, NULL, headers, widths);
  if (totals->len < 2)
    return table;
  num = g_new (double, totals->len);
  den = g_new (double, totals->len);
  for (guint i = 0; i < totals->len; i++)
    {
      num[i] = g_array_index (totals, PdIndicatorTotal, i).numerator;
      den[i] = g_array_index (totals, PdIndicatorTotal, i).denominator;
    }
  pd_funnel_options_init (&options, g_strcmp0 (indicator->unit, "proportion") == 0
                                    ? PD_FUNNEL_PROPORTION
                                    : g_strcmp0 (indicator->unit, "ratio") == 0
                                    ? PD_FUNNEL_RATIO : PD_FUNNEL_RATE);
  options.multiplier = indicator->multiplier > 0 ? indicator->multiplier : 1;
  funnel = pd_funnel_compute (num, den, totals->len, &options);
  for (guint i = 0; i < totals->len; i++)
    {
      const PdIndicatorTotal *total = &g_array_index (totals, PdIndicatorTotal, i);
      const PdFunnelUnit *unit = &funnel->units[i];
      g_autofree char *name = _pd_pack_organisation_name (pack->workspace, total->provider);

      pdf_table_add (table,
                     g_strdup_printf ("%s%s", total->provider,
                                      g_strcmp0 (total->provider, pack->provider) == 0 ? " ◀"
                                                                                       : ""),
                     g_strdup (name), g_strdup_printf ("%.0f", total->numerator),
                     g_strdup_printf ("%.0f", total->denominator), number (unit->value),
                     number (unit->limits.lcl998), number (unit->limits.lcl95),
                     number (unit->limits.ucl95), number (unit->limits.ucl998),
                     g_strdup (_pd_pack_funnel_words (unit->classification)));
    }
  return table;
}

/* A value kept as text ("*" or a number in full) as the tables show numbers. */
static char *
shown_value (const char *text)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return NULL;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    return g_strdup (text);
  return number (value);
}

/* "Changes since the previous pack": every changed icon, month or value. */
static gboolean
plan_changes (Pdf     *pdf,
              GError **error)
{
  static const char * const headers[] = {
    "Provider", "Indicator", "Then", "Value then", "Variation then", "Assurance then", "Now",
    "Value now", "Variation now", "Assurance now", NULL
  };
  static const double widths[] = { 42, 128, 46, 52, 110, 85, 46, 52, 115, 93 };
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *against = NULL;
  g_autofree char *title = NULL;
  PdfTable *table;

  if (!_pd_pack_changes_since (&pdf->pack, &changes, &against, error))
    return FALSE;
  if (changes == NULL)
    return TRUE;
  title = g_strdup_printf ("Changes since the previous pack (%s)", against);
  table = pdf_table_new (pdf, title, headers, widths);
  pdf->n_changes = changes->len;
  pdf->changes_against = g_steal_pointer (&against);
  /* The summary says when nothing changed; a page is only for a list. */
  if (changes->len == 0)
    return TRUE;
  for (guint i = 0; i < changes->len; i++)
    {
      const PdPackChange *change = g_ptr_array_index (changes, i);
      const PdPackStatus *s = change->status;
      g_autofree char *now_value = _pd_pack_status_value (&pdf->pack, s);

      pdf_table_add (table, g_strdup (s->provider), g_strdup (s->indicator->name),
                     g_strdup (change->then_month), shown_value (change->then_value),
                     g_strdup (change->has_then ? change->then_variation
                                                : "Not in the previous pack"),
                     g_strdup (change->then_assurance),
                     g_strndup (g_array_index (s->series->points, PdIndicatorPoint,
                                               s->latest).period_start, 7),
                     shown_value (now_value),
                     g_strdup (s->n_small > 0 ? "Suppressed (small numbers)"
                                              : _pd_pack_variation_words (s->result->variation)),
                     g_strdup (s->n_small > 0 ? "Suppressed (small numbers)"
                                              : _pd_pack_assurance_words (s->result->assurance)));
    }
  add_table (pdf, "Executive summary", table);
  return TRUE;
}

/* The stored SPC changes the pack applied: who, when, why. */
static void
plan_changes_in_force (Pdf *pdf)
{
  static const char * const headers[] = {
    "Indicator", "Provider", "Change", "Period", "Reason", "Recorded by", "Recorded (UTC)", NULL
  };
  static const double widths[] = { 70, 50, 170, 70, 250, 70, 89 };
  static const char * const kinds[] = {
    [PD_SPC_CHANGE_BASELINE] = "Baseline: limits from the points up to the period",
    [PD_SPC_CHANGE_RECALCULATION] = "Limits recalculated from the period",
    [PD_SPC_CHANGE_GHOST] = "Point left out of the calculations",
    [PD_SPC_CHANGE_ANNOTATION] = "Annotation",
  };
  GPtrArray *changes = pdf->pack.changes;
  PdfTable *table = pdf_table_new (pdf, "Stored SPC changes in force", headers, widths);

  if (changes == NULL || changes->len == 0)
    table->note = g_strdup ("None: every chart's limits are from all its points.");
  else
    table->note = g_strdup ("The SPC tables, charts, scorecard and exceptions apply these "
                            "baselines, recalculations and left-out points, recorded in the "
                            "Quality view.");
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      const PdSpcChange *change = g_ptr_array_index (changes, i);

      pdf_table_add (table, g_strdup (change->indicator), g_strdup (change->provider),
                     g_strdup ((guint) change->kind < G_N_ELEMENTS (kinds) ? kinds[change->kind]
                                                                         : ""),
                     g_strndup (change->period, 7), g_strdup (change->reason),
                     g_strdup (change->author),
                     g_strndup (change->created_at != NULL ? change->created_at : "", 16));
    }
  add_table (pdf, "Data sources", table);
}

/* Draws @table's rows from @first_row (at most @max_rows) from @y; returns the bottom. */
static double
draw_table (Pdf            *pdf,
            const PdfTable *table,
            guint           first_row,
            guint           max_rows,
            double          y)
{
  cairo_t *cr = pdf->cr;
  double x;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  if (table->title != NULL)
    {
      g_autofree char *title = first_row > 0 ? g_strdup_printf ("%s (continued)", table->title)
                                             : g_strdup (table->title);
      y += draw_text (cr, MARGIN, y, PAGE_WIDTH - 2 * MARGIN, "DejaVu Sans Bold 10", title) + 4;
    }
  if (table->note != NULL && first_row == 0)
    y += draw_text (cr, MARGIN, y, PAGE_WIDTH - 2 * MARGIN, "DejaVu Sans 8.5", table->note) + 6;
  if (table->rows->len == 0)
    return y;
  x = MARGIN;
  for (guint c = 0; c < table->n_columns; c++)
    {
      draw_cell (cr, x, y, table->widths[c] - 4, "DejaVu Sans Bold 6.5", table->headers[c]);
      x += table->widths[c];
    }
  y += 15;
  for (guint i = first_row; i < table->rows->len && i < first_row + max_rows; i++)
    {
      GStrv row = g_ptr_array_index (table->rows, i);

      if (i % 2 == 1)
        {
          cairo_set_source_rgb (cr, 0.94, 0.94, 0.94);
          cairo_rectangle (cr, MARGIN - 2, y - 1, PAGE_WIDTH - 2 * MARGIN + 4, 14);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      x = MARGIN;
      for (guint c = 0; c < table->n_columns; c++)
        {
          draw_cell (cr, x, y, table->widths[c] - 4, "DejaVu Sans 6.5", row[c]);
          x += table->widths[c];
        }
      y += 14;
    }
  return y;
}

/* Every page, in order, before anything is drawn. */
static gboolean
plan_pages (Pdf     *pdf,
            GError **error)
{
  static const struct
  {
    const char          *domain;
    const char          *title;
    PdBoardPackSections  section;
  } quality[] = {
    { "safety", "Safety", PD_BOARD_PACK_SAFETY },
    { "effectiveness", "Effectiveness", PD_BOARD_PACK_EFFECTIVENESS },
    { "experience", "Experience", PD_BOARD_PACK_EXPERIENCE },
  };
  PdPack *pack = &pdf->pack;
  const PdBoardPackOptions *options = pack->options;
  PdChartQuery query = { 0 };

  add_page (pdf, PAGE_COVER, "Cover");
  add_page (pdf, PAGE_CONTENTS, "Contents");
  if (pd_board_pack_wants (options, PD_BOARD_PACK_SUMMARY))
    {
      add_page (pdf, PAGE_SUMMARY, "Executive summary");
      if (!plan_changes (pdf, error))
        return FALSE;
    }
  for (guint row = 0; pd_board_pack_wants (options, PD_BOARD_PACK_SCORECARD) &&
                      row < pack->statuses->len; row += SCORECARD_ROWS)
    {
      add_page (pdf, PAGE_SCORECARD, "Scorecard");
      g_array_index (pdf->pages, Page, pdf->pages->len - 1).first_row = row;
    }

  query.commissioner = pack->commissioner;
  query.year = pack->year;
  if (pd_board_pack_wants (options, PD_BOARD_PACK_SPEND))
    {
      add_chart (pdf, "Spend mix", PD_CHART_KIND_SPEND_MIX, &query);
      if (!plan_spend (pdf, error))
        return FALSE;
    }
  if (pd_board_pack_wants (options, PD_BOARD_PACK_OUTLOOK))
    {
      add_chart (pdf, "Financial outlook", PD_CHART_KIND_OUTLOOK, &query);
      if (!plan_outlook (pdf, error))
        return FALSE;
    }
  query.provider = pack->provider;
  if (pd_board_pack_wants (options, PD_BOARD_PACK_CQUIN))
    {
      add_chart (pdf, "CQUIN", PD_CHART_KIND_CQUIN, &query);
      if (!plan_cquin (pdf, error))
        return FALSE;
    }

  for (guint d = 0; d < G_N_ELEMENTS (quality); d++)
    for (guint i = 0; pd_board_pack_wants (options, quality[d].section) &&
                      i < pack->statuses->len; i++)
      {
        const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);
        PdChartQuery spc = { 0 };

        if (g_strcmp0 (s->provider, pack->provider) != 0 ||
            g_strcmp0 (s->indicator->domain, quality[d].domain) != 0)
          continue;
        /* A public pack draws no series with a hidden month: its points would show it. */
        if (s->n_small > 0)
          {
            pdf->hidden_spc++;
            continue;
          }
        spc.provider = s->provider;
        spc.indicator = s->indicator->code;
        spc.last = pack->last_month;
        add_chart_table (pdf, quality[d].title, PD_CHART_KIND_SPC, &spc, spc_table (pdf, s));
      }
  for (guint i = 0; pd_board_pack_wants (options, PD_BOARD_PACK_BENCHMARKS) &&
                    i < pack->statuses->len; i++)
    {
      const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);
      PdChartQuery funnel = { 0 };
      PdfTable *table;

      if (g_strcmp0 (s->provider, pack->provider) != 0 || !is_funnel_unit (s->indicator) ||
          g_strcmp0 (s->indicator->domain, "resources") == 0)
        continue;
      if (funnel_has_small_numbers (pdf, s->indicator))
        {
          pdf->hidden_funnels++;
          continue;
        }
      funnel.provider = s->provider;
      funnel.indicator = s->indicator->code;
      funnel.year = pack->year;
      table = funnel_table (pdf, s->indicator, error);
      if (table == NULL)
        return FALSE;
      add_chart_table (pdf, "Benchmarks", PD_CHART_KIND_FUNNEL, &funnel, table);
    }
  for (guint i = 0; pd_board_pack_wants (options, PD_BOARD_PACK_EXCEPTIONS) &&
                    i < pack->statuses->len; i++)
    {
      const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);

      if (!s->concern && !s->fails)
        continue;
      add_page (pdf, PAGE_EXCEPTION, "Exceptions");
      g_array_index (pdf->pages, Page, pdf->pages->len - 1).status = s;
    }
  for (guint row = 0; pd_board_pack_wants (options, PD_BOARD_PACK_SOURCES) &&
                      (row == 0 || row < pdf->summary->imports->len); row += SOURCES_ROWS)
    {
      add_page (pdf, PAGE_SOURCES, "Data sources");
      g_array_index (pdf->pages, Page, pdf->pages->len - 1).first_row = row;
    }
  /* The workbook's "Indicator definitions" table, in the same section. */
  for (guint row = 0; pd_board_pack_wants (options, PD_BOARD_PACK_SOURCES) &&
                      row < pack->indicators->len; row += DEFINITIONS_ROWS)
    {
      add_page (pdf, PAGE_DEFINITIONS, "Data sources");
      g_array_index (pdf->pages, Page, pdf->pages->len - 1).first_row = row;
    }
  if (pd_board_pack_wants (options, PD_BOARD_PACK_SOURCES))
    plan_changes_in_force (pdf);
  return TRUE;
}

/* Draws wrapped text at (x, y) and returns its height. */
static double
draw_text (cairo_t    *cr,
           double      x,
           double      y,
           double      width,
           const char *font,
           const char *text)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* One line of a table cell, cut with an ellipsis where it would run into the next. */
static void
draw_cell (cairo_t    *cr,
           double      x,
           double      y,
           double      width,
           const char *font,
           const char *text)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static double
text_width (cairo_t    *cr,
            const char *font,
            const char *text)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static void
draw_frame (Pdf        *pdf,
            const Page *page,
            guint       number)
{
  cairo_t *cr = pdf->cr;
  g_autofree char *footer = g_strdup_printf ("Page %u of %u", number, pdf->pages->len);
  const char *marking = pdf->pack.options->marking;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  if (page->kind != PAGE_COVER)
    {
      draw_text (cr, MARGIN, MARGIN - 6, PAGE_WIDTH - 2 * MARGIN, "DejaVu Sans Bold 17",
                 page->section);
      cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
      draw_text (cr, MARGIN, MARGIN + 22, PAGE_WIDTH - 2 * MARGIN, "DejaVu Sans 10",
                 pdf->pack.subtitle);
    }
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  draw_text (cr, MARGIN, PAGE_HEIGHT - 26, 250, "DejaVu Sans 8", page->section);
  draw_text (cr, PAGE_WIDTH / 2 - text_width (cr, "DejaVu Sans Bold 8", marking) / 2,
             PAGE_HEIGHT - 26, 300, "DejaVu Sans Bold 8", marking);
  draw_text (cr, PAGE_WIDTH - MARGIN - text_width (cr, "DejaVu Sans 8", footer),
             PAGE_HEIGHT - 26, 150, "DejaVu Sans 8", footer);
}

static gboolean
draw_chart (Pdf                *pdf,
            PdChartKind         kind,
            const PdChartQuery *query,
            double              x,
            double              y,
            double              width,
            double              height,
            GError            **error)
{
  g_autoptr(PdChartSpec) spec = NULL;

  /* SPC charts carry the pack's stored changes, as the tables do. */
  if (kind == PD_CHART_KIND_SPC)
    spec = _pd_pack_spc_spec (&pdf->pack, query->indicator, query->provider, error);
  else
    spec = pd_chart_query_build (pdf->pack.workspace, kind, query, error);
  if (spec == NULL)
    return FALSE;
  cairo_save (pdf->cr);
  cairo_translate (pdf->cr, x, y);
  cairo_rectangle (pdf->cr, 0, 0, width, height);
  cairo_clip (pdf->cr);
  pd_chart_render (spec, &pdf->theme, pdf->cr, width, height, NULL);
  cairo_restore (pdf->cr);
  return TRUE;
}

static void
draw_cover (Pdf *pdf)
{
  PdPack *pack = &pdf->pack;
  cairo_t *cr = pdf->cr;
  g_autofree char *title = g_strdup_printf ("Board pack: %s", pack->commissioner_name);
  g_autofree char *generated = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *file = g_path_get_basename (pd_workspace_get_path (pack->workspace));
  g_autoptr(GDateTime) now = NULL;
  GDateTime *at = pack->options->generated_at;
  double y = 150;

  if (at == NULL)
    at = now = g_date_time_new_now_utc ();
  generated = g_date_time_format (at, "%Y-%m-%d %H:%M UTC");
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  y += draw_text (cr, MARGIN + 40, y, PAGE_WIDTH - 2 * MARGIN - 80, "DejaVu Sans Bold 28",
                  title) + 10;
  y += draw_text (cr, MARGIN + 40, y, PAGE_WIDTH - 2 * MARGIN - 80, "DejaVu Sans 16",
                  pack->subtitle) + 30;
  lines = g_strdup_printf ("Organisation: %s (%s)\nPeriod: financial year %s\n"
                           "Quality indicators of: %s\nGenerated: %s by pctdash %s\n"
                           "Workspace file: %s\nProtective marking: %s",
                           pack->commissioner_name, pack->commissioner, pack->year_label,
                           pack->provider_name != NULL ? pack->provider_name : "each indicator's "
                           "first provider", generated, PACKAGE_VERSION,
                           file, pack->options->marking);
  y += draw_text (cr, MARGIN + 40, y, PAGE_WIDTH - 2 * MARGIN - 80, "DejaVu Sans 12",
                  lines) + 24;
  if (pack->options->public_pack)
    {
      g_autofree char *note = g_strdup_printf (
        "Public pack: counts from 1 to %u, and rates or proportions made from them, are "
        "hidden; charts and funnels that would show them are left out.",
        (pack->options->small_number > 0 ? pack->options->small_number : 5) - 1);
      y += draw_text (cr, MARGIN + 40, y, PAGE_WIDTH - 2 * MARGIN - 80, "DejaVu Sans Bold 11",
                      note) + 12;
    }
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  draw_text (cr, MARGIN + 40, y, PAGE_WIDTH - 2 * MARGIN - 80, "DejaVu Sans 10",
             "This document is neither encrypted nor password protected. The marking tells "
             "readers how to handle it; it does not stop anyone copying or forwarding it.");
}

static void
draw_contents (Pdf *pdf)
{
  cairo_t *cr = pdf->cr;
  const char *previous = NULL;
  double y = BODY_TOP;

  for (guint i = 0; i < pdf->pages->len; i++)
    {
      const Page *page = &g_array_index (pdf->pages, Page, i);
      g_autofree char *link = NULL;
      g_autofree char *number = NULL;

      if (page->kind == PAGE_COVER || page->kind == PAGE_CONTENTS ||
          g_strcmp0 (page->section, previous) == 0)
        continue;
      previous = page->section;
      link = g_strdup_printf ("page=%u", i + 1);
      number = g_strdup_printf ("%u", i + 1);
      cairo_tag_begin (cr, CAIRO_TAG_LINK, link);
      cairo_set_source_rgb (cr, 0.0, 0.27, 0.55);
      draw_text (cr, MARGIN + 20, y, 400, "DejaVu Sans 13", page->section);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      draw_text (cr, MARGIN + 460, y, 80, "DejaVu Sans 13", number);
      cairo_tag_end (cr, CAIRO_TAG_LINK);
      y += 26;
    }
}

static void
draw_summary (Pdf *pdf)
{
  PdPack *pack = &pdf->pack;
  cairo_t *cr = pdf->cr;
  g_autoptr(GArray) years = pd_finance_outlook_query (pack->workspace, pack->commissioner, NULL);
  g_autoptr(PdCquinReport) report = pd_cquin_report_query (pack->workspace, pack->year,
                                                           pack->commissioner, NULL, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_concern = 0, n_fail = 0, n_listed = 0, n_exceptions = 0;

  for (guint i = 0; years != NULL && i < years->len; i++)
    {
      const PdFinanceYear *year = &g_array_index (years, PdFinanceYear, i);
      g_autofree char *allocation = NULL;
      g_autofree char *spend = NULL;
      g_autofree char *gap = NULL;

      if (year->year != pack->year)
        continue;
      spend = pd_chart_format_value (PD_CHART_FORMAT_POUNDS, year->spend_pence / 100.0, 0);
      if (year->has_allocation)
        {
          allocation = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                              year->allocation_pence / 100.0, 0);
          gap = pd_chart_format_value (PD_CHART_FORMAT_POUNDS, fabs (year->gap_pence / 100.0),
                                       0);
          g_string_append_printf (text, "Money: %s spent of an allocation of %s, %s %s "
                                  "(%.1f%%).\n", spend, allocation, gap,
                                  year->gap_pence >= 0 ? "underspent" : "overspent",
                                  fabs (year->gap_percent));
        }
      else
        g_string_append_printf (text, "Money: %s spent; no allocation is imported.\n", spend);
    }
  if (report != NULL && report->schemes->len > 0)
    {
      g_autofree char *earned = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                                       report->total.earned_pence / 100.0, 0);
      g_autofree char *withheld = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                                         report->total.withheld_pence / 100.0,
                                                         0);
      g_autofree char *pending = pd_chart_format_value (PD_CHART_FORMAT_POUNDS,
                                                        report->total.pending_pence / 100.0, 0);
      g_string_append_printf (text, "CQUIN: %s earned, %s withheld, %s at risk pending "
                              "results.\n", earned, withheld, pending);
    }
  for (guint i = 0; i < pack->statuses->len; i++)
    {
      const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);
      n_concern += s->concern;
      n_fail += s->fails;
    }
  g_string_append_printf (text, "Quality: of %u indicators at the commissioner's main "
                          "providers, %u have a latest point that is a special cause of "
                          "concern and %u consistently fail their target.\n\n",
                          pack->statuses->len, n_concern, n_fail);
  for (guint i = 0; i < pack->statuses->len; i++)
    {
      const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);

      if (!s->concern && !s->fails)
        continue;
      n_exceptions++;
      if (n_listed == 12)
        continue;
      g_string_append_printf (text, "• %s — %s: %s\n", s->indicator->name, s->provider_name,
                              s->concern ? _pd_pack_variation_words (s->result->variation)
                                         : _pd_pack_assurance_words (s->result->assurance));
      n_listed++;
    }
  if (n_exceptions > n_listed)
    g_string_append_printf (text, "… and %u more in Exceptions.\n", n_exceptions - n_listed);
  if (pack->options->public_pack)
    g_string_append_printf (text, "\nPublic pack: counts from 1 to %u are hidden; %u SPC "
                            "chart%s and %u funnel plot%s that would show them %s left out.\n",
                            (pack->options->small_number > 0 ? pack->options->small_number
                                                             : 5) - 1,
                            pdf->hidden_spc, pdf->hidden_spc == 1 ? "" : "s",
                            pdf->hidden_funnels, pdf->hidden_funnels == 1 ? "" : "s",
                            pdf->hidden_spc + pdf->hidden_funnels == 1 ? "is" : "are");
  if (pdf->changes_against != NULL)
    g_string_append_printf (text, "\nChanges since the previous pack (%s): %u indicator%s "
                            "changed variation, assurance or latest value%s.",
                            pdf->changes_against, pdf->n_changes,
                            pdf->n_changes == 1 ? "" : "s",
                            pdf->n_changes > 0 ? ", listed on the next page" : "");
  else
    g_string_append (text, "\nChanges since the previous pack: save packs as snapshots "
                           "(pctdash-cli export --snapshot) or give the previous pack to "
                           "compare with.");
  if (pack->options->narrative != NULL && pack->options->narrative[0] != '\0')
    g_string_prepend (text, "\n\n");
  if (pack->options->narrative != NULL && pack->options->narrative[0] != '\0')
    g_string_prepend (text, pack->options->narrative);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, MARGIN, BODY_TOP, PAGE_WIDTH - 2 * MARGIN, "DejaVu Sans 12", text->str);
}

static gboolean
draw_exception (Pdf                *pdf,
                const PdPackStatus *s,
                GError            **error)
{
  PdPack *pack = &pdf->pack;
  const PdSpcPoint *point = &s->result->points[s->latest];
  g_autofree char *explain = pd_spc_point_explain (s->result, s->latest);
  g_autofree char *text = NULL;
  g_autofree char *gap = NULL;
  PdChartQuery query = { 0 };

  query.provider = s->provider;
  query.indicator = s->indicator->code;
  query.last = pack->last_month;
  if (!draw_chart (pdf, PD_CHART_KIND_SPC, &query, MARGIN, BODY_TOP, PAGE_WIDTH - 2 * MARGIN,
                   300, error))
    return FALSE;
  gap = isfinite (point->target) ? g_strdup_printf ("%g", point->value - point->target)
                                 : g_strdup ("no target");
  text = g_strdup_printf ("Why it is here: %s%s%s.\nThe latest point: %s\nGap to target: %s\n"
                          "Actions: ________________________________________________\n"
                          "Owner: %s          Recovery date: ______________",
                          s->concern ? _pd_pack_variation_words (s->result->variation) : "",
                          s->concern && s->fails ? "; " : "",
                          s->fails ? _pd_pack_assurance_words (s->result->assurance) : "",
                          explain, gap, s->provider_name);
  cairo_set_source_rgb (pdf->cr, 0.1, 0.1, 0.1);
  draw_text (pdf->cr, MARGIN, BODY_TOP + 310, PAGE_WIDTH - 2 * MARGIN, "DejaVu Sans 11", text);
  return TRUE;
}

/* The scorecard as the workbook has it: every indicator at the main providers, the
 * latest value and target, variation and assurance in words. */
static void
draw_scorecard (Pdf  *pdf,
                guint first_row)
{
  static const double columns[] = { 0, 56, 325, 372, 425, 468, 600 };
  static const char * const headers[] = { "Provider", "Indicator", "Latest", "Value",
                                          "Target", "Variation", "Assurance" };
  cairo_t *cr = pdf->cr;
  GPtrArray *statuses = pdf->pack.statuses;
  double y = BODY_TOP;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    draw_text (cr, MARGIN + columns[c], y, 150, "DejaVu Sans Bold 8", headers[c]);
  y += 17;
  for (guint i = first_row; i < statuses->len && i < first_row + SCORECARD_ROWS; i++)
    {
      const PdPackStatus *s = g_ptr_array_index (statuses, i);
      const PdSpcPoint *point = &s->result->points[s->latest];
      const char *period = g_array_index (s->series->points, PdIndicatorPoint,
                                          s->latest).period_start;
      g_autofree char *month = g_strndup (period, 7);
      const PdIndicatorPoint *latest = &g_array_index (s->series->points, PdIndicatorPoint,
                                                       s->latest);
      gboolean hidden = s->n_small > 0;
      g_autofree char *value = hidden && _pd_pack_point_is_small (&pdf->pack, s->indicator,
                                                                  latest)
                               ? g_strdup ("*") : g_strdup_printf ("%g", point->value);
      g_autofree char *target = isfinite (point->target) ? g_strdup_printf ("%g", point->target)
                                                         : g_strdup ("");

      if (i % 2 == 1)
        {
          cairo_set_source_rgb (cr, 0.94, 0.94, 0.94);
          cairo_rectangle (cr, MARGIN - 2, y - 1, PAGE_WIDTH - 2 * MARGIN + 4, 17);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      draw_cell (cr, MARGIN + columns[0], y, 52, "DejaVu Sans 7.5", s->provider);
      draw_cell (cr, MARGIN + columns[1], y, 265, "DejaVu Sans 7.5", s->indicator->name);
      draw_cell (cr, MARGIN + columns[2], y, 45, "DejaVu Sans 7.5", month);
      draw_cell (cr, MARGIN + columns[3], y, 50, "DejaVu Sans 7.5", value);
      draw_cell (cr, MARGIN + columns[4], y, 40, "DejaVu Sans 7.5", target);
      draw_cell (cr, MARGIN + columns[5], y, 128, "DejaVu Sans 7.5",
                 hidden ? "Suppressed (small numbers)"
                        : _pd_pack_variation_words (s->result->variation));
      draw_cell (cr, MARGIN + columns[6], y, PAGE_WIDTH - 2 * MARGIN - columns[6],
                 "DejaVu Sans 7.5", hidden ? "Suppressed (small numbers)"
                                           : _pd_pack_assurance_words (s->result->assurance));
      y += 17;
    }
}

static void
draw_sources (Pdf  *pdf,
              guint first_row)
{
  static const double columns[] = { 0, 160, 270, 395, 450 };
  static const char * const headers[] = { "File", "Imported (UTC)", "Kinds", "Rows",
                                          "SHA-256" };
  cairo_t *cr = pdf->cr;
  GPtrArray *imports = pdf->summary->imports;
  double y = BODY_TOP;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    draw_text (cr, MARGIN + columns[c], y, 180, "DejaVu Sans Bold 9", headers[c]);
  y += 18;
  if (imports->len == 0)
    draw_text (cr, MARGIN, y, 400, "DejaVu Sans 9", "Nothing has been imported.");
  for (guint i = first_row; i < imports->len && i < first_row + SOURCES_ROWS; i++)
    {
      const PdImportRecord *record = g_ptr_array_index (imports, i);
      g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT, record->rows);
      /* "2026-11-23T19:17:24Z" read as "2026-11-23 19:17". */
      g_autofree char *when = g_strndup (record->imported_at, 16);

      if (strlen (when) > 10)
        when[10] = ' ';

      draw_cell (cr, MARGIN + columns[0], y, 155, "DejaVu Sans 8", record->file_name);
      draw_cell (cr, MARGIN + columns[1], y, 105, "DejaVu Sans 8", when);
      /* An import with no parts has no kinds (the importer always writes parts, but a
       * workspace written by hand need not). */
      draw_cell (cr, MARGIN + columns[2], y, 120, "DejaVu Sans 8",
                 record->kinds != NULL ? record->kinds : "");
      draw_cell (cr, MARGIN + columns[3], y, 50, "DejaVu Sans 8", rows);
      draw_cell (cr, MARGIN + columns[4], y, 320, "DejaVu Sans Mono 6", record->sha256);
      y += 19;
    }
}

/* The indicator definitions, as the workbook's "Data sources and notes" sheet lists them. */
static void
draw_definitions (Pdf  *pdf,
                  guint first_row)
{
  static const double columns[] = { 0, 62, 316, 390, 452, 502, 546, 614 };
  static const char * const headers[] = { "Code", "Name", "Domain", "Unit", "Polarity",
                                          "Target", "Multiplier", "Source" };
  cairo_t *cr = pdf->cr;
  GPtrArray *indicators = pdf->pack.indicators;
  double y = BODY_TOP;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  draw_text (cr, MARGIN, y, 400, "DejaVu Sans Bold 10", "Indicator definitions");
  y += 20;
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    draw_text (cr, MARGIN + columns[c], y, 150, "DejaVu Sans Bold 8", headers[c]);
  y += 17;
  for (guint i = first_row; i < indicators->len && i < first_row + DEFINITIONS_ROWS; i++)
    {
      const PdIndicator *ind = g_ptr_array_index (indicators, i);
      g_autofree char *target = isfinite (ind->target) ? g_strdup_printf ("%g", ind->target)
                                                       : g_strdup ("");
      g_autofree char *multiplier = g_strdup_printf ("%g", ind->multiplier);
      const double widths[] = { 58, 250, 70, 58, 46, 40, 64,
                                PAGE_WIDTH - 2 * MARGIN - columns[7] };
      const char *cells[] = { ind->code, ind->name, ind->domain, ind->unit, ind->polarity,
                              target, multiplier, ind->source };

      if (i % 2 == 1)
        {
          cairo_set_source_rgb (cr, 0.94, 0.94, 0.94);
          cairo_rectangle (cr, MARGIN - 2, y - 1, PAGE_WIDTH - 2 * MARGIN + 4, 17);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        draw_cell (cr, MARGIN + columns[c], y, widths[c], "DejaVu Sans 7.5",
                   cells[c] != NULL ? cells[c] : "");
      y += 17;
    }
}

static gboolean
draw_page (Pdf        *pdf,
           const Page *page,
           guint       number,
           GError    **error)
{
  double height = BODY_BOTTOM - BODY_TOP;

  if (number == 1 || g_strcmp0 (page->section,
                                g_array_index (pdf->pages, Page, number - 2).section) != 0)
    {
      g_autofree char *link = g_strdup_printf ("page=%u", number);
      cairo_pdf_surface_add_outline (pdf->surface, CAIRO_PDF_OUTLINE_ROOT, page->section, link,
                                     0);
    }
  draw_frame (pdf, page, number);
  switch (page->kind)
    {
    case PAGE_COVER:
      draw_cover (pdf);
      break;
    case PAGE_CONTENTS:
      draw_contents (pdf);
      break;
    case PAGE_SUMMARY:
      draw_summary (pdf);
      break;
    case PAGE_CHARTS:
      for (guint i = 0; i < page->n_charts; i++)
        {
          double h = page->n_charts == 1 ? height : height / 2 - 6;
          if (!draw_chart (pdf, page->chart_kinds[i], &page->queries[i], MARGIN,
                           BODY_TOP + i * (h + 12), PAGE_WIDTH - 2 * MARGIN, h, error))
            return FALSE;
        }
      break;
    case PAGE_EXCEPTION:
      if (!draw_exception (pdf, page->status, error))
        return FALSE;
      break;
    case PAGE_SOURCES:
      draw_sources (pdf, page->first_row);
      break;
    case PAGE_SCORECARD:
      draw_scorecard (pdf, page->first_row);
      break;
    case PAGE_DEFINITIONS:
      draw_definitions (pdf, page->first_row);
      break;
    case PAGE_TABLE:
      draw_table (pdf, page->table, page->first_row, TABLE_ROWS, BODY_TOP);
      break;
    case PAGE_CHART_TABLE:
      if (!draw_chart (pdf, page->chart_kinds[0], &page->queries[0], MARGIN, BODY_TOP,
                       PAGE_WIDTH - 2 * MARGIN, CHART_TABLE_CHART, error))
        return FALSE;
      {
        double y = draw_table (pdf, page->table, 0, CHART_TABLE_ROWS,
                               BODY_TOP + CHART_TABLE_CHART + 8);

        if (page->table->rows->len > CHART_TABLE_ROWS)
          {
            g_autofree char *more = g_strdup_printf ("… and %u more rows: the workbook has "
                                                     "them all.", page->table->rows->len -
                                                     CHART_TABLE_ROWS);
            draw_text (pdf->cr, MARGIN, y + 2, PAGE_WIDTH - 2 * MARGIN, "DejaVu Sans 8", more);
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }
  cairo_show_page (pdf->cr);
  return TRUE;
}

/* cairo's write function: all of @data to the temporary file, or the system's reason
 * kept for the message. */
static cairo_status_t
write_to_fd (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  Pdf *pdf = closure;

  while (length > 0)
    {
      ssize_t n = write (pdf->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          pdf->write_errno = n < 0 ? errno : ENOSPC;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

/* Draws every page into pdf->fd; @path is the target, for messages. */
static gboolean
draw_document (Pdf          *pdf,
               const char   *path,
               GCancellable *cancellable,
               GError      **error)
{
  g_autofree char *title = g_strdup_printf ("Board pack: %s, %s", pdf->pack.commissioner_name,
                                            pdf->pack.year_label);
  GDateTime *at = pdf->pack.options->generated_at;
  cairo_status_t status;

  pdf->surface = cairo_pdf_surface_create_for_stream (write_to_fd, pdf, PAGE_WIDTH,
                                                      PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_SUBJECT,
                                  pdf->pack.options->marking);
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATOR,
                                  "pctdash " PACKAGE_VERSION);
  if (at != NULL)
    {
      /* A fixed time makes the same workspace give the same document. */
      g_autofree char *date = g_date_time_format (at, "%Y-%m-%dT%H:%M:%S");
      cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
    }
  pdf->cr = cairo_create (pdf->surface);
  pd_chart_theme_init (&pdf->theme, PD_CHART_THEME_PRINT);
  for (guint i = 0; i < pdf->pages->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !draw_page (pdf, &g_array_index (pdf->pages, Page, i), i + 1, error))
        return FALSE;
      _pd_pack_step_done (&pdf->pack);
    }
  cairo_surface_finish (pdf->surface);
  status = cairo_surface_status (pdf->surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_WRITE, "Could not write “%s”: %s",
                   display, pdf->write_errno != 0 ? g_strerror (pdf->write_errno)
                                                  : cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static void
pdf_clear (Pdf *pdf)
{
  g_clear_pointer (&pdf->cr, cairo_destroy);
  g_clear_pointer (&pdf->surface, cairo_surface_destroy);
  g_clear_pointer (&pdf->pages, g_array_unref);
  g_clear_pointer (&pdf->summary, pd_workspace_summary_free);
  g_clear_pointer (&pdf->tables, g_ptr_array_unref);
  g_clear_pointer (&pdf->changes_against, g_free);
  _pd_pack_clear (&pdf->pack);
}

/**
 * pd_board_pack_write_pdf:
 * @workspace: the workspace, used on the calling thread
 * @options: (nullable): what to report on; %NULL for the defaults
 * @path: the PDF file to write
 * @cancellable: (nullable): stops the work between pages
 * @error: a #GError
 *
 * Writes the board pack as a PDF: cover, contents with links, executive summary, the
 * scorecard, the spend mix, outlook and CQUIN charts, the main provider's SPC charts by domain, its
 * funnel plots, one page per exception and the data sources; A4 landscape, an outline,
 * "Page N of M" with the section and marking in every footer. Like the workbook it
 * appears at @path only when complete. A public pack leaves out every SPC chart with a
 * hidden month and every funnel with a hidden numerator, and says how many.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_board_pack_write_pdf (PdWorkspace              *workspace,
                         const PdBoardPackOptions *options,
                         const char               *path,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  return _pd_board_pack_write_pdf (workspace, options, path, NULL, cancellable, error);
}

gboolean
_pd_board_pack_write_pdf (PdWorkspace              *workspace,
                          const PdBoardPackOptions *options,
                          const char               *path,
                          char                    **out_scorecard,
                          GCancellable             *cancellable,
                          GError                  **error)
{
  PdBoardPackOptions defaults;
  Pdf pdf = { .fd = -1 };
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp = NULL;
  gboolean ok = FALSE;
  gboolean drawn;
  int fd, saved_errno;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    pd_board_pack_options_init (&defaults);
  else
    defaults = *options;
  if (defaults.marking == NULL)
    defaults.marking = "OFFICIAL";
  pdf.pack.workspace = workspace;
  pdf.pack.cancellable = cancellable;
  pdf.pages = g_array_new (FALSE, TRUE, sizeof (Page));
  if (!_pd_pack_resolve (&pdf.pack, &defaults, error))
    goto out;
  /* Progress: reading the SPC and planning the pages to a tenth, then a step for each
   * page and one for the file, complete once renamed. */
  _pd_pack_report_progress (&pdf.pack, 0.0);
  if (!_pd_pack_collect_statuses (&pdf.pack, error))
    goto out;
  _pd_pack_report_progress (&pdf.pack, 0.05);
  pdf.summary = pd_workspace_query_summary (workspace, error);
  if (pdf.summary == NULL)
    goto out;
  pdf.tables = g_ptr_array_new_with_free_func ((GDestroyNotify) pdf_table_free);
  if (!plan_pages (&pdf, error))
    goto out;
  pdf.pack.progress_base = 0.1;
  pdf.pack.n_steps = pdf.pages->len + 1;
  _pd_pack_report_progress (&pdf.pack, pdf.pack.progress_base);

  /* Beside the target, then renamed: a failure leaves nothing and an old file intact. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  temp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  pd_remove_stale_temp_files (path);
  fd = g_mkstemp_full (temp, O_RDWR, 0666);
  if (fd < 0)
    {
      g_autofree char *display = NULL;

      saved_errno = errno;
      display = g_filename_display_name (dir);
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_WRITE,
                   "Cannot write a file in the folder “%s”: %s", display,
                   g_strerror (saved_errno));
      g_clear_pointer (&temp, g_free);
      goto out;
    }
  pdf.fd = fd;
  drawn = draw_document (&pdf, path, cancellable, error);
  /* A document given up part way is finished into the file it began, which is then
   * removed: cairo's PDF surface asserts when it cannot write the pages it holds. */
  g_clear_pointer (&pdf.cr, cairo_destroy);
  if (pdf.surface != NULL)
    cairo_surface_finish (pdf.surface);
  pdf.fd = -1;
  /* A network file system may report a failed write only at close. */
  saved_errno = close (fd) == 0 ? 0 : errno;
  if (!drawn)
    goto out;
  if (saved_errno == 0)
    saved_errno = pd_replace_file_durably (temp, path);
  if (saved_errno != 0)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_WRITE, "Could not write “%s”: %s",
                   display, g_strerror (saved_errno));
      goto out;
    }
  g_clear_pointer (&temp, g_free);
  if (out_scorecard != NULL &&
      (*out_scorecard = _pd_pack_scorecard_json (&pdf.pack, error)) == NULL)
    goto out;
  _pd_pack_step_done (&pdf.pack);
  ok = TRUE;

out:
  pdf_clear (&pdf);
  if (temp != NULL)
    g_unlink (temp);
  return ok;
}
