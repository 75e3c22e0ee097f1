/* pd-cli-render.c — pctdash-cli render: one chart from a workspace to PNG, SVG or PDF
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pd-cli-commands.h"
#include "chart/pd-chart.h"
#include "chart/pd-chart-query.h"
#include "domain/pd-domain.h"
#include "store/pd-workspace.h"

/* "1600x900" (or "1600×900"). */
static gboolean
parse_size (const char *text,
            double     *out_width,
            double     *out_height)
{
  char *end = NULL;
  double w, h;

  w = g_ascii_strtod (text, &end);
  if (end == text || (*end != 'x' && *end != 'X' && !g_str_has_prefix (end, "×")))
    return FALSE;
  end += *end == 'x' || *end == 'X' ? 1 : strlen ("×");
  text = end;
  h = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(w >= 16 && w <= 20000 && h >= 16 && h <= 20000))
    return FALSE;
  *out_width = w;
  *out_height = h;
  return TRUE;
}

/* "2010/11" or "2010" (the financial year's first calendar year). */
static gboolean
parse_year (const char *text,
            int        *out_year)
{
  int year = 0, next = 0;
  char tail;

  if (sscanf (text, "%d/%d%c", &year, &next, &tail) == 2)
    {
      if (next != (year + 1) % 100)
        return FALSE;
    }
  else if (sscanf (text, "%d%c", &year, &tail) != 1)
    return FALSE;
  if (year < 1948 || year > 2200)
    return FALSE;
  *out_year = year;
  return TRUE;
}

/* "2009-04..2011-03": months or ISO dates, either end may be left open. The periods are
 * matched by their first day. */
