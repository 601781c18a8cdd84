import {registry} from "@web/core/registry";

// 小张's day on a phone, in Chinese: the dashboard, the shortage KPI, the line in
// shortage, then its product.
registry.category("web_tour.tours").add("jxc_balance_owner_day_tour", {
    steps: () => [
        {
            content: "The dashboard speaks Chinese",
            trigger: '.o_jxc_kpi_shortage .o_jxc_kpi_label:contains("缺货")',
        },
        {
            content: "Tap the shortage KPI",
            trigger: ".o_jxc_kpi_shortage",
            run: "click",
        },
        {
            content: "Tap the line of the biscuits",
            trigger: '.o_data_row td[name="product_id"]:contains("Biscuits")',
            run: "click",
        },
        {
            content: "The line form shows its state in Chinese",
            trigger: '.o_form_view .o_statusbar_status :contains("缺货")',
        },
        {
            content: "Open the product",
            trigger: '.o_form_view .o_field_widget[name="product_id"] a',
            run: "click",
        },
        {
            content: "The product form of the biscuits opens",
            trigger: '.o_form_view .o_field_widget[name="name"]:contains("Biscuits")',
        },
    ],
});
