import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// Opens the app's Balance dropdown, clicks the menu, waits for what it shows.
function openMenu(root, xmlid, name, shown) {
    return [
        {
            content: `Open the Balance menu for ${name}`,
            trigger: `button[data-menu-xmlid="jxc_balance.${root}"]`,
            run: "click",
        },
        {
            content: `Open ${name}`,
            trigger: `.dropdown-item[data-menu-xmlid="jxc_balance.${xmlid}"]`,
            run: "click",
        },
        {
            content: `${name} is shown`,
            trigger: shown || `.o_breadcrumb .active:contains("${name}")`,
        },
    ];
}

function openApp(xmlid, name) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: `Open ${name}`,
            trigger: `.o_app[data-menu-xmlid="${xmlid}"]`,
            run: "click",
        },
    ];
}

// A Balance Manager (no Inventory nor Settings administrator, no Sales app) reaches
// every menu of the addon by clicking from the home screen.
registry.category("web_tour.tours").add("jxc_balance_menu_tour", {
    steps: () => [
        ...openApp("stock.menu_stock_root", "Inventory"),
        ...openMenu(
            "menu_jxc_balance_stock_root",
            "menu_jxc_balance_dashboard",
            "Dashboard",
            ".o_jxc_dashboard_body .o_jxc_kpi_overstock_value"
        ),
        ...openMenu(
            "menu_jxc_balance_stock_root",
            "menu_jxc_balance_alert",
            "Stock Alerts"
        ),
        ...openMenu(
            "menu_jxc_balance_stock_root",
            "menu_jxc_balance_line",
            "Balance Lines"
        ),
        ...openMenu(
            "menu_jxc_balance_stock_root",
            "menu_jxc_balance_event",
            "Events and Seasons"
        ),
        ...openMenu(
            "menu_jxc_balance_stock_root",
            "menu_jxc_balance_slow_movers",
            "Slow Movers"
        ),
        ...openMenu(
            "menu_jxc_balance_stock_root",
            "menu_jxc_balance_velocity",
            "Sales Velocity"
        ),
        ...openMenu(
            "menu_jxc_balance_stock_root",
            "menu_jxc_balance_stock_profile",
            "Balance Profiles"
        ),
        ...openMenu(
            "menu_jxc_balance_stock_root",
            "menu_jxc_balance_settings",
            "Balance Settings",
            '.o_form_view .o_field_widget[name="jxc_slow_days"]'
        ),
        ...openApp("purchase.menu_purchase_root", "Purchase"),
        ...openMenu(
            "menu_jxc_balance_purchase_root",
            "menu_jxc_balance_purchase_to_approve",
            "To Approve"
        ),
        ...openMenu(
            "menu_jxc_balance_purchase_root",
            "menu_jxc_balance_purchase_reorder_needs",
            "Reorder Needs"
        ),
        ...openMenu(
            "menu_jxc_balance_purchase_root",
            "menu_jxc_balance_purchase_vendor_report",
            "Vendor Lead Times"
        ),
    ],
});
