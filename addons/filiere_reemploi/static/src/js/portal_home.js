/** @odoo-module */

import { PortalHomeCounters } from "@portal/js/portal";

// A social prescriber orders and pays nothing: on their portal home, the cards of orders and invoices
// (which sale and account always show) appear only when there is something in them.
const NOTHING_TO_BUY = ["quotation_count", "order_count", "invoice_count", "bill_count"];

PortalHomeCounters.include({
    _getCountersAlwaysDisplayed() {
        const counters = this._super(...arguments);
        if (!document.querySelector(".o_filiere_prescriber_home")) {
            return counters;
        }
        return counters.filter((counter) => !NOTHING_TO_BUY.includes(counter));
    },
});
