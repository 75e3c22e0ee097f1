/* pd-export-workbook.h — an xlsx workbook written the board pack's way
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thin layer over libxlsxwriter that makes the form rules hard to break: every sheet
 * is A4 landscape, one page wide, with repeated header rows, a footer with the page
 * number, sheet name and marking, frozen panes and a print area; sheet, table and
 * defined names are sanitised in one place; text from the data is always a string; every
 * lxw_error is kept; the file is written beside the target under a temporary name and
 * renamed only when libxlsxwriter has closed it without error.
 */

#pragma once

#include <glib.h>
#include <xlsxwriter.h>

G_BEGIN_DECLS

#define PD_EXPORT_ERROR (pd_export_error_quark ())

typedef enum
{
  PD_EXPORT_ERROR_WRITE,    /* the target folder or file cannot be written */
  PD_EXPORT_ERROR_XLSX,     /* libxlsxwriter refused a call; the message has its reason */
  PD_EXPORT_ERROR_INVALID,  /* an argument out of range, e.g. an unknown commissioner */
} PdExportError;

GQuark pd_export_error_quark (void);

/* The cell formats every sheet shares. */
typedef struct
{
  lxw_format *title;      /* the sheet's title */
  lxw_format *subtitle;   /* the line under it */
  lxw_format *heading;    /* a block's heading */
  lxw_format *header;     /* a table's header row */
  lxw_format *label;      /* a bold label beside a value */
  lxw_format *text;       /* wrapped text */
  lxw_format *pounds;     /* £1,234 (the value keeps its pence) */
  lxw_format *pounds_exact; /* £1,234.56, for amounts per head */
  lxw_format *percent;    /* 0.253 shows as 25.3% */
  lxw_format *number;     /* 1,234.56 */
  lxw_format *integer;    /* 1,234 */
  lxw_format *month;      /* a date shown as Apr 2009 */
  lxw_format *timestamp;  /* 2026-11-23 19:00 */
  lxw_format *link;       /* a hyperlink */
} PdExportFormats;

/* One sheet being written: its worksheet, its names and where the writing has got to. */
typedef struct
{
  lxw_worksheet *worksheet;
  char          *name;         /* the sanitised sheet name */
  char          *title;        /* the title as given */
  char          *description;  /* one line for the contents sheet */
  lxw_row_t      row;          /* the next free row */
  lxw_col_t      last_col;     /* the widest column written, for the print area */
  lxw_row_t      repeat_last;  /* rows 0 to this one repeat on every printed page */
  lxw_row_t      freeze_row;   /* panes frozen above this row (0: the header rows) */
} PdExportSheet;

typedef struct _PdExportWorkbook PdExportWorkbook;

PdExportWorkbook      *pd_export_workbook_new      (const char        *path,
                                                    const char        *marking,
                                                    GError           **error);
void                   pd_export_workbook_free     (PdExportWorkbook  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdExportWorkbook, pd_export_workbook_free)

lxw_workbook          *pd_export_workbook_get_lxw  (PdExportWorkbook  *self);
const PdExportFormats *pd_export_workbook_get_formats (PdExportWorkbook *self);
const char            *pd_export_workbook_get_temp_path (PdExportWorkbook *self);

gboolean               pd_export_workbook_check    (PdExportWorkbook  *self,
                                                    lxw_error          status,
                                                    const char        *what);
gboolean               pd_export_workbook_fail     (PdExportWorkbook  *self,
                                                    const char        *format,
                                                    ...) G_GNUC_PRINTF (2, 3);
gboolean               pd_export_workbook_ok       (PdExportWorkbook  *self);

char                  *pd_export_sheet_name_sanitize (const char      *title,
                                                      GHashTable      *taken);
char                  *pd_export_defined_name_sanitize (const char    *text);
char                  *pd_export_xml_text          (const char        *text);
char                  *pd_export_footer_text       (const char        *marking);

PdExportSheet         *pd_export_workbook_add_sheet (PdExportWorkbook *self,
                                                     const char       *title,
                                                     const char       *description);
GPtrArray             *pd_export_workbook_get_sheets (PdExportWorkbook *self);

char                  *pd_export_workbook_add_table (PdExportWorkbook   *self,
                                                     PdExportSheet      *sheet,
                                                     const char         *name,
                                                     lxw_row_t           first_row,
                                                     lxw_col_t           first_col,
                                                     lxw_row_t           last_row,
                                                     const char * const *headers);
gboolean               pd_export_workbook_define_name (PdExportWorkbook *self,
                                                       const char       *name,
                                                       PdExportSheet    *sheet,
                                                       lxw_row_t         row,
                                                       lxw_col_t         col);

/* Cell writers: each records the first failure in the workbook and widens the print area. */
void                   pd_export_write_text        (PdExportWorkbook  *self,
                                                    PdExportSheet     *sheet,
                                                    lxw_row_t          row,
                                                    lxw_col_t          col,
                                                    const char        *text,
                                                    lxw_format        *format);
void                   pd_export_write_number      (PdExportWorkbook  *self,
                                                    PdExportSheet     *sheet,
                                                    lxw_row_t          row,
                                                    lxw_col_t          col,
                                                    double             value,
                                                    lxw_format        *format);
void                   pd_export_write_pence       (PdExportWorkbook  *self,
                                                    PdExportSheet     *sheet,
                                                    lxw_row_t          row,
                                                    lxw_col_t          col,
                                                    gint64             pence);
void                   pd_export_write_date        (PdExportWorkbook  *self,
                                                    PdExportSheet     *sheet,
                                                    lxw_row_t          row,
                                                    lxw_col_t          col,
                                                    const char        *iso_date,
                                                    lxw_format        *format);
void                   pd_export_write_cell_link   (PdExportWorkbook  *self,
                                                    PdExportSheet     *sheet,
                                                    lxw_row_t          row,
                                                    lxw_col_t          col,
                                                    const PdExportSheet *target,
                                                    lxw_row_t          target_row,
                                                    const char        *text);
void                   pd_export_write_sheet_link  (PdExportWorkbook  *self,
                                                    PdExportSheet     *sheet,
                                                    lxw_row_t          row,
                                                    lxw_col_t          col,
                                                    const PdExportSheet *target,
                                                    const char        *text);
void                   pd_export_write_heading     (PdExportWorkbook  *self,
                                                    PdExportSheet     *sheet,
                                                    const char        *subtitle,
                                                    const PdExportSheet *contents);

gboolean               pd_export_workbook_close    (PdExportWorkbook  *self,
                                                    GError           **error);

G_END_DECLS
