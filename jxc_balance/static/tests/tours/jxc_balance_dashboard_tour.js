import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("jxc_balance_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard shows its KPI cards",
            trigger:
                ".o_jxc_balance_dashboard .o_jxc_kpi_shortage .o_jxc_kpi_value:contains(1)",
        },
        {
            content: "and its charts",
            trigger: ".o_jxc_chart_lines_by_state canvas",
        },
        {
            content: "Click the Shortage card",
            trigger: ".o_jxc_kpi_shortage",
            run: "click",
        },
        {
            content: "Land on the balance lines in shortage",
            trigger: '.o_breadcrumb:contains("Shortage")',
        },
        {
            content: "The product in shortage is listed",
            trigger: '.o_data_row td[name="product_id"]:contains("Biscuits")',
        },
        {
            content: "and only lines in shortage",
            trigger: ".o_list_view",
            run: function () {
                const states = [
                    ...document.querySelectorAll('.o_data_row td[name="state"]'),
                ].map((td) => td.textContent.trim());
                if (!states.length || states.some((state) => state !== states[0])) {
                    throw new Error(`Expected one state, got ${states.join(", ")}`);
                }
            },
        },
    ],
});
