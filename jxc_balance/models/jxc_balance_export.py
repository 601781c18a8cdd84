"""Excel export of the balance: a summary sheet (KPIs, charts) and one sheet per warehouse."""

import io
import re
from collections import defaultdict
from datetime import datetime, time, timedelta

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from odoo import api, fields, models
from odoo.tools.osutil import clean_filename

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_MAX = 31
SHEET_NAME_INVALID = re.compile(r"[\[\]:*?/\\]")
QTY_FORMAT = "#,##0.00"
# Columns of a warehouse sheet: (key, kind, width). The key is a field of the line, except
# "default_code" (the product's internal reference). Kinds pick the cell format.
COLUMNS = [
    ("product_id", "text", 36),
    ("default_code", "text", 16),
    ("abc_class", "text", 10),
    ("xyz_class", "text", 10),
    ("avg_daily_demand", "demand", 14),
    ("lead_time_days", "qty", 12),
    ("safety_stock", "qty", 14),
    ("reorder_point", "qty", 14),
    ("max_qty", "qty", 14),
    ("qty_available", "qty", 14),
    ("qty_forecast", "qty", 14),
    ("days_of_cover", "cover", 12),
    ("stock_value", "money", 16),
    ("last_sale_date", "date", 14),
    ("state", "text", 16),
    ("vendor_id", "text", 28),
]
LINE_FIELDS = [
    "product_id", "warehouse_id", "abc_class", "xyz_class", "avg_daily_demand",
    "lead_time_days", "safety_stock", "reorder_point", "max_qty", "qty_available",
    "qty_forecast", "days_of_cover", "stock_value", "last_sale_date", "state", "vendor_id",
]
# Row colours by balance state: (background, font)
STATE_COLORS = {
    "shortage": ("#FFC7CE", "#9C0006"),
    "reorder": ("#FCD5B4", "#974706"),
    "overstock": ("#DDEBF7", "#1F4E78"),
    "slow": ("#E7E6E6", "#595959"),
    "dead": ("#D9D9D9", "#404040"),
    "balanced": ("#C6EFCE", "#006100"),
    "no_demand": ("#F2F2F2", "#808080"),
}


