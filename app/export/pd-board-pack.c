/* pd-board-pack.c — the board pack: a print-ready Excel workbook from the workspace
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "chart/pd-chart.h"
#include "chart/pd-chart-query.h"
#include "domain/pd-cquin.h"
#include "domain/pd-finance.h"
#include "domain/pd-indicators.h"
#include "domain/pd-organisations.h"
#include "domain/pd-spend.h"
#include "export/pd-board-pack.h"
#include "export/pd-board-pack-private.h"
#include "export/pd-export-workbook.h"
#include "export/pd-pack-snapshot.h"
#include "import/pd-xlsx-reader.h"
#include "stats/pd-funnel.h"
#include "stats/pd-spc.h"

/* Where the pictures go beside a table, and how big our rendered charts are. */
#define CHART_COL          10
#define CHART_ROWS         16   /* a native chart of 480 × 288 px covers about 15 rows */
#define IMAGE_WIDTH        720.0
#define IMAGE_HEIGHT       360.0
#define IMAGE_ROWS         19


void
_pd_pack_clear (PdPack *pack)
{
  g_free (pack->commissioner);
  g_free (pack->commissioner_name);
  g_free (pack->provider);
  g_free (pack->provider_name);
  g_free (pack->year_label);
  g_free (pack->subtitle);
  g_free (pack->last_month);
  g_clear_pointer (&pack->statuses, g_ptr_array_unref);
  g_clear_pointer (&pack->indicators, g_ptr_array_unref);
  g_clear_pointer (&pack->images, g_ptr_array_unref);
  g_clear_pointer (&pack->changes, g_ptr_array_unref);
}

/* Reports @fraction to options->progress unless an earlier report was higher. */
void
_pd_pack_report_progress (PdPack *pack,
                          double  fraction)
{
  g_assert (pack->options != NULL);

  fraction = CLAMP (fraction, 0.0, 1.0);
  if (fraction < pack->progress || pack->options->progress == NULL)
    return;
  pack->progress = fraction;
  pack->options->progress (fraction, pack->options->progress_data);
}

/* One step of n_steps done: 1 only with the last. */
void
_pd_pack_step_done (PdPack *pack)
{
  g_assert (pack->n_steps > 0);

  pack->steps_done = MIN (pack->steps_done + 1, pack->n_steps);
  _pd_pack_report_progress (pack, pack->progress_base + (1.0 - pack->progress_base)
                                                        * pack->steps_done / pack->n_steps);
}

/* @part of @parts of the next step done (0 < @part < @parts): a long step, such as a
 * quality sheet of many indicators, moves the bar as it goes. */
static void
step_part_done (PdPack *pack,
                guint   part,
                guint   parts)
{
  g_assert (part < parts);

  if (pack->n_steps == 0 || pack->steps_done >= pack->n_steps)
    return;
  _pd_pack_report_progress (pack, pack->progress_base + (1.0 - pack->progress_base)
                                                        * (pack->steps_done + (double) part / parts)
                                                        / pack->n_steps);
}

/**
 * pd_board_pack_options_init:
 * @options: options to fill
 *
 * Sets the defaults: the first commissioner, the latest year, marking "OFFICIAL", charts.
 */
void
pd_board_pack_options_init (PdBoardPackOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (PdBoardPackOptions) { 0 };
  options->charts = TRUE;
}

static const struct
{
  const char          *name;
  PdBoardPackSections  section;
} section_names[] = {
  { "summary", PD_BOARD_PACK_SUMMARY },
  { "scorecard", PD_BOARD_PACK_SCORECARD },
  { "spend", PD_BOARD_PACK_SPEND },
  { "outlook", PD_BOARD_PACK_OUTLOOK },
  { "cquin", PD_BOARD_PACK_CQUIN },
  { "safety", PD_BOARD_PACK_SAFETY },
  { "effectiveness", PD_BOARD_PACK_EFFECTIVENESS },
  { "experience", PD_BOARD_PACK_EXPERIENCE },
  { "benchmarks", PD_BOARD_PACK_BENCHMARKS },
  { "exceptions", PD_BOARD_PACK_EXCEPTIONS },
  { "sources", PD_BOARD_PACK_SOURCES },
};

/**
 * pd_board_pack_parse_sections:
 * @text: names separated by commas: summary, scorecard, spend, outlook, cquin, safety,
 *   effectiveness, experience, benchmarks, exceptions, sources
 * @out_sections: (out): the sections
 * @error: a #GError
 *
 * Returns: %TRUE when every name is a section
 */
gboolean
pd_board_pack_parse_sections (const char          *text,
                              PdBoardPackSections *out_sections,
                              GError             **error)
{
  g_auto(GStrv) names = NULL;
  PdBoardPackSections sections = 0;

  g_return_val_if_fail (text != NULL && out_sections != NULL, FALSE);

  names = g_strsplit (text, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      gboolean found = FALSE;

      g_strstrip (names[i]);
      for (guint k = 0; k < G_N_ELEMENTS (section_names); k++)
        if (g_ascii_strcasecmp (names[i], section_names[k].name) == 0)
          {
            sections |= section_names[k].section;
            found = TRUE;
          }
      if (!found)
        {
          g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                       "“%s” is not a section: use summary, scorecard, spend, outlook, cquin, "
                       "safety, effectiveness, experience, benchmarks, exceptions or sources",
                       names[i]);
          return FALSE;
        }
    }
  *out_sections = sections;
  return TRUE;
}

char *
pd_board_pack_sections_to_string (PdBoardPackSections sections)
{
  g_autoptr(GString) text = NULL;

  if (sections == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint k = 0; k < G_N_ELEMENTS (section_names); k++)
    if ((sections & section_names[k].section) != 0)
      g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "", section_names[k].name);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * pd_board_pack_wants:
 * @options: the options
 * @section: one section
 *
 * Returns: %TRUE when the pack has @section (every section when none is chosen)
 */
gboolean
pd_board_pack_wants (const PdBoardPackOptions *options,
                     PdBoardPackSections       section)
{
  g_return_val_if_fail (options != NULL, FALSE);
  return options->sections == 0 || (options->sections & section) != 0;
}

char *
_pd_pack_organisation_name (PdWorkspace *workspace,
                            const char  *code)
{
  g_autoptr(PdOrganisation) organisation = pd_organisation_lookup (workspace, code, NULL);

  if (organisation == NULL || organisation->name == NULL)
    return g_strdup (code);
  return g_strdup (organisation->name);
}

/* A public pack hides counts from 1 to the threshold − 1: an indicator that is a count,
 * or the numerator behind a rate or proportion. Zero is shown. */
gboolean
_pd_pack_is_small_count (const PdPack *pack,
                         double        count)
{
  guint threshold = pack->options->small_number > 0 ? pack->options->small_number : 5;

  return pack->options->public_pack && isfinite (count) && count > 0 && count < threshold;
}

gboolean
_pd_pack_point_is_small (const PdPack           *pack,
                         const PdIndicator      *indicator,
                         const PdIndicatorPoint *point)
{
  if (g_strcmp0 (indicator->unit, "count") == 0 && _pd_pack_is_small_count (pack, point->value))
    return TRUE;
  return _pd_pack_is_small_count (pack, point->numerator);
}

static guint
count_small_points (const PdPack            *pack,
                    const PdIndicator       *indicator,
                    const PdIndicatorSeries *series)
{
  guint n = 0;

  for (guint i = 0; i < series->points->len; i++)
    n += _pd_pack_point_is_small (pack, indicator,
                         &g_array_index (series->points, PdIndicatorPoint, i));
  return n;
}

#define SUPPRESSED "*"

/* Board papers speak in words, not in the statistics layer's identifiers. */
const char *
_pd_pack_variation_words (PdSpcVariationIcon icon)
{
  switch (icon)
    {
    case PD_SPC_VARIATION_COMMON_CAUSE:     return "Common cause variation";
    case PD_SPC_VARIATION_IMPROVEMENT_HIGH: return "Special cause: improvement (higher)";
    case PD_SPC_VARIATION_IMPROVEMENT_LOW:  return "Special cause: improvement (lower)";
    case PD_SPC_VARIATION_CONCERN_HIGH:     return "Special cause: concern (higher)";
    case PD_SPC_VARIATION_CONCERN_LOW:      return "Special cause: concern (lower)";
    case PD_SPC_VARIATION_NEUTRAL_HIGH:     return "Special cause: neither (higher)";
    case PD_SPC_VARIATION_NEUTRAL_LOW:      return "Special cause: neither (lower)";
    case PD_SPC_VARIATION_NONE:
    default:                                return "Too few points to judge";
    }
}

const char *
_pd_pack_assurance_words (PdSpcAssuranceIcon icon)
{
  switch (icon)
    {
    case PD_SPC_ASSURANCE_PASS:        return "Consistently passes the target";
    case PD_SPC_ASSURANCE_FAIL:        return "Consistently fails the target";
    case PD_SPC_ASSURANCE_HIT_OR_MISS: return "Hits and misses the target";
    case PD_SPC_ASSURANCE_NONE:
    default:                           return "No target assurance";
    }
}

const char *
_pd_pack_point_words (const PdSpcPoint *point)
{
  switch (point->point_type)
    {
    case PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT:  return "Special cause: improvement";
    case PD_SPC_POINT_SPECIAL_CAUSE_CONCERN:      return "Special cause: concern";
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_HIGH: return "Special cause: neither (high)";
    case PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW:  return "Special cause: neither (low)";
    case PD_SPC_POINT_COMMON_CAUSE:
    default:                                      return "Common cause";
    }
}

const char *
_pd_pack_rule_words (PdSpcRule rule)
{
  switch (rule)
    {
    case PD_SPC_RULE_OUTSIDE_LIMITS: return "Beyond a process limit";
    case PD_SPC_RULE_TREND:          return "Trend";
    case PD_SPC_RULE_TWO_IN_THREE:   return "Two of three near a limit";
    case PD_SPC_RULE_SHIFT:          return "Shift";
    case PD_SPC_RULE_NONE:
    default:                         return "";
    }
}

static void
set_columns (PdPack        *pack,
             PdExportSheet *sheet,
             const double  *widths,
             guint          n)
{
  for (guint i = 0; i < n; i++)
    pd_export_workbook_check (pack->book,
                              worksheet_set_column (sheet->worksheet, i, i, widths[i], NULL),
                              "Column width");
}

static PdExportSheet *
add_sheet (PdPack     *pack,
           const char *title,
           const char *description)
{
  PdExportSheet *sheet = pd_export_workbook_add_sheet (pack->book, title, description);

  if (sheet != NULL)
    pd_export_write_heading (pack->book, sheet, pack->subtitle, pack->contents);
  return sheet;
}

/* One "label: value" row; returns its row for a defined name. */
static lxw_row_t
write_label (PdPack        *pack,
             PdExportSheet *sheet,
             const char    *label,
             const char    *text)
{
  lxw_row_t row = sheet->row;

  pd_export_write_text (pack->book, sheet, row, 0, label, pack->f->label);
  pd_export_write_text (pack->book, sheet, row, 1, text, NULL);
  sheet->row = row + 1;
  return row;
}

static void
write_note (PdPack        *pack,
            PdExportSheet *sheet,
            const char    *text)
{
  lxw_row_t row = sheet->row;

  pd_export_write_text (pack->book, sheet, row, 0, text, NULL);
  sheet->row = row + 1;
}

/* Places a chart spec drawn by our renderer as a PNG, so paper shows what the window
 * shows. */
static void
insert_spec_image (PdPack            *pack,
                   PdExportSheet     *sheet,
                   lxw_row_t          row,
                   lxw_col_t          col,
                   const PdChartSpec *spec,
                   double             width,
                   double             height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;
  lxw_image_options image = { 0 };
  PdChartTheme theme;
  GBytes *png;

  pd_chart_theme_init (&theme, PD_CHART_THEME_PRINT);
  png = pd_chart_render_to_bytes (spec, &theme, PD_CHART_FILE_PNG, width, height, 1.0, &error);
  if (png == NULL)
    {
      pd_export_workbook_fail (pack->book, "Chart for “%s”: %s", sheet->title, error->message);
      return;
    }
  g_ptr_array_add (pack->images, png);
  /* The alt text is the chart's own summary, so a screen reader hears what it shows;
   * libxlsxwriter writes it into the drawing's XML as it is. */
  summary = pd_chart_spec_summarize (spec);
  description = pd_export_xml_text (summary);
  image.description = description;
  pd_export_workbook_check (pack->book,
                            worksheet_insert_image_buffer_opt (sheet->worksheet, row, col,
                                                               g_bytes_get_data (png, NULL),
                                                               g_bytes_get_size (png), &image),
                            "Chart image");
}

/* The chart a workspace query gives, as a PNG. */
static void
insert_rendered_chart (PdPack             *pack,
                       PdExportSheet      *sheet,
                       lxw_row_t           row,
                       lxw_col_t           col,
                       PdChartKind         kind,
                       const PdChartQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdChartSpec) spec = NULL;

  if (!pack->options->charts || !pd_export_workbook_ok (pack->book))
    return;
  spec = pd_chart_query_build (pack->workspace, kind, query, &error);
  if (spec == NULL)
    {
      pd_export_workbook_fail (pack->book, "Chart for “%s”: %s", sheet->title, error->message);
      return;
    }
  insert_spec_image (pack, sheet, row, col, spec, IMAGE_WIDTH, IMAGE_HEIGHT);
}

/* An SPC chart with the pack's stored changes, as a PNG. */
static void
insert_spc_chart (PdPack        *pack,
                  PdExportSheet *sheet,
                  lxw_row_t      row,
                  lxw_col_t      col,
                  const char    *indicator,
                  const char    *provider)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdChartSpec) spec = NULL;

  if (!pack->options->charts || !pd_export_workbook_ok (pack->book))
    return;
  spec = _pd_pack_spc_spec (pack, indicator, provider, &error);
  if (spec == NULL)
    {
      pd_export_workbook_fail (pack->book, "Chart for “%s”: %s", sheet->title, error->message);
      return;
    }
  insert_spec_image (pack, sheet, row, col, spec, IMAGE_WIDTH, IMAGE_HEIGHT);
}

/* The checksum the cover shows: the options' (a snapshot's), else the file's now. */
char *
_pd_pack_workspace_sha256 (PdPack  *pack,
                           GError **error)
{
  g_autoptr(GMappedFile) mapped = NULL;

  if (pack->options->workspace_sha256 != NULL)
    return g_strdup (pack->options->workspace_sha256);
  mapped = g_mapped_file_new (pd_workspace_get_path (pack->workspace), FALSE, error);
  if (mapped == NULL)
    {
      g_prefix_error (error, "Could not read the workspace for its checksum: ");
      return NULL;
    }
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *) g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped));
}

