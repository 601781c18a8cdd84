import {
    Component,
    onWillStart,
    onWillUnmount,
    useEffect,
    useRef,
    useState,
} from "@odoo/owl";
import {loadBundle} from "@web/core/assets";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {formatFloat, formatInteger} from "@web/views/fields/formatters";
import {Layout} from "@web/search/layout";

const STATE_COLORS = {
    dead: "#6c757d",
    slow: "#adb5bd",
    shortage: "#dc3545",
    reorder: "#fd7e14",
    overstock: "#0dcaf0",
    balanced: "#198754",
    no_demand: "#dee2e6",
};
const PALETTE = [
    "#017e84",
    "#e9a23b",
    "#a2a2a2",
    "#714b67",
    "#5b8def",
    "#6fbf73",
    "#c0c0c0",
];

/** One Chart.js chart; clicking a bar or slice calls onClick(index). */
export class BalanceChart extends Component {
    static template = "jxc_balance.BalanceChart";
    static props = {
        type: String,
        labels: Array,
        datasets: Array,
        onClick: {type: Function, optional: true},
        stacked: {type: Boolean, optional: true},
    };

    setup() {
        this.canvasRef = useRef("canvas");
        this.chart = null;
        useEffect(
            () => {
                this.renderChart();
            },
            () => [this.props.labels, this.props.datasets]
        );
        onWillUnmount(() => this.chart?.destroy());
    }

    renderChart() {
        this.chart?.destroy();
        const round = this.props.type === "doughnut";
        this.chart = new Chart(this.canvasRef.el, {
            type: this.props.type,
            data: {labels: this.props.labels, datasets: this.props.datasets},
            options: {
                maintainAspectRatio: false,
                animation: false,
                plugins: {legend: {display: round || this.props.datasets.length > 1}},
                scales: round ? {} : {y: {beginAtZero: true}},
                onClick: (_event, elements) => {
                    if (elements.length && this.props.onClick) {
                        this.props.onClick(elements[0].index);
                    }
                },
            },
        });
    }
}

export class BalanceDashboard extends Component {
    static template = "jxc_balance.BalanceDashboard";
    static components = {Layout, BalanceChart};
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({data: null, warehouseId: false, exporting: false});
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
    }

    async load() {
        this.state.data = await this.orm.call(
            "jxc.balance.dashboard",
            "get_dashboard_data",
            [],
            {
                warehouse_id: this.state.warehouseId,
            }
        );
    }

    async onWarehouseChange(ev) {
        this.state.warehouseId = parseInt(ev.target.value) || false;
        await this.load();
    }

    formatValue(kpi) {
        if (kpi.type === "integer") {
            return formatInteger(kpi.value);
        }
        if (kpi.type === "monetary") {
            const {symbol, position} = this.state.data.currency;
            const amount = formatFloat(kpi.value, {digits: [16, 0]});
            return position === "before"
                ? `${symbol} ${amount}`
                : `${amount} ${symbol}`;
        }
        return formatFloat(kpi.value, {digits: [16, 2]});
    }

    openLines(name, domain, resModel = "jxc.balance.line") {
        this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: resModel,
            domain,
            views: [
                [false, "list"],
                [false, "kanban"],
                [false, "form"],
            ],
            target: "current",
        });
    }

    /** A percentage with one decimal, or a dash when there is nothing to measure. */
    formatPercent(value) {
        return value === false || value === null || value === undefined
            ? "–"
            : `${formatFloat(value, {digits: [16, 1]})} %`;
    }

    openAccuracy() {
        const accuracy = this.state.data.stock_accuracy;
        this.openLines(accuracy.title, accuracy.domain, "stock.move");
    }

    openKpi(kpi) {
        this.openLines(kpi.label, kpi.domain, kpi.model);
    }

    chartClick(chartKey) {
        const chart = this.state.data.charts[chartKey];
        return (index) =>
            this.openLines(
                `${chart.title}: ${chart.labels[index]}`,
                chart.domains[index]
            );
    }

    get charts() {
        const charts = this.state.data.charts;
        return [
            {
                key: "value_by_abc",
                title: charts.value_by_abc.title,
                type: "doughnut",
                labels: charts.value_by_abc.labels,
                datasets: [
                    {data: charts.value_by_abc.values, backgroundColor: PALETTE},
                ],
                onClick: this.chartClick("value_by_abc"),
            },
            {
                key: "lines_by_state",
                title: charts.lines_by_state.title,
                type: "bar",
                labels: charts.lines_by_state.labels,
                datasets: [
                    {
                        label: charts.lines_by_state.title,
                        data: charts.lines_by_state.values,
                        backgroundColor: charts.lines_by_state.keys.map(
                            (k) => STATE_COLORS[k]
                        ),
                    },
                ],
                onClick: this.chartClick("lines_by_state"),
            },
            {
                key: "cover_distribution",
                title: charts.cover_distribution.title,
                type: "bar",
                labels: charts.cover_distribution.labels,
                datasets: [
                    {
                        label: charts.cover_distribution.title,
                        data: charts.cover_distribution.values,
                        backgroundColor: "#017e84",
                    },
                ],
                onClick: this.chartClick("cover_distribution"),
            },
            {
                key: "demand_vs_receipts",
                title: charts.demand_vs_receipts.title,
                type: "line",
                labels: charts.demand_vs_receipts.labels,
                datasets: [
                    {
                        label: charts.demand_vs_receipts.series[0],
                        data: charts.demand_vs_receipts.demand,
                        borderColor: "#dc3545",
                        backgroundColor: "#dc3545",
                    },
                    {
                        label: charts.demand_vs_receipts.series[1],
                        data: charts.demand_vs_receipts.receipts,
                        borderColor: "#017e84",
                        backgroundColor: "#017e84",
                    },
                ],
            },
        ];
    }

    /** Target against achieved service per ABC class, in percent (no bar: nothing measured). */
    get serviceChart() {
        const service = this.state.data.service;
        const values = (name) =>
            service.rows.map((row) => (row[name] === false ? null : row[name]));
        return {
            labels: service.labels,
            datasets: [
                {
                    label: service.series[0],
                    data: values("target"),
                    backgroundColor: "#adb5bd",
                },
                {
                    label: service.series[1],
                    data: values("cycle_service"),
                    backgroundColor: "#017e84",
                },
                {
                    label: service.series[2],
                    data: values("fill_rate"),
                    backgroundColor: "#5b8def",
                },
            ],
            onClick: (index) => this.openServiceClass(index),
        };
    }

    openServiceClass(index) {
        const service = this.state.data.service;
        this.openLines(
            `${service.title}: ${service.labels[index]}`,
            service.rows[index].domain
        );
    }

    async exportXlsx() {
        this.state.exporting = true;
        try {
            const action = await this.orm.call(
                "jxc.balance.line",
                "action_export_xlsx",
                [[]],
                {
                    warehouse_id: this.state.warehouseId,
                }
            );
            await this.action.doAction(action);
        } finally {
            this.state.exporting = false;
        }
    }

    async recompute() {
        const action = await this.orm.call("jxc.balance.line", "action_recompute", [
            [],
        ]);
        await this.load();
        await this.action.doAction(action);
    }
}

registry.category("actions").add("jxc_balance.dashboard", BalanceDashboard);
