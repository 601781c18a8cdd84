from odoo import api, models


class ProcurementGroup(models.Model):
    _inherit = "procurement.group"

    @api.model
    def _search_rule_for_warehouses(self, route_ids, packaging_id, product_id, warehouse_ids,
                                    domain):
        """Odoo's rule search, remembered for one reorder run (context ``jxc_rule_cache``).

        Odoo runs this ``read_group`` on ``stock.rule`` several times per product of a run
        (the rules' lead days, the forecast date, the rule to run). The answer depends
        only on the arguments below and on the user, and no rule or route changes during a
        reorder run, so products with the same routes share one search. The rules are
        browsed again in the caller's environment.
        """
        cache = self.env.context.get("jxc_rule_cache")
        if cache is None:
            return super()._search_rule_for_warehouses(
                route_ids, packaging_id, product_id, warehouse_ids, domain)
        product_routes = product_id.route_ids | product_id.categ_id.total_route_ids
        key = (
            self.env.uid, self.env.su, tuple(self.env.companies.ids),
            self.env.context.get("active_test", True),
            tuple(sorted(route_ids.ids)) if route_ids else (),
            packaging_id.id if packaging_id else False,
            tuple(sorted(product_routes.ids)),
            tuple(sorted(warehouse_ids.ids)) if warehouse_ids else (),
            repr(domain),
        )
        if key not in cache:
            rule_dict = super()._search_rule_for_warehouses(
                route_ids, packaging_id, product_id, warehouse_ids, domain)
            cache[key] = {
                group: {warehouse_id: rule.id for warehouse_id, rule in rules.items()}
                for group, rules in rule_dict.items()
            }
        rules = self.env["stock.rule"]
        # the same mapping Odoo returns: (destination, route) -> {warehouse: rule}, in order
        return {
            group: {warehouse_id: rules.browse(rule_id) for warehouse_id, rule_id in by_wh.items()}
            for group, by_wh in cache[key].items()
        }