static gboolean
write_cover (PdPack        *pack,
             PdExportSheet *cover,
             GError       **error)
{
  const char *path = pd_workspace_get_path (pack->workspace);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *sha256 = NULL;
  g_autofree char *generated = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *provider = NULL;
  GDateTime *at = pack->options->generated_at;
  lxw_row_t row;

  sha256 = _pd_pack_workspace_sha256 (pack, error);
  if (sha256 == NULL)
    return FALSE;
  if (at == NULL)
    at = now = g_date_time_new_now_utc ();
  generated = g_date_time_format (at, "%Y-%m-%dT%H:%M:%S");

  set_columns (pack, cover, (const double[]) { 26, 90 }, 2);
  organisation = g_strdup_printf ("%s (%s)", pack->commissioner_name, pack->commissioner);
  row = write_label (pack, cover, "Organisation", organisation);
  pd_export_workbook_define_name (pack->book, "Pack_Organisation", cover, row, 1);
  row = write_label (pack, cover, "Period", pack->year_label);
  pd_export_workbook_define_name (pack->book, "Pack_Period", cover, row, 1);
  if (pack->provider != NULL)
    {
      provider = g_strdup_printf ("%s (%s)", pack->provider_name, pack->provider);
      write_label (pack, cover, "Quality indicators of", provider);
    }
  row = write_label (pack, cover, "Generated", NULL);
  pd_export_write_date (pack->book, cover, row, 1, generated, pack->f->timestamp);
  pd_export_workbook_define_name (pack->book, "Pack_Generated", cover, row, 1);
  write_label (pack, cover, "pctdash version", PACKAGE_VERSION);
  write_label (pack, cover, "Workspace file", base);
  if (pack->options->snapshot != NULL)
    {
      /* Saving the snapshot changes the file, so a snapshot's pack shows the checksum of
       * the workspace it was made from, and says so. */
      write_label (pack, cover, "Snapshot", pack->options->snapshot);
      write_label (pack, cover, "Workspace SHA-256 when the snapshot was made", sha256);
    }
  else
    write_label (pack, cover, "Workspace SHA-256", sha256);
  row = write_label (pack, cover, "Protective marking", pack->options->marking);
  pd_export_workbook_define_name (pack->book, "Pack_Marking", cover, row, 1);
  if (pack->options->public_pack)
    {
      g_autofree char *text = NULL;
      guint threshold = pack->options->small_number > 0 ? pack->options->small_number : 5;

      text = g_strdup_printf ("Public pack: counts from 1 to %u, and rates or proportions "
                              "made from them, are shown as %s. So that they cannot be "
                              "worked back, a series with any of them shows no mean, limits, "
                              "flags or charts, and a funnel with any of them is left out.",
                              threshold - 1, SUPPRESSED);
      row = write_label (pack, cover, "Small numbers", text);
      pd_export_workbook_define_name (pack->book, "Pack_Public", cover, row, 1);
    }
  cover->row++;
  row = cover->row;
  pd_export_write_text (pack->book, cover, row, 0, "About protection", pack->f->label);
  pd_export_write_text (pack->book, cover, row, 1,
                        "This workbook is neither encrypted nor password protected. The "
                        "marking tells readers how to handle it; it does not stop anyone "
                        "copying, editing or forwarding the file. Store and send it as your "
                        "organisation's information governance rules require for that "
                        "marking.",
                        pack->f->text);
  pd_export_workbook_check (pack->book,
                            worksheet_set_row (cover->worksheet, row, 48, NULL),
                            "Row height");
  cover->row = row + 1;
  return TRUE;
}

static void
write_contents (PdPack        *pack,
                PdExportSheet *contents)
{
  GPtrArray *sheets = pd_export_workbook_get_sheets (pack->book);
  static const char * const headers[] = { "Sheet", "What it holds", NULL };
  lxw_row_t header_row = contents->row;
  lxw_row_t row = header_row + 1;
  g_autofree char *table = NULL;

  set_columns (pack, contents, (const double[]) { 28, 100 }, 2);
  for (guint i = 0; i < sheets->len; i++)
    {
      PdExportSheet *sheet = g_ptr_array_index (sheets, i);

      if (sheet == contents)
        continue;
      pd_export_write_sheet_link (pack->book, contents, row, 0, sheet, sheet->name);
      pd_export_write_text (pack->book, contents, row, 1, sheet->description, NULL);
      row++;
    }
  table = pd_export_workbook_add_table (pack->book, contents, "Contents", header_row, 0, row - 1,
                                        headers);
  contents->freeze_row = header_row + 1;
}

static gboolean
write_spend_mix (PdPack        *pack,
                 PdExportSheet *sheet,
                 GError       **error)
{
  static const char * const headers[] = {
    "Category", "Spend (£)", "Share of spend", "Spend per head (£)",
    "Mean share, all commissioners", "Rows suppressed", NULL
  };
  static const char * const year_headers[] = {
    "Financial year", "Spend (£)", "Spend per head (£)", "Rows suppressed", NULL
  };
  g_autoptr(PdSpendMix) mix = NULL;
  g_autoptr(PdSpendMix) years = NULL;
  g_autoptr(GPtrArray) everyone = NULL;
  g_autofree char *table = NULL;
  g_autofree char *year_table = NULL;
  g_autofree char *heading = NULL;
  PdChartQuery query = { 0 };
  lxw_row_t header_row, row, first_row = sheet->row;
  int mix_row;

  mix = pd_spend_mix_query (pack->workspace, pack->year, pack->year, NULL, error);
  if (mix == NULL)
    return FALSE;
  set_columns (pack, sheet, (const double[]) { 40, 16, 14, 16, 18, 12 }, 6);
  mix_row = pd_spend_mix_find_row (mix, pack->commissioner, -1);
  /* The mean share is over every commissioner with spend in the year. */
  everyone = g_ptr_array_new ();
  for (guint r = 0; r < mix->rows->len; r++)
    g_ptr_array_add (everyone, g_array_index (mix->rows, PdSpendRow, r).commissioner);
  g_ptr_array_add (everyone, NULL);
  heading = g_strdup_printf ("Spend by category, %s", pack->year_label);
  pd_export_write_text (pack->book, sheet, sheet->row++, 0, heading, pack->f->heading);
  if (mix_row < 0)
    {
      write_note (pack, sheet, "No spend is imported for this commissioner and year.");
      return TRUE;
    }

  header_row = sheet->row;
  row = header_row + 1;
  for (guint c = 0; c < mix->categories->len; c++)
    {
      const PdSpendCell *cell = pd_spend_mix_cell (mix, mix_row, c);

      if (cell->n_rows == 0)
        continue;
      pd_export_write_text (pack->book, sheet, row, 0, g_ptr_array_index (mix->categories, c),
                            NULL);
      pd_export_write_pence (pack->book, sheet, row, 1, cell->amount_pence);
      pd_export_write_number (pack->book, sheet, row, 2, cell->share, pack->f->percent);
      pd_export_write_number (pack->book, sheet, row, 3, cell->pence_per_head / 100.0,
                              pack->f->pounds_exact);
      pd_export_write_number (pack->book, sheet, row, 4,
                              pd_spend_mix_mean_share (mix, c,
                                                       (const char * const *) everyone->pdata),
                              pack->f->percent);
      pd_export_write_number (pack->book, sheet, row, 5, cell->n_suppressed, pack->f->integer);
      row++;
    }
  if (row == header_row + 1)
    {
      write_note (pack, sheet, "No spend is imported for this commissioner and year.");
      return TRUE;
    }
  table = pd_export_workbook_add_table (pack->book, sheet, "Spend_mix", header_row, 0, row - 1,
                                        headers);
  /* The total sits under the table, not in it, so sorting the table leaves it alone. */
  {
    const PdSpendRow *total = &g_array_index (mix->rows, PdSpendRow, mix_row);
    pd_export_write_text (pack->book, sheet, row, 0, "Total", pack->f->label);
    pd_export_write_pence (pack->book, sheet, row, 1, total->total.amount_pence);
    pd_export_write_number (pack->book, sheet, row, 3, total->total.pence_per_head / 100.0,
                            pack->f->pounds_exact);
    pd_export_workbook_define_name (pack->book, "Spend_Total", sheet, row, 1);
  }
  sheet->row = row + 2;

  query.commissioner = pack->commissioner;
  query.year = pack->year;
  insert_rendered_chart (pack, sheet, first_row, 7, PD_CHART_KIND_SPEND_MIX, &query);

  years = pd_spend_mix_over_years (pack->workspace, pack->commissioner, error);
  if (years == NULL)
    return FALSE;
  pd_export_write_text (pack->book, sheet, sheet->row++, 0, "Spend by financial year",
                        pack->f->heading);
  header_row = sheet->row;
  row = header_row + 1;
  for (guint r = 0; r < years->rows->len; r++)
    {
      const PdSpendRow *year = &g_array_index (years->rows, PdSpendRow, r);
      g_autofree char *label = NULL;

      if (year->year > pack->year || year->total.n_rows == 0)
        continue;
      label = pd_financial_year_label (year->year);
      pd_export_write_text (pack->book, sheet, row, 0, label, NULL);
      pd_export_write_pence (pack->book, sheet, row, 1, year->total.amount_pence);
      pd_export_write_number (pack->book, sheet, row, 2, year->total.pence_per_head / 100.0,
                              pack->f->pounds_exact);
      pd_export_write_number (pack->book, sheet, row, 3, year->total.n_suppressed,
                              pack->f->integer);
      row++;
    }
  if (row > header_row + 1)
    year_table = pd_export_workbook_add_table (pack->book, sheet, "Spend_by_year", header_row, 0,
                                               row - 1, year_headers);
  sheet->row = MAX (row + 1, first_row + IMAGE_ROWS + 1);
  return TRUE;
}

static gboolean
write_outlook (PdPack        *pack,
               PdExportSheet *sheet,
               GError       **error)
{
  static const char * const headers[] = {
    "Financial year", "Allocation (£)", "Spend (£)", "Underspend (£)",
    "Underspend (% of allocation)", "Spend rows suppressed", NULL
  };
  g_autoptr(GArray) years = NULL;
  g_autofree char *table = NULL;
  PdChartQuery query = { 0 };
  lxw_row_t first_row = sheet->row, header_row, row;

  years = pd_finance_outlook_query (pack->workspace, pack->commissioner, error);
  if (years == NULL)
    return FALSE;
  set_columns (pack, sheet, (const double[]) { 16, 18, 18, 18, 16, 12 }, 6);
  pd_export_write_text (pack->book, sheet, sheet->row++, 0, "Allocation against spend",
                        pack->f->heading);
  write_note (pack, sheet, "A negative underspend is an overspend. A year without an "
                           "allocation leaves the allocation and underspend empty.");
  header_row = sheet->row;
  row = header_row + 1;
  for (guint i = 0; i < years->len; i++)
    {
      const PdFinanceYear *year = &g_array_index (years, PdFinanceYear, i);
      g_autofree char *label = NULL;

      if (year->year > pack->year)
        continue;
      label = pd_financial_year_label (year->year);
      pd_export_write_text (pack->book, sheet, row, 0, label, NULL);
      if (year->has_allocation)
        {
          pd_export_write_pence (pack->book, sheet, row, 1, year->allocation_pence);
          pd_export_write_pence (pack->book, sheet, row, 3, year->gap_pence);
        }
      else
        {
          pd_export_write_number (pack->book, sheet, row, 1, NAN, pack->f->pounds);
          pd_export_write_number (pack->book, sheet, row, 3, NAN, pack->f->pounds);
        }
      if (year->spend_rows > 0)
        pd_export_write_pence (pack->book, sheet, row, 2, year->spend_pence);
      else
        pd_export_write_number (pack->book, sheet, row, 2, NAN, pack->f->pounds);
      pd_export_write_number (pack->book, sheet, row, 4, year->gap_percent / 100.0,
                              pack->f->percent);
      pd_export_write_number (pack->book, sheet, row, 5, year->spend_suppressed,
                              pack->f->integer);
      if (year->year == pack->year && year->has_allocation)
        pd_export_workbook_define_name (pack->book, "Outlook_Underspend", sheet, row, 3);
      row++;
    }
  if (row == header_row + 1)
    {
      write_note (pack, sheet, "No allocation or spend is imported for this commissioner.");
      return TRUE;
    }
  table = pd_export_workbook_add_table (pack->book, sheet, "Financial_outlook", header_row, 0,
                                        row - 1, headers);
  query.commissioner = pack->commissioner;
  query.year = pack->year;
  insert_rendered_chart (pack, sheet, row + 1, 0, PD_CHART_KIND_OUTLOOK, &query);
  sheet->row = row + 1 + (pack->options->charts ? IMAGE_ROWS + 1 : 0);
  (void) first_row;
  return TRUE;
}

