import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("jxc_balance_dashboard_zh_tour", {
    steps: () => [
        {
            content: "KPI labels are in Chinese",
            trigger: '.o_jxc_kpi_shortage .o_jxc_kpi_label:contains("缺货")',
        },
        {
            content: "so are the other cards",
            trigger: '.o_jxc_kpi_reorder .o_jxc_kpi_label:contains("待补货")',
        },
        {
            content: "the charts",
            trigger: '.o_jxc_chart_lines_by_state .card-header:contains("按平衡状态")',
        },
        {
            content: "and the export button",
            trigger: '.o_jxc_export:contains("导出")',
        },
        {
            content: "Drill down from the shortage card",
            trigger: ".o_jxc_kpi_shortage",
            run: "click",
        },
        {
            content: "The lines show their state in Chinese",
            trigger: '.o_data_row td[name="state"]:contains("缺货")',
        },
    ],
});