static gboolean
parse_period (const char  *text,
              char       **out_first,
              char       **out_last)
{
  const char *dots = strstr (text, "..");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  char *ends[2];

  if (dots == NULL)
    return FALSE;
  a = g_strndup (text, dots - text);
  b = g_strdup (dots + 2);
  ends[0] = a;
  ends[1] = b;
  for (guint i = 0; i < 2; i++)
    {
      int y, m, d;
      char tail;
      char **out = i == 0 ? out_first : out_last;

      if (*ends[i] == '\0')
        *out = NULL;
      else if (sscanf (ends[i], "%d-%d-%d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12)
        *out = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      else if (sscanf (ends[i], "%d-%d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 12)
        *out = g_strdup_printf ("%04d-%02d-01", y, m);
      else
        {
          g_clear_pointer (out_first, g_free);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * pd_cli_render:
 * @argc: the argument count
 * @argv: the arguments, argv[0] "pctdash-cli render"
 *
 * pctdash-cli render: builds one chart from a workspace with pd_chart_query_build() and
 * writes it with pd_chart_write_file(), the renderer the window and the board pack use.
 *
 * Returns: a PD_CLI_EXIT_* code.
 */
int
pd_cli_render (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdChartSpec) spec = NULL;
  g_autofree char *workspace_path = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *commissioner = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *indicator = NULL;
  g_autofree char *year_text = NULL;
  g_autofree char *period_text = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *theme_text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *od_text = NULL;
  gboolean summary = FALSE, over_years = FALSE, per_head = FALSE;
  double scale = 1.0, width = 1600, height = 900;
  PdChartKind kind;
  PdChartThemeKind theme_kind = PD_CHART_THEME_LIGHT;
  PdChartFileFormat format;
  PdChartTheme theme;
  PdChartQuery query = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace_path,
      "The workspace to read", "WORKSPACE" },
    { "chart", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      "spend-mix, outlook, cquin, spc, funnel, matrix, heatmap, timeline, ranked or quadrant",
      "KIND" },
    { "commissioner", 0, 0, G_OPTION_ARG_STRING, &commissioner,
      "A commissioner's code (spend mix: highlighted among its peers; outlook; CQUIN)", "C" },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider,
      "A provider's code (SPC, CQUIN, timeline; highlighted on funnel and ranked charts)",
      "P" },
    { "indicator", 0, 0, G_OPTION_ARG_STRING, &indicator,
      "An indicator's code (SPC, funnel, ranked, quadrant)", "I" },
    { "over-years", 0, 0, G_OPTION_ARG_NONE, &over_years,
      "Spend mix: the commissioner's mix year by year instead of among its peers", NULL },
    { "per-head", 0, 0, G_OPTION_ARG_NONE, &per_head,
      "Spend mix: pounds per weighted head against the peers' median instead of shares", NULL },
    { "overdispersion", 0, 0, G_OPTION_ARG_STRING, &od_text,
      "Funnel: widen the limits for overdispersion — none (default), shmi, cqc or winsorise "
      "(see docs/statistics.md)", "METHOD" },
    { "year", 0, 0, G_OPTION_ARG_STRING, &year_text,
      "A financial year, e.g. 2010/11 (default: the latest)", "Y" },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period_text,
      "Months to include, e.g. 2009-04..2011-03 (either end may be left open)", "P" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
      "The file to write: .png, .svg or .pdf", "FILE" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size_text,
      "Width × height in pixels (PNG at scale 1) or points (SVG, PDF); default 1600x900",
      "WxH" },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale,
      "Pixels per unit for PNG: 2 for a sharp image with the same layout (default 1)", "S" },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_text,
      "light (default), dark, high-contrast or print", "THEME" },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &summary,
      "Also print the chart's text summary, as a screen reader or the board pack gives it",
      NULL },
    { NULL }
  };

  context = g_option_context_new ("— draw one chart to a PNG, SVG or PDF file");
  g_option_context_set_summary (context,
                                "Draws a chart from a workspace with the same renderer the "
                                "window and the board pack use. See docs/charts.md.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pd_cli_parse (context, &argc, &argv, &status))
    return status;

  if (argc != 1)
    {
      pd_cli_error ("render", "unexpected argument “%s”", argv[1]);
      return PD_CLI_EXIT_USAGE;
    }
  if (workspace_path == NULL || kind_text == NULL || out_path == NULL)
    {
      pd_cli_error ("render", "give -w WORKSPACE, --chart KIND and --out FILE");
      return PD_CLI_EXIT_USAGE;
    }
  if (!pd_chart_parse_kind (kind_text, &kind))
    {
      pd_cli_error ("render", "unknown chart “%s”: use spend-mix, outlook, cquin, spc, funnel, "
                    "matrix, heatmap, timeline, ranked or quadrant", kind_text);
      return PD_CLI_EXIT_USAGE;
    }
  if (!pd_chart_file_format_from_path (out_path, &format))
    {
      pd_cli_error ("render", "“%s” does not end in .png, .svg or .pdf", out_path);
      return PD_CLI_EXIT_USAGE;
    }
  if (size_text != NULL && !parse_size (size_text, &width, &height))
    {
      pd_cli_error ("render", "--size: “%s” is not WIDTHxHEIGHT between 16 and 20000",
                    size_text);
      return PD_CLI_EXIT_USAGE;
    }
  if (!(scale >= 0.25 && scale <= 8))
    {
      pd_cli_error ("render", "--scale: %g is not between 0.25 and 8", scale);
      return PD_CLI_EXIT_USAGE;
    }
  if (theme_text != NULL && !pd_chart_theme_parse_kind (theme_text, &theme_kind))
    {
      pd_cli_error ("render", "unknown theme “%s”: use light, dark, high-contrast or print",
                    theme_text);
      return PD_CLI_EXIT_USAGE;
    }
  if (year_text != NULL && !parse_year (year_text, &query.year))
    {
      pd_cli_error ("render", "--year: “%s” is not a financial year such as 2010/11", year_text);
      return PD_CLI_EXIT_USAGE;
    }
  if (period_text != NULL && !parse_period (period_text, &first, &last))
    {
      pd_cli_error ("render", "--period: “%s” is not FIRST..LAST, e.g. 2009-04..2011-03",
                    period_text);
      return PD_CLI_EXIT_USAGE;
    }
  if (od_text != NULL && !pd_funnel_parse_overdispersion (od_text, &query.overdispersion))
    {
      pd_cli_error ("render", "--overdispersion: unknown method “%s”: use none, shmi, cqc or "
                    "winsorise", od_text);
      return PD_CLI_EXIT_USAGE;
    }
  if ((kind == PD_CHART_KIND_SPC || kind == PD_CHART_KIND_FUNNEL ||
       kind == PD_CHART_KIND_RANKED || kind == PD_CHART_KIND_QUADRANT) && indicator == NULL)
    {
      pd_cli_error ("render", "the %s chart needs --indicator", kind_text);
      return PD_CLI_EXIT_USAGE;
    }

  workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  if (workspace == NULL)
    {
      pd_cli_error ("render", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }
  query.commissioner = commissioner;
  query.provider = provider;
  query.indicator = indicator;
  query.first = first;
  query.last = last;
  query.over_years = over_years;
  query.per_head = per_head;
  spec = pd_chart_query_build (workspace, kind, &query, &error);
  if (spec == NULL)
    {
      pd_cli_error ("render", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }

  pd_chart_theme_init (&theme, theme_kind);
  if (!pd_chart_write_file (spec, &theme, out_path, width, height, scale, &error))
    {
      pd_cli_error ("render", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }
  if (summary)
    {
      g_autofree char *text = pd_chart_spec_summarize (spec);
      printf ("%s\n", text);
    }
  return PD_CLI_EXIT_OK;
}
