{
    "name": "Stock Balance Demo: Xiao Zhang's Supermarket (小张的超市)",
    "summary": "A demo shop for jxc_balance: 42 products, 3 vendors, a second store and two "
    "years of purchases, sales and returns, with its owner and its buyer",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/jxc-balance/jxc_balance",
    "author": "jxc_balance developers",
    "license": "LGPL-3",
    "maintainers": ["jxc-balance"],
    "development_status": "Beta",
    "depends": ["jxc_balance"],
    # the addon exists to build the shop: it does so on install, whatever Odoo's demo flag
    "data": [
        "data/jxc_balance_demo_data.xml",
    ],
}
