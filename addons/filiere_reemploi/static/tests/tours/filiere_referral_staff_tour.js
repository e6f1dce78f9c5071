import { registry } from "@web/core/registry";

// The reception accepts a referral, allocates a matching device at the grid price and hands it over.
registry.category("web_tour.tours").add("filiere_referral_staff_tour", {
    url: "/odoo/action-filiere_reemploi.filiere_referral_action",
    steps: () => [
        {
            content: "Open the referral sent from the portal",
            trigger: ".o_list_view .o_data_row:contains('Simone Tour') .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "Accept it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_accept']",
            run: "click",
        },
        {
            content: "Allocate a device",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_open_allocation']",
            run: "click",
        },
        {
            content: "The matching laptop comes with the senior price",
            trigger: ".modal .o_data_row:contains('TOUR-LAPTOP'):contains('80.00')",
        },
        {
            content: "Allocate it",
            trigger: ".modal .o_data_row:contains('TOUR-LAPTOP') button[name='action_allocate']",
            run: "click",
        },
        {
            content: "The device is reserved at the grid price",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Device reserved')",
        },
        {
            content: "Price shown on the referral",
            trigger: ".o_form_view div[name='price']:contains('80.00')",
        },
        {
            content: "Hand it over",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_handover']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The referral is handed over",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Handed over')",
        },
    ],
});