static gboolean
write_cquin (PdPack        *pack,
             PdExportSheet *sheet,
             GError       **error)
{
  static const char * const scheme_headers[] = {
    "Provider", "Provider name", "Contract value (£)", "CQUIN share of contract",
    "CQUIN value (£)", "Earned (£)", "Withheld (£)", "Pending (£)", NULL
  };
  static const char * const milestone_headers[] = {
    "Provider", "Indicator", "Indicator name", "Quarter", "Weight", "Lower is better",
    "Minimum threshold", "Maximum threshold", "Result", "Achievement", "At risk (£)",
    "Earned (£)", "Withheld (£)", "Pending (£)", NULL
  };
  static const struct { const char *label; const char *name; gsize offset; } totals[] = {
    { "CQUIN value", "CQUIN_Value", G_STRUCT_OFFSET (PdCquinTotals, value_pence) },
    { "Earned", "CQUIN_Earned", G_STRUCT_OFFSET (PdCquinTotals, earned_pence) },
    { "Withheld", "CQUIN_Withheld", G_STRUCT_OFFSET (PdCquinTotals, withheld_pence) },
    { "At risk, result pending", "CQUIN_Pending", G_STRUCT_OFFSET (PdCquinTotals, pending_pence) },
  };
  g_autoptr(PdCquinReport) report = NULL;
  g_autofree char *scheme_table = NULL;
  g_autofree char *milestone_table = NULL;
  PdChartQuery query = { 0 };
  lxw_row_t header_row, row, chart_row;

  report = pd_cquin_report_query (pack->workspace, pack->year, pack->commissioner, NULL, error);
  if (report == NULL)
    return FALSE;
  set_columns (pack, sheet,
               (const double[]) { 10, 12, 40, 9, 9, 9, 12, 12, 10, 12, 14, 14, 14, 14 }, 14);
  if (report->schemes->len == 0)
    {
      write_note (pack, sheet, "No CQUIN schemes are imported for this commissioner and year.");
      return TRUE;
    }

  pd_export_write_text (pack->book, sheet, sheet->row++, 0, "CQUIN money this year",
                        pack->f->heading);
  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    {
      gint64 pence = G_STRUCT_MEMBER (gint64, &report->total, totals[i].offset);
      lxw_row_t at = sheet->row++;

      pd_export_write_text (pack->book, sheet, at, 0, totals[i].label, pack->f->label);
      pd_export_write_pence (pack->book, sheet, at, 3, pence);
      pd_export_workbook_define_name (pack->book, totals[i].name, sheet, at, 3);
    }
  sheet->row++;

  pd_export_write_text (pack->book, sheet, sheet->row++, 0, "Schemes", pack->f->heading);
  header_row = sheet->row;
  row = header_row + 1;
  for (guint s = 0; s < report->schemes->len; s++)
    {
      const PdCquinSchemeItem *scheme = &g_array_index (report->schemes, PdCquinSchemeItem, s);
      g_autofree char *name = _pd_pack_organisation_name (pack->workspace, scheme->provider);

      pd_export_write_text (pack->book, sheet, row, 0, scheme->provider, NULL);
      pd_export_write_text (pack->book, sheet, row, 1, name, NULL);
      pd_export_write_pence (pack->book, sheet, row, 2, scheme->contract_value_pence);
      pd_export_write_number (pack->book, sheet, row, 3, scheme->cquin_percent / 100.0,
                              pack->f->percent);
      pd_export_write_pence (pack->book, sheet, row, 4, scheme->totals.value_pence);
      pd_export_write_pence (pack->book, sheet, row, 5, scheme->totals.earned_pence);
      pd_export_write_pence (pack->book, sheet, row, 6, scheme->totals.withheld_pence);
      pd_export_write_pence (pack->book, sheet, row, 7, scheme->totals.pending_pence);
      row++;
    }
  scheme_table = pd_export_workbook_add_table (pack->book, sheet, "CQUIN_schemes", header_row, 0,
                                               row - 1, scheme_headers);
  sheet->row = row + 1;

  pd_export_write_text (pack->book, sheet, sheet->row++, 0,
                        "Milestones: thresholds, results and money", pack->f->heading);
  header_row = sheet->row;
  row = header_row + 1;
  for (guint m = 0; m < report->milestones->len; m++)
    {
      const PdCquinMilestoneItem *ms = &g_array_index (report->milestones, PdCquinMilestoneItem, m);
      const PdCquinIndicatorItem *ind = &g_array_index (report->indicators, PdCquinIndicatorItem,
                                                        ms->indicator);
      const PdCquinSchemeItem *scheme = &g_array_index (report->schemes, PdCquinSchemeItem,
                                                        ind->scheme);
      g_autofree char *quarter = g_strdup_printf ("Q%d", ms->quarter);

      pd_export_write_text (pack->book, sheet, row, 0, scheme->provider, NULL);
      pd_export_write_text (pack->book, sheet, row, 1, ind->code, NULL);
      pd_export_write_text (pack->book, sheet, row, 2, ind->name, NULL);
      pd_export_write_text (pack->book, sheet, row, 3, quarter, NULL);
      pd_export_write_number (pack->book, sheet, row, 4, ind->weight_percent / 100.0,
                              pack->f->percent);
      pd_export_write_text (pack->book, sheet, row, 5, ind->lower_is_better ? "yes" : "no", NULL);
      pd_export_write_number (pack->book, sheet, row, 6, ms->min_threshold, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 7, ms->max_threshold, pack->f->number);
      if (ms->suppressed != NULL)
        pd_export_write_text (pack->book, sheet, row, 8, "suppressed", NULL);
      else
        pd_export_write_number (pack->book, sheet, row, 8, ms->performance, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 9, ms->payment.achievement,
                              pack->f->percent);
      pd_export_write_pence (pack->book, sheet, row, 10, ms->payment.at_risk_pence);
      pd_export_write_pence (pack->book, sheet, row, 11, ms->payment.earned_pence);
      pd_export_write_pence (pack->book, sheet, row, 12, ms->payment.withheld_pence);
      pd_export_write_pence (pack->book, sheet, row, 13, ms->payment.pending_pence);
      row++;
    }
  if (row > header_row + 1)
    milestone_table = pd_export_workbook_add_table (pack->book, sheet, "CQUIN_milestones",
                                                    header_row, 0, row - 1, milestone_headers);
  chart_row = row + 1;
  query.commissioner = pack->commissioner;
  query.provider = pack->provider;
  query.year = pack->year;
  insert_rendered_chart (pack, sheet, chart_row, 0, PD_CHART_KIND_CQUIN, &query);
  sheet->row = chart_row + (pack->options->charts ? IMAGE_ROWS + 1 : 0);
  return TRUE;
}

/* A native Excel line chart over the SPC table just written, so a reader can restyle it
 * or read a point's value from the cells. Its title is @heading, written in column A of
 * @heading_row. */
static void
insert_native_spc_chart (PdPack            *pack,
                         PdExportSheet     *sheet,
                         const PdIndicator *indicator,
                         const char        *heading,
                         lxw_row_t          heading_row,
                         lxw_row_t          header_row,
                         lxw_row_t          last_row,
                         gboolean           has_target)
{
  static const struct { const char *name; lxw_col_t col; lxw_color_t color; uint8_t dash; }
  lines[] = {
    { "Value", 1, 0x1F4E79, LXW_CHART_LINE_DASH_SOLID },
    { "Mean", 2, 0x404040, LXW_CHART_LINE_DASH_SOLID },
    { "Lower process limit", 3, 0x7F7F7F, LXW_CHART_LINE_DASH_DASH },
    { "Upper process limit", 4, 0x7F7F7F, LXW_CHART_LINE_DASH_DASH },
    { "Target", 5, 0xDE1B1B, LXW_CHART_LINE_DASH_LONG_DASH },
  };
  lxw_chart *chart;
  lxw_chart_options placement = { 0 };
  g_autofree char *name = NULL;

  if (!pack->options->charts || !pd_export_workbook_ok (pack->book))
    return;
  chart = workbook_add_chart (pd_export_workbook_get_lxw (pack->book), LXW_CHART_LINE);
  if (chart == NULL)
    {
      pd_export_workbook_fail (pack->book, "Could not add a chart for %s", indicator->code);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      lxw_chart_series *series;
      lxw_chart_line line = { 0 };

      if (lines[i].col == 5 && !has_target)
        continue;
      series = chart_add_series (chart, NULL, NULL);
      if (series == NULL)
        {
          pd_export_workbook_fail (pack->book, "Could not add a chart series for %s",
                                   indicator->code);
          return;
        }
      chart_series_set_categories (series, sheet->name, header_row + 1, 0, last_row, 0);
      chart_series_set_values (series, sheet->name, header_row + 1, lines[i].col, last_row,
                               lines[i].col);
      chart_series_set_name (series, lines[i].name);
      line.color = lines[i].color;
      line.width = i == 0 ? 2.0f : 1.25f;
      line.dash_type = lines[i].dash;
      chart_series_set_line (series, &line);
      chart_series_set_marker_type (series, i == 0 ? LXW_CHART_MARKER_CIRCLE
                                                   : LXW_CHART_MARKER_NONE);
    }
  /* The title is the heading's cell, not its text: libxlsxwriter reads a name that starts
   * with '=' as a formula, and an indicator named "=…" would give Excel a chart it must
   * repair. A cell reference is always a reference, and the chart keeps the cell's text
   * as its cached title. The alt text goes into the drawing's XML as it is. */
  chart_title_set_name_range (chart, sheet->name, heading_row, 0);
  name = pd_export_xml_text (heading);
  chart_legend_set_position (chart, LXW_CHART_LEGEND_BOTTOM);
  chart_show_blanks_as (chart, LXW_CHART_BLANKS_AS_GAP);
  chart_axis_set_num_format (chart->x_axis, "mmm yy");
  placement.description = name;
  pd_export_workbook_check (pack->book,
                            worksheet_insert_chart_opt (sheet->worksheet, header_row - 2,
                                                        CHART_COL, chart, &placement),
                            "Chart");
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

/* The stored SPC changes the pack applies: those the options give (a snapshot's), else
 * the workspace's spc_changes rows as they are now. */
gboolean
_pd_pack_load_changes (PdPack  *pack,
                       GError **error)
{
  if (pack->changes != NULL)
    return TRUE;
  if (pack->options->spc_changes != NULL)
    pack->changes = g_ptr_array_ref (pack->options->spc_changes);
  else
    pack->changes = pd_pack_spc_changes_all (pack->workspace, error);
  return pack->changes != NULL;
}

/* The changes of one chart, borrowed from the pack, by period. */
GPtrArray *
_pd_pack_changes_for (const PdPack *pack,
                      const char   *indicator,
                      const char   *provider)
{
  GPtrArray *changes = g_ptr_array_new ();

  for (guint i = 0; pack->changes != NULL && i < pack->changes->len; i++)
    {
      PdSpcChange *change = g_ptr_array_index (pack->changes, i);

      if (g_strcmp0 (change->indicator, indicator) == 0 &&
          g_strcmp0 (change->provider, provider) == 0)
        g_ptr_array_add (changes, change);
    }
  return changes;
}

/* An indicator's monthly series as the Quality view judges it: Making Data Count's rules,
 * the indicator's polarity and target, and the chart's stored baseline, recalculations
 * and ghosts. */
PdSpcResult *
_pd_pack_series_spc (const PdPack            *pack,
                     const PdIndicator       *indicator,
                     const char              *provider,
                     const PdIndicatorSeries *series,
                     GError                 **error)
{
  g_autoptr(GPtrArray) changes = _pd_pack_changes_for (pack, indicator->code, provider);
  g_autofree PdSpcPointInput *extra = NULL;
  g_autofree double *values = NULL;
  gsize n = series->points->len;
  PdSpcOptions options;

  values = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    values[i] = g_array_index (series->points, PdIndicatorPoint, i).value;
  pd_spc_options_init_preset (&options, PD_SPC_PRESET_MDC);
  options.improvement = polarity_improvement (indicator);
  options.target = indicator->target;
  {
    double min, max;

    /* As pd_chart_query_build() does: only how the chart is drawn (docs/statistics.md). */
    if (pd_spc_value_range_for_unit (indicator->unit, indicator->multiplier, &min, &max))
      pd_spc_options_set_value_range (&options, min, max);
  }
  if (changes->len > 0)
    extra = pd_spc_changes_point_inputs (changes, series, &options, NULL);
  return pd_spc_compute (values, n, extra, &options, error);
}

/* The SPC chart of one indicator at one provider. With stored changes, drawn from the
 * pack's own SPC (their limits, and the annotations at their periods); else the chart
 * query's, as the window's Overview draws it. */
PdChartSpec *
_pd_pack_spc_spec (PdPack      *pack,
                   const char  *indicator_code,
                   const char  *provider,
                   GError     **error)
{
  g_autoptr(GPtrArray) changes = _pd_pack_changes_for (pack, indicator_code, provider);
  g_autoptr(PdIndicatorSeries) series = NULL;
  g_autoptr(PdSpcResult) result = NULL;
  g_auto(GStrv) labels = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;
  const PdIndicator *indicator = NULL;
  PdChartFormat format = PD_CHART_FORMAT_NUMBER;
  PdChartSpec *spec;
  gsize n;

  if (changes->len == 0)
    {
      PdChartQuery query = { 0 };

      query.provider = provider;
      query.indicator = indicator_code;
      query.last = pack->last_month;
      return pd_chart_query_build (pack->workspace, PD_CHART_KIND_SPC, &query, error);
    }
  for (guint i = 0; pack->indicators != NULL && i < pack->indicators->len; i++)
    if (g_strcmp0 (((PdIndicator *) g_ptr_array_index (pack->indicators, i))->code,
                   indicator_code) == 0)
      indicator = g_ptr_array_index (pack->indicators, i);
  if (indicator == NULL)
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID, "No indicator “%s”",
                   indicator_code);
      return NULL;
    }
  series = pd_indicator_series_query (pack->workspace, indicator->code, provider,
                                      PD_PERIOD_MONTH, NULL, pack->last_month, error);
  if (series == NULL)
    return NULL;
  result = _pd_pack_series_spc (pack, indicator, provider, series, error);
  if (result == NULL)
    return NULL;
  n = series->points->len;
  labels = g_new0 (char *, n + 1);
  for (gsize i = 0; i < n; i++)
    {
      const char *iso = g_array_index (series->points, PdIndicatorPoint, i).period_start;
      int year = 0, month = 0;
      static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                             "Aug", "Sep", "Oct", "Nov", "Dec" };

      if (sscanf (iso, "%d-%d", &year, &month) == 2 && month >= 1 && month <= 12)
        labels[i] = g_strdup_printf ("%s %d", months[month - 1], year);
      else
        labels[i] = g_strdup (iso);
    }
  if (g_strcmp0 (indicator->unit, "proportion") == 0)
    format = indicator->multiplier == 100 ? PD_CHART_FORMAT_PERCENT
           : indicator->multiplier == 1 ? PD_CHART_FORMAT_PROPORTION : PD_CHART_FORMAT_NUMBER;
  spec = pd_chart_spec_new_spc (result, (const char * const *) labels, format);
  {
    g_autoptr(PdOrganisation) org = pd_organisation_lookup (pack->workspace, provider, NULL);
    name = org != NULL ? g_strdup_printf ("%s %s", org->code, org->name) : g_strdup (provider);
  }
  title = g_strdup_printf ("%s — %s", indicator->name, name);
  pd_chart_spec_set_title (spec, title);
  if (n > 0)
    subtitle = g_strdup_printf ("%s to %s, monthly; Making Data Count XmR chart with %u "
                                "stored change%s", labels[0], labels[n - 1], changes->len,
                                changes->len == 1 ? "" : "s");
  pd_chart_spec_set_subtitle (spec, subtitle);
  pd_chart_spec_set_source (spec, indicator->source != NULL ? indicator->source : "Workspace");
  pd_chart_spec_set_value_label (spec, indicator->name);
  for (guint c = 0; c < changes->len; c++)
    {
      const PdSpcChange *change = g_ptr_array_index (changes, c);

      if (change->kind != PD_SPC_CHANGE_ANNOTATION)
        continue;
      for (gsize i = 0; i < n; i++)
        if (g_strcmp0 (g_array_index (series->points, PdIndicatorPoint, i).period_start,
                       change->period) == 0)
          pd_chart_spec_spc_annotate (spec, i, change->reason);
    }
  return spec;
}

static char *
first_provider_with (PdWorkspace *workspace,
                     const char  *indicator,
                     const char  *last)
{
  g_autoptr(GArray) totals = pd_indicator_totals_query (workspace, indicator, PD_PERIOD_MONTH,
                                                        NULL, last, NULL);
  if (totals == NULL || totals->len == 0)
    return NULL;
  return g_strdup (g_array_index (totals, PdIndicatorTotal, 0).provider);
}

