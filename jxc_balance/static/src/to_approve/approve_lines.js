import {Component, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";
import {formatFloat, formatMonetary} from "@web/views/fields/formatters";

const LINE_FIELDS = [
    "product_id",
    "product_qty",
    "product_uom",
    "price_subtotal",
    "jxc_reason",
];

/**
 * The lines of a drafted RFQ on its To Approve card: folded by default (a card stays one
 * tap to approve), unfolded on demand with each product's quantity and reason. The buyer
 * can change a quantity before approving; it is written at once, so the card's total and
 * the order the Approve button confirms are the ones the buyer sees.
 */
export class JxcApproveLines extends Component {
    static template = "jxc_balance.ApproveLines";
    static props = standardWidgetProps;

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({open: false, lines: [], saving: false});
    }

    get count() {
        return this.props.record.data.order_line.count;
    }

    get editable() {
        return ["draft", "sent"].includes(this.props.record.data.state);
    }

    formatQty(value) {
        return formatFloat(value, {digits: [16, 2]});
    }

    formatAmount(value) {
        const currency = this.props.record.data.currency_id;
        const currencyId = Array.isArray(currency)
            ? currency[0]
            : currency && currency.id;
        return formatMonetary(value, {currencyId});
    }

    async toggle() {
        if (!this.state.open) {
            this.state.lines = await this.orm.searchRead(
                "purchase.order.line",
                [
                    ["order_id", "=", this.props.record.resId],
                    ["display_type", "=", false],
                ],
                LINE_FIELDS,
                {order: "sequence, id"}
            );
        }
        this.state.open = !this.state.open;
    }

    async onQtyChange(line, ev) {
        const quantity = parseFloat(ev.target.value);
        if (isNaN(quantity) || quantity < 0) {
            ev.target.value = line.product_qty;
            return;
        }
        this.state.saving = true;
        try {
            const result = await this.orm.call(
                "purchase.order.line",
                "jxc_set_quantity",
                [[line.id], quantity]
            );
            line.product_qty = result.product_qty;
            line.price_subtotal = result.price_subtotal;
            line.jxc_reason = result.jxc_reason;
            await this.props.record.load();
        } finally {
            this.state.saving = false;
        }
    }
}

registry.category("view_widgets").add("jxc_approve_lines", {
    component: JxcApproveLines,
});
