import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("jxc_balance_menu_tour", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Inventory",
            trigger: '.o_app[data-menu-xmlid="stock.menu_stock_root"]',
            run: "click",
        },
        {
            content: "Open the Balance menu",
            trigger:
                'button[data-menu-xmlid="jxc_balance.menu_jxc_balance_stock_root"]',
            run: "click",
        },
        {
            content: "Open Balance Lines",
            trigger:
                '.dropdown-item[data-menu-xmlid="jxc_balance.menu_jxc_balance_line"]',
            run: "click",
        },
        {
            content: "The Balance Lines view is shown",
            trigger: '.o_breadcrumb:contains("Balance Lines")',
        },
    ],
});