/* One indicator: its SPC table (month, value, mean, limits, target, point, rule), a
 * native chart over it and our rendered chart beside it. Returns FALSE only on an error;
 * an indicator the provider does not report is added to @not_reported. */
static gboolean
write_indicator (PdPack            *pack,
                 PdExportSheet     *sheet,
                 const char        *domain_title,
                 const PdIndicator *indicator,
                 GPtrArray         *not_reported,
                 GError           **error)
{
  static const char * const headers[] = {
    "Month", "Value", "Mean", "Lower process limit", "Upper process limit", "Target",
    "Point", "Rule", NULL
  };
  g_autoptr(PdIndicatorSeries) series = NULL;
  g_autoptr(PdSpcResult) result = NULL;
  g_autofree double *values = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *provider_name = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *table_name = NULL;
  g_autofree char *table = NULL;
  g_autofree char *target_text = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  gboolean has_target = FALSE;
  guint n_values = 0, n_small;
  lxw_row_t first_row = sheet->row, header_row, row;
  gsize n;

  provider = pack->provider != NULL ? g_strdup (pack->provider)
                                    : first_provider_with (pack->workspace, indicator->code,
                                                           pack->last_month);
  if (provider == NULL)
    {
      g_ptr_array_add (not_reported, g_strdup (indicator->name));
      return TRUE;
    }
  series = pd_indicator_series_query (pack->workspace, indicator->code, provider,
                                      PD_PERIOD_MONTH, NULL, pack->last_month, error);
  if (series == NULL)
    return FALSE;
  n = series->points->len;
  values = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      values[i] = g_array_index (series->points, PdIndicatorPoint, i).value;
      if (isfinite (values[i]))
        n_values++;
    }
  if (n_values == 0)
    {
      g_ptr_array_add (not_reported, g_strdup (indicator->name));
      return TRUE;
    }
  /* The same SPC as the picture's and the Quality view's, stored changes included. */
  result = _pd_pack_series_spc (pack, indicator, provider, series, error);
  if (result == NULL)
    {
      g_prefix_error (error, "SPC of %s: ", indicator->code);
      return FALSE;
    }

  n_small = count_small_points (pack, indicator, series);
  provider_name = _pd_pack_organisation_name (pack->workspace, provider);
  {
    g_autofree char *raw = g_strdup_printf ("%s — %s", indicator->name, provider_name);
    /* The native chart's title is this cell, and libxlsxwriter writes its text into the
     * chart's XML as it is (the title's cache): only characters XML can carry. */
    heading = pd_export_xml_text (raw);
  }
  pd_export_write_text (pack->book, sheet, first_row, 0, heading, pack->f->heading);
  target_text = isfinite (indicator->target) ? g_strdup_printf ("target %g", indicator->target)
                                             : g_strdup ("no target");
  if (n_small > 0)
    /* The mean and limits of a series would give a hidden value back (mean × n − the
     * others), and so would the point types and the charts: all are left out. */
    summary = g_strdup_printf ("Public pack: %u months with fewer than %u are shown as %s, "
                               "so the mean, limits, flags and charts are left out. "
                               "Indicator %s, %s, %s.", n_small,
                               pack->options->small_number > 0 ? pack->options->small_number : 5,
                               SUPPRESSED, indicator->code,
                               indicator->unit != NULL ? indicator->unit : "value", target_text);
  else
    summary = g_strdup_printf ("%s. %s. Indicator %s, %s, %s is better, %s.",
                               _pd_pack_variation_words (result->variation),
                               _pd_pack_assurance_words (result->assurance), indicator->code,
                               indicator->unit != NULL ? indicator->unit : "value",
                               indicator->polarity != NULL ? indicator->polarity : "neither",
                               target_text);
  changes = _pd_pack_changes_for (pack, indicator->code, provider);
  if (changes->len > 0)
    {
      g_autofree char *with = g_strdup_printf ("%s With %u stored change%s to the chart: see "
                                               "the method notes.", summary, changes->len,
                                               changes->len == 1 ? "" : "s");
      g_free (summary);
      summary = g_steal_pointer (&with);
    }
  pd_export_write_text (pack->book, sheet, first_row + 1, 0, summary, NULL);

  header_row = first_row + 2;
  row = header_row + 1;
  for (gsize i = 0; i < n; i++)
    {
      const PdIndicatorPoint *point = &g_array_index (series->points, PdIndicatorPoint, i);
      const PdSpcPoint *spc = &result->points[i];

      pd_export_write_date (pack->book, sheet, row, 0, point->period_start, pack->f->month);
      pd_export_write_number (pack->book, sheet, row, 5, spc->target, pack->f->number);
      if (isfinite (spc->target))
        has_target = TRUE;
      if (n_small > 0)
        {
          if (_pd_pack_point_is_small (pack, indicator, point))
            pd_export_write_text (pack->book, sheet, row, 1, SUPPRESSED, NULL);
          else
            pd_export_write_number (pack->book, sheet, row, 1, spc->value, pack->f->number);
          for (lxw_col_t col = 2; col <= 7; col++)
            if (col != 5)
              pd_export_write_text (pack->book, sheet, row, col, SUPPRESSED, NULL);
          row++;
          continue;
        }
      pd_export_write_number (pack->book, sheet, row, 1, spc->value, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 2, spc->mean, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 3, spc->lpl, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 4, spc->upl, pack->f->number);
      if (point->suppressed)
        pd_export_write_text (pack->book, sheet, row, 6, "Suppressed (small numbers)", NULL);
      else if (spc->missing)
        pd_export_write_text (pack->book, sheet, row, 6, "No value", NULL);
      else
        pd_export_write_text (pack->book, sheet, row, 6, _pd_pack_point_words (spc), NULL);
      pd_export_write_text (pack->book, sheet, row, 7, _pd_pack_rule_words (spc->rule), NULL);
      row++;
    }
  table_name = g_strdup_printf ("%s_%s", domain_title, indicator->code);
  table = pd_export_workbook_add_table (pack->book, sheet, table_name, header_row, 0, row - 1,
                                        headers);
  if (n_small > 0)
    {
      sheet->row = row + 2;
      return TRUE;
    }
  insert_native_spc_chart (pack, sheet, indicator, heading, first_row, header_row, row - 1,
                           has_target);
  insert_spc_chart (pack, sheet, header_row - 2 + CHART_ROWS, CHART_COL, indicator->code,
                    provider);
  sheet->row = MAX (row + 2, pack->options->charts ? header_row + CHART_ROWS + IMAGE_ROWS : 0);
  return TRUE;
}

static gboolean
write_quality (PdPack        *pack,
               PdExportSheet *sheet,
               const char    *domain,
               GError       **error)
{
  g_autoptr(GPtrArray) indicators = NULL;
  g_autoptr(GPtrArray) not_reported = g_ptr_array_new_with_free_func (g_free);

  indicators = pd_indicators_query (pack->workspace, domain, error);
  if (indicators == NULL)
    return FALSE;
  set_columns (pack, sheet, (const double[]) { 12, 10, 10, 12, 12, 10, 28, 24 }, 8);
  if (indicators->len == 0)
    {
      write_note (pack, sheet, "No indicators of this domain are defined in the workspace.");
      return TRUE;
    }
  write_note (pack, sheet, "Each indicator: Making Data Count XmR chart, limits at 2.66 mean "
                           "moving ranges, monthly values up to the end of the period.");
  sheet->row++;
  for (guint i = 0; i < indicators->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (pack->cancellable, error) ||
          !write_indicator (pack, sheet, sheet->title, g_ptr_array_index (indicators, i),
                            not_reported, error))
        return FALSE;
      /* The last indicator is the sheet's step, which the caller counts. */
      if (i + 1 < indicators->len)
        step_part_done (pack, i + 1, indicators->len);
    }
  if (not_reported->len > 0)
    {
      g_ptr_array_add (not_reported, NULL);
      g_autofree char *list = g_strjoinv ("; ", (char **) not_reported->pdata);
      g_autofree char *note = g_strdup_printf ("Not reported for this provider: %s.", list);
      write_note (pack, sheet, note);
    }
  return TRUE;
}


void
_pd_pack_status_free (PdPackStatus *status)
{
  g_free (status->provider);
  g_free (status->provider_name);
  g_clear_pointer (&status->series, pd_indicator_series_free);
  g_clear_pointer (&status->result, pd_spc_result_free);
  g_free (status);
}

/* The providers the pack looks at: those holding the commissioner's CQUIN contracts,
 * largest first, else the main provider alone. */
static GPtrArray *
pack_providers (PdPack  *pack,
                GError **error)
{
  g_autoptr(PdCquinReport) report = NULL;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  GPtrArray *providers = g_ptr_array_new_with_free_func (g_free);

  report = pd_cquin_report_query (pack->workspace, pack->year, pack->commissioner, NULL, error);
  if (report == NULL)
    {
      g_ptr_array_unref (providers);
      return NULL;
    }
  for (guint i = 0; i < report->schemes->len; i++)
    {
      const PdCquinSchemeItem *s = &g_array_index (report->schemes, PdCquinSchemeItem, i);
      guint at = 0;

      while (at < order->len &&
             g_array_index (report->schemes, PdCquinSchemeItem,
                            g_array_index (order, guint, at)).contract_value_pence >=
             s->contract_value_pence)
        at++;
      g_array_insert_val (order, at, i);
    }
  for (guint i = 0; i < order->len; i++)
    {
      const char *code = g_array_index (report->schemes, PdCquinSchemeItem,
                                        g_array_index (order, guint, i)).provider;
      if (!g_ptr_array_find_with_equal_func (providers, code, g_str_equal, NULL))
        g_ptr_array_add (providers, g_strdup (code));
    }
  if (pack->provider != NULL &&
      !g_ptr_array_find_with_equal_func (providers, pack->provider, g_str_equal, NULL))
    g_ptr_array_insert (providers, 0, g_strdup (pack->provider));
  return providers;
}

/* Adds one indicator at one provider to the statuses, unless the provider never
 * reported it. */
static gboolean
collect_status (PdPack            *pack,
                const PdIndicator *indicator,
                const char        *provider,
                GError           **error)
{
  g_autoptr(PdIndicatorSeries) series = NULL;
  g_autofree double *values = NULL;
  PdPackStatus *status;
  gssize latest = -1;

  series = pd_indicator_series_query (pack->workspace, indicator->code, provider,
                                      PD_PERIOD_MONTH, NULL, pack->last_month, error);
  if (series == NULL)
    return FALSE;
  values = g_new (double, MAX (series->points->len, 1));
  for (guint k = 0; k < series->points->len; k++)
    {
      values[k] = g_array_index (series->points, PdIndicatorPoint, k).value;
      if (isfinite (values[k]))
        latest = k;
    }
  if (latest < 0)
    return TRUE;
  status = g_new0 (PdPackStatus, 1);
  status->provider = g_strdup (provider);
  status->provider_name = _pd_pack_organisation_name (pack->workspace, provider);
  status->indicator = indicator;
  status->latest = latest;
  status->result = _pd_pack_series_spc (pack, indicator, provider, series, error);
  status->series = g_steal_pointer (&series);
  if (status->result == NULL)
    {
      _pd_pack_status_free (status);
      g_prefix_error (error, "SPC of %s at %s: ", indicator->code, provider);
      return FALSE;
    }
  status->n_small = count_small_points (pack, indicator, status->series);
  status->concern = status->n_small == 0 &&
                    (status->result->variation == PD_SPC_VARIATION_CONCERN_HIGH ||
                     status->result->variation == PD_SPC_VARIATION_CONCERN_LOW);
  status->fails = status->n_small == 0 && status->result->assurance == PD_SPC_ASSURANCE_FAIL;
  g_ptr_array_add (pack->statuses, status);
  return TRUE;
}

gboolean
_pd_pack_collect_statuses (PdPack  *pack,
                           GError **error)
{
  g_autoptr(GPtrArray) providers = NULL;

  if (!_pd_pack_load_changes (pack, error))
    return FALSE;
  providers = pack_providers (pack, error);
  if (providers == NULL)
    return FALSE;
  pack->indicators = pd_indicators_query (pack->workspace, NULL, error);
  if (pack->indicators == NULL)
    return FALSE;
  pack->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) _pd_pack_status_free);
  for (guint p = 0; p < providers->len; p++)
    {
      if (g_cancellable_set_error_if_cancelled (pack->cancellable, error))
        return FALSE;
      for (guint i = 0; i < pack->indicators->len; i++)
        if (!collect_status (pack, g_ptr_array_index (pack->indicators, i),
                             g_ptr_array_index (providers, p), error))
          return FALSE;
    }
  return TRUE;
}

static const char *
status_period (const PdPackStatus *status)
{
  return g_array_index (status->series->points, PdIndicatorPoint, status->latest).period_start;
}

/* Making Data Count's icons for the scorecard, indicators down and providers across, drawn
 * by the chart renderer's icon matrix from the statuses already computed. A series hidden
 * in a public pack gets no icon. */
static void
insert_scorecard_icons (PdPack        *pack,
                        PdExportSheet *sheet,
                        lxw_row_t      row)
{
  g_autoptr(GPtrArray) indicators = g_ptr_array_new ();
  g_autoptr(GPtrArray) providers = g_ptr_array_new ();
  g_autoptr(PdChartSpec) spec = NULL;
  g_autofree PdSpcVariationIcon *variation = NULL;
  g_autofree PdSpcAssuranceIcon *assurance = NULL;
  g_autofree char *title = NULL;

  if (!pack->options->charts || !pd_export_workbook_ok (pack->book))
    return;
  for (guint i = 0; i < pack->statuses->len; i++)
    {
      const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);

      if (!g_ptr_array_find (indicators, s->indicator->name, NULL))
        g_ptr_array_add (indicators, s->indicator->name);
      if (!g_ptr_array_find_with_equal_func (providers, s->provider, g_str_equal, NULL))
        g_ptr_array_add (providers, s->provider);
    }
  variation = g_new0 (PdSpcVariationIcon, indicators->len * providers->len);
  assurance = g_new0 (PdSpcAssuranceIcon, indicators->len * providers->len);
  for (guint i = 0; i < pack->statuses->len; i++)
    {
      const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);
      guint r = 0, c = 0;

      if (s->n_small > 0)
        continue;
      g_ptr_array_find (indicators, s->indicator->name, &r);
      g_ptr_array_find_with_equal_func (providers, s->provider, g_str_equal, &c);
      variation[r * providers->len + c] = s->result->variation;
      assurance[r * providers->len + c] = s->result->assurance;
    }
  spec = pd_chart_spec_new_matrix ((const char * const *) indicators->pdata, indicators->len,
                                   (const char * const *) providers->pdata, providers->len,
                                   variation, assurance);
  title = g_strdup_printf ("Variation and assurance, latest month of %s", pack->year_label);
  pd_chart_spec_set_title (spec, title);
  insert_spec_image (pack, sheet, row, 14, spec, 480 + 90.0 * providers->len,
                     120 + 30.0 * indicators->len);
}

