// Steps the phone tours share: from any screen to Purchase › Balance › To Approve.
export function openToApproveOnPhone() {
    return [
        {
            content: "Open the mobile menu",
            trigger: ".o_main_navbar .o_menu_toggle",
            run: "click",
        },
        {
            content: "Show all apps",
            trigger: ".o_app_menu_sidebar .o_sidebar_topbar a.btn-primary",
            run: "click",
        },
        {
            content: "Open Purchase",
            trigger:
                '.o_app_menu_sidebar li.o_app[data-menu-xmlid="purchase.menu_purchase_root"]',
            run: "click",
        },
        {
            content: "Open the mobile menu of Purchase",
            trigger: ".o_main_navbar .o_menu_toggle",
            run: "click",
        },
        {
            content: "Open Balance › To Approve",
            trigger:
                '.o_app_menu_sidebar li[data-menu-xmlid="jxc_balance.menu_jxc_balance_purchase_to_approve"]',
            run: "click",
        },
    ];
}
