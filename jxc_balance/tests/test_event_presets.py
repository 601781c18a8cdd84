from odoo.tests import Form, tagged

from .common import JxcBalanceCommon


@tagged("post_install", "-at_install")
class TestEventPresets(JxcBalanceCommon):
    """The shipped presets lift only the categories they fit, or warn before they lift all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Event = cls.env["jxc.balance.event"]
        cls.presets = {code: Event.create({
            "name": f"Preset {code}", "preset_code": code, "uplift": uplift,
            "date_start": "2030-06-01", "date_stop": "2030-06-18",
            "company_id": cls.company.id,
        }) for code, uplift in (("618", 1.5), ("term_sep", 2.0), ("spring_festival", 1.0))}

    def test_presets_scoped_to_fitting_categories(self):
        Category = self.env["product.category"]
        stationery = Category.create({"name": "文具"})
        pens = Category.create({"name": "Stationery", "parent_id": stationery.id})
        gifts = Category.create({"name": "Gifts"})
        self.env["jxc.balance.event"]._scope_presets()
        # the subcategory named Stationery is covered by its parent 文具 already
        self.assertEqual(self.presets["term_sep"].categ_ids, stationery)
        self.assertNotIn(pens, self.presets["term_sep"].categ_ids)
        self.assertIn(gifts, self.presets["618"].categ_ids)
        self.assertFalse(self.presets["spring_festival"].categ_ids)  # no uplift, no scope
        self.assertRecordValues(self.presets["term_sep"] | self.presets["618"], [
            {"dates_confirmed": False, "all_categories_uplift": False},
            {"dates_confirmed": False, "all_categories_uplift": False},
        ])

    def test_unscoped_uplift_warns(self):
        """Without a fitting category a preset stays unscoped and unconfirmed, and the
        form warns (and asks before confirming) that it would lift every product."""
        term = self.presets["term_sep"]
        self.assertRecordValues(term | self.presets["spring_festival"], [
            {"categ_ids": [], "dates_confirmed": False, "all_categories_uplift": True},
            {"categ_ids": [], "dates_confirmed": False, "all_categories_uplift": False},
        ])
        arch = self.env.ref("jxc_balance.view_jxc_balance_event_form").arch
        self.assertIn("o_jxc_event_all_products", arch)
        self.assertIn('invisible="dates_confirmed or not all_categories_uplift"', arch)
        with Form(term.with_user(self.balance_manager)) as form:
            form.categ_ids.add(self.env["product.category"].create({"name": "School"}))
            self.assertFalse(form.all_categories_uplift)

    def test_shipped_presets_unconfirmed(self):
        shipped = self.env.ref("jxc_balance.event_preset_term_sep")
        self.assertFalse(shipped.dates_confirmed)
        self.assertEqual(shipped.all_categories_uplift, not shipped.categ_ids)