static void
write_scorecard (PdPack        *pack,
                 PdExportSheet *sheet)
{
  static const char * const headers[] = {
    "Provider", "Provider name", "Domain", "Indicator", "Indicator name", "Latest month",
    "Latest value", "Target", "Mean", "Lower process limit", "Upper process limit",
    "Variation", "Assurance", NULL
  };
  g_autofree char *table = NULL;
  lxw_row_t header_row, row;

  set_columns (pack, sheet,
               (const double[]) { 9, 30, 13, 11, 44, 11, 10, 9, 10, 11, 11, 32, 30 }, 13);
  write_note (pack, sheet, "Every indicator at the providers holding the commissioner's CQUIN "
                           "contracts: the latest month, its SPC variation and target "
                           "assurance, in words so the table reads without colour.");
  sheet->row++;
  if (pack->statuses->len == 0)
    {
      write_note (pack, sheet, "No indicator values are imported for these providers.");
      return;
    }
  header_row = sheet->row;
  row = header_row + 1;
  for (guint i = 0; i < pack->statuses->len; i++)
    {
      const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);
      const PdSpcPoint *point = &s->result->points[s->latest];

      pd_export_write_text (pack->book, sheet, row, 0, s->provider, NULL);
      pd_export_write_text (pack->book, sheet, row, 1, s->provider_name, NULL);
      pd_export_write_text (pack->book, sheet, row, 2, s->indicator->domain, NULL);
      pd_export_write_text (pack->book, sheet, row, 3, s->indicator->code, NULL);
      pd_export_write_text (pack->book, sheet, row, 4, s->indicator->name, NULL);
      pd_export_write_date (pack->book, sheet, row, 5, status_period (s), pack->f->month);
      pd_export_write_number (pack->book, sheet, row, 7, point->target, pack->f->number);
      if (s->n_small > 0)
        {
          const PdIndicatorPoint *latest = &g_array_index (s->series->points, PdIndicatorPoint,
                                                           s->latest);
          if (_pd_pack_point_is_small (pack, s->indicator, latest))
            pd_export_write_text (pack->book, sheet, row, 6, SUPPRESSED, NULL);
          else
            pd_export_write_number (pack->book, sheet, row, 6, point->value, pack->f->number);
          for (lxw_col_t col = 8; col <= 10; col++)
            pd_export_write_text (pack->book, sheet, row, col, SUPPRESSED, NULL);
          pd_export_write_text (pack->book, sheet, row, 11, "Suppressed (small numbers)", NULL);
          pd_export_write_text (pack->book, sheet, row, 12, "Suppressed (small numbers)", NULL);
          row++;
          continue;
        }
      pd_export_write_number (pack->book, sheet, row, 6, point->value, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 8, point->mean, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 9, point->lpl, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 10, point->upl, pack->f->number);
      pd_export_write_text (pack->book, sheet, row, 11,
                            _pd_pack_variation_words (s->result->variation), NULL);
      pd_export_write_text (pack->book, sheet, row, 12,
                            _pd_pack_assurance_words (s->result->assurance), NULL);
      row++;
    }
  table = pd_export_workbook_add_table (pack->book, sheet, "Scorecard", header_row, 0, row - 1,
                                        headers);
  sheet->freeze_row = header_row + 1;
  insert_scorecard_icons (pack, sheet, header_row);
}

/* One block per special-cause concern or consistently failed target: why it is here, the
 * last values, the gap to target, our SPC chart, and fields for the board's response
 * filled in with the facts so far. */
static void
write_exceptions (PdPack        *pack,
                  PdExportSheet *sheet)
{
  static const char * const headers[] = { "Month", "Value", "Mean", "Target", NULL };
  guint n = 0;

  set_columns (pack, sheet, (const double[]) { 22, 14, 14, 14, 4, 40 }, 6);
  write_note (pack, sheet, "One block for each indicator whose latest point is a special "
                           "cause of concern or whose target is consistently failed.");
  sheet->row++;
  for (guint i = 0; i < pack->statuses->len; i++)
    {
      PdPackStatus *s = g_ptr_array_index (pack->statuses, i);
      const PdSpcPoint *point = &s->result->points[s->latest];
      g_autofree char *heading = NULL;
      g_autofree char *why = NULL;
      g_autofree char *explain = NULL;
      g_autofree char *action = NULL;
      g_autofree char *table_name = NULL;
      g_autofree char *table = NULL;
      lxw_row_t first_row = sheet->row, header_row, row;
      gssize from;

      if (!s->concern && !s->fails)
        continue;
      n++;
      s->exception_row = first_row;
      heading = g_strdup_printf ("%u. %s — %s", n, s->indicator->name, s->provider_name);
      pd_export_write_text (pack->book, sheet, first_row, 0, heading, pack->f->heading);
      why = g_strdup_printf ("%s%s%s.",
                             s->concern ? _pd_pack_variation_words (s->result->variation) : "",
                             s->concern && s->fails ? "; " : "",
                             s->fails ? _pd_pack_assurance_words (s->result->assurance) : "");
      write_label (pack, sheet, "Why it is here", why);
      sheet->row = first_row + 2;
      explain = pd_spc_point_explain (s->result, s->latest);
      write_label (pack, sheet, "The latest point", explain);
      row = write_label (pack, sheet, "Gap to target", NULL);
      pd_export_write_number (pack->book, sheet, row, 1, point->value - point->target,
                              pack->f->number);
      if (isfinite (point->target))
        action = g_strdup_printf ("%s was %g in the latest month (mean %.4g, target %g). "
                                  "Agree actions and a recovery date with the provider.",
                                  s->indicator->name, point->value, point->mean, point->target);
      else
        action = g_strdup_printf ("%s was %g in the latest month (mean %.4g). Agree actions "
                                  "and a recovery date with the provider.",
                                  s->indicator->name, point->value, point->mean);
      write_label (pack, sheet, "Actions", action);
      write_label (pack, sheet, "Owner", s->provider_name);
      row = write_label (pack, sheet, "Recovery date", NULL);
      pd_export_write_number (pack->book, sheet, row, 1, NAN, pack->f->month);

      /* The last six months, as a small table the chart beside it draws in full. */
      header_row = sheet->row;
      row = header_row + 1;
      from = MAX (0, s->latest - 5);
      for (gssize k = from; k <= s->latest; k++)
        {
          const PdSpcPoint *p = &s->result->points[k];
          pd_export_write_date (pack->book, sheet, row, 0,
                                g_array_index (s->series->points, PdIndicatorPoint, k).period_start,
                                pack->f->month);
          pd_export_write_number (pack->book, sheet, row, 1, p->value, pack->f->number);
          pd_export_write_number (pack->book, sheet, row, 2, p->mean, pack->f->number);
          pd_export_write_number (pack->book, sheet, row, 3, p->target, pack->f->number);
          row++;
        }
      table_name = g_strdup_printf ("Exception_%u", n);
      table = pd_export_workbook_add_table (pack->book, sheet, table_name, header_row, 0, row - 1,
                                            headers);
      insert_spc_chart (pack, sheet, first_row, 5, s->indicator->code, s->provider);
      sheet->row = MAX (row + 1, pack->options->charts ? first_row + IMAGE_ROWS + 1 : 0);
    }
  if (n == 0)
    write_note (pack, sheet, "No indicator is a special cause of concern or fails its target.");
}

/* One scorecard row of an earlier pack. */
typedef struct
{
  char *month;
  char *value;
  char *variation;
  char *assurance;
} PreviousRow;

static void
previous_row_free (PreviousRow *row)
{
  g_free (row->month);
  g_free (row->value);
  g_free (row->variation);
  g_free (row->assurance);
  g_free (row);
}

typedef struct
{
  GHashTable *rows;       /* "provider|indicator" → PreviousRow */
  gboolean    in_table;
} PreviousState;

static const char *
cell_text (const PdRow *row,
           guint        column)
{
  return column < row->n_cells ? row->cells[column].text : "";
}

static gboolean
previous_row_cb (const PdRow *row,
                 gpointer     user_data,
                 GError     **error)
{
  PreviousState *state = user_data;
  PreviousRow *previous;

  if (!state->in_table)
    {
      /* The scorecard's table starts under its "Provider … Assurance" header. */
      state->in_table = g_strcmp0 (cell_text (row, 0), "Provider") == 0 &&
                        g_strcmp0 (cell_text (row, 12), "Assurance") == 0;
      return TRUE;
    }
  if (cell_text (row, 0)[0] == '\0')
    return TRUE;
  previous = g_new0 (PreviousRow, 1);
  previous->month = g_strndup (cell_text (row, 5), 7);
  previous->value = g_strdup (cell_text (row, 6));
  previous->variation = g_strdup (cell_text (row, 11));
  previous->assurance = g_strdup (cell_text (row, 12));
  g_hash_table_insert (state->rows,
                       g_strdup_printf ("%s|%s", cell_text (row, 0), cell_text (row, 3)),
                       previous);
  return TRUE;
}

/* The scorecard of an earlier pack, as it was written. */
static GHashTable *
read_previous_scorecard (const char  *path,
                         GError     **error)
{
  g_autoptr(PdXlsxBook) book = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) previous_row_free);
  PreviousState state = { rows, FALSE };

  book = pd_xlsx_book_open (path, NULL, error);
  if (book == NULL)
    return NULL;
  for (guint i = 0; i < pd_xlsx_book_get_n_sheets (book); i++)
    if (g_strcmp0 (pd_xlsx_book_get_sheet_name (book, i), "Scorecard") == 0)
      {
        if (!pd_xlsx_book_read_sheet (book, i, previous_row_cb, &state, NULL, error))
          return NULL;
        if (!state.in_table)
          break;
        return g_steal_pointer (&rows);
      }
  g_set_error_literal (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                       "it has no scorecard table");
  return NULL;
}

void
_pd_pack_change_free (PdPackChange *change)
{
  g_free (change->then_month);
  g_free (change->then_value);
  g_free (change->then_variation);
  g_free (change->then_assurance);
  g_free (change);
}

/* The latest value as the scorecard shows it: a number, or "*" when hidden. */
char *
_pd_pack_status_value (const PdPack       *pack,
                       const PdPackStatus *status)
{
  const PdIndicatorPoint *latest = &g_array_index (status->series->points, PdIndicatorPoint,
                                                   status->latest);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (status->n_small > 0 && _pd_pack_point_is_small (pack, status->indicator, latest))
    return g_strdup (SUPPRESSED);
  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer,
                                   status->result->points[status->latest].value));
}

static const char *
status_variation (const PdPackStatus *s)
{
  return s->n_small > 0 ? "Suppressed (small numbers)"
                        : _pd_pack_variation_words (s->result->variation);
}

static const char *
status_assurance (const PdPackStatus *s)
{
  return s->n_small > 0 ? "Suppressed (small numbers)"
                        : _pd_pack_assurance_words (s->result->assurance);
}

/* What the scorecard shows, one object per indicator at a provider, for a snapshot:
 * [{"provider","indicator","month","value","variation","assurance"}, …]. SQLite's JSON
 * functions quote the text; a value is a JSON number (null when missing) or "*". */
char *
_pd_pack_scorecard_json (PdPack  *pack,
                         GError **error)
{
  static const char sql[] =
    "SELECT json_object ('provider', ?1, 'indicator', ?2, 'month', ?3, "
    "'value', CASE WHEN ?4 = '*' THEN '*' ELSE json (?4) END, "
    "'variation', ?5, 'assurance', ?6)";
  g_autoptr(GString) json = g_string_new ("[");
  sqlite3 *db = pd_workspace_get_db (pack->workspace);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                   "Could not write the scorecard as JSON: %s", sqlite3_errmsg (db));
      return NULL;
    }
  for (guint i = 0; i < pack->statuses->len; i++)
    {
      const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);
      g_autofree char *month = g_strndup (status_period (s), 7);
      g_autofree char *value = _pd_pack_status_value (pack, s);

      if (!isfinite (s->result->points[s->latest].value))
        {
          g_free (value);
          value = g_strdup ("null");
        }
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, s->provider, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, s->indicator->code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, month, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, value, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, status_variation (s), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, status_assurance (s), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                       "Could not write the scorecard as JSON: %s", sqlite3_errmsg (db));
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_string_append_printf (json, "%s%s", i > 0 ? "," : "",
                              (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  g_string_append_c (json, ']');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* A snapshot's stored scorecard as "provider|indicator" → PreviousRow. */
static GHashTable *
read_snapshot_scorecard (PdPack          *pack,
                         const char      *json,
                         GError         **error)
{
  static const char sql[] =
    "SELECT json_extract (value, '$.provider'), json_extract (value, '$.indicator'), "
    "json_extract (value, '$.month'), json_extract (value, '$.value'), "
    "json_type (value, '$.value'), json_extract (value, '$.variation'), "
    "json_extract (value, '$.assurance') FROM json_each (?1)";
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) previous_row_free);
  sqlite3 *db = pd_workspace_get_db (pack->workspace);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_bind_text (stmt, 1, json != NULL ? json : "[]", -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PreviousRow *previous = g_new0 (PreviousRow, 1);
      const char *type = (const char *) sqlite3_column_text (stmt, 4);
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      previous->month = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      if (g_strcmp0 (type, "real") == 0 || g_strcmp0 (type, "integer") == 0)
        previous->value = g_strdup (g_ascii_dtostr (buffer, sizeof buffer,
                                                    sqlite3_column_double (stmt, 3)));
      else
        previous->value = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      previous->variation = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      previous->assurance = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      g_hash_table_insert (rows,
                           g_strdup_printf ("%s|%s", sqlite3_column_text (stmt, 0),
                                            sqlite3_column_text (stmt, 1)),
                           previous);
    }
  if (rc != SQLITE_DONE)
    goto failed;
  sqlite3_finalize (stmt);
  return g_steal_pointer (&rows);

failed:
  g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
               "its scorecard cannot be read: %s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return NULL;
}

/* Two latest values, as text, are the same: equal numbers (to 1 part in 10^12, as a
 * stored value went through text) or the same text ("*"). */
static gboolean
same_value (const char *a,
            const char *b)
{
  char *end_a = NULL, *end_b = NULL;
  double x, y;

  if (a == NULL || b == NULL)
    return a == b;
  x = g_ascii_strtod (a, &end_a);
  y = g_ascii_strtod (b, &end_b);
  if (end_a == a || *end_a != '\0' || end_b == b || *end_b != '\0')
    return strcmp (a, b) == 0;
  return fabs (x - y) <= 1e-12 * MAX (1.0, MAX (fabs (x), fabs (y)));
}

