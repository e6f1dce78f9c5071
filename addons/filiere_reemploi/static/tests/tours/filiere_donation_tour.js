import { registry } from "@web/core/registry";

// A staff member records a donation agreement with a town hall and marks it signed.
registry.category("web_tour.tours").add("filiere_donation_agreement_tour", {
    url: "/odoo/action-filiere_reemploi.filiere_donation_action",
    steps: () => [
        {
            content: "Create an agreement",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the donor",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
            run: "edit Mairie de Tourville",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Mairie de Tourville')",
            run: "click",
        },
        {
            content: "Announce the number of devices",
            trigger: ".o_form_view .o_field_widget[name='expected_quantity'] input",
            run: "edit 600",
        },
        {
            content: "Signed by both parties",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_sign']",
            run: "click",
        },
        {
            content: "The agreement is signed",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Signed')",
        },
        {
            content: "The import of the donor's inventory is offered",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_open_import_wizard']",
            run: "click",
        },
        {
            content: "The import dialog opens on this agreement",
            trigger: ".modal .o_form_view .o_field_widget[name='file']",
        },
    ],
});
