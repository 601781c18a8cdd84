import io
from datetime import datetime, timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import JxcBalanceCommon

HEADERS = [
    "Product", "Internal Reference", "ABC Class", "XYZ Class", "Average Daily Demand",
    "Lead Time (days)", "Safety Stock", "Reorder Point", "Max Level", "On Hand", "Forecast",
    "Days Of Cover", "Stock Value", "Last Sale Date", "Balance State", "Main Vendor",
]
COL = {header: index for index, header in enumerate(HEADERS)}


@tagged("post_install", "-at_install")
class TestExport(JxcBalanceCommon):
    """Two warehouses; the first one holds the engine test's well-known products.

    Green tea (history 10 days): ROP 35.63, balanced, last sale 3 days ago, value 600.
    Biscuits end in shortage, the notebook in overstock; the coat lies dead in the
    second warehouse.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_profiles(history_days=10)
        cls.warehouse2 = cls.env["stock.warehouse"].create({
            "name": "JXC Second Shop", "code": "JXC2", "company_id": cls.company.id})
        cls.vendor = cls._create_vendor("Tea Vendor")
        cls.tea = cls._create_product("Green Tea", cost=10, vendor=cls.vendor, delay=5,
                                      default_code="TEA-01")
        cls.biscuits = cls._create_product("Biscuits", cost=2, vendor=cls.vendor, delay=5)
        cls.notebook = cls._create_product("Notebook", cost=1, vendor=cls.vendor, delay=5)
        cls.coat = cls._create_product("Winter Coat", cost=50, vendor=cls.vendor, delay=5)
        cls._receive(cls.tea, 100, 20)
        cls._sell(cls.tea, {10: 2, 9: 4, 8: 4, 7: 4, 6: 5, 5: 5, 4: 7, 3: 9})
        cls._receive(cls.biscuits, 54, 15)
        cls._sell(cls.biscuits, {day: 3 if day % 2 else 7 for day in range(1, 11)})
        cls._receive(cls.notebook, 510, 20)
        cls._sell(cls.notebook, dict.fromkeys(range(1, 11), 1))
        cls._done_moves([(cls.coat, cls.supplier_location, cls.warehouse2.lot_stock_id, 30,
                          200)])

    # ------------------------------------------------------------------ helpers
    def export(self, user=None, lang=None, **kwargs):
        """Run the export as ``user``; returns (action, attachment, workbook)."""
        env = self.env(user=user or self.balance_user,
                       context=dict(self.env.context, lang=lang or "en_US"))
        action = env["jxc.balance.line"].action_export_xlsx(**kwargs)
        self.assertEqual((action["type"], action["target"]), ("ir.actions.act_url", "self"))
        self.assertTrue(action["url"].startswith("/web/content/"))
        self.assertTrue(action["url"].endswith("?download=true"))
        attachment_id = int(action["url"].split("/")[-1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        workbook = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        return action, attachment, workbook

    def rows_by_product(self, sheet):
        return {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}

    def summary_values(self, sheet, labels):
        return {row[0]: row[1] for row in sheet.iter_rows(values_only=True)
                if row[0] in labels}

    # -------------------------------------------------------------------- tests
    def test_workbook(self):
        lines = self.recompute()
        user_env = self.env(user=self.balance_user)
        _action, attachment, workbook = self.export()

        today = fields.Date.context_today(user_env["jxc.balance.line"])
        self.assertRecordValues(attachment, [{
            "name": f"Stock Balance - JXC Test Shop - {fields.Date.to_string(today)}.xlsx",
            "res_model": "jxc.balance.line", "public": False,
            "create_uid": self.balance_user.id,
        }])
        self.assertEqual(attachment.with_user(self.balance_user).raw, attachment.raw)

        self.assertEqual(workbook.sheetnames, ["Summary", self.warehouse.code, "JXC2"])
        sheet = workbook[self.warehouse.code]
        self.assertEqual([cell.value for cell in sheet[1]], HEADERS)
        self.assertTrue(sheet["A1"].font.b)
        first_lines = lines.filtered(lambda line: line.warehouse_id == self.warehouse)
        self.assertEqual(sheet.max_row, len(first_lines) + 1)
        rows = self.rows_by_product(sheet)
        self.assertEqual(set(rows), set(first_lines.product_id.mapped("display_name")))

        tea = rows[self.tea.display_name]
        self.assertEqual(tea[COL["Internal Reference"]], "TEA-01")
        self.assertEqual(tea[COL["ABC Class"]], "A")
        self.assertEqual(tea[COL["XYZ Class"]], "X")
        self.assertAlmostEqual(tea[COL["Average Daily Demand"]], 4.0)
        self.assertAlmostEqual(tea[COL["Lead Time (days)"]], 5.0)
        self.assertAlmostEqual(tea[COL["Safety Stock"]], 13.63)  # see TestEngine
        self.assertAlmostEqual(tea[COL["Reorder Point"]], 35.63)
        self.assertAlmostEqual(tea[COL["Max Level"]], 155.63)
        self.assertEqual((tea[COL["On Hand"]], tea[COL["Forecast"]]), (60.0, 60.0))
        self.assertAlmostEqual(tea[COL["Days Of Cover"]], 15.0)
        self.assertAlmostEqual(tea[COL["Stock Value"]], 600.0)
        last_sale = tea[COL["Last Sale Date"]]
        self.assertIsInstance(last_sale, datetime)
        self.assertEqual(last_sale.date(), self.today - timedelta(days=3))
        self.assertEqual(tea[COL["Balance State"]], "Balanced")
        self.assertEqual(tea[COL["Main Vendor"]], "Tea Vendor")
        self.assertEqual(rows[self.biscuits.display_name][COL["Balance State"]], "Shortage")
        self.assertEqual(rows[self.notebook.display_name][COL["Balance State"]], "Overstock")

        # formats of the tea's row
        tea_row = next(row for row in sheet.iter_rows(min_row=2)
                       if row[0].value == self.tea.display_name)
        self.assertEqual(tea_row[COL["Reorder Point"]].number_format, "#,##0.00")
        self.assertEqual(tea_row[COL["Last Sale Date"]].number_format, "yyyy-mm-dd")
        self.assertIn(self.company.currency_id.symbol,
                      tea_row[COL["Stock Value"]].number_format)

        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, f"A1:P{len(first_lines) + 1}")
        rules = [(str(cf.sqref), rule.formula[0])
                 for cf in sheet.conditional_formatting for rule in cf.rules]
        self.assertEqual(len(rules), 7)  # one colour per balance state
        self.assertIn((f"A2:P{len(first_lines) + 1}", '$O2="Shortage"'), rules)
        self.assertIn((f"A2:P{len(first_lines) + 1}", '$O2="Balanced"'), rules)
        self.assertIn((f"A2:P{len(first_lines) + 1}", '$O2="No Demand"'), rules)

        second = self.rows_by_product(workbook["JXC2"])
        self.assertEqual(second[self.coat.display_name][COL["Balance State"]], "Dead Stock")
        self.assertEqual(second[self.coat.display_name][COL["On Hand"]], 30.0)
        self.assertIsNone(second[self.coat.display_name][COL["Last Sale Date"]])

        summary = workbook["Summary"]
        self.assertIn("JXC Test Shop", summary["A1"].value)
        self.assertEqual(summary["B2"].value.date(), today)
        data = user_env["jxc.balance.dashboard"].get_dashboard_data()
        labels = {kpi["label"] for kpi in data["kpis"]}
        values = self.summary_values(summary, labels)
        self.assertEqual(len(values), len(data["kpis"]))
        for kpi in data["kpis"]:
            self.assertAlmostEqual(values[kpi["label"]], kpi["value"], places=2, msg=kpi["key"])
        by_state = self.summary_values(summary, {"Shortage", "Overstock", "Dead Stock"})
        counts = dict(zip(data["charts"]["lines_by_state"]["keys"],
                          data["charts"]["lines_by_state"]["values"], strict=True))
        self.assertEqual(by_state["Shortage"], counts["shortage"])
        self.assertEqual(by_state["Dead Stock"], counts["dead"])
        self.assertEqual(sum(counts.values()), len(lines))
        self.assertGreaterEqual(len(summary._charts), 1)
        self.assertIn("barChart", {chart.tagname for chart in summary._charts})

    def test_one_warehouse(self):
        self.recompute()
        _action, _attachment, workbook = self.export(warehouse_id=self.warehouse2.id)
        self.assertEqual(workbook.sheetnames, ["Summary", "JXC2"])
        data = self.env(user=self.balance_user)["jxc.balance.dashboard"].get_dashboard_data(
            warehouse_id=self.warehouse2.id)
        values = self.summary_values(workbook["Summary"],
                                     {kpi["label"] for kpi in data["kpis"]})
        for kpi in data["kpis"]:
            self.assertAlmostEqual(values[kpi["label"]], kpi["value"], places=2, msg=kpi["key"])
        self.assertEqual(workbook["Summary"]["B3"].value, "JXC Second Shop")

    def test_selected_lines(self):
        lines = self.recompute()
        tea = lines.filtered(lambda line: line.product_id == self.tea)
        action = tea.with_user(self.balance_user).action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[-1].split("?")[0]))
        workbook = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        self.assertEqual(workbook.sheetnames, ["Summary", self.warehouse.code, "JXC2"])
        for name in workbook.sheetnames[1:]:
            self.assertEqual(list(self.rows_by_product(workbook[name])),
                             [self.tea.display_name])

    def test_queries_do_not_grow_with_lines(self):
        # the shop's own products (alike: same vendor, no variants) in both warehouses
        lines = self.recompute().with_user(self.balance_user).filtered(
            lambda line: line.product_id.company_id == self.company)
        self.assertEqual(len(lines), 8)
        tea = lines.filtered(lambda line: line.product_id == self.tea)
        self.assertEqual(len(tea), 2)
        counts = []
        for records in (lines, tea, lines):  # the first run warms the caches
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.action_export_xlsx()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[2], counts[1], counts)

    def test_chinese_headers(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.balance_user.lang = "zh_CN"
        # translations of our own, whatever the module ships; in SQL: writing them through
        # the ORM (ir.model.fields, ir.model.fields.selection) would reload the registry
        self.env.cr.execute(
            """UPDATE ir_model_fields
                  SET field_description = field_description || '{"zh_CN": "再订货点"}'::jsonb
                WHERE model = 'jxc.balance.line' AND name = 'reorder_point'""")
        state_field = self.env["ir.model.fields"]._get("jxc.balance.line", "state")
        self.env.cr.execute(
            """UPDATE ir_model_fields_selection
                  SET name = name || '{"zh_CN": "平衡"}'::jsonb
                WHERE field_id = %s AND value = 'balanced'""", [state_field.id])
        self.env["ir.model.fields"].invalidate_model(["field_description"])
        self.env["ir.model.fields.selection"].invalidate_model(["name"])
        self.env.registry.clear_cache()
        self.recompute()
        _action, attachment, workbook = self.export(lang="zh_CN")

        env_zh = self.env(user=self.balance_user, context=dict(self.env.context, lang="zh_CN"))
        line_fields = env_zh["jxc.balance.line"]._fields
        names = ["product_id", "default_code", "abc_class", "xyz_class", "avg_daily_demand",
                 "lead_time_days", "safety_stock", "reorder_point", "max_qty", "qty_available",
                 "qty_forecast", "days_of_cover", "stock_value", "last_sale_date", "state",
                 "vendor_id"]
        expected = [
            (env_zh["product.product"]._fields[name] if name == "default_code"
             else line_fields[name]).get_description(env_zh)["string"]
            for name in names
        ]
        self.assertEqual(workbook.sheetnames[0], env_zh._("Summary"))
        sheet = workbook[self.warehouse.code]
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(headers, expected)
        self.assertEqual(headers[COL["Reorder Point"]], "再订货点")
        state_labels = dict(line_fields["state"].get_description(env_zh)["selection"])
        tea = self.rows_by_product(sheet)[self.tea.display_name]
        self.assertEqual(tea[COL["Balance State"]], state_labels["balanced"])
        self.assertEqual(tea[COL["Balance State"]], "平衡")
        rules = [rule.formula[0] for cf in sheet.conditional_formatting for rule in cf.rules]
        self.assertIn('$O2="平衡"', rules)
        self.assertIn("JXC Test Shop", attachment.name)

    def test_other_company(self):
        self.recompute()
        other_company = self.env["res.company"].create({"name": "Other Shop"})
        other_user = new_test_user(
            self.env, login="jxc_other_user", name="Other Balance User",
            groups="base.group_user,stock.group_stock_user,jxc_balance.group_jxc_balance_user",
            company_id=other_company.id, company_ids=[other_company.id])
        _action, attachment, workbook = self.export(user=other_user)
        self.assertEqual(workbook.sheetnames, ["Summary"])
        self.assertIn("Other Shop", attachment.name)
        values = self.summary_values(workbook["Summary"], {"Shortage", "Overstock"})
        self.assertEqual(values, {"Shortage": 0, "Overstock": 0})
        first_lines = self.env["jxc.balance.line"].search([("company_id", "=", self.company.id)])
        with self.assertRaises(AccessError):
            first_lines.with_user(other_user).action_export_xlsx()
        # another user cannot download the file
        with self.assertRaises(AccessError):
            attachment.with_user(self.balance_user).check("read")

    def test_not_a_balance_user(self):
        nobody = new_test_user(self.env, login="jxc_nobody", groups="base.group_user",
                               company_id=self.company.id, company_ids=[self.company.id])
        with self.assertRaises(AccessError):
            self.env["jxc.balance.line"].with_user(nobody).action_export_xlsx()

    def test_sheet_names(self):
        export = self.env["jxc.balance.export"]
        used = {"summary"}
        self.assertEqual(export._sheet_name("Summary", used), "Summary (2)")
        self.assertEqual(export._sheet_name("Main/Shop: [North]*?\\ warehouse of the city", used),
                         "Main_Shop_ _North____ warehouse")
        self.assertEqual(export._sheet_name("main/shop: [north]*?\\ warehouse of the town", used),
                         "main_shop_ _north____ wareh (2)")
        self.assertEqual(export._sheet_name("'History'", used), "History 1")
        self.assertEqual(export._sheet_name("", used), "Sheet")