/* What changed since the previous pack (a snapshot's stored scorecard, or an earlier xlsx
 * pack's): every indicator at a provider whose variation, assurance, latest month or
 * latest value differ, or that the previous pack did not have. *@out_changes is NULL when
 * the options name no previous pack. */
gboolean
_pd_pack_changes_since (PdPack     *pack,
                        GPtrArray **out_changes,
                        char      **out_against,
                        GError    **error)
{
  g_autoptr(GHashTable) previous = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *against = NULL;

  *out_changes = NULL;
  if (out_against != NULL)
    *out_against = NULL;
  if (pack->options->previous_snapshot != NULL)
    {
      g_autoptr(PdPackSnapshot) snapshot = NULL;
      g_autoptr(GError) local = NULL;

      snapshot = pd_pack_snapshot_load (pack->workspace, pack->options->previous_snapshot,
                                        &local);
      if (snapshot != NULL)
        previous = read_snapshot_scorecard (pack, snapshot->scorecard, &local);
      if (previous == NULL)
        {
          g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                       "Could not read the previous snapshot “%s”: %s",
                       pack->options->previous_snapshot, local->message);
          return FALSE;
        }
      against = g_strdup_printf ("snapshot “%s” of %.10s", snapshot->name,
                                 snapshot->created_at);
    }
  else if (pack->options->previous_pack != NULL)
    {
      previous = read_previous_scorecard (pack->options->previous_pack, error);
      if (previous == NULL)
        {
          g_autofree char *display = g_filename_display_name (pack->options->previous_pack);
          g_prefix_error (error, "Could not read the previous pack “%s”: ", display);
          return FALSE;
        }
      against = g_path_get_basename (pack->options->previous_pack);
    }
  else
    return TRUE;

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) _pd_pack_change_free);
  for (guint i = 0; i < pack->statuses->len; i++)
    {
      const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);
      g_autofree char *key = g_strdup_printf ("%s|%s", s->provider, s->indicator->code);
      g_autofree char *month = g_strndup (status_period (s), 7);
      g_autofree char *value = _pd_pack_status_value (pack, s);
      const PreviousRow *then = g_hash_table_lookup (previous, key);
      PdPackChange *change;

      if (then != NULL && g_strcmp0 (then->variation, status_variation (s)) == 0 &&
          g_strcmp0 (then->assurance, status_assurance (s)) == 0 &&
          g_strcmp0 (then->month, month) == 0 && same_value (then->value, value))
        continue;
      change = g_new0 (PdPackChange, 1);
      change->status = s;
      if (then != NULL)
        {
          change->has_then = TRUE;
          change->then_month = g_strdup (then->month);
          change->then_value = g_strdup (then->value);
          change->then_variation = g_strdup (then->variation);
          change->then_assurance = g_strdup (then->assurance);
        }
      g_ptr_array_add (changes, change);
    }
  *out_changes = g_steal_pointer (&changes);
  if (out_against != NULL)
    *out_against = g_steal_pointer (&against);
  return TRUE;
}

/* What changed since an earlier pack, as a table under the summary. */
static gboolean
write_changes (PdPack         *pack,
               PdExportSheet  *sheet,
               GError        **error)
{
  static const char * const headers[] = {
    "Provider", "Indicator", "Indicator name", "Then: month", "Then: value",
    "Then: variation", "Then: assurance", "Now: month", "Now: value", "Now: variation",
    "Now: assurance", NULL
  };
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *against = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *table = NULL;
  lxw_row_t header_row, row;

  if (!_pd_pack_changes_since (pack, &changes, &against, error))
    return FALSE;
  if (changes == NULL)
    return TRUE;
  heading = g_strdup_printf ("Changes since the previous pack (%s)", against);
  pd_export_write_text (pack->book, sheet, sheet->row++, 0, heading, pack->f->heading);
  header_row = sheet->row;
  row = header_row + 1;
  for (guint i = 0; i < changes->len; i++)
    {
      const PdPackChange *change = g_ptr_array_index (changes, i);
      const PdPackStatus *s = change->status;
      const PdSpcPoint *point = &s->result->points[s->latest];

      pd_export_write_text (pack->book, sheet, row, 0, s->provider, NULL);
      pd_export_write_text (pack->book, sheet, row, 1, s->indicator->code, NULL);
      pd_export_write_text (pack->book, sheet, row, 2, s->indicator->name, NULL);
      if (change->has_then)
        {
          g_autofree char *month = g_strdup_printf ("%s-01", change->then_month);
          char *end = NULL;
          double value = change->then_value != NULL ? g_ascii_strtod (change->then_value, &end)
                                                    : NAN;

          pd_export_write_date (pack->book, sheet, row, 3, month, pack->f->month);
          /* A hidden value stays "*", never a number. */
          if (end != NULL && end != change->then_value && *end == '\0')
            pd_export_write_number (pack->book, sheet, row, 4, value, pack->f->number);
          else
            pd_export_write_text (pack->book, sheet, row, 4, change->then_value, NULL);
          pd_export_write_text (pack->book, sheet, row, 5, change->then_variation, NULL);
          pd_export_write_text (pack->book, sheet, row, 6, change->then_assurance, NULL);
        }
      else
        pd_export_write_text (pack->book, sheet, row, 5, "Not in the previous pack", NULL);
      pd_export_write_date (pack->book, sheet, row, 7, status_period (s), pack->f->month);
      if (s->n_small > 0 && _pd_pack_point_is_small (pack, s->indicator,
                                                     &g_array_index (s->series->points,
                                                                     PdIndicatorPoint,
                                                                     s->latest)))
        pd_export_write_text (pack->book, sheet, row, 8, SUPPRESSED, NULL);
      else
        pd_export_write_number (pack->book, sheet, row, 8, point->value, pack->f->number);
      pd_export_write_text (pack->book, sheet, row, 9, status_variation (s), NULL);
      pd_export_write_text (pack->book, sheet, row, 10, status_assurance (s), NULL);
      row++;
    }
  if (row == header_row + 1)
    {
      write_note (pack, sheet, "No indicator's variation, assurance or latest value changed.");
      return TRUE;
    }
  table = pd_export_workbook_add_table (pack->book, sheet, "Changes", header_row, 0, row - 1,
                                        headers);
  sheet->row = row + 1;
  return TRUE;
}

static void
write_summary (PdPack        *pack,
               PdExportSheet *sheet,
               PdExportSheet *exceptions)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = NULL;
  g_autoptr(PdCquinReport) report = NULL;
  guint n_concern = 0, n_fail = 0, n_improve = 0, n_suppressed = 0;
  lxw_row_t row;

  set_columns (pack, sheet, (const double[]) { 44, 18, 70 }, 3);
  if (pack->options->narrative != NULL && pack->options->narrative[0] != '\0')
    {
      pd_export_write_text (pack->book, sheet, sheet->row++, 0, "Narrative", pack->f->heading);
      pd_export_write_text (pack->book, sheet, sheet->row++, 0, pack->options->narrative,
                            NULL);
      sheet->row++;
    }
  pd_export_write_text (pack->book, sheet, sheet->row++, 0, "Money", pack->f->heading);
  years = pd_finance_outlook_query (pack->workspace, pack->commissioner, &error);
  for (guint i = 0; years != NULL && i < years->len; i++)
    {
      const PdFinanceYear *year = &g_array_index (years, PdFinanceYear, i);

      if (year->year != pack->year)
        continue;
      row = write_label (pack, sheet, "Allocation", NULL);
      if (year->has_allocation)
        pd_export_write_pence (pack->book, sheet, row, 1, year->allocation_pence);
      row = write_label (pack, sheet, "Spend", NULL);
      pd_export_write_pence (pack->book, sheet, row, 1, year->spend_pence);
      row = write_label (pack, sheet, "Underspend (overspend if negative)", NULL);
      if (year->has_allocation)
        {
          pd_export_write_pence (pack->book, sheet, row, 1, year->gap_pence);
          pd_export_write_number (pack->book, sheet, row, 2, year->gap_percent / 100.0,
                                  pack->f->percent);
        }
    }
  report = pd_cquin_report_query (pack->workspace, pack->year, pack->commissioner, NULL, NULL);
  if (report != NULL && report->schemes->len > 0)
    {
      row = write_label (pack, sheet, "CQUIN earned", NULL);
      pd_export_write_pence (pack->book, sheet, row, 1, report->total.earned_pence);
      row = write_label (pack, sheet, "CQUIN withheld", NULL);
      pd_export_write_pence (pack->book, sheet, row, 1, report->total.withheld_pence);
      row = write_label (pack, sheet, "CQUIN at risk, result pending", NULL);
      pd_export_write_pence (pack->book, sheet, row, 1, report->total.pending_pence);
    }
  sheet->row++;

  for (guint i = 0; i < pack->statuses->len; i++)
    {
      const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);
      n_concern += s->concern;
      n_fail += s->fails;
      n_improve += s->n_small == 0 &&
                   (s->result->variation == PD_SPC_VARIATION_IMPROVEMENT_HIGH ||
                    s->result->variation == PD_SPC_VARIATION_IMPROVEMENT_LOW);
      n_suppressed += s->n_small > 0;
    }
  pd_export_write_text (pack->book, sheet, sheet->row++, 0, "Quality", pack->f->heading);
  row = write_label (pack, sheet, "Indicators at these providers", NULL);
  pd_export_write_number (pack->book, sheet, row, 1, pack->statuses->len, pack->f->integer);
  row = write_label (pack, sheet, "Latest point a special cause of concern", NULL);
  pd_export_write_number (pack->book, sheet, row, 1, n_concern, pack->f->integer);
  pd_export_workbook_define_name (pack->book, "Summary_Concerns", sheet, row, 1);
  row = write_label (pack, sheet, "Target consistently failed", NULL);
  pd_export_write_number (pack->book, sheet, row, 1, n_fail, pack->f->integer);
  pd_export_workbook_define_name (pack->book, "Summary_Fails", sheet, row, 1);
  row = write_label (pack, sheet, "Latest point a special cause of improvement", NULL);
  pd_export_write_number (pack->book, sheet, row, 1, n_improve, pack->f->integer);
  if (pack->options->public_pack)
    {
      row = write_label (pack, sheet, "Not judged: small numbers hidden", NULL);
      pd_export_write_number (pack->book, sheet, row, 1, n_suppressed, pack->f->integer);
    }
  sheet->row++;

  if (n_concern + n_fail > 0)
    {
      pd_export_write_text (pack->book, sheet, sheet->row++, 0, "Exceptions", pack->f->heading);
      for (guint i = 0; i < pack->statuses->len; i++)
        {
          const PdPackStatus *s = g_ptr_array_index (pack->statuses, i);
          g_autofree char *text = NULL;

          if (!s->concern && !s->fails)
            continue;
          row = sheet->row;
          text = g_strdup_printf ("%s — %s", s->indicator->name, s->provider_name);
          if (exceptions != NULL)
            /* A link to the block itself, not just to the sheet. */
            pd_export_write_cell_link (pack->book, sheet, row, 0, exceptions,
                                       s->exception_row, text);
          else
            pd_export_write_text (pack->book, sheet, row, 0, text, NULL);
          pd_export_write_text (pack->book, sheet, row, 2,
                                s->concern ? _pd_pack_variation_words (s->result->variation)
                                           : _pd_pack_assurance_words (s->result->assurance), NULL);
          sheet->row = row + 1;
        }
    }
  sheet->row++;
  if (pack->options->previous_pack == NULL && pack->options->previous_snapshot == NULL)
    write_note (pack, sheet, "Changes since the previous pack: save packs as snapshots "
                             "(pctdash-cli export --snapshot) or give the previous pack "
                             "(--previous) to compare with.");
}

const char *
_pd_pack_funnel_words (PdFunnelClass classification)
{
  switch (classification)
    {
    case PD_FUNNEL_BELOW_99_8: return "Below the 99.8% limit";
    case PD_FUNNEL_BELOW_95:   return "Below the 95% limit";
    case PD_FUNNEL_WITHIN:     return "Within the limits";
    case PD_FUNNEL_ABOVE_95:   return "Above the 95% limit";
    case PD_FUNNEL_ABOVE_99_8: return "Above the 99.8% limit";
    case PD_FUNNEL_NOT_CLASSIFIED:
    default:                   return "Not classified";
    }
}

/* One indicator's funnel over the pack's year: every provider's total with its limits and
 * where it lies, the pack's provider marked, and our funnel plot beside the table. */
