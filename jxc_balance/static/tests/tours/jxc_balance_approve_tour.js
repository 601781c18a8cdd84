import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("jxc_balance_approve_tour", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Purchase",
            trigger: '.o_app[data-menu-xmlid="purchase.menu_purchase_root"]',
            run: "click",
        },
        {
            content: "Open Purchase › Balance",
            trigger:
                'button[data-menu-xmlid="jxc_balance.menu_jxc_balance_purchase_root"]',
            run: "click",
        },
        {
            content: "Open To Approve",
            trigger:
                '.dropdown-item[data-menu-xmlid="jxc_balance.menu_jxc_balance_purchase_to_approve"]',
            run: "click",
        },
        {
            content: "Open the drafted RFQ of the grocery wholesaler",
            trigger: '.o_data_row td[name="partner_id"]:contains("Grocery Wholesaler")',
            run: "click",
        },
        {
            content: "The buyer sees why it was drafted",
            trigger:
                '.o_field_one2many td[name="jxc_reason"]:contains("Shortage: forecast 4")',
        },
        {
            content: "Confirm the order",
            trigger: 'button[name="button_confirm"]',
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger:
                '.o_statusbar_status .o_arrow_button_current:contains("Purchase Order")',
        },
    ],
});
