{
    "name": "Purchase, Sales and Stock Balance (进销存平衡)",
    "summary": "Safety stock, reorder points, ABC/XYZ classes and balance states per "
    "warehouse; reorder drafts for buyers; slow-stock, overstock and stockout alerts",
    "version": "18.0.2.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/jxc-balance/jxc_balance",
    "author": "jxc_balance developers",
    "license": "LGPL-3",
    "depends": ["purchase_stock", "sale_stock"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "uninstall_hook": "uninstall_hook",
    "data": [
        "security/jxc_balance_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/jxc_balance_profile_data.xml",
        "data/jxc_balance_alert_data.xml",
        "data/jxc_balance_event_data.xml",
        "views/jxc_balance_line_views.xml",
        "views/jxc_balance_alert_views.xml",
        "views/jxc_balance_profile_views.xml",
        "views/res_config_settings_views.xml",
        "views/product_views.xml",
        "views/purchase_order_views.xml",
        "views/jxc_balance_dashboard_views.xml",
        "views/jxc_balance_vendor_report_views.xml",
        "views/jxc_balance_menus.xml",
        "views/jxc_balance_event_views.xml",
    ],
    "demo": [
        "demo/jxc_balance_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "jxc_balance/static/src/dashboard/*",
        ],
        "web.assets_tests": [
            "jxc_balance/static/tests/tours/*.js",
        ],
    },
}