static gboolean
write_benchmark (PdPack            *pack,
                 PdExportSheet     *sheet,
                 const PdIndicator *indicator,
                 GError           **error)
{
  static const char * const headers[] = {
    "Provider", "Provider name", "This pack's provider", "Numerator", "Denominator", "Value",
    "Lower 99.8% limit", "Lower 95% limit", "Upper 95% limit", "Upper 99.8% limit",
    "Where it lies", NULL
  };
  g_autoptr(GArray) totals = NULL;
  g_autoptr(PdFunnel) funnel = NULL;
  g_autofree double *num = NULL;
  g_autofree double *den = NULL;
  g_autofree char *first = g_strdup_printf ("%04d-04-01", pack->year);
  g_autofree char *heading = NULL;
  g_autofree char *note = NULL;
  g_autofree char *table_name = NULL;
  g_autofree char *table = NULL;
  PdFunnelOptions options;
  PdChartQuery query = { 0 };
  lxw_row_t first_row = sheet->row, header_row, row;
  gboolean reported = FALSE;
  guint n_small = 0;

  totals = pd_indicator_totals_query (pack->workspace, indicator->code, PD_PERIOD_MONTH, first,
                                      pack->last_month, error);
  if (totals == NULL)
    return FALSE;
  for (guint i = 0; i < totals->len; i++)
    {
      const PdIndicatorTotal *total = &g_array_index (totals, PdIndicatorTotal, i);
      if (g_strcmp0 (total->provider, pack->provider) == 0)
        reported = TRUE;
      n_small += _pd_pack_is_small_count (pack, total->numerator);
    }
  if (!reported || totals->len < 2)
    return TRUE;
  if (n_small > 0)
    {
      /* The pooled value, and the limits drawn around it, would give a hidden count back
       * from the others: the whole funnel is left out. */
      heading = g_strdup_printf ("%s, %s", indicator->name, pack->year_label);
      pd_export_write_text (pack->book, sheet, first_row, 0, heading, pack->f->heading);
      note = g_strdup_printf ("Left out of a public pack: %u providers have fewer than %u.",
                              n_small, pack->options->small_number > 0
                                       ? pack->options->small_number : 5);
      pd_export_write_text (pack->book, sheet, first_row + 1, 0, note, NULL);
      sheet->row = first_row + 3;
      return TRUE;
    }

  num = g_new (double, totals->len);
  den = g_new (double, totals->len);
  for (guint i = 0; i < totals->len; i++)
    {
      num[i] = g_array_index (totals, PdIndicatorTotal, i).numerator;
      den[i] = g_array_index (totals, PdIndicatorTotal, i).denominator;
    }
  /* The same options as the chart query's funnel, so table and picture agree. */
  pd_funnel_options_init (&options, g_strcmp0 (indicator->unit, "proportion") == 0
                                    ? PD_FUNNEL_PROPORTION
                                    : g_strcmp0 (indicator->unit, "ratio") == 0
                                    ? PD_FUNNEL_RATIO : PD_FUNNEL_RATE);
  options.multiplier = indicator->multiplier > 0 ? indicator->multiplier : 1;
  funnel = pd_funnel_compute (num, den, totals->len, &options);

  heading = g_strdup_printf ("%s, %s", indicator->name, pack->year_label);
  pd_export_write_text (pack->book, sheet, first_row, 0, heading, pack->f->heading);
  note = g_strdup_printf ("Every provider's total over the year against the pooled value "
                          "(%.4g); limits at each provider's own denominator.",
                          funnel->target * options.multiplier);
  pd_export_write_text (pack->book, sheet, first_row + 1, 0, note, NULL);
  header_row = first_row + 2;
  row = header_row + 1;
  for (guint i = 0; i < totals->len; i++)
    {
      const PdIndicatorTotal *total = &g_array_index (totals, PdIndicatorTotal, i);
      const PdFunnelUnit *unit = &funnel->units[i];
      g_autofree char *name = _pd_pack_organisation_name (pack->workspace, total->provider);

      pd_export_write_text (pack->book, sheet, row, 0, total->provider, NULL);
      pd_export_write_text (pack->book, sheet, row, 1, name, NULL);
      pd_export_write_text (pack->book, sheet, row, 2,
                            g_strcmp0 (total->provider, pack->provider) == 0 ? "yes" : "no", NULL);
      pd_export_write_number (pack->book, sheet, row, 3, total->numerator, pack->f->integer);
      pd_export_write_number (pack->book, sheet, row, 4, total->denominator, pack->f->integer);
      pd_export_write_number (pack->book, sheet, row, 5, unit->value, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 6, unit->limits.lcl998, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 7, unit->limits.lcl95, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 8, unit->limits.ucl95, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 9, unit->limits.ucl998, pack->f->number);
      pd_export_write_text (pack->book, sheet, row, 10,
                            _pd_pack_funnel_words (unit->classification), NULL);
      row++;
    }
  table_name = g_strdup_printf ("Benchmark_%s", indicator->code);
  table = pd_export_workbook_add_table (pack->book, sheet, table_name, header_row, 0, row - 1,
                                        headers);
  query.indicator = indicator->code;
  query.provider = pack->provider;
  query.year = pack->year;
  insert_rendered_chart (pack, sheet, first_row, 12, PD_CHART_KIND_FUNNEL, &query);
  sheet->row = MAX (row + 2, pack->options->charts ? first_row + IMAGE_ROWS + 1 : 0);
  return TRUE;
}

static gboolean
write_benchmarks (PdPack        *pack,
                  PdExportSheet *sheet,
                  GError       **error)
{
  set_columns (pack, sheet, (const double[]) { 9, 36, 10, 11, 12, 9, 10, 10, 10, 10, 22 }, 11);
  if (pack->provider == NULL)
    {
      write_note (pack, sheet, "No main provider: give one to compare it with its peers.");
      return TRUE;
    }
  write_note (pack, sheet, "Indicators with a numerator and a denominator, for every provider "
                           "reporting them: funnel plot limits and where each provider lies.");
  sheet->row++;
  for (guint i = 0; i < pack->indicators->len; i++)
    {
      const PdIndicator *indicator = g_ptr_array_index (pack->indicators, i);

      if (g_strcmp0 (indicator->domain, "resources") == 0 ||
          (g_strcmp0 (indicator->unit, "proportion") != 0 &&
           g_strcmp0 (indicator->unit, "rate") != 0 &&
           g_strcmp0 (indicator->unit, "ratio") != 0))
        continue;
      if (!write_benchmark (pack, sheet, indicator, error))
        return FALSE;
    }
  return TRUE;
}

/* The Quality view's stored baselines, recalculations, ghosts and annotations that the
 * pack's SPC applied: who recorded each, when and why. */
static void
write_changes_in_force (PdPack        *pack,
                        PdExportSheet *sheet)
{
  static const char * const headers[] = {
    "Indicator", "Provider", "Change", "Period", "Reason", "Recorded by", "Recorded (UTC)", NULL
  };
  static const char * const kinds[] = {
    [PD_SPC_CHANGE_BASELINE] = "Baseline: limits from the points up to the period",
    [PD_SPC_CHANGE_RECALCULATION] = "Limits recalculated from the period",
    [PD_SPC_CHANGE_GHOST] = "Point left out of the calculations",
    [PD_SPC_CHANGE_ANNOTATION] = "Annotation",
  };
  g_autofree char *table = NULL;
  lxw_row_t header_row, row;

  if (pack->changes == NULL || pack->changes->len == 0)
    {
      write_note (pack, sheet, "Stored SPC changes: none. Every chart's limits are from all "
                               "its points.");
      return;
    }
  write_note (pack, sheet, "Stored SPC changes in force: the SPC tables, charts, scorecard "
                           "and exceptions apply these baselines, recalculations and left-out "
                           "points, recorded in the Quality view.");
  header_row = sheet->row;
  row = header_row + 1;
  for (guint i = 0; i < pack->changes->len; i++)
    {
      const PdSpcChange *change = g_ptr_array_index (pack->changes, i);

      pd_export_write_text (pack->book, sheet, row, 0, change->indicator, NULL);
      pd_export_write_text (pack->book, sheet, row, 1, change->provider, NULL);
      pd_export_write_text (pack->book, sheet, row, 2,
                            (guint) change->kind < G_N_ELEMENTS (kinds) ? kinds[change->kind]
                                                                      : "", NULL);
      pd_export_write_date (pack->book, sheet, row, 3, change->period, pack->f->month);
      pd_export_write_text (pack->book, sheet, row, 4, change->reason, NULL);
      pd_export_write_text (pack->book, sheet, row, 5, change->author, NULL);
      pd_export_write_date (pack->book, sheet, row, 6, change->created_at, pack->f->timestamp);
      row++;
    }
  table = pd_export_workbook_add_table (pack->book, sheet, "SPC_changes", header_row, 0,
                                        row - 1, headers);
  sheet->row = row + 1;
}

static gboolean
write_sources (PdPack        *pack,
               PdExportSheet *sheet,
               GError       **error)
{
  static const char * const import_headers[] = {
    "File", "Imported (UTC)", "Format", "Encoding", "Kinds", "Rows", "SHA-256", NULL
  };
  static const char * const indicator_headers[] = {
    "Code", "Name", "Domain", "Unit", "Better when", "Target", "Multiplier", "Source", NULL
  };
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  g_autoptr(GPtrArray) indicators = NULL;
  g_autofree char *import_table = NULL;
  g_autofree char *indicator_table = NULL;
  lxw_row_t header_row, row;

  summary = pd_workspace_query_summary (pack->workspace, error);
  if (summary == NULL)
    return FALSE;
  indicators = pd_indicators_query (pack->workspace, NULL, error);
  if (indicators == NULL)
    return FALSE;
  set_columns (pack, sheet, (const double[]) { 30, 40, 14, 12, 14, 10, 10, 66 }, 8);

  pd_export_write_text (pack->book, sheet, sheet->row++, 0, "Imports", pack->f->heading);
  header_row = sheet->row;
  row = header_row + 1;
  for (guint i = 0; i < summary->imports->len; i++)
    {
      const PdImportRecord *record = g_ptr_array_index (summary->imports, i);

      pd_export_write_text (pack->book, sheet, row, 0, record->file_name, NULL);
      pd_export_write_date (pack->book, sheet, row, 1, record->imported_at, pack->f->timestamp);
      pd_export_write_text (pack->book, sheet, row, 2, record->format, NULL);
      pd_export_write_text (pack->book, sheet, row, 3, record->encoding, NULL);
      pd_export_write_text (pack->book, sheet, row, 4, record->kinds, NULL);
      pd_export_write_number (pack->book, sheet, row, 5, record->rows, pack->f->integer);
      pd_export_write_text (pack->book, sheet, row, 6, record->sha256, NULL);
      row++;
    }
  if (row > header_row + 1)
    import_table = pd_export_workbook_add_table (pack->book, sheet, "Imports", header_row, 0,
                                                 row - 1, import_headers);
  else
    write_note (pack, sheet, "Nothing has been imported.");
  sheet->row = MAX (sheet->row, row) + 1;

  pd_export_write_text (pack->book, sheet, sheet->row++, 0, "Indicator definitions",
                        pack->f->heading);
  header_row = sheet->row;
  row = header_row + 1;
  for (guint i = 0; i < indicators->len; i++)
    {
      const PdIndicator *ind = g_ptr_array_index (indicators, i);

      pd_export_write_text (pack->book, sheet, row, 0, ind->code, NULL);
      pd_export_write_text (pack->book, sheet, row, 1, ind->name, NULL);
      pd_export_write_text (pack->book, sheet, row, 2, ind->domain, NULL);
      pd_export_write_text (pack->book, sheet, row, 3, ind->unit, NULL);
      pd_export_write_text (pack->book, sheet, row, 4, ind->polarity, NULL);
      pd_export_write_number (pack->book, sheet, row, 5, ind->target, pack->f->number);
      pd_export_write_number (pack->book, sheet, row, 6, ind->multiplier, NULL);
      pd_export_write_text (pack->book, sheet, row, 7, ind->source, NULL);
      row++;
    }
  if (row > header_row + 1)
    indicator_table = pd_export_workbook_add_table (pack->book, sheet, "Indicator_definitions",
                                                    header_row, 0, row - 1, indicator_headers);
  else
    write_note (pack, sheet, "No indicators are defined.");
  sheet->row = MAX (sheet->row, row) + 1;

  pd_export_write_text (pack->book, sheet, sheet->row++, 0, "Method notes", pack->f->heading);
  write_note (pack, sheet, "Money is summed in whole pence and shown in pounds; the cells keep "
                           "the pence.");
  write_note (pack, sheet, "A suppressed or missing value is an empty cell, never 0, and is "
                           "left out of every sum; the rows suppressed are counted beside it.");
  write_note (pack, sheet, "SPC: Making Data Count XmR charts; process limits at the mean ± "
                           "2.66 mean moving ranges; special causes are a point beyond a "
                           "limit, a run of 6 or more on one side of the mean, a trend of 6 or "
                           "more, or two of three points beyond two sigma.");
  write_note (pack, sheet, "CQUIN money follows each scheme's payment rule; money is "
                           "withheld once a result is in and pending until then.");
  write_changes_in_force (pack, sheet);
  return TRUE;
}

gboolean
_pd_pack_resolve (PdPack                   *pack,
                  const PdBoardPackOptions *options,
                  GError                  **error)
{
  g_autoptr(GArray) years = NULL;

  pack->options = options;
  years = pd_spend_years_query (pack->workspace, error);
  if (years == NULL)
    return FALSE;
  if (years->len == 0)
    {
      g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                   "The workspace has no spend, so no year or commissioner to report on");
      return FALSE;
    }
  pack->year = options->year != 0 ? options->year : g_array_index (years, int, years->len - 1);

  if (options->commissioner != NULL)
    {
      g_autoptr(PdOrganisation) org = pd_organisation_lookup (pack->workspace,
                                                              options->commissioner, error);
      if (org == NULL)
        return FALSE;
      if (org->role != PD_ROLE_COMMISSIONER)
        {
          g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                       "“%s” is not a commissioner", options->commissioner);
          return FALSE;
        }
      pack->commissioner = g_strdup (org->code);
    }
  else
    {
      g_autoptr(PdSpendMix) mix = pd_spend_mix_query (pack->workspace, pack->year, pack->year,
                                                      NULL, error);
      if (mix == NULL)
        return FALSE;
      if (mix->rows->len == 0)
        {
          g_autofree char *label = pd_financial_year_label (pack->year);
          g_set_error (error, PD_EXPORT_ERROR, PD_EXPORT_ERROR_INVALID,
                       "No commissioner has spend in %s", label);
          return FALSE;
        }
      pack->commissioner = g_strdup (g_array_index (mix->rows, PdSpendRow, 0).commissioner);
    }
  pack->commissioner_name = _pd_pack_organisation_name (pack->workspace, pack->commissioner);

  pack->year_label = pd_financial_year_label (pack->year);
  pack->last_month = g_strdup_printf ("%04d-03-01", pack->year + 1);
  pack->subtitle = g_strdup_printf ("%s, financial year %s", pack->commissioner_name,
                                    pack->year_label);

  if (options->provider != NULL)
    {
      g_autoptr(PdOrganisation) org = pd_organisation_lookup (pack->workspace, options->provider,
                                                              error);
      if (org == NULL)
        return FALSE;
      pack->provider = g_strdup (org->code);
    }
  else
    {
      /* The commissioner's main provider: the one holding its largest CQUIN contract. */
      g_autoptr(PdCquinReport) report = pd_cquin_report_query (pack->workspace, pack->year,
                                                               pack->commissioner, NULL, NULL);
      gint64 largest = -1;

      for (guint i = 0; report != NULL && i < report->schemes->len; i++)
        {
          const PdCquinSchemeItem *s = &g_array_index (report->schemes, PdCquinSchemeItem, i);
          if (s->contract_value_pence > largest)
            {
              largest = s->contract_value_pence;
              g_free (pack->provider);
              pack->provider = g_strdup (s->provider);
            }
        }
    }
  if (pack->provider != NULL)
    pack->provider_name = _pd_pack_organisation_name (pack->workspace, pack->provider);
  return TRUE;
}