class JxcBalanceExport(models.AbstractModel):
    _name = "jxc.balance.export"
    _description = "Stock Balance Excel Export"

    @api.model
    def export_lines(self, lines, warehouse_id=False):
        """Build the workbook of ``lines`` and return the action downloading it.

        The summary carries the dashboard's figures (of ``warehouse_id`` when given). The
        file is a private attachment of the caller, removed after a day by the next export.
        """
        data = self.env["jxc.balance.dashboard"].get_dashboard_data(warehouse_id=warehouse_id)
        if not isinstance(lines, models.BaseModel):
            # called over RPC, with ids: reading them applies the caller's rights and rules
            lines = self.env["jxc.balance.line"].browse(lines)
        warehouse = self.env["stock.warehouse"].browse(int(warehouse_id)) if warehouse_id \
            else None
        content = self._build_workbook(lines, data["kpis"], data["charts"], warehouse=warehouse)
        self._unlink_old_exports()
        attachment = self.env["ir.attachment"].create({
            "name": self._file_name(),
            "raw": content,
            "mimetype": XLSX_MIMETYPE,
            "res_model": "jxc.balance.line",
            "public": False,
        })
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    @api.model
    def _file_name(self):
        """The download's name: the export's title, the company and today's date.

        In the language of the user who exports (the context's, else the user's).
        """
        today = fields.Date.context_today(self)
        env = self.env
        if not env.context.get("lang"):
            env = env(context=dict(env.context, lang=env.user.lang))
        company = clean_filename(env.company.name, replacement="-")
        # the first sheet's title, and the date
        title = env._("Stock Balance - %(company)s", company=company)
        return f"{clean_filename(title, replacement='-')} - {fields.Date.to_string(today)}.xlsx"

    @api.model
    def _unlink_old_exports(self):
        """The caller's exports older than a day: downloaded long ago, no longer needed."""
        self.env["ir.attachment"].search([
            ("res_model", "=", "jxc.balance.line"),
            ("res_id", "=", False),
            ("create_uid", "=", self.env.uid),
            ("mimetype", "=", XLSX_MIMETYPE),
            ("create_date", "<", fields.Datetime.now() - timedelta(days=1)),
        ]).unlink()

    # ----------------------------------------------------------------- workbook
    @api.model
    def _build_workbook(self, lines, kpis, charts, warehouse=None):
        """The .xlsx file of ``lines`` with the dashboard's ``kpis`` and ``charts``."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        formats = self._formats(workbook)
        used_names = set()
        summary_name = self._sheet_name(self.env._("Summary"), used_names)
        self._write_summary(workbook, workbook.add_worksheet(summary_name), formats, kpis,
                            charts, warehouse)
        rows_by_warehouse = defaultdict(list)
        for row in lines.read(LINE_FIELDS):
            rows_by_warehouse[row["warehouse_id"][0]].append(row)
        codes = {product["id"]: product["default_code"]
                 for product in lines.product_id.read(["default_code"])}
        # sheets in the warehouses' own order, whatever the order of the lines
        warehouses = self.env["stock.warehouse"].browse(list(rows_by_warehouse)).sorted()
        for wh in warehouses:
            sheet = workbook.add_worksheet(self._sheet_name(wh.code or wh.name, used_names))
            self._write_warehouse(workbook, sheet, formats, wh, rows_by_warehouse[wh.id],
                                  codes)
        workbook.close()
        return output.getvalue()

    @api.model
    def _sheet_name(self, name, used_names):
        """A valid Excel sheet name: no []:*?/\\, at most 31 chars, unique ignoring case."""
        base = SHEET_NAME_INVALID.sub("_", name or "").strip().strip("'")
        base = base[:SHEET_NAME_MAX].strip() or "Sheet"
        if base.lower() == "history":  # reserved by Excel
            base = f"{base} 1"
        candidate, number = base, 1
        while candidate.lower() in used_names:
            number += 1
            suffix = f" ({number})"
            candidate = base[:SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        used_names.add(candidate.lower())
        return candidate

    @api.model
    def _formats(self, workbook):
        """The workbook's cell formats by kind (money formats are made per currency)."""
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "bold": workbook.add_format({"bold": True}),
            "header": workbook.add_format({
                "bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                "valign": "top"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd", "align": "left"}),
            "integer": workbook.add_format({"num_format": "#,##0"}),
            "qty": workbook.add_format({"num_format": QTY_FORMAT}),
            "demand": workbook.add_format({"num_format": "#,##0.0000"}),
            "cover": workbook.add_format({"num_format": "#,##0.0"}),
            "text": workbook.add_format(),
            "money": {},  # one per currency, made on demand by _money_format
            "workbook": workbook,
        }

    @api.model
    def _money_format(self, formats, currency):
        """``#,##0.00`` with the currency symbol on its side, one format per currency."""
        if currency.id not in formats["money"]:
            symbol = '"{}"'.format((currency.symbol or currency.name or "").replace('"', ""))
            digits = currency.decimal_places
            number = "#,##0" + ("." + "0" * digits if digits > 0 else "")
            num_format = f"{symbol} {number}" if currency.position == "before" \
                else f"{number} {symbol}"
            formats["money"][currency.id] = formats["workbook"].add_format(
                {"num_format": num_format})
        return formats["money"][currency.id]

    @api.model
    def _write_summary(self, workbook, sheet, formats, kpis, charts, warehouse):
        """The summary sheet: title, key figures, lines by state and value by ABC class."""
        company = self.env.company
        today = fields.Date.context_today(self)
        money = self._money_format(formats, company.currency_id)
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 1, 18)
        sheet.write(0, 0, self.env._("Stock Balance - %(company)s", company=company.name),
                    formats["title"])
        sheet.write(1, 0, self.env._("Date"), formats["bold"])
        sheet.write_datetime(1, 1, datetime.combine(today, time()), formats["date"])
        sheet.write(2, 0, self.env._("Warehouse"), formats["bold"])
        sheet.write(2, 1, warehouse.name if warehouse else self.env._("All Warehouses"))

        row = 4
        sheet.write_row(row, 0, [self.env._("Key Figure"), self.env._("Value")], formats["header"])
        for kpi in kpis:
            row += 1
            value_format = {"integer": formats["integer"], "monetary": money}.get(
                kpi["type"], formats["qty"])
            sheet.write(row, 0, kpi["label"])
            sheet.write_number(row, 1, kpi["value"] or 0, value_format)

        state_field = self.env["jxc.balance.line"]._fields["state"]
        state_labels = dict(state_field._description_selection(self.env))
        by_state = charts["lines_by_state"]
        labels = [state_labels.get(key, label)
                  for key, label in zip(by_state["keys"], by_state["labels"], strict=True)]
        row += 2
        chart_row = row
        headers = [state_field._description_string(self.env), self.env._("Lines")]
        row = self._write_series(sheet, formats, row, by_state["title"], headers, labels,
                                 by_state["values"], formats["integer"])
        chart = workbook.add_chart({"type": "column"})
        chart.add_series({
            "name": by_state["title"],
            "categories": [sheet.name, chart_row + 2, 0, chart_row + 1 + len(labels), 0],
            "values": [sheet.name, chart_row + 2, 1, chart_row + 1 + len(labels), 1],
            "points": [{"fill": {"color": STATE_COLORS.get(key, ("#BFBFBF",))[0]},
                        "border": {"color": "#7F7F7F"}} for key in by_state["keys"]],
        })
        chart.set_title({"name": by_state["title"]})
        chart.set_legend({"none": True})
        chart.set_y_axis({"num_format": "0", "major_gridlines": {"visible": True}})
        sheet.insert_chart(xl_rowcol_to_cell(4, 3), chart, {"x_scale": 1.2, "y_scale": 1.1})

        by_abc = charts.get("value_by_abc")
        if by_abc:
            row += 1
            abc_row = row
            abc_header = self.env["jxc.balance.line"]._fields["abc_class"]._description_string(
                self.env)
            self._write_series(sheet, formats, row, by_abc["title"],
                               [abc_header, self.env._("Stock Value")], by_abc["labels"],
                               by_abc["values"], money)
            pie = workbook.add_chart({"type": "pie"})
            pie.add_series({
                "name": by_abc["title"],
                "categories": [sheet.name, abc_row + 2, 0, abc_row + 1 + len(by_abc["labels"]),
                               0],
                "values": [sheet.name, abc_row + 2, 1, abc_row + 1 + len(by_abc["labels"]), 1],
                "data_labels": {"percentage": True},
            })
            pie.set_title({"name": by_abc["title"]})
            sheet.insert_chart(xl_rowcol_to_cell(22, 3), pie, {"x_scale": 1.2})

    @api.model
    def _write_series(self, sheet, formats, row, title, headers, labels, values, value_format):
        """A titled two-column table; returns its last row."""
        sheet.write(row, 0, title, formats["bold"])
        sheet.write_row(row + 1, 0, headers, formats["header"])
        for offset, (label, value) in enumerate(zip(labels, values, strict=True)):
            sheet.write(row + 2 + offset, 0, label)
            sheet.write_number(row + 2 + offset, 1, value or 0, value_format)
        return row + 1 + len(labels)

    @api.model
    def _headers(self):
        """Column titles in the user's language: the fields' own (translated) strings."""
        line_fields = self.env["jxc.balance.line"]._fields
        product_fields = self.env["product.product"]._fields
        return [
            (product_fields if key == "default_code" else line_fields)[key]
            ._description_string(self.env)
            for key, _kind, _width in COLUMNS
        ]

    @api.model
    def _write_warehouse(self, workbook, sheet, formats, warehouse, rows, codes):
        """One warehouse's sheet: a row per balance line, filtered, coloured by state."""
        line_fields = self.env["jxc.balance.line"]._fields
        selections = {
            name: dict(line_fields[name]._description_selection(self.env))
            for name in ("abc_class", "xyz_class", "state")
        }
        cell_formats = dict(formats, money=self._money_format(
            formats, warehouse.company_id.currency_id))
        sheet.write_row(0, 0, self._headers(), formats["header"])
        sheet.set_row(0, 30)
        for col, (_key, _kind, width) in enumerate(COLUMNS):
            sheet.set_column(col, col, width)
        for index, line in enumerate(rows, start=1):
            for col, (key, kind, _width) in enumerate(COLUMNS):
                if key == "default_code":
                    value = codes.get(line["product_id"][0]) or ""
                else:
                    value = line[key]
                cell_format = cell_formats[kind]
                if key in selections:
                    sheet.write_string(index, col, selections[key].get(value, value or ""))
                elif key in ("product_id", "vendor_id"):
                    sheet.write_string(index, col, value[1] if value else "")
                elif kind == "date":
                    if value:
                        sheet.write_datetime(index, col, datetime.combine(value, time()),
                                             cell_format)
                    else:
                        sheet.write_blank(index, col, None, cell_format)
                elif kind == "text":
                    sheet.write_string(index, col, value or "")
                elif key == "days_of_cover" and not line["avg_daily_demand"]:
                    sheet.write_blank(index, col, None, cell_format)  # no demand: no cover
                else:
                    sheet.write_number(index, col, value or 0.0, cell_format)
        last_row, last_col = len(rows), len(COLUMNS) - 1
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, last_row, last_col)
        if rows:
            self._color_states(workbook, sheet, last_row, last_col, selections["state"])

    @api.model
    def _color_states(self, workbook, sheet, last_row, last_col, state_labels):
        """Each row coloured by its balance state (a formula on the state column)."""
        state_col = xl_col_to_name(next(
            col for col, (key, _kind, _width) in enumerate(COLUMNS) if key == "state"))
        for state, (background, font) in STATE_COLORS.items():
            label = state_labels.get(state, state).replace('"', '""')
            sheet.conditional_format(1, 0, last_row, last_col, {
                "type": "formula",
                "criteria": f'=${state_col}2="{label}"',
                "format": workbook.add_format({"bg_color": background, "font_color": font}),
            })
