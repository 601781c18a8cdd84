import {registry} from "@web/core/registry";
import {openToApproveOnPhone} from "@jxc_balance/../tests/tours/phone_steps";

registry.category("web_tour.tours").add("jxc_balance_phone_tour", {
    steps: () => [
        {
            content: "The dashboard opens in the mobile layout",
            trigger:
                ".o_jxc_balance_dashboard .o_jxc_kpi_shortage .o_jxc_kpi_value:contains(1)",
        },
        {
            content: "The stock accuracy reads 100 % by line",
            trigger:
                ".o_jxc_stock_accuracy .o_jxc_accuracy_line .o_jxc_accuracy_value:contains(100.0)",
        },
        {
            content: "Nothing sticks out sideways at phone width",
            trigger: ".o_jxc_dashboard_body",
            run: function () {
                const body = document.querySelector(".o_jxc_dashboard_body");
                if (window.innerWidth > 400) {
                    throw new Error(`Not a phone: ${window.innerWidth} px wide`);
                }
                if (body.scrollWidth > body.clientWidth + 1) {
                    throw new Error(
                        `Dashboard ${body.scrollWidth} px wide in ${body.clientWidth} px`
                    );
                }
            },
        },
        ...openToApproveOnPhone(),
        {
            content: "Approve the draft of the grocery wholesaler from its card",
            trigger:
                '.o_jxc_to_approve_kanban .o_kanban_record:contains("Grocery Wholesaler") button.o_jxc_approve',
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: '.o_notification:contains("Drafts approved")',
        },
    ],
});