/**
 * pd_board_pack_write:
 * @workspace: the workspace, used on the calling thread
 * @options: (nullable): what to report on; %NULL for the defaults
 * @path: the xlsx file to write
 * @cancellable: (nullable): stops the work between sections
 * @error: a #GError
 *
 * Writes the board pack. The file appears at @path only when it is complete: it is
 * written beside it under a temporary name and renamed, and any failure or cancellation
 * removes it and leaves an existing @path untouched.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_board_pack_write (PdWorkspace              *workspace,
                     const PdBoardPackOptions *options,
                     const char               *path,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  return _pd_board_pack_write_xlsx (workspace, options, path, NULL, cancellable, error);
}

gboolean
_pd_board_pack_write_xlsx (PdWorkspace              *workspace,
                           const PdBoardPackOptions *options,
                           const char               *path,
                           char                    **out_scorecard,
                           GCancellable             *cancellable,
                           GError                  **error)
{
  static const struct
  {
    const char          *domain;
    const char          *title;
    const char          *description;
    PdBoardPackSections  section;
  } quality[] = {
    { "safety", "Safety", "Safety indicators: SPC tables with mean, limits and flags, charts",
      PD_BOARD_PACK_SAFETY },
    { "effectiveness", "Effectiveness",
      "Effectiveness indicators: SPC tables with mean, limits and flags, charts",
      PD_BOARD_PACK_EFFECTIVENESS },
    { "experience", "Experience",
      "Patient experience indicators: SPC tables with mean, limits and flags, charts",
      PD_BOARD_PACK_EXPERIENCE },
  };
  PdBoardPackOptions defaults;
  PdPack pack = { 0 };
  g_autoptr(PdExportWorkbook) book = NULL;
  g_autofree char *title = NULL;
  g_autofree char *property_title = NULL, *property_company = NULL, *property_marking = NULL;
  PdExportSheet *cover, *contents, *summary, *scorecard, *spend, *outlook, *cquin;
  PdExportSheet *sheets[G_N_ELEMENTS (quality)], *benchmarks, *exceptions, *sources;
  lxw_doc_properties properties = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (PD_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      pd_board_pack_options_init (&defaults);
      options = &defaults;
    }
  defaults = *options;
  if (defaults.marking == NULL)
    defaults.marking = "OFFICIAL";
  pack.workspace = workspace;
  pack.cancellable = cancellable;
  pack.images = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (!_pd_pack_resolve (&pack, &defaults, error))
    goto out;

  book = pd_export_workbook_new (path, defaults.marking, error);
  if (book == NULL)
    goto out;
  pack.book = book;
  pack.f = pd_export_workbook_get_formats (book);

  title = g_strdup_printf ("Board pack: %s, %s", pack.commissioner_name, pack.year_label);
  /* libxlsxwriter writes the properties' XML as it is given. */
  property_title = pd_export_xml_text (title);
  property_company = pd_export_xml_text (pack.commissioner_name);
  property_marking = pd_export_xml_text (defaults.marking);
  properties.title = property_title;
  properties.subject = "Board pack";
  properties.company = property_company;
  properties.comments = "Written by pctdash " PACKAGE_VERSION;
  properties.category = property_marking;
  pd_export_workbook_check (book, workbook_set_properties (pd_export_workbook_get_lxw (book),
                                                           &properties),
                            "Document properties");

  /* Every sheet first, so the contents can link to all of them and each sheet back. */
  cover = pd_export_workbook_add_sheet (book, "Cover", "Organisation, period, when and from "
                                        "what this pack was made, and its marking");
  contents = pd_export_workbook_add_sheet (book, "Contents", "This list");
  pack.contents = contents;
  if (cover == NULL || contents == NULL)
    goto close;
  g_free (cover->title);
  cover->title = g_strdup (title);
  pd_export_write_heading (book, cover, pack.subtitle, contents);
  pd_export_write_heading (book, contents, pack.subtitle, NULL);

  summary = scorecard = spend = outlook = cquin = benchmarks = exceptions = sources = NULL;
  if (pd_board_pack_wants (&defaults, PD_BOARD_PACK_SUMMARY))
    summary = add_sheet (&pack, "Executive summary", "Money against plan, CQUIN money, and "
                         "how many indicators show concern or fail their target, with links");
  if (pd_board_pack_wants (&defaults, PD_BOARD_PACK_SCORECARD))
    scorecard = add_sheet (&pack, "Scorecard", "Every indicator at the main providers: latest "
                           "value, target, SPC variation and assurance in words");
  if (pd_board_pack_wants (&defaults, PD_BOARD_PACK_SPEND))
    spend = add_sheet (&pack, "Spend mix", "Spend by category against the mean of all "
                       "commissioners, and spend by year");
  if (pd_board_pack_wants (&defaults, PD_BOARD_PACK_OUTLOOK))
    outlook = add_sheet (&pack, "Financial outlook", "Allocation against spend each year: "
                         "underspend or overspend in pounds and as a percentage");
  if (pd_board_pack_wants (&defaults, PD_BOARD_PACK_CQUIN))
    cquin = add_sheet (&pack, "CQUIN", "CQUIN schemes: thresholds, results, achievement, and "
                       "money earned, withheld and at risk");
  for (guint i = 0; i < G_N_ELEMENTS (quality); i++)
    sheets[i] = pd_board_pack_wants (&defaults, quality[i].section)
                ? add_sheet (&pack, quality[i].title, quality[i].description) : NULL;
  if (pd_board_pack_wants (&defaults, PD_BOARD_PACK_BENCHMARKS))
    benchmarks = add_sheet (&pack, "Benchmarks", "Each indicator's providers compared: funnel "
                            "limits, where each lies, and the funnel plot");
  if (pd_board_pack_wants (&defaults, PD_BOARD_PACK_EXCEPTIONS))
    exceptions = add_sheet (&pack, "Exceptions", "One block per special cause of concern or "
                            "failed target: why, the last values, the gap, fields for actions");
  if (pd_board_pack_wants (&defaults, PD_BOARD_PACK_SOURCES))
    sources = add_sheet (&pack, "Data sources and notes", "Every import with its file, date "
                         "and SHA-256; indicator definitions; method notes");
  if (!pd_export_workbook_ok (book))
    goto close;

  /* The steps progress counts: reading the SPC of every indicator, each sheet, and the
   * file itself, which is complete only once the workbook is closed and renamed. */
  pack.n_steps = 4;  /* statuses, cover, contents, the file */
  pack.n_steps += (summary != NULL) + (scorecard != NULL) + (spend != NULL) +
                  (outlook != NULL) + (cquin != NULL) + (benchmarks != NULL) +
                  (exceptions != NULL) + (sources != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (quality); i++)
    pack.n_steps += sheets[i] != NULL;
  _pd_pack_report_progress (&pack, 0.0);

  /* Each step checks the cancellable first, so a cancelled export stops within a sheet. */
  if (!_pd_pack_collect_statuses (&pack, error))
    goto out;
  _pd_pack_step_done (&pack);
  if (scorecard != NULL)
    {
      write_scorecard (&pack, scorecard);
      _pd_pack_step_done (&pack);
    }
  if (exceptions != NULL)
    {
      write_exceptions (&pack, exceptions);
      _pd_pack_step_done (&pack);
    }
  if (summary != NULL)
    {
      write_summary (&pack, summary, exceptions);
      if (!write_changes (&pack, summary, error))
        goto out;
      _pd_pack_step_done (&pack);
    }
  if (!write_cover (&pack, cover, error))
    goto out;
  _pd_pack_step_done (&pack);
  {
    PdExportSheet *money[] = { spend, outlook, cquin };
    gboolean (*write[]) (PdPack *, PdExportSheet *, GError **) = {
      write_spend_mix, write_outlook, write_cquin
    };

    for (guint i = 0; i < G_N_ELEMENTS (money); i++)
      {
        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          goto out;
        if (money[i] == NULL)
          continue;
        if (!write[i] (&pack, money[i], error))
          goto out;
        _pd_pack_step_done (&pack);
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (quality); i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (sheets[i] == NULL)
        continue;
      if (!write_quality (&pack, sheets[i], quality[i].domain, error))
        goto out;
      _pd_pack_step_done (&pack);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if (benchmarks != NULL)
    {
      if (!write_benchmarks (&pack, benchmarks, error))
        goto out;
      _pd_pack_step_done (&pack);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if (sources != NULL)
    {
      if (!write_sources (&pack, sources, error))
        goto out;
      _pd_pack_step_done (&pack);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  write_contents (&pack, contents);
  _pd_pack_step_done (&pack);
  if (out_scorecard != NULL &&
      (*out_scorecard = _pd_pack_scorecard_json (&pack, error)) == NULL)
    goto out;

close:
  ok = pd_export_workbook_close (book, error);
  if (!ok && out_scorecard != NULL)
    g_clear_pointer (out_scorecard, g_free);
  if (ok && pack.n_steps > 0)
    _pd_pack_step_done (&pack);

out:
  _pd_pack_clear (&pack);
  return ok;
}

typedef struct
{
  PdWorkspace        *workspace;  /* the worker's own connection */
  PdBoardPackOptions  options;    /* its strings point into the fields below */
  char               *commissioner;
  char               *provider;
  char               *marking;
  char               *previous_pack;
  char               *previous_snapshot;
  char               *narrative;
  char               *snapshot;
  char               *workspace_sha256;
  char               *path;
  char               *snapshot_name;  /* pd_pack_snapshot_write() this snapshot; NULL: no */
  gboolean            regenerated;    /* set by the worker before it returns */
  /* Progress: the caller's function, called on the task's context from an idle source
   * that takes the latest fraction; one source at a time. */
  PdBoardPackProgressFunc progress;
  gpointer            progress_data;
  GTask              *task;           /* borrowed: alive while the worker runs */
  GMutex              lock;
  double              pending;
  gboolean            queued;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->workspace);
  g_clear_pointer (&data->options.generated_at, g_date_time_unref);
  g_free (data->commissioner);
  g_free (data->provider);
  g_free (data->marking);
  g_free (data->previous_pack);
  g_free (data->previous_snapshot);
  g_free (data->narrative);
  g_free (data->snapshot);
  g_free (data->workspace_sha256);
  g_clear_pointer (&data->options.spc_changes, g_ptr_array_unref);
  g_free (data->path);
  g_free (data->snapshot_name);
  g_mutex_clear (&data->lock);
  g_free (data);
}

static gboolean
progress_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  WriteData *data = g_task_get_task_data (task);
  double fraction;

  g_mutex_lock (&data->lock);
  fraction = data->pending;
  data->queued = FALSE;
  g_mutex_unlock (&data->lock);
  /* After the pack's callback the caller may have let go of progress_data. */
  if (!g_task_get_completed (task))
    data->progress (fraction, data->progress_data);
  return G_SOURCE_REMOVE;
}

/* On the worker: hands the fraction to the caller's context, coalescing reports that
 * come faster than it runs. */
static void
progress_in_thread (double   fraction,
                    gpointer user_data)
{
  WriteData *data = user_data;
  g_autoptr(GSource) source = NULL;

  g_mutex_lock (&data->lock);
  data->pending = fraction;
  if (data->queued)
    {
      g_mutex_unlock (&data->lock);
      return;
    }
  data->queued = TRUE;
  g_mutex_unlock (&data->lock);

  /* The priority of the task's own completion, so the reports sent before it arrive
   * before it. */
  source = g_idle_source_new ();
  g_source_set_priority (source, g_task_get_priority (data->task));
  g_source_set_static_name (source, "[pctdash] board pack progress");
  g_source_set_callback (source, progress_idle_cb, g_object_ref (data->task), g_object_unref);
  g_source_attach (source, g_task_get_context (data->task));
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  gboolean ok;

  if (data->snapshot_name != NULL)
    ok = pd_pack_snapshot_write (data->workspace, data->snapshot_name, &data->options,
                                 data->path, &data->regenerated, cancellable, &error);
  else if (g_str_has_suffix (data->path, ".pdf"))
    ok = pd_board_pack_write_pdf (data->workspace, &data->options, data->path, cancellable,
                                  &error);
  else
    ok = pd_board_pack_write (data->workspace, &data->options, data->path, cancellable, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * pd_board_pack_write_async:
 * @workspace: the workspace, used on the calling thread
 * @options: (nullable): what to report on; copied
 * @path: the file to write: a PDF when it ends in ".pdf", else the xlsx workbook
 * @cancellable: (nullable): stops the export; no file is left behind
 * @callback: called on the calling thread's main context when the pack is written
 * @user_data: for @callback
 *
 * Writes the board pack in a worker thread on a second connection to the workspace, so the
 * window stays responsive. Finish with pd_board_pack_write_finish().
 */
void
pd_board_pack_write_async (PdWorkspace              *workspace,
                           const PdBoardPackOptions *options,
                           const char               *path,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  g_return_if_fail (PD_IS_WORKSPACE (workspace));
  g_return_if_fail (path != NULL);

  _pd_board_pack_write_task (workspace, options, path, NULL, pd_board_pack_write_async,
                             cancellable, callback, user_data);
}

void
_pd_board_pack_write_task (PdWorkspace              *workspace,
                           const PdBoardPackOptions *options,
                           const char               *path,
                           const char               *snapshot_name,
                           gpointer                  source_tag,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  WriteData *data;

  task = g_task_new (workspace, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  data = g_new0 (WriteData, 1);
  g_mutex_init (&data->lock);
  data->task = task;
  data->snapshot_name = g_strdup (snapshot_name);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  data->workspace = pd_workspace_open_again (workspace, &error);
  if (data->workspace == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (options != NULL)
    data->options = *options;
  else
    pd_board_pack_options_init (&data->options);
  data->options.commissioner = data->commissioner = g_strdup (data->options.commissioner);
  data->options.provider = data->provider = g_strdup (data->options.provider);
  data->options.marking = data->marking = g_strdup (data->options.marking);
  data->options.previous_pack = data->previous_pack = g_strdup (data->options.previous_pack);
  data->options.previous_snapshot = data->previous_snapshot =
    g_strdup (data->options.previous_snapshot);
  data->options.narrative = data->narrative = g_strdup (data->options.narrative);
  data->options.snapshot = data->snapshot = g_strdup (data->options.snapshot);
  data->options.workspace_sha256 = data->workspace_sha256 =
    g_strdup (data->options.workspace_sha256);
  /* PdSpcChange rows are read, never changed, by the worker. */
  if (data->options.spc_changes != NULL)
    g_ptr_array_ref (data->options.spc_changes);
  if (data->options.generated_at != NULL)
    g_date_time_ref (data->options.generated_at);
  data->progress = data->options.progress;
  data->progress_data = data->options.progress_data;
  if (data->progress != NULL)
    {
      data->options.progress = progress_in_thread;
      data->options.progress_data = data;
    }
  data->path = g_strdup (path);
  g_task_run_in_thread (task, write_thread);
}

gboolean
_pd_board_pack_task_regenerated (GTask *task)
{
  WriteData *data = g_task_get_task_data (task);

  return data->regenerated;
}

/**
 * pd_board_pack_write_finish:
 * @workspace: the workspace given to pd_board_pack_write_async()
 * @result: the result
 * @error: a #GError; %G_IO_ERROR_CANCELLED after a cancellation
 *
 * Returns: %TRUE when the pack is written
 */
gboolean
pd_board_pack_write_finish (PdWorkspace  *workspace,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, workspace), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pd_board_pack_write_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
