import {registry} from "@web/core/registry";
import {openToApproveOnPhone} from "@jxc_balance/../tests/tours/phone_steps";

const CARD = '.o_jxc_to_approve_kanban .o_kanban_record:contains("Grocery Wholesaler")';
const BISCUITS = `${CARD} .o_jxc_approve_line:contains("Biscuits")`;

// 小李's day on a phone, in Chinese: To Approve, the lines of a draft, one quantity
// changed, then the draft approved.
registry.category("web_tour.tours").add("jxc_balance_buyer_day_tour", {
    steps: () => [
        ...openToApproveOnPhone(),
        {
            content: "Unfold the lines of the wholesaler's draft on its card",
            trigger: `${CARD} .o_jxc_lines_toggle`,
            run: "click",
        },
        {
            content: "Each line says why, in Chinese",
            trigger: `${BISCUITS} .o_jxc_line_reason:contains("缺货")`,
        },
        {
            content: "and the rice line is there too",
            trigger: `${CARD} .o_jxc_approve_line:contains("Rice 5kg") .o_jxc_line_reason:contains("待补货")`,
        },
        {
            content: "Order 40 biscuits instead",
            trigger: `${BISCUITS} input.o_jxc_line_qty`,
            run: "edit 40",
        },
        {
            content: "Leave the field: the quantity is saved",
            trigger: `${BISCUITS} .o_jxc_line_reason`,
            run: "click",
        },
        {
            content: "The line's amount follows: 40 × 2.00",
            trigger: `${BISCUITS} .o_jxc_line_subtotal:contains("80.00")`,
        },
        {
            content: "The reason now says the buyer changed it, in Chinese",
            trigger: `${BISCUITS} .o_jxc_line_reason:contains("手动改为 40")`,
        },
        {
            content: "The card is still there, unopened",
            trigger: `${CARD} .o_jxc_approve_lines`,
        },
        {
            content: "Approve the draft from its card",
            trigger: `${CARD} button.o_jxc_approve`,
            run: "click",
        },
        {
            content: "The order is confirmed and leaves To Approve",
            trigger:
                '.o_jxc_to_approve_kanban:not(:has(.o_kanban_record:contains("Grocery Wholesaler")))',
        },
    ],
});
